"""Retraction: take releases out of the store, and with them whatever only they said.

A release's named graph holds every triple the release supports (its officials, their posts, its
meetings, agreements and resolutions); the same triple drawn from another release lives in that
release's graph too. Dropping a release's graph therefore drops exactly what no other release still
supports, and leaves shared officials, places, agreements and countries as the others describe them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SDO, XSD

from dipgraph.mapping import release_iri
from dipgraph.models import Release
from dipgraph.namespace import DIP, ID
from dipgraph.store import GraphStore, to_ox

_SHORT = re.compile(r"release/[0-9a-f]{20}")


@dataclass
class RemoveSummary:
    removed: list[tuple[str, URIRef]] = field(default_factory=list)
    """``(the references that named it, joined by ", ", release IRI)`` for each release removed."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(reference as given, reason)`` for each reference that named no single stored release."""

    def __str__(self) -> str:
        return f"{len(self.removed)} removed, {len(self.failed)} failed"


def is_release(store: GraphStore, iri: URIRef) -> bool:
    """Whether ``iri`` names a release graph in the store."""
    node = to_ox(iri)
    return any(True for _ in store.oxigraph.quads_for_pattern(node, to_ox(RDF.type), to_ox(DIP.Release), node))


def _releases_with(store: GraphStore, predicate: URIRef, value) -> set[URIRef]:
    found = store.oxigraph.quads_for_pattern(None, to_ox(predicate), to_ox(value), None)
    return {URIRef(q.subject.value) for q in found if q.subject == q.graph_name}


def find_releases(store: GraphStore, reference: str) -> list[URIRef]:
    """The stored releases ``reference`` names: a release IRI (or ``release/…``), a URL, or a source id."""
    ref = reference.strip()
    if ref.startswith("<") and ref.endswith(">"):
        ref = ref[1:-1]
    if _SHORT.fullmatch(ref):
        ref = str(ID) + ref
    if ref.startswith(str(ID)):
        iri = URIRef(ref)
        return [iri] if is_release(store, iri) else []
    if "://" in ref:
        found = _releases_with(store, SDO.url, Literal(ref, datatype=XSD.anyURI))
        same_page = release_iri(Release(source=ref, text="", url=ref))  # the URL as it identifies releases
        if is_release(store, same_page):
            found.add(same_page)
        return sorted(found)
    return sorted(_releases_with(store, DIP.sourceIdentifier, Literal(ref)))


def remove_releases(store: GraphStore, references: list[str]) -> RemoveSummary:
    """Remove the releases named by ``references`` in one transaction.

    A reference that names no stored release, or several, is reported and removes nothing.
    """
    summary = RemoveSummary()
    chosen: dict[URIRef, list[str]] = {}
    for reference in references:
        found = find_releases(store, reference)
        if not found:
            summary.failed.append((reference, "no stored release has this IRI, URL or id"))
        elif len(found) > 1:
            summary.failed.append((reference, f"names {len(found)} stored releases ({', '.join(found)}); "
                                              "give the IRI of the one to remove"))
        else:
            chosen.setdefault(found[0], []).append(reference)
    summary.removed = [(", ".join(named), iri) for iri, named in chosen.items()]
    store.remove_graphs(chosen)
    store.flush()
    return summary
