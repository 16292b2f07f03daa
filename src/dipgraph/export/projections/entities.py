"""Labels, kinds and dates of arbitrary resources in the store, for the ``full`` and SPARQL projections.

A resource's ``kind`` comes from its most specific dipgraph class (``phone call`` before ``meeting``);
its label from ``schema:name``, ``skos:prefLabel``, ``rdfs:label`` or ``schema:headline``, in that
order; its own date from ``schema:startDate``, ``schema:datePublished`` or ``dip:observedOn``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from dipgraph.namespace import DIP
from dipgraph.query import run_local, with_prefixes

# Most specific first: a phone call is also a dip:Meeting.
CLASS_KINDS: dict[str, str] = {
    str(DIP.PhoneCall): "phone call",
    str(DIP.VideoCall): "video call",
    str(DIP.Summit): "summit",
    str(DIP.Visit): "visit",
    str(DIP.Meeting): "meeting",
    str(DIP.Agreement): "agreement",
    str(DIP.Signing): "signing",
    str(DIP.Resolution): "resolution",
    str(DIP.Country): "country",
    str(DIP.Official): "official",
    str(DIP.Role): "role",
    str(DIP.PostHolding): "post",
    str(DIP.Place): "place",
    str(DIP.Release): "release",
    str(DIP.Publisher): "publisher",
}
DOMAIN_KINDS = frozenset(CLASS_KINDS.values())
"""The kinds of thing releases are about; evidence annotations and provenance records are not among them."""
_LABEL_ORDER = ("https://schema.org/name", "http://www.w3.org/2004/02/skos/core#prefLabel",
                "http://www.w3.org/2000/01/rdf-schema#label", "https://schema.org/headline")

_TYPES = "SELECT DISTINCT ?x ?type WHERE { %s GRAPH ?g { ?x a ?type } }"
_LABELS = """SELECT DISTINCT ?x ?p ?label WHERE { %s
  GRAPH ?g { ?x ?p ?label VALUES ?p { schema:name skos:prefLabel rdfs:label schema:headline } } }"""
_DATES = """SELECT DISTINCT ?x ?date WHERE { %s
  GRAPH ?g { ?x ?p ?date VALUES ?p { schema:startDate schema:datePublished dip:observedOn } } }"""


@dataclass(frozen=True)
class Entity:
    iri: str
    kind: str
    label: str
    date: str | None = None


def describe(store, iris: Iterable[str] | None = None) -> dict[str, Entity]:
    """Each IRI's kind, label and own date; when ``iris`` is None, every resource of a dipgraph class
    (not the evidence and provenance records, which are most of a store)."""
    if iris is None:
        values, typed = "", "VALUES ?type { %s }" % " ".join(f"<{c}>" for c in CLASS_KINDS)
    else:
        values = typed = "VALUES ?x { %s }" % " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris)))

    def rows(template: str, values: str = values) -> list[dict]:
        return run_local(store, with_prefixes(template % values)).as_dicts()

    kinds: dict[str, str] = {}
    rank = {iri: n for n, iri in enumerate(CLASS_KINDS)}
    best: dict[str, int] = {}
    for row in rows(_TYPES, typed):
        x, cls = str(row["x"]), str(row["type"])
        order = rank.get(cls, len(rank))
        if order < best.get(x, len(rank) + 1):
            best[x] = order
            kinds[x] = CLASS_KINDS.get(cls, cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower())
    labels: dict[str, tuple[int, str]] = {}
    for row in rows(_LABELS):
        x, text = str(row["x"]), " ".join(str(row["label"]).split())
        key = (_LABEL_ORDER.index(str(row["p"])), text)
        if x not in labels or key < labels[x]:
            labels[x] = key
    dates: dict[str, str] = {}
    for row in rows(_DATES):
        x, text = str(row["x"]), str(row["date"])[:10]
        dates[x] = min(dates.get(x, text), text)
    wanted = set(kinds) | set(labels) if iris is None else set(iris)
    return {x: Entity(x, kinds.get(x, "resource"), labels[x][1] if x in labels else short_name(x), dates.get(x))
            for x in sorted(wanted)}


def short_name(iri: str) -> str:
    """The last segment of an IRI, for resources without a label."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri
