"""Evidence: the passage of the release text each fact came from, as W3C Web Annotation.

For a fact extracted from ``text[start:end]`` the graph holds::

    <evidence/…> a oa:Annotation ; oa:motivatedBy oa:identifying ;
        oa:hasBody <the fact> ; oa:hasTarget <passage/…> .
    <passage/…> a oa:SpecificResource ; oa:hasSource <release> ; dip:textHash "sha256 of the text" ;
        oa:hasSelector <passage/…/quote> , <passage/…/position> .
    <passage/…/quote> a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .
    <passage/…/position> a oa:TextPositionSelector ; oa:start 10 ; oa:end 42 .

Offsets count Unicode code points of ``dip:text`` (Python ``str`` indices, and SPARQL's ``SUBSTR``
positions less one), as the Web Annotation model requires of a TextPositionSelector. They are
written as ``xsd:integer`` (never negative): Oxigraph stores every integer subtype, such as the
model's ``xsd:nonNegativeInteger``, as ``xsd:integer``, and the graph dipgraph maps must be the
graph it stores.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from dipgraph.errors import ExtractError
from dipgraph.namespace import DIP, ID, OA

CONTEXT_CHARS = 32
"""Characters of text kept before and after the quote (oa:prefix, oa:suffix) to re-locate it."""


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def text_hash(text: str) -> str:
    """SHA-256 (hex) of a release text: what ``dip:textHash`` holds."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote(text: str, span: tuple[int, int], *, context: int = CONTEXT_CHARS) -> Quote:
    """The quote and its context for ``span`` in ``text``; ExtractError when the span does not fit."""
    start, end = span
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ExtractError(f"the span {span!r} does not lie within the release text ({len(text)} characters)")
    return Quote(text[start:end], text[max(0, start - context):start], text[end:end + context], start, end)


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def add_evidence(graph: Graph, release: URIRef, text: str, span: tuple[int, int] | None,
                 bodies: Iterable[URIRef], *, activity: URIRef | None = None, hashed: str | None = None) -> URIRef | None:
    """Add an annotation tying ``bodies`` (the fact's nodes) to ``span`` of ``text``; None when there is no span.

    The passage node is shared by every fact drawn from the same span of the same release.
    """
    if span is None:
        return None
    bodies = list(bodies)
    q = quote(text, span)
    passage = ID[f"passage/{_digest(release, q.start, q.end)}"]
    quote_node, position_node = URIRef(passage + "/quote"), URIRef(passage + "/position")
    annotation = ID[f"evidence/{_digest(release, q.start, q.end, *sorted(bodies))}"]
    add = graph.add
    add((annotation, RDF.type, OA.Annotation))
    add((annotation, OA.motivatedBy, OA.identifying))
    for body in bodies:
        add((annotation, OA.hasBody, body))
    add((annotation, OA.hasTarget, passage))
    if activity is not None:
        add((annotation, PROV.wasGeneratedBy, activity))
    add((passage, RDF.type, OA.SpecificResource))
    add((passage, OA.hasSource, release))
    add((passage, DIP.textHash, Literal(hashed or text_hash(text))))
    add((passage, OA.hasSelector, quote_node))
    add((passage, OA.hasSelector, position_node))
    add((quote_node, RDF.type, OA.TextQuoteSelector))
    add((quote_node, OA.exact, Literal(q.exact)))
    if q.prefix:
        add((quote_node, OA.prefix, Literal(q.prefix)))
    if q.suffix:
        add((quote_node, OA.suffix, Literal(q.suffix)))
    add((position_node, RDF.type, OA.TextPositionSelector))
    add((position_node, OA.start, Literal(q.start, datatype=XSD.integer)))
    add((position_node, OA.end, Literal(q.end, datatype=XSD.integer)))
    return annotation
