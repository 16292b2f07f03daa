"""Evidence: the passage of the release text each fact came from, as W3C Web Annotation.

For a fact extracted from ``text[start:end]`` the graph holds::

    <evidence/…> a oa:Annotation ; oa:motivatedBy oa:identifying ;
        oa:hasBody <the fact> ; oa:hasTarget <passage/…> .
    <passage/…> a oa:SpecificResource ; oa:hasSource <release> ; dip:textHash "sha256 of the text" ;
        oa:hasSelector <passage/…/quote> , <passage/…/position> .
    <passage/…/quote> a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .
    <passage/…/position> a oa:TextPositionSelector ; oa:start 10 ; oa:end 42 .

and, for an event, ``<the event> dip:quote "…"``: the same words on the event, which queries read
without walking the annotation.

Offsets count Unicode code points of ``dip:text`` (Python ``str`` indices, and SPARQL's ``SUBSTR``
positions less one), as the Web Annotation model requires of a TextPositionSelector. They are
written as ``xsd:integer`` (never negative): Oxigraph stores every integer subtype, such as the
model's ``xsd:nonNegativeInteger``, as ``xsd:integer``, and the graph dipgraph maps must be the
graph it stores.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, XSD

from dipgraph.errors import ExtractError
from dipgraph.namespace import DIP, ID, OA, OxTerms

CONTEXT_CHARS = 32
"""Characters of text kept before and after the quote (oa:prefix, oa:suffix) to re-locate it."""

_ID, _DIP, _OA, _PROV, _RDF = str(ID), OxTerms(DIP), OxTerms(OA), OxTerms(PROV), OxTerms(RDF)
_INTEGER = ox.NamedNode(str(XSD.integer))


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


def add_evidence(add: Callable[[ox.NamedNode, ox.NamedNode, ox.Term], None], release: ox.NamedNode, text: str,
                 span: tuple[int, int] | None, bodies: Iterable[ox.NamedNode], *, activity: ox.NamedNode | None = None,
                 hashed: str | None = None, quoted_on: ox.NamedNode | None = None) -> ox.NamedNode | None:
    """Add, through ``add(subject, predicate, object)``, an annotation tying ``bodies`` (the fact's
    nodes) to ``span`` of ``text``, and the quote again on ``quoted_on`` (an event) as ``dip:quote``;
    None when there is no span.

    The passage node is shared by every fact drawn from the same span of the same release.
    """
    if span is None:
        return None
    bodies = list(bodies)
    q = quote(text, span)
    passage_iri = f"{_ID}passage/{_digest(release.value, q.start, q.end)}"
    passage = ox.NamedNode(passage_iri)
    quote_node, position_node = ox.NamedNode(passage_iri + "/quote"), ox.NamedNode(passage_iri + "/position")
    annotation = ox.NamedNode(f"{_ID}evidence/{_digest(release.value, q.start, q.end, *sorted(b.value for b in bodies))}")
    add(annotation, _RDF.type, _OA.Annotation)
    add(annotation, _OA.motivatedBy, _OA.identifying)
    for body in bodies:
        add(annotation, _OA.hasBody, body)
    add(annotation, _OA.hasTarget, passage)
    if activity is not None:
        add(annotation, _PROV.wasGeneratedBy, activity)
    add(passage, _RDF.type, _OA.SpecificResource)
    add(passage, _OA.hasSource, release)
    add(passage, _DIP.textHash, ox.Literal(hashed or text_hash(text)))
    add(passage, _OA.hasSelector, quote_node)
    add(passage, _OA.hasSelector, position_node)
    add(quote_node, _RDF.type, _OA.TextQuoteSelector)
    add(quote_node, _OA.exact, ox.Literal(q.exact))
    if quoted_on is not None:
        add(quoted_on, _DIP.quote, ox.Literal(q.exact))
    if q.prefix:
        add(quote_node, _OA.prefix, ox.Literal(q.prefix))
    if q.suffix:
        add(quote_node, _OA.suffix, ox.Literal(q.suffix))
    add(position_node, _RDF.type, _OA.TextPositionSelector)
    add(position_node, _OA.start, ox.Literal(str(q.start), datatype=_INTEGER))
    add(position_node, _OA.end, ox.Literal(str(q.end), datatype=_INTEGER))
    return annotation
