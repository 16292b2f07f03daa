"""Dumps and loads: the whole store with its named graphs, round-tripped without loss."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from dipgraph.cli import cli
from dipgraph.errors import LoadError
from dipgraph.mapping import map_extraction, reference_graphs
from dipgraph.rdf_io import dump_store, load_file
from dipgraph.store import GraphStore

EX = "https://example.org/colleague/"


def _dataset(store: GraphStore) -> dict:
    """Graph name → rdflib graph, for every named graph and the default graph (when not empty)."""
    graphs = {name: store.graph(name) for name in store.graph_names()}
    default = store.graph(None)
    if len(default):
        graphs[None] = default
    return graphs


def assert_same_dataset(a: GraphStore, b: GraphStore) -> None:
    first, second = _dataset(a), _dataset(b)
    assert set(first) == set(second)
    for name in first:
        assert isomorphic(first[name], second[name]), name


@pytest.fixture
def store(sample):
    """The sample release plus awkward data a colleague might send: blank nodes shared between
    graphs, language tags, datatypes, multi-line and non-ASCII text, and default-graph triples."""
    s = GraphStore()
    s.write_graphs(reference_graphs() + [map_extraction(sample)])
    shared = ox.BlankNode()
    g1, g2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")
    s.oxigraph.extend([
        ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "note"), shared, g1),
        ox.Quad(shared, ox.NamedNode(EX + "text"), ox.Literal("line one\nline \"two\" — ünïcødé 🇰🇷"), g1),
        ox.Quad(shared, ox.NamedNode(EX + "label"), ox.Literal("bonjour", language="fr"), g2),
        ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "when"),
                ox.Literal("2016-06-13T22:00:00+09:00", datatype=ox.NamedNode(str(XSD.dateTime))), g2),
        ox.Quad(ox.NamedNode(EX + "c"), ox.NamedNode(EX + "n"), ox.Literal("1.50", datatype=ox.NamedNode(str(XSD.decimal)))),
    ])
    return s


@pytest.mark.parametrize("fmt, suffix", [("trig", "trig"), ("nquads", "nq"), ("jsonld", "jsonld")])
def test_dump_and_load_round_trip_without_loss(store, tmp_path, fmt, suffix):
    path = tmp_path / f"dump.{suffix}"
    count = dump_store(store, path, fmt)
    assert count == len(store.oxigraph)
    copy = GraphStore(tmp_path / "copy")
    summary = load_file(copy, path)
    assert summary.quads == count and summary.replaced == 0
    assert summary.graphs == len(store.graph_names())
    assert_same_dataset(store, copy)
    # and a second round trip writes the same dataset again
    again = tmp_path / f"again.{suffix}"
    dump_store(copy, again, fmt)
    third = GraphStore()
    load_file(third, again)
    assert_same_dataset(store, third)


def test_blank_nodes_shared_between_graphs_stay_shared(store, tmp_path):
    path = tmp_path / "dump.trig"
    dump_store(store, path, "trig")
    copy = GraphStore()
    load_file(copy, path)
    rows = list(copy.query(f"SELECT ?x WHERE {{ GRAPH <{EX}g1> {{ <{EX}a> <{EX}note> ?x }} "
                           f"GRAPH <{EX}g2> {{ ?x <{EX}label> ?l }} }}"))
    assert len(rows) == 1 and isinstance(rows[0]["x"], ox.BlankNode)


def test_turtle_dump_is_the_union_of_all_graphs(store, tmp_path):
    path = tmp_path / "dump.ttl"
    count = dump_store(store, path, "turtle")
    union = Graph().parse(path, format="turtle")
    assert len(union) == count
    expected = {(s, p, o) for g in _dataset(store).values() for s, p, o in g if not isinstance(s, BNode)
                and not isinstance(o, BNode)}
    got = {(s, p, o) for s, p, o in union if not isinstance(s, BNode) and not isinstance(o, BNode)}
    assert got == expected
    assert count == len({q.triple for q in store.oxigraph})  # each triple once, though several graphs hold it


def test_loading_replaces_graphs_of_the_same_name_and_keeps_the_others(store, tmp_path, sample):
    path = tmp_path / "colleague.trig"
    path.write_text(f"<{EX}g1> {{ <{EX}a> <{EX}note> \"replaced\" . }}\n", encoding="utf-8")
    before = len(store.oxigraph)
    summary = load_file(store, path)
    assert (summary.quads, summary.graphs, summary.replaced) == (1, 1, 1)
    assert [str(q.object.value) for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(EX + "g1"))] \
        == ["replaced"]
    assert len(store.oxigraph) == before - 2 + 1  # g1 had two quads; every other graph is untouched


def test_a_graph_file_goes_to_the_default_graph_or_the_graph_named(tmp_path):
    path = tmp_path / "triples.ttl"
    path.write_text(f"<{EX}a> <{EX}p> 1 .\n", encoding="utf-8")
    s = GraphStore()
    load_file(s, path)
    assert len(s.graph(None)) == 1
    load_file(s, path, graph=EX + "named")
    assert (URIRef(EX + "a"), URIRef(EX + "p"), Literal(1)) in s.graph(URIRef(EX + "named"))


@pytest.mark.parametrize("content, name, message", [
    ("<a> <b> .", "bad.trig", "bad.trig: not valid TriG"),
    ("{}", "data.unknown", "cannot tell the RDF format from the file name"),
])
def test_a_bad_file_is_a_clear_error_and_writes_nothing(store, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = len(store.oxigraph)
    with pytest.raises(LoadError, match=message):
        load_file(store, path)
    assert len(store.oxigraph) == before


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_file(GraphStore(), tmp_path / "nothing.trig")


def test_dump_and_load_commands(store, tmp_path):
    runner = CliRunner()
    path = tmp_path / "store"
    with GraphStore(path) as disk:
        disk.oxigraph.extend(store.oxigraph)
    out = tmp_path / "all.nq"
    result = runner.invoke(cli, ["dump", "--format", "nquads", "-o", str(out), "--store", str(path)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: {len(store.oxigraph):,} statements (nquads)" in result.output
    result = runner.invoke(cli, ["load", str(out), "--store", str(tmp_path / "copy")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    graphs = len(store.graph_names())
    assert result.output == (f"{len(store.oxigraph):,} statements in {graphs:,} named graph(s) loaded (0 replaced) "
                             f"(store: {tmp_path / 'copy'})\n")
    with GraphStore(tmp_path / "copy", read_only=True) as copy:
        assert_same_dataset(store, copy)
    # dump to standard output as JSON-LD: a JSON document
    result = runner.invoke(cli, ["dump", "--format", "jsonld", "--store", str(path)], catch_exceptions=False)
    assert result.exit_code == 0 and isinstance(json.loads(result.stdout), (list, dict))
    # a bad file: exit code 1 and one line naming it
    bad = tmp_path / "bad.nq"
    bad.write_text("not rdf\n", encoding="utf-8")
    result = runner.invoke(cli, ["load", str(bad), "--store", str(path)])
    assert result.exit_code == 1 and result.output.startswith(f"dipgraph: error: {bad}: not valid N-Quads")


def test_the_example_dump_loads_conforms_and_its_selectors_relocate():
    """docs/example-release.trig, the README's walk-through data, is a valid dipgraph dump."""
    from test_evidence import relocate_every_selector

    from dipgraph.validate import validate_store

    store = GraphStore()
    summary = load_file(store, Path(__file__).resolve().parents[1] / "docs" / "example-release.trig")
    assert summary.graphs == 4
    assert relocate_every_selector(store) == 5
    report = validate_store(store)
    assert report.conforms, report.text()
