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


# ---------------------------------------------------------------- code lists, shapes, reuse, docs

import importlib.util  # noqa: E402
from pathlib import Path  # noqa: E402

from rdflib.namespace import SKOS  # noqa: E402

from dipgraph.mapping import reference_graphs  # noqa: E402
from dipgraph.namespace import CAMEO, OA, PLOVER  # noqa: E402

ONTOLOGY_DIR = ontology_file().parent
DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_ontology_file_parses_in_rdflib_and_pyoxigraph_alike():
    for name in ("dipgraph.ttl", "cameo.ttl", "plover.ttl", "shapes.ttl"):
        path = ONTOLOGY_DIR / name
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        assert len(store) == len(Graph().parse(path)) > 40, name


def test_every_term_the_mapper_writes_is_declared(sample):
    """Every predicate and class in the mapper's output, dipgraph's own or a standard vocabulary's, is
    declared in the ontology (standard terms with rdfs:isDefinedBy naming their vocabulary); every
    other IRI it links to is a minted instance or a concept of the shipped code lists."""
    g = _ontology()
    declared = set(g.subjects(RDF.type, None))
    written = map_extraction(sample) + countries_graph()
    predicates = {p for _, p, _ in written} - {RDF.type}
    classes = set(written.objects(None, RDF.type))
    assert predicates - declared == set()
    assert classes - declared == set()
    for term in predicates | classes:
        if not str(term).startswith(NS):
            assert g.value(term, RDFS.isDefinedBy) is not None, term
    concepts = set(reference_graphs()[1].subjects()) | set(reference_graphs()[2].subjects())
    linked = {o for s, p, o in written if isinstance(o, URIRef) and p != RDF.type}
    for term in linked:
        assert (str(term).startswith("https://w3id.org/dipgraph/id/") or term in concepts
                or term == OA.identifying and term in declared), term


def test_code_list_concepts_are_in_their_schemes():
    for graph, ns in ((reference_graphs()[1], CAMEO), (reference_graphs()[2], PLOVER)):
        scheme = ns["scheme"]
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            assert (concept, SKOS.inScheme, scheme) in graph
            assert graph.value(concept, SKOS.notation) is not None and graph.value(concept, SKOS.prefLabel)


def test_the_reference_page_is_up_to_date():
    spec = importlib.util.spec_from_file_location("make_ontology_docs", DOCS / "make_ontology_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (DOCS / "ontology.md").read_text(encoding="utf-8")
    assert page == module.render(), "docs/ontology.md is out of date: run python docs/make_ontology_docs.py"
    g = _ontology()
    for term in g.subjects(RDF.type, None):  # every dipgraph term has its entry
        if isinstance(term, URIRef) and str(term).startswith(NS) and str(term) != NS:
            assert f"`dip:{str(term)[len(NS):]}`" in page, term
