"""rdflib ⇄ pyoxigraph: the same RDF terms, triples and graphs in either library.

rdflib is the public API (graphs users build, parse and inspect); pyoxigraph is what the store
keeps and the mapper builds, for speed. Lexical forms are kept exactly, so a graph read back from
the store is term for term the graph written.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term):
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # the lexical form as stored: rdflib would otherwise rewrite some ("…Z" as "…+00:00")
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype), normalize=False)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


def graph_quads(graph: Graph) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as quads in the graph named by its identifier."""
    name = to_ox(graph.identifier)
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


def quads_graph(name: URIRef | None, quads: Iterable[ox.Quad]) -> Graph:
    """Quads as an rdflib graph named ``name`` (their own graph names are ignored)."""
    g = Graph(identifier=name) if name is not None else Graph()
    for quad in quads:
        g.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return g


def same_quads(quads: list[ox.Quad], graph: Graph) -> bool:
    """Whether ``quads`` are exactly ``graph``'s triples in the graph it names, term for term."""
    return len(quads) == len(graph) and set(quads) == set(graph_quads(graph))


def nt_lines(quads: Iterable[ox.Quad]) -> list[str]:
    """Quads as N-Triples lines, their graph names left out. pyoxigraph prints terms escaped, so the
    lines are safe to embed in a SPARQL update and the same graph always gives the same lines."""
    return [f"{q.subject} {q.predicate} {q.object} ." for q in quads]
