"""SHACL: the shapes accept what the mapper writes and report, readably, what is wrong."""
from __future__ import annotations

import time

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO

from dipgraph.cli import cli
from dipgraph.mapping import map_extraction, reference_graphs, release_iri
from dipgraph.namespace import DIP, OA
from dipgraph.pipeline import ingest
from dipgraph.store import GraphStore
from dipgraph.validate import ontology_graph, shapes_graph, validate_store

ID = "https://w3id.org/dipgraph/id/"
PERSON = URIRef(ID + "person/KOR/yun-byungse")
RESOLUTION = URIRef("https://w3id.org/dipgraph/id/resolution/UNSC/2270")


def _store(*graphs: Graph, path=None) -> GraphStore:
    store = GraphStore(path)
    store.write_graphs(reference_graphs() + list(graphs))
    return store


def _broken(sample, change) -> tuple[GraphStore, URIRef]:
    graph = map_extraction(sample)
    change(graph)
    return _store(graph), graph.identifier


def _meeting(graph: Graph) -> URIRef:
    return next(m for m in graph.subjects(SDO.startDate, None) if (m, RDF.type, DIP.Meeting) in graph)


def test_shapes_cover_every_class_the_mapper_writes(sample):
    """Every class is a shape's target, or a subclass of one (dip:Visit ⊑ dip:Meeting)."""
    written = map_extraction(sample) + reference_graphs()[0]
    classes = {o for o in written.objects(None, RDF.type)}
    targeted = set(shapes_graph().objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    ontology = ontology_graph()
    uncovered = {c for c in classes if not targeted & set(ontology.transitive_objects(c, RDFS.subClassOf))}
    assert uncovered == set()


def test_the_sample_conforms(sample):
    report = validate_store(_store(map_extraction(sample)))
    assert report.conforms, report.text()
    assert report.graphs == 4  # the release and the three reference graphs


def test_a_meeting_date_of_the_wrong_datatype_is_reported(sample):
    def change(g):
        meeting = _meeting(g)
        g.remove((meeting, SDO.startDate, None))
        g.add((meeting, SDO.startDate, Literal("June 13")))
    store, release = _broken(sample, change)
    report = validate_store(store)
    assert not report.conforms
    (v,) = report.violations
    assert v.path == str(SDO.startDate) and v.value == '"June 13"' and v.graph == release
    assert v.focus.startswith("https://w3id.org/dipgraph/id/meeting/")
    assert v.message == "an event's date must be one xsd:date (YYYY-MM-DD)"
    assert v.source == "sample.txt"


def test_an_official_without_a_country_is_reported(sample):
    store, release = _broken(sample, lambda g: g.remove((PERSON, DIP.country, None)))
    allegiance, iri = sorted(validate_store(store).violations, key=lambda v: v.constraint)
    assert (allegiance.focus, allegiance.graph) == (str(PERSON), release)
    assert allegiance.message.startswith("an official needs the state they serve (dip:country)")
    assert allegiance.constraint == "http://www.w3.org/ns/shacl#OrConstraintComponent"
    # its IRI still names a state
    assert (iri.focus, iri.value, iri.graph) == (str(release), str(PERSON), release)
    assert iri.message == f"official {PERSON}: its IRI names the state KOR but it serves no state (dip:country)"


def test_an_official_serving_another_state_than_its_iri_names_is_reported(sample):
    store, release = _broken(sample, lambda g: g.set((PERSON, DIP.country, URIRef(ID + "country/JPN"))))
    (v,) = validate_store(store).violations
    assert (v.focus, v.value, v.graph) == (str(release), str(PERSON), release)
    assert v.message == f"official {PERSON}: its IRI names the state KOR but it serves JPN (dip:country)"


def test_a_resolution_without_a_number_is_reported(sample):
    store, release = _broken(sample, lambda g: g.remove((RESOLUTION, DIP.resolutionNumber, None)))
    (v,) = validate_store(store).violations
    assert (v.focus, v.path, v.graph) == (str(RESOLUTION), str(DIP.resolutionNumber), release)
    assert v.message == "a resolution needs exactly one number (dip:resolutionNumber, a string)"


def test_a_selector_that_no_longer_matches_the_text_is_reported(sample):
    def change(g):
        quote = next(g.subjects(OA.exact, Literal("Resolution 2270")))
        g.set((quote, OA.exact, Literal("Resolution 2231")))
    store, release = _broken(sample, change)
    (v,) = validate_store(store).violations
    assert v.focus == str(release) and v.value.startswith("https://w3id.org/dipgraph/id/passage/")
    assert f"the selectors of passage {v.value} do not match the release text" in v.message


def test_a_job_title_that_no_post_supports_is_reported(sample):
    store, release = _broken(sample, lambda g: g.set((PERSON, SDO.jobTitle, Literal("Prime Minister"))))
    violations = validate_store(store).violations
    assert {v.message for v in violations} == {
        f'official {PERSON} has the schema:jobTitle "Prime Minister" but holds no post of that title in this release',
        f'official {PERSON} holds a post as "Foreign Minister" but has no schema:jobTitle saying so'}
    assert {(v.focus, v.graph) for v in violations} == {(str(release), release)}


def test_an_event_whose_quote_is_not_its_evidence_is_reported(sample):
    def change(g):
        meeting = _meeting(g)
        g.set((meeting, DIP.quote, Literal("Foreign Minister Yun Byung-se met Sergey Lavrov.")))
    store, release = _broken(sample, change)
    (v,) = validate_store(store).violations
    assert v.focus == str(release) and v.value.startswith("https://w3id.org/dipgraph/id/meeting/")
    assert v.message == f"event {v.value}: dip:quote must repeat, once, the oa:exact of the passage its evidence points at"


def test_an_event_without_its_quote_is_reported(sample):
    graph = map_extraction(sample)
    meeting = _meeting(graph)
    graph.remove((meeting, DIP.quote, None))
    (v,) = validate_store(_store(graph)).violations
    assert v.value == str(meeting)
    assert v.message == f"event {meeting}: dip:quote must repeat, once, the oa:exact of the passage its evidence points at"


def test_each_sparql_check_is_parsed_once_however_many_releases_are_validated(sample):
    from conftest import second_extraction
    from rdflib.namespace import SH

    from dipgraph.validate import _prepared

    checks = len(set(shapes_graph().objects(None, SH.select)))
    store = _store(map_extraction(sample), map_extraction(second_extraction()))
    _prepared.cache_clear()
    assert validate_store(store).conforms
    # every check runs on both releases: parsed for the first, reused for the second
    assert (_prepared.cache_info().misses, _prepared.cache_info().hits) == (checks, checks)


def test_a_meeting_without_a_cameo_code_is_reported(sample):
    store, _ = _broken(sample, lambda g: g.remove((_meeting(g), DIP.cameoCode, None)))
    (v,) = validate_store(store).violations
    assert v.path == str(DIP.cameoCode) and v.message == "an event needs exactly one CAMEO code from the CAMEO scheme"


def test_a_country_missing_from_the_reference_data_is_reported(sample):
    graph = map_extraction(sample)
    graph.add((release_iri(sample.release), DIP.mentionsCountry, URIRef("https://w3id.org/dipgraph/id/country/ZZZ")))
    (v,) = validate_store(_store(graph)).violations
    assert v.path == str(DIP.mentionsCountry) and v.value == "https://w3id.org/dipgraph/id/country/ZZZ"


def test_validate_command_reports_and_exits_1(sample, tmp_path):
    path = tmp_path / "store"
    graph = map_extraction(sample)
    graph.remove((RESOLUTION, DIP.resolutionNumber, None))
    _store(graph, path=path).close()
    result = CliRunner().invoke(cli, ["validate", "--store", str(path)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "Violation: a resolution needs exactly one number (dip:resolutionNumber, a string)",
        "  focus node: dipid:resolution/UNSC/2270",
        "  property:   dip:resolutionNumber",
        "  constraint: sh:MinCountConstraintComponent",
        f"  release:    {graph.identifier} (read from sample.txt)",
        "4 graph(s) validated: does not conform: 1 violation(s) in 1 graph(s)",
    ]


def test_validate_command_exits_0_on_a_conforming_store(sample, tmp_path):
    path = tmp_path / "store"
    _store(map_extraction(sample), path=path).close()
    result = CliRunner().invoke(cli, ["validate", "--store", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == "4 graph(s) validated: conforms\n"


def test_ingested_dev_corpus_conforms(shared_dir, tmp_path):
    with GraphStore(tmp_path / "store") as store:
        summary = ingest([str(shared_dir / "corpus" / "dev")], store)
        assert not summary.failed
        started = time.perf_counter()
        report = validate_store(store)
        seconds = time.perf_counter() - started
    assert report.conforms, report.text()
    assert report.graphs == summary.ingested + 4  # three reference graphs and the store's own
    print(f"validated {report.graphs} graphs in {seconds:.1f} s")


def test_officials_of_an_organisation_or_of_no_known_state_agree_with_their_iris():
    from conftest import officials_only
    from dipgraph.models import Official

    extraction = officials_only("third.txt", "Anna Berg and Jean-Marc Ayrault spoke.",
                                Official("Anna Berg", "Secretary-General", None, "UN"), Official("Jean-Marc Ayrault", None, None))
    (v,) = validate_store(_store(map_extraction(extraction))).violations
    # only the warning that Jean-Marc Ayrault cannot be placed
    assert (v.focus, v.severity) == (ID + "person/unknown/jeanmarc-ayrault", "Warning")
