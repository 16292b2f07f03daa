"""Map: an :class:`~dipgraph.models.Extraction` → an rdflib graph named by the release's IRI.

This module builds graphs; it never serialises or stores them. IRIs are minted deterministically
from what identifies each thing (ISO codes, normalised names, hashes of content), so a re-run mints
the same IRIs and every IRI is valid whatever the text holds.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache, lru_cache
from urllib.parse import urlsplit, urlunsplit

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

from dipgraph.models import Extraction, Official, Release
from dipgraph.namespace import DIP, GRAPH, ID
from dipgraph.resolve import person_key, slug

COUNTRIES_GRAPH = GRAPH["countries"]
"""The graph holding the reference description of every country (names and ISO codes)."""

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
    """Changes whenever what the release says changes (text, title, date, publisher)."""
    return hashlib.sha256("\x1f".join(
        x or "" for x in (release.text, release.title, release.date, release.publisher, release.publisher_country)
    ).encode("utf-8")).hexdigest()


def country_iri(iso3: str) -> URIRef:
    return ID[f"country/{iso3.upper()}"]


def person_iri(official: Official) -> URIRef:
    scope = official.country or (slug(official.org) if official.org else "unknown")
    return ID[f"person/{scope}/{person_key(official.name)}"]


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


# ---------------------------------------------------------------- graphs

def _date(value: str | None) -> Literal | None:
    return Literal(value, datatype=XSD.date) if value else None


def map_extraction(extraction: Extraction) -> Graph:
    """Everything one release says, as a graph whose identifier is the release's IRI."""
    release = extraction.release
    rel = release_iri(release)
    g = Graph(identifier=rel)
    add = g.add

    add((rel, RDF.type, DIP.Release))
    add((rel, DIP.identityKey, Literal(release_identity(release))))
    add((rel, DIP.contentHash, Literal(content_hash(release))))
    add((rel, DIP.text, Literal(release.text)))
    add((rel, DIP.sourceLocation, Literal(_storable(release.source))))
    if release.body_start:
        add((rel, DIP.bodyStart, Literal(release.body_start)))
    if release.title:
        add((rel, SDO.headline, Literal(release.title)))
    if release.date:
        add((rel, SDO.datePublished, _date(release.date)))
    if release.url:
        add((rel, SDO.url, Literal(release.url, datatype=XSD.anyURI)))
    if release.publisher:
        add((rel, DIP.publisherName, Literal(release.publisher)))
    if release.publisher_country:
        add((rel, DIP.publisherCountry, country_iri(release.publisher_country)))
    if release.id:
        add((rel, DIP.sourceIdentifier, Literal(release.id)))

    for iso3 in sorted(set(extraction.countries)):
        add((rel, DIP.mentionsCountry, country_iri(iso3)))

    people: dict[str, URIRef] = {}
    for official in extraction.officials:
        person = person_iri(official)
        people.setdefault(person_key(official.name), person)
        add((person, RDF.type, DIP.Official))
        add((person, SDO.name, Literal(official.name)))
        if official.country:
            add((person, DIP.country, country_iri(official.country)))
        if official.org:
            add((person, DIP.organisation, Literal(official.org)))
        add((rel, DIP.mentionsOfficial, person))
        if official.title:
            role = role_iri(official.title)
            post = ID[f"post/{_digest(person, role, official.country, rel)}"]
            add((role, RDF.type, DIP.Role))
            add((role, SKOS.prefLabel, Literal(official.title)))
            add((post, RDF.type, DIP.PostHolding))
            add((post, ORG.member, person))
            add((post, ORG.role, role))
            add((person, DIP.heldPost, post))
            if official.country:
                add((post, DIP.country, country_iri(official.country)))
            if release.date:
                add((post, DIP.observedOn, _date(release.date)))
            add((post, PROV.wasDerivedFrom, rel))

    seen: Counter[str] = Counter()
    for meeting in extraction.meetings:
        key = _digest(rel, meeting.kind, meeting.date, meeting.place, sorted(meeting.countries),
                      sorted(meeting.participants), meeting.occurred)
        seen[key] += 1
        node = ID[f"meeting/{key}" + (f"-{seen[key]}" if seen[key] > 1 else "")]
        add((node, RDF.type, DIP.Meeting))
        if meeting.kind != "meeting":
            add((node, RDF.type, KIND_CLASSES[meeting.kind]))
        if meeting.date:
            add((node, SDO.startDate, _date(meeting.date)))
        if meeting.place:
            place = place_iri(meeting.place)
            add((node, SDO.location, place))
            add((place, RDF.type, DIP.Place))
            add((place, SDO.name, Literal(meeting.place)))
        for name in meeting.participants:
            if person := people.get(person_key(name)):
                add((node, DIP.participant, person))
        for iso3 in sorted(set(meeting.countries)):
            add((node, DIP.involvesCountry, country_iri(iso3)))
        add((node, DIP.occurred, Literal(meeting.occurred)))
        add((node, PROV.wasDerivedFrom, rel))

    for agreement in extraction.agreements:
        node = agreement_iri(agreement.title, agreement.parties)
        add((node, RDF.type, DIP.Agreement))
        add((node, SDO.name, Literal(agreement.title)))
        for iso3 in sorted(set(agreement.parties)):
            add((node, DIP.party, country_iri(iso3)))
        add((rel, DIP.mentionsAgreement, node))
        if agreement.signed_in_release:
            signing = ID[f"signing/{_digest(rel, node)}"]
            add((signing, RDF.type, DIP.Signing))
            add((signing, DIP.signedAgreement, node))
            if agreement.date:
                add((signing, SDO.startDate, _date(agreement.date)))
            for iso3 in sorted(set(agreement.parties)):
                add((signing, DIP.involvesCountry, country_iri(iso3)))
            add((signing, PROV.wasDerivedFrom, rel))

    for resolution in extraction.resolutions:
        node = resolution_iri(resolution.body, resolution.number)
        add((node, RDF.type, DIP.Resolution))
        add((node, DIP.body, Literal(resolution.body)))
        add((node, DIP.resolutionNumber, Literal(resolution.number)))
        add((node, RDFS.label, Literal(f"{resolution.body} resolution {resolution.number}")))
        add((rel, DIP.citesResolution, node))
    return g


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


def is_country(iso3: str) -> bool:
    """Whether ``iso3`` is an ISO 3166-1 alpha-3 code dipgraph knows (or XKX)."""
    return any(row[0] == iso3 for row in _all_countries())


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
