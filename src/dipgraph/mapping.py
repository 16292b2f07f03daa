"""Map: an :class:`~dipgraph.models.Extraction` → an rdflib graph named by the release's IRI.

This module builds graphs; it never serialises or stores them. IRIs are minted deterministically
from what identifies each thing (ISO codes, normalised names, hashes of content), so a re-run mints
the same IRIs and every IRI is valid whatever the text holds.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from datetime import date, datetime, timezone
from functools import cache, lru_cache
from urllib.parse import quote as _iri_segment
from urllib.parse import urlsplit, urlunsplit

import pycountry
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

from dipgraph import __version__
from dipgraph.errors import ExtractError
from dipgraph.event_codes import Event, EventCode, event_code
from dipgraph.evidence import add_evidence, text_hash
from dipgraph.extract import EXTRACTOR_VERSION
from dipgraph.gazetteer import place_country
from dipgraph.models import Extraction, Meeting, Official, Release
from dipgraph.namespace import CAMEO, DIP, GRAPH, ID, PLOVER, OxTerms
from dipgraph.resolve import Resolver, identify, person_key, slug
from dipgraph.resources import ontology_file
from dipgraph.terms import quads_graph

COUNTRIES_GRAPH = GRAPH["countries"]
"""The graph holding the reference description of every country (names and ISO codes)."""
CAMEO_GRAPH = GRAPH["cameo"]
"""The graph holding the CAMEO codes dipgraph uses, as a SKOS concept scheme (``ontology/cameo.ttl``)."""
PLOVER_GRAPH = GRAPH["plover"]
"""The graph holding the PLOVER categories and modes dipgraph uses (``ontology/plover.ttl``)."""
REFERENCE_GRAPHS = (COUNTRIES_GRAPH, CAMEO_GRAPH, PLOVER_GRAPH)
"""The graphs every store holds beside the release graphs."""

KIND_CLASSES = {
    "meeting": DIP.Meeting,
    "phone call": DIP.PhoneCall,
    "video call": DIP.VideoCall,
    "visit": DIP.Visit,
    "summit": DIP.Summit,
}
_EXTRA_COUNTRIES = {"XKX": ("Kosovo", "XK", None)}  # not (yet) in ISO 3166-1, used by the EU and the World Bank


def _digest(*parts: object, length: int = 16) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


# ---------------------------------------------------------------- IRIs

def release_identity(release: Release) -> str:
    """What identifies a release: its URL, else publisher + date + title, else its normalised text."""
    if release.url:
        return "url:" + _normal_url(release.url)
    if release.publisher and release.date and release.title:
        return "pdt:" + "|".join(" ".join(x.split()).casefold() for x in (release.publisher, release.date, release.title))
    return "text:" + hashlib.sha256(" ".join(release.text.split()).encode("utf-8")).hexdigest()


@lru_cache(maxsize=256)  # a release's identity is asked for several times in a row
def _normal_url(url: str) -> str:
    """The URL as identity: the same page over http and https, with or without a fragment or a
    default port, in any case of scheme and host, is one release."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = (parts.netloc.rpartition("@")[0] + "@" if "@" in parts.netloc else "") + host
    if port not in (None, 80, 443):
        netloc += f":{port}"
    return urlunsplit(("https", netloc, parts.path or "/", parts.query, ""))


def release_iri(release: Release) -> URIRef:
    return ID[f"release/{_digest(release_identity(release), length=20)}"]


def content_hash(release: Release) -> str:
    """Changes whenever what the release says changes (text, title, date, publisher).

    The publishing state is left out: extraction infers it when the input does not say, so it is
    not part of what was read, and a release extracted again must keep its hash.
    """
    return hashlib.sha256("\x1f".join(
        x or "" for x in (release.text, release.title, release.date, release.publisher)
    ).encode("utf-8")).hexdigest()


def country_iri(iso3: str) -> URIRef:
    return ID[f"country/{iso3.upper()}"]


def person_iri(official: Official, resolver: Resolver | None = None, publisher_country: str | None = None) -> URIRef:
    """The IRI of the person ``official`` names: their state (else organisation) and the key of their name.

    With a ``resolver`` that has seen the other releases, "Putin" and "Vladimir Putin" of RUS get one IRI,
    and so does "President Putin" in a release that took him for an official of its own publisher's state.
    """
    return _person_iri(*identify(official, resolver, publisher_country), official.org)


def _person_iri(country: str | None, key: str, org: str | None) -> URIRef:
    scope = country or (slug(org) if org else "unknown")
    return ID[f"person/{scope}/{key}"]


def role_iri(title: str) -> URIRef:
    return ID[f"role/{slug(title)}"]


def place_iri(name: str) -> URIRef:
    return ID[f"place/{slug(name)}"]


def agreement_iri(title: str, parties: tuple[str, ...]) -> URIRef:
    name = slug(title, max_length=200)
    readable = name[:60].rstrip("-")
    if readable != name:
        readable += "-" + _digest(name, length=8)
    scope = "-".join(sorted(parties)) or "any"
    return ID[f"agreement/{scope}/{readable}"]


def resolution_iri(body: str, number: str) -> URIRef:
    return ID[f"resolution/{slug(body).upper()}/{slug(number)}"]


def publisher_iri(name: str, country: str | None) -> URIRef:
    return ID[f"publisher/{country or 'unknown'}/{slug(name)}"]


def software_iri(version: str = __version__) -> URIRef:
    return ID[f"software/dipgraph/{_iri_segment(version, safe='')}"]


# ---------------------------------------------------------------- graphs
# Graphs are built as pyoxigraph quads, the form the store takes them in: a large corpus maps to
# millions of quads, and rdflib terms and graphs would cost several times the rest of the mapping.

_ID = str(ID)
_DIP, _RDF, _RDFS, _SDO, _SKOS, _ORG, _PROV = (OxTerms(ns) for ns in (DIP, RDF, RDFS, SDO, SKOS, ORG, PROV))
_XSD = OxTerms(XSD)


def _node(iri: URIRef) -> ox.NamedNode:
    return ox.NamedNode(iri)


@lru_cache(maxsize=512)
def _country(iso3: str) -> ox.NamedNode:
    return ox.NamedNode(country_iri(iso3))


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_XSD.date)


def _timestamp(value: str | datetime) -> ox.Literal:
    """An xsd:dateTime literal for an ISO 8601 timestamp (a bare date is taken as its midnight)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ExtractError(f"the retrieval time {value!r} is not an ISO 8601 date-time") from None
    if not isinstance(value, datetime) and isinstance(value, date):
        value = datetime(value.year, value.month, value.day)
    # the canonical form the store keeps (UTC as "Z", no trailing zeros in fractions of a second), so
    # that a graph read back from the store is term for term the graph written
    zone = ""
    if value.tzinfo is not None:
        value, zone = value.astimezone(timezone.utc).replace(tzinfo=None), "Z"
    text = value.replace(microsecond=0).isoformat()
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return ox.Literal(text + zone, datatype=_XSD.dateTime)


class _Quads:
    """The quads of one release graph, each once, in the order first added."""

    def __init__(self, graph: ox.NamedNode) -> None:
        self.graph = graph
        self.quads: dict[ox.Quad, None] = {}

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, object_: ox.Term) -> None:
        self.quads[ox.Quad(subject, predicate, object_, self.graph)] = None


def _add_code(add, node: ox.NamedNode, code: EventCode) -> None:
    add(node, _DIP.cameoCode, _node(CAMEO[code.cameo]))
    add(node, _DIP.ploverCategory, _node(PLOVER[code.plover]))
    if code.mode:
        add(node, _DIP.ploverMode, _node(PLOVER[f"{code.plover}/{code.mode}"]))


def meeting_event(meeting: Meeting, publisher_country: str | None) -> Event:
    """What the event-code rules need to know about ``meeting``."""
    return Event(kind=meeting.kind, occurred=meeting.occurred, countries=frozenset(meeting.countries),
                 publisher_country=publisher_country,
                 place_country=place_country(meeting.place) if meeting.place else None)


def _add_provenance(add, release: Release, rel: ox.NamedNode, generated_at: datetime) -> ox.NamedNode:
    """The release's publisher and retrieval, and the extraction activity; returns the activity."""
    if release.publisher:
        publisher = _node(publisher_iri(release.publisher, release.publisher_country))
        add(rel, _PROV.wasAttributedTo, publisher)
        add(publisher, _RDF.type, _DIP.Publisher)
        add(publisher, _SDO.name, ox.Literal(release.publisher))
        if release.publisher_country:
            add(publisher, _DIP.country, _country(release.publisher_country))
    if release.retrieved:
        when = _timestamp(release.retrieved)
        retrieval = ox.NamedNode(f"{_ID}retrieval/{_digest(rel.value, when.value)}")
        add(rel, _PROV.wasGeneratedBy, retrieval)
        add(retrieval, _RDF.type, _DIP.Retrieval)
        add(retrieval, _PROV.endedAtTime, when)
    ended = _timestamp(generated_at)
    # named by what it read, not by when (nor by which version ran, which it records): extracting
    # the same release again gives the same graph but for the time
    activity = ox.NamedNode(f"{_ID}extraction/{_digest(rel.value, content_hash(release))}")
    software = _node(software_iri())
    add(activity, _RDF.type, _DIP.Extraction)
    add(activity, _PROV.used, rel)
    add(activity, _PROV.endedAtTime, ended)
    add(activity, _PROV.wasAssociatedWith, software)
    add(activity, _DIP.extractorVersion, ox.Literal(EXTRACTOR_VERSION))
    add(software, _RDF.type, _PROV.SoftwareAgent)
    add(software, _SDO.name, ox.Literal("dipgraph"))
    add(software, _SDO.softwareVersion, ox.Literal(__version__))
    return activity


def extraction_time() -> datetime:
    """Now, to the second; or the time ``$SOURCE_DATE_EPOCH`` fixes, so a run can be reproduced exactly
    (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def without_extraction_time(triples) -> set:
    """The triples less the time their extraction ran: what two extractions of one release must share."""
    return {t for t in triples if not (t[1] == PROV.endedAtTime and str(t[0]).startswith(str(ID) + "extraction/"))}


def map_extraction(extraction: Extraction, *, generated_at: datetime | None = None,
                   resolver: Resolver | None = None) -> Graph:
    """Everything one release says, as an rdflib graph whose identifier is the release's IRI.

    The same triples as :func:`map_quads`, which the store is written from.
    """
    return quads_graph(release_iri(extraction.release),
                       map_quads(extraction, generated_at=generated_at, resolver=resolver))


def map_quads(extraction: Extraction, *, generated_at: datetime | None = None,
              resolver: Resolver | None = None) -> list[ox.Quad]:
    """Everything one release says, as quads in the graph named by the release's IRI.

    ``generated_at`` is the time recorded for the extraction activity (:func:`extraction_time`,
    unless given: pass a fixed time for a reproducible graph). ``resolver`` names each official as
    it names the same person in the other releases of the store (see :func:`person_iri`).
    """
    release = extraction.release
    rel = _node(release_iri(release))
    quads = _Quads(rel)
    add = quads.add
    text = release.text
    hashed = text_hash(text)
    activity = _add_provenance(add, release, rel, generated_at or extraction_time())

    def evidence(span, *bodies: ox.NamedNode, quoted_on: ox.NamedNode | None = None) -> None:
        add_evidence(add, rel, text, span, bodies, activity=activity, hashed=hashed, quoted_on=quoted_on)

    def generated(node: ox.NamedNode) -> None:
        add(node, _PROV.wasDerivedFrom, rel)
        add(node, _PROV.wasGeneratedBy, activity)

    add(rel, _RDF.type, _DIP.Release)
    add(rel, _DIP.identityKey, ox.Literal(release_identity(release)))
    add(rel, _DIP.contentHash, ox.Literal(content_hash(release)))
    add(rel, _DIP.text, ox.Literal(text))
    add(rel, _DIP.textHash, ox.Literal(hashed))
    add(rel, _DIP.sourceLocation, ox.Literal(_storable(release.source)))
    if release.body_start:
        add(rel, _DIP.bodyStart, ox.Literal(str(release.body_start), datatype=_XSD.integer))
    if release.title:
        add(rel, _SDO.headline, ox.Literal(release.title))
    if release.date:
        add(rel, _SDO.datePublished, _date(release.date))
    if release.url:
        add(rel, _SDO.url, ox.Literal(release.url, datatype=_XSD.anyURI))
    if release.publisher:
        add(rel, _DIP.publisherName, ox.Literal(release.publisher))
    if release.publisher_country:
        add(rel, _DIP.publisherCountry, _country(release.publisher_country))
    if release.id:
        add(rel, _DIP.sourceIdentifier, ox.Literal(release.id))

    for iso3 in sorted(set(extraction.countries)):
        add(rel, _DIP.mentionsCountry, _country(iso3))

    people: dict[str, ox.NamedNode] = {}
    for official in extraction.officials:
        country, key = identify(official, resolver, release.publisher_country)
        person = _node(_person_iri(country, key, official.org))
        people.setdefault(person_key(official.name), person)
        add(person, _RDF.type, _DIP.Official)
        add(person, _SDO.name, ox.Literal(official.name))
        if country:
            add(person, _DIP.country, _country(country))
        if official.org:
            add(person, _DIP.organisation, ox.Literal(official.org))
        add(rel, _DIP.mentionsOfficial, person)
        if official.title:
            # the title again as plain text on the official: what a query reads without walking post → role
            add(person, _SDO.jobTitle, ox.Literal(official.title))
            role = _node(role_iri(official.title))
            post = ox.NamedNode(f"{_ID}post/{_digest(person.value, role.value, country, rel.value)}")
            add(role, _RDF.type, _DIP.Role)
            add(role, _SKOS.prefLabel, ox.Literal(official.title))
            add(post, _RDF.type, _DIP.PostHolding)
            add(post, _ORG.member, person)
            add(post, _ORG.role, role)
            add(person, _DIP.heldPost, post)
            if country:
                add(post, _DIP.country, _country(country))
            if release.date:
                add(post, _DIP.observedOn, _date(release.date))
            generated(post)
            evidence(official.span, person, post)
        else:
            evidence(official.span, person)

    seen: Counter[str] = Counter()
    for meeting in extraction.meetings:
        key = _digest(rel.value, meeting.kind, meeting.date, meeting.place, sorted(meeting.countries),
                      sorted(meeting.participants), meeting.occurred)
        seen[key] += 1
        node = ox.NamedNode(f"{_ID}meeting/{key}" + (f"-{seen[key]}" if seen[key] > 1 else ""))
        add(node, _RDF.type, _DIP.Meeting)
        if meeting.kind != "meeting":
            add(node, _RDF.type, _node(KIND_CLASSES[meeting.kind]))
        if meeting.date:
            add(node, _SDO.startDate, _date(meeting.date))
        if meeting.place:
            place = _node(place_iri(meeting.place))
            add(node, _SDO.location, place)
            add(place, _RDF.type, _DIP.Place)
            add(place, _SDO.name, ox.Literal(meeting.place))
        for name in meeting.participants:
            if person := people.get(person_key(name)):
                add(node, _DIP.participant, person)
        for iso3 in sorted(set(meeting.countries)):
            add(node, _DIP.involvesCountry, _country(iso3))
        add(node, _DIP.occurred, ox.Literal("true" if meeting.occurred else "false", datatype=_XSD.boolean))
        _add_code(add, node, event_code(meeting_event(meeting, release.publisher_country)))
        generated(node)
        evidence(meeting.span, node, quoted_on=node)

    for agreement in extraction.agreements:
        node = _node(agreement_iri(agreement.title, agreement.parties))
        add(node, _RDF.type, _DIP.Agreement)
        add(node, _SDO.name, ox.Literal(agreement.title))
        for iso3 in sorted(set(agreement.parties)):
            add(node, _DIP.party, _country(iso3))
        add(rel, _DIP.mentionsAgreement, node)
        if agreement.signed_in_release:
            signing = ox.NamedNode(f"{_ID}signing/{_digest(rel.value, node.value)}")
            add(signing, _RDF.type, _DIP.Signing)
            add(signing, _DIP.signedAgreement, node)
            if agreement.date:
                add(signing, _SDO.startDate, _date(agreement.date))
            for iso3 in sorted(set(agreement.parties)):
                add(signing, _DIP.involvesCountry, _country(iso3))
            _add_code(add, signing, event_code(Event("signing", True, frozenset(agreement.parties),
                                                     release.publisher_country, None)))
            generated(signing)
            evidence(agreement.span, node, signing, quoted_on=signing)
        else:
            evidence(agreement.span, node)

    for resolution in extraction.resolutions:
        node = _node(resolution_iri(resolution.body, resolution.number))
        add(node, _RDF.type, _DIP.Resolution)
        add(node, _DIP.body, ox.Literal(resolution.body))
        add(node, _DIP.resolutionNumber, ox.Literal(resolution.number))
        add(node, _RDFS.label, ox.Literal(f"{resolution.body} resolution {resolution.number}"))
        add(rel, _DIP.citesResolution, node)
        evidence(resolution.span, node)
    return list(quads.quads)


def release_from_graph(graph: Graph) -> Release:
    """The release a release graph was mapped from, as it was read: what ``dipgraph rebuild`` extracts again.

    The inverse of the release part of :func:`map_extraction` (all but the retrieval time).
    """
    rel = graph.identifier

    def value(predicate) -> str | None:
        found = graph.value(rel, predicate)
        return None if found is None else str(found)

    text = value(DIP.text)
    if text is None:
        raise ValueError(f"{rel} keeps no text (dip:text) to extract again")
    country = value(DIP.publisherCountry)
    return Release(
        source=value(DIP.sourceLocation) or str(rel),
        text=text,
        title=value(SDO.headline),
        date=value(SDO.datePublished),
        url=value(SDO.url),
        publisher=value(DIP.publisherName),
        publisher_country=country.rsplit("/", 1)[-1] if country else None,
        id=value(DIP.sourceIdentifier),
        body_start=int(value(DIP.bodyStart) or 0),
    )


def _storable(text: str) -> str:
    """``text`` with what cannot be stored replaced (file names read with surrogate escapes)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "replace")
        return raw.decode("utf-8", "replace")


@cache
def _all_countries() -> tuple[tuple[str, str, str, str | None], ...]:
    rows = [(c.alpha_3, getattr(c, "common_name", None) or c.name, c.alpha_2, c.numeric) for c in pycountry.countries]
    rows += [(code, name, a2, num) for code, (name, a2, num) in _EXTRA_COUNTRIES.items()]
    return tuple(sorted(rows))


def code_scheme_graph(name: str) -> Graph:
    """A SKOS code list shipped in ``ontology/`` (``cameo`` or ``plover``), as the graph the store keeps it in."""
    g = Graph(identifier=GRAPH[name])
    g.parse(ontology_file().with_name(f"{name}.ttl"), format="turtle")
    return g


def reference_graph(name: URIRef) -> Graph:
    """One of the :data:`REFERENCE_GRAPHS`, built."""
    if name == COUNTRIES_GRAPH:
        return countries_graph()
    return code_scheme_graph(name.rsplit("/", 1)[-1])


def reference_graphs() -> list[Graph]:
    """The graphs every store holds beside the release graphs: countries and the CAMEO and PLOVER schemes."""
    return [reference_graph(name) for name in REFERENCE_GRAPHS]


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code (or XKX) that :func:`countries_graph` describes."""
    return any(row[0] == code for row in _all_countries())


def countries_graph() -> Graph:
    """Reference descriptions of every ISO 3166-1 country (plus XKX): name and codes."""
    g = Graph(identifier=COUNTRIES_GRAPH)
    for alpha3, name, alpha2, numeric in _all_countries():
        node = country_iri(alpha3)
        g.add((node, RDF.type, DIP.Country))
        g.add((node, SDO.name, Literal(name)))
        g.add((node, SKOS.prefLabel, Literal(name, lang="en")))
        g.add((node, DIP.iso3, Literal(alpha3)))
        g.add((node, DIP.iso2, Literal(alpha2)))
        if numeric:
            g.add((node, DIP.isoNumeric, Literal(numeric)))
    return g
