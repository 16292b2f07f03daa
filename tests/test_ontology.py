"""The ontology parses in rdflib and pyoxigraph, documents every term, and matches the code's namespace."""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from dipgraph.mapping import countries_graph, map_extraction
from dipgraph.namespace import DIP
from dipgraph.resources import ontology_file

NS = str(DIP._NS)


def _ontology() -> Graph:
    return Graph().parse(ontology_file())


def test_parses_in_pyoxigraph_too():
    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(_ontology())


def test_every_term_has_an_english_label_and_comment():
    g = _ontology()
    terms = [s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NS)]
    assert len(terms) > 30
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert len(str(g.value(term, RDFS.comment) or "")) > 15, term


def test_namespace_declares_exactly_the_ontology_terms():
    g = _ontology()
    declared = {str(s)[len(NS):] for s in g.subjects(RDF.type, None) if str(s).startswith(NS) and str(s) != NS}
    assert declared == set(DIP.__annotations__)


def test_every_dip_term_the_mapper_writes_is_declared(sample):
    g = _ontology()
    declared = {s for s in g.subjects(RDF.type, None)}
    written = map_extraction(sample) + countries_graph()
    used = {t for triple in written for t in (triple[1], triple[2]) if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used and used <= declared


def test_meeting_kinds_are_subclasses_of_meeting():
    g = _ontology()
    for kind in (DIP.PhoneCall, DIP.VideoCall, DIP.Visit, DIP.Summit):
        assert (kind, RDFS.subClassOf, DIP.Meeting) in g
        assert (kind, RDF.type, OWL.Class) in g
