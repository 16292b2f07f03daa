"""Export formats: GEXF 1.3 (valid against the official XSD, structure, typed attributes, spells,
colours), round trips through networkx, GraphML, node-link JSON and edge-list CSV."""
from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx
import pytest
from lxml import etree
from rdflib import Literal, URIRef

from dipgraph.errors import ExportError
from dipgraph.export import (PROJECTIONS, add_metrics, projection, read_edgelist_csv, read_gexf, read_graphml,
                             read_node_link, write_edgelist_csv, write_gexf, write_graphml, write_node_link)
from dipgraph.export.gexf import gexf_bytes
from dipgraph.export.style import CONTINENT_COLOURS, KIND_COLOURS, MAX_SIZE, MIN_SIZE
from dipgraph.export.regions import continents

GEXF = "{http://gexf.net/1.3}"


@pytest.fixture
def gexf_schema(check_gexf):
    """The schema check, for the tests whose point it is: they skip where the schema is absent."""
    from conftest import GEXF_XSD

    if not GEXF_XSD.exists():
        pytest.skip(f"the GEXF 1.3 schema is not at {GEXF_XSD} (only present beside a development checkout)")
    return check_gexf


@pytest.fixture(scope="module")
def graphs(export_store):
    """Every projection, with metrics, as the command line writes it."""
    return {name: add_metrics(projection(export_store, name)) for name in PROJECTIONS}


def _without_viz(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "viz"}


def _edges(g: nx.Graph) -> dict:
    """Edges keyed so that undirected ones compare whatever the order of their ends."""
    def ends(a, b):
        return (a, b) if g.is_directed() else tuple(sorted((a, b)))
    if g.is_multigraph():
        return {(*ends(a, b), k): d for a, b, k, d in g.edges(keys=True, data=True)}
    return {ends(a, b): d for a, b, d in g.edges(data=True)}


# ---------------------------------------------------------------- GEXF

@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
@pytest.mark.parametrize("name", PROJECTIONS)
def test_gexf_is_valid_against_the_official_schema(graphs, gexf_schema, name, dynamic):
    gexf_schema(gexf_bytes(graphs[name], dynamic=dynamic))


def test_gexf_of_a_plain_networkx_graph_with_rdflib_terms_and_lists_is_valid(check_gexf):
    g = nx.Graph()
    g.add_node(URIRef("https://example.org/a"), label=Literal("A\x01 node"), since=Literal(date(2020, 1, 1)),
               count=Literal(3), tags=["x", "y"])
    g.add_node("b", label="B")
    g.add_edge(URIRef("https://example.org/a"), "b", weight=Literal(2.5), note=None)
    data = gexf_bytes(g, dynamic=True)
    check_gexf(data)
    doc = etree.fromstring(data)
    node = doc.find(f".//{GEXF}node[@id='https://example.org/a']")
    assert node.get("label") == "A node"
    values = {a.get("for"): a.get("value") for a in node.iter(f"{GEXF}attvalue")}
    # rdflib terms become their values; a list is text, never a time spell
    assert values == {"since": "2020-01-01", "count": "3", "tags": "x; y"}
    assert doc.find(f".//{GEXF}attribute[@id='count']").get("type") == "integer"
    assert doc.find(f".//{GEXF}edge").get("weight") == "2.5"
    assert node.find(f"{GEXF}spells") is None


def test_gexf_structure(graphs):
    """What Gephi reads, checked without the schema: header, typed attributes, values, colours, sizes."""
    doc = etree.fromstring(gexf_bytes(graphs["countries"]))
    assert doc.tag == f"{GEXF}gexf" and doc.get("version") == "1.3"
    assert doc.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == \
        "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    graph = doc.find(f"{GEXF}graph")
    assert graph.attrib == {"defaultedgetype": "undirected", "mode": "static"}  # no name="" (the schema has none)
    types = {(a.getparent().get("class"), a.get("id")): a.get("type") for a in graph.iter(f"{GEXF}attribute")}
    assert types == {
        ("node", "kind"): "string", ("node", "iso3"): "string", ("node", "continent"): "string",
        ("node", "iri"): "string", ("node", "meetings"): "integer", ("node", "agreements"): "integer",
        ("node", "first"): "string", ("node", "last"): "string", ("node", "weighted_degree"): "integer",
        ("node", "betweenness"): "double", ("node", "eigenvector"): "double", ("node", "community"): "integer",
        ("edge", "meetings"): "integer", ("edge", "calls"): "integer", ("edge", "visits"): "integer",
        ("edge", "summits"): "integer", ("edge", "agreements"): "integer", ("edge", "planned"): "integer",
        ("edge", "first"): "string", ("edge", "last"): "string"}
    kor = graph.find(f".//{GEXF}node[@id='KOR']")
    assert kor.get("label") == "South Korea"
    values = {a.get("for"): a.get("value") for a in kor.iter(f"{GEXF}attvalue")}
    assert values["continent"] == "Asia" and values["meetings"] == "3" and values["first"] == "2016-06-13"
    assert {k: int(v) for k, v in kor.find(f"{GEXF}color").attrib.items()} == dict(zip("rgb", CONTINENT_COLOURS["Asia"]))
    sizes = {n.get("id"): float(n.find(f"{GEXF}size").get("value")) for n in graph.iter(f"{GEXF}node")}
    assert sizes["KOR"] == MAX_SIZE  # the largest weighted degree (5: 1 + 3 + 1)
    assert MIN_SIZE < sizes["RUS"] < sizes["KOR"]
    edge = graph.find(f".//{GEXF}edge[@source='JPN'][@target='USA']")
    assert edge.get("weight") == "3" and edge.find(f"{GEXF}spells") is None  # static: no spells


def test_dynamic_gexf_has_spells_for_gephis_timeline(graphs):
    doc = etree.fromstring(gexf_bytes(graphs["countries"], dynamic=True))
    graph = doc.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("start"), graph.get("end")) == \
        ("dynamic", "date", "2016-06-13", "2018-05-05")
    spells = lambda el: [(s.get("start"), s.get("end")) for s in el.iter(f"{GEXF}spell")]  # noqa: E731
    assert spells(graph.find(f".//{GEXF}node[@id='JPN']")) == [("2017-03-01", "2018-05-05")]
    assert spells(graph.find(f".//{GEXF}edge[@source='JPN'][@target='USA']")) == \
        [("2017-03-01", "2017-03-01"), ("2018-05-05", "2018-05-05")]


def test_gexf_colours_by_kind_and_keys_multigraph_edges_by_kind(graphs):
    doc = etree.fromstring(gexf_bytes(graphs["full"]))
    colour = {}
    for node in doc.iter(f"{GEXF}node"):
        kind = next(a.get("value") for a in node.iter(f"{GEXF}attvalue") if a.get("for") == "kind")
        colour.setdefault(kind, set()).add(tuple(int(node.find(f"{GEXF}color").get(c)) for c in "rgb"))
    assert colour == {kind: {KIND_COLOURS[kind]} for kind in colour}
    assert doc.find(f"{GEXF}graph").get("defaultedgetype") == "directed"
    kinds = {e.get("kind") for e in doc.iter(f"{GEXF}edge")}
    assert {"participant", "involvesCountry", "mentionsCountry", "wasDerivedFrom", "party"} <= kinds


def test_every_continent_has_a_colour():
    assert set(continents()) == set(CONTINENT_COLOURS)


@pytest.mark.parametrize("name", PROJECTIONS)
def test_gexf_round_trip_keeps_nodes_edges_attributes_weights_and_spells(graphs, name):
    g = graphs[name]
    buffer = io.BytesIO()
    write_gexf(g, buffer, dynamic=True)
    buffer.seek(0)
    back = read_gexf(buffer)
    assert type(back) is type(g)
    assert {n: _without_viz(d) for n, d in back.nodes(data=True)} == dict(g.nodes(data=True))
    assert {k: _without_viz(d) for k, d in _edges(back).items()} == _edges(g)
    assert all(d["viz"]["size"] >= MIN_SIZE for _, d in back.nodes(data=True))


@pytest.mark.parametrize("name", PROJECTIONS)
def test_networkx_reads_the_gexf_with_nodes_edges_weights_and_spells(graphs, name, tmp_path, check_gexf):
    g = graphs[name]
    write_gexf(g, tmp_path / "g.gexf", dynamic=True)
    check_gexf(tmp_path / "g.gexf")
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert set(back.nodes) == set(g.nodes)
    for node, data in g.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        assert back.nodes[node].get("spells", []) == data.get("spells", [])
    if g.is_multigraph():
        pairs = {(a, b) for a, b in g.edges()}
        assert {(a, b) for a, b in back.edges()} == pairs
        assert sum(d["weight"] for *_, d in back.edges(data=True)) == sum(d["weight"] for *_, d in g.edges(data=True))
    else:
        assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}
        for a, b, data in g.edges(data=True):
            assert back.edges[a, b]["weight"] == data["weight"]
            assert back.edges[a, b].get("spells", []) == data.get("spells", [])


def test_gexf_output_is_byte_identical_from_run_to_run(export_store):
    a, b = (gexf_bytes(add_metrics(projection(export_store, "full")), dynamic=True) for _ in range(2))
    assert a == b


def test_gexf_refuses_a_spell_that_is_not_a_date():
    g = nx.Graph()
    g.add_node("a", spells=[(1, 2)])
    with pytest.raises(ExportError, match="node a: '1' is not a date"):
        gexf_bytes(g, dynamic=True)


def test_a_graph_that_cannot_be_written_leaves_no_file(tmp_path):
    g = nx.Graph()
    g.add_edge("a", "b", weight="heavy")
    with pytest.raises(ExportError, match="edge a – b: weight 'heavy' is not a number"):
        write_gexf(g, tmp_path / "g.gexf")
    assert not (tmp_path / "g.gexf").exists()


def test_reading_something_that_is_not_gexf_is_a_clear_error(tmp_path):
    (tmp_path / "x.gexf").write_text("<graphml/>")
    with pytest.raises(ExportError, match="not a GEXF file"):
        read_gexf(tmp_path / "x.gexf")
    (tmp_path / "y.gexf").write_text("<gexf")
    with pytest.raises(ExportError, match="not well-formed XML"):
        read_gexf(tmp_path / "y.gexf")


# ---------------------------------------------------------------- the other formats

@pytest.mark.parametrize("name", PROJECTIONS)
def test_graphml_round_trip(graphs, name, tmp_path):
    g = graphs[name]
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert _edges(back) == _edges(g)


def test_graphml_writes_spells_as_iso_intervals(graphs, tmp_path):
    write_graphml(graphs["countries"], tmp_path / "g.graphml")
    text = (tmp_path / "g.graphml").read_text()
    assert "2017-03-01/2017-03-01 2018-05-05/2018-05-05" in text


@pytest.mark.parametrize("name", PROJECTIONS)
def test_node_link_json_round_trip(graphs, name, tmp_path):
    g = graphs[name]
    write_node_link(g, tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text())
    assert {"nodes", "links"} <= set(data) and len(data["links"]) == g.number_of_edges()
    back = read_node_link(tmp_path / "g.json")
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert _edges(back) == _edges(g)


def test_node_link_json_for_d3(graphs):
    buffer = io.BytesIO()
    write_node_link(graphs["countries"], buffer)
    data = json.loads(buffer.getvalue())
    jpn = next(n for n in data["nodes"] if n["id"] == "JPN")
    assert jpn["label"] == "Japan" and jpn["spells"] == [["2017-03-01", "2018-05-05"]]
    link = next(e for e in data["links"] if {e["source"], e["target"]} == {"JPN", "USA"})
    assert link["weight"] == 3


def test_edgelist_csv_exact_file(graphs, tmp_path):
    write_edgelist_csv(graphs["countries"], tmp_path / "e.csv", nodes=tmp_path / "n.csv")
    lines = (tmp_path / "e.csv").read_text().splitlines()
    assert lines[0] == "source,target,weight,meetings,calls,visits,summits,agreements,planned,first,last,spells"
    assert "JPN,USA,3,2,1,0,1,1,0,2017-03-01,2018-05-05,2017-03-01/2017-03-01 2018-05-05/2018-05-05" in lines
    nodes = (tmp_path / "n.csv").read_text().splitlines()
    assert nodes[0] == ("id,label,kind,iso3,continent,iri,meetings,agreements,first,last,spells,"
                        "weighted_degree,betweenness,eigenvector,community")
    assert nodes[1].startswith("JPN,Japan,country,JPN,Asia,https://w3id.org/dipgraph/id/country/JPN,2,1,")


def test_edgelist_csv_round_trip_gives_strings_except_weight_and_spells(graphs, tmp_path):
    g = graphs["officials"]
    write_edgelist_csv(g, tmp_path / "e.csv", nodes=tmp_path / "n.csv")
    back = read_edgelist_csv(tmp_path / "e.csv", nodes=tmp_path / "n.csv")
    assert set(back.nodes) == set(g.nodes)
    for node, data in g.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        assert back.nodes[node]["spells"] == data["spells"]
        assert back.nodes[node]["meetings"] == str(data["meetings"])
    assert _edges(back).keys() == _edges(g).keys()
    for key, data in _edges(g).items():
        assert _edges(back)[key]["weight"] == data["weight"]
        assert _edges(back)[key]["spells"] == data["spells"]


def test_edgelist_csv_of_a_multigraph_has_a_key_column(graphs, tmp_path):
    write_edgelist_csv(graphs["full"], tmp_path / "e.csv")
    header = (tmp_path / "e.csv").read_text().splitlines()[0]
    assert header.startswith("source,target,key,weight,label,relation,")
    back = read_edgelist_csv(tmp_path / "e.csv", directed=True)
    assert type(back) is nx.MultiDiGraph and back.number_of_edges() == graphs["full"].number_of_edges()
