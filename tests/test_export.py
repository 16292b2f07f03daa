"""Export: exact nodes and edges of each projection; GEXF and GraphML round trips."""
from __future__ import annotations

import io

import networkx as nx
import pytest
from lxml import etree

from dipgraph.errors import ExportError
from dipgraph.export import projection, read_gexf, read_graphml, write_gexf, write_graphml
from dipgraph.mapping import countries_graph, map_extraction
from dipgraph.store import GraphStore


@pytest.fixture
def store(sample):
    s = GraphStore(None)
    s.write_graphs([countries_graph(), map_extraction(sample)])
    return s


def test_countries_projection(store):
    g = projection(store, "countries")
    assert dict(g.nodes(data=True)) == {
        "KOR": {"label": "South Korea", "kind": "country", "iso3": "KOR",
                "iri": "https://w3id.org/dipgraph/id/country/KOR", "meetings": 1},
        "RUS": {"label": "Russian Federation", "kind": "country", "iso3": "RUS",
                "iri": "https://w3id.org/dipgraph/id/country/RUS", "meetings": 1},
    }
    assert {frozenset(e) for e in g.edges} == {frozenset(("KOR", "RUS"))}  # edge direction follows query order
    assert g.edges["KOR", "RUS"] == {"weight": 1, "first": "2016-06-13", "last": "2016-06-13"}


def test_officials_projection(store):
    g = projection(store, "officials")
    yun = "https://w3id.org/dipgraph/id/person/KOR/yun-byungse"
    lavrov = "https://w3id.org/dipgraph/id/person/RUS/sergey-lavrov"
    assert g.nodes[yun] == {"label": "Yun Byung-se", "kind": "official", "country": "KOR", "iri": yun, "meetings": 1}
    assert g.nodes[lavrov]["label"] == "Sergey Lavrov"
    assert set(g.nodes) == {yun, lavrov}
    assert g.edges[yun, lavrov] == {"weight": 1, "first": "2016-06-13", "last": "2016-06-13"}


def test_unknown_projection(store):
    with pytest.raises(ExportError, match="choose one of countries, officials"):
        projection(store, "planets")


@pytest.mark.parametrize("name", ["countries", "officials"])
def test_gexf_round_trip(store, name):
    g = projection(store, name)
    buffer = io.BytesIO()
    write_gexf(g, buffer)
    buffer.seek(0)
    back = read_gexf(buffer)
    assert set(back.nodes) == set(g.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}
    for a, b, data in g.edges(data=True):
        assert back.edges[a, b]["weight"] == data["weight"]
        assert back.edges[a, b]["first"] == data["first"]
    for node, data in g.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        assert back.nodes[node]["kind"] == data["kind"]


def test_gexf_is_valid_against_the_official_schema(store, shared_dir):
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "schemas" / "gexf" / "1.3" / "gexf.xsd")))
    for name in ("countries", "officials"):
        buffer = io.BytesIO()
        write_gexf(projection(store, name), buffer)
        doc = etree.fromstring(buffer.getvalue())
        schema.assertValid(doc)


def test_gexf_output_is_byte_identical_from_run_to_run(store):
    a, b = io.BytesIO(), io.BytesIO()
    write_gexf(projection(store, "countries"), a)
    write_gexf(projection(store, "countries"), b)
    assert a.getvalue() == b.getvalue()


def test_graphml_round_trip(store, tmp_path):
    g = projection(store, "countries")
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert list(back.edges(data=True)) == list(g.edges(data=True))
