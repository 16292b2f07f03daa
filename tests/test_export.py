"""Projections: exact nodes, edges, attributes and spells on hand-made releases; filters; SPARQL
projections; metrics."""
from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from dipgraph.errors import ExportError
from dipgraph.export import add_metrics, projection, query_projection
from dipgraph.export.projections import Filters
from dipgraph.mapping import person_iri
from dipgraph.models import Official
from dipgraph.query import parse_header

COUNTRY = "https://w3id.org/dipgraph/id/country/"
YUN = str(person_iri(Official("Yun Byung-se", None, "KOR")))
LAVROV = str(person_iri(Official("Sergey Lavrov", None, "RUS")))
KISHIDA = str(person_iri(Official("Fumio Kishida", None, "JPN")))
TILLERSON = str(person_iri(Official("Rex Tillerson", None, "USA")))
ABE = str(person_iri(Official("Shinzo Abe", None, "JPN")))
TRUMP = str(person_iri(Official("Donald Trump", None, "USA")))


def country(iso3, name, continent, meetings, agreements, first, last):
    return {"label": name, "kind": "country", "iso3": iso3, "continent": continent, "iri": COUNTRY + iso3,
            "meetings": meetings, "agreements": agreements, "first": first, "last": last, "spells": [(first, last)]}


def relation(weight, *, meetings=0, calls=0, visits=0, summits=0, agreements=0, planned=0, days=()):
    attrs = {"weight": weight, "meetings": meetings, "calls": calls, "visits": visits, "summits": summits,
             "agreements": agreements, "planned": planned}
    if days:
        attrs.update(first=days[0], last=days[-1], spells=[(d, d) for d in days])
    return attrs


# ---------------------------------------------------------------- countries

def test_countries_projection(export_store):
    g = projection(export_store, "countries")
    assert type(g) is nx.Graph
    assert dict(g.nodes(data=True)) == {
        "JPN": country("JPN", "Japan", "Asia", 2, 1, "2017-03-01", "2018-05-05"),
        "KOR": country("KOR", "South Korea", "Asia", 3, 1, "2016-06-13", "2017-03-01"),
        "RUS": country("RUS", "Russian Federation", "Europe", 2, 1, "2016-06-13", "2016-06-13"),
        "USA": country("USA", "United States", "North America", 2, 1, "2017-03-01", "2018-05-05"),
    }
    assert {tuple(sorted((a, b))): d for a, b, d in g.edges(data=True)} == {
        ("JPN", "KOR"): relation(1, meetings=1, calls=1, days=["2017-03-01"]),
        # the call, the summit and the unsigned, undated agreement (no spell of its own)
        ("JPN", "USA"): relation(3, meetings=2, calls=1, summits=1, agreements=1, days=["2017-03-01", "2018-05-05"]),
        # the Moscow meeting, the planned undated visit and the agreement signed that day: one day
        ("KOR", "RUS"): relation(3, meetings=2, visits=1, agreements=1, planned=1, days=["2016-06-13"]),
        ("KOR", "USA"): relation(1, meetings=1, calls=1, days=["2017-03-01"]),
    }
    assert g.graph == {"projection": "countries", "colour_by": "continent"}


def test_since_leaves_out_earlier_and_undated_events(export_store):
    g = projection(export_store, "countries", since="2017-01-01")
    assert sorted(g.edges) == [("JPN", "KOR"), ("JPN", "USA"), ("KOR", "USA")]
    assert g.edges["JPN", "USA"] == relation(2, meetings=2, calls=1, summits=1, days=["2017-03-01", "2018-05-05"])
    assert g.nodes["KOR"]["first"] == "2017-03-01" and g.nodes["KOR"]["meetings"] == 1
    assert g.graph["filters"] == "since 2017-01-01"


def test_until_and_since_together(export_store):
    g = projection(export_store, "countries", since="2017-01-01", until="2017-12-31")
    assert {tuple(sorted(e)) for e in g.edges} == {("JPN", "KOR"), ("JPN", "USA"), ("KOR", "USA")}
    assert g.edges["JPN", "USA"]["weight"] == 1


def test_country_filter_keeps_the_events_of_that_country(export_store):
    g = projection(export_store, "countries", country="rus")
    assert sorted(g.nodes) == ["KOR", "RUS"]
    g = projection(export_store, "countries", country=["RUS", "USA"])
    assert sorted(g.nodes) == ["JPN", "KOR", "RUS", "USA"]
    assert ("JPN", "KOR") in g.edges  # the trilateral call involves USA


def test_kind_filter(export_store):
    g = projection(export_store, "countries", kind="phone call")
    assert {tuple(sorted(e)) for e in g.edges} == {("JPN", "KOR"), ("JPN", "USA"), ("KOR", "USA")}
    g = projection(export_store, "countries", kind=["agreement"])
    assert {tuple(sorted(e)): d["weight"] for *e, d in g.edges(data=True)} == {("JPN", "USA"): 1, ("KOR", "RUS"): 1}
    assert "spells" not in g.edges["JPN", "USA"]  # undated and unsigned


def test_occurred_only_drops_planned_meetings(export_store):
    g = projection(export_store, "countries", occurred_only=True)
    assert g.edges["KOR", "RUS"] == relation(2, meetings=1, agreements=1, days=["2016-06-13"])


@pytest.mark.parametrize("filters, message", [
    ({"since": "2016-13-01"}, "since '2016-13-01' is not a date"),
    ({"since": "2018-01-01", "until": "2017-01-01"}, "since 2018-01-01 is after until 2017-01-01"),
    ({"country": "Korea"}, "country 'Korea' is not an ISO 3166-1 alpha-3 code"),
    ({"kind": "dinner"}, "kind 'dinner' is not one of: meeting, phone call, video call, summit, visit, agreement"),
])
def test_bad_filters_are_clear_errors(export_store, filters, message):
    with pytest.raises(ExportError, match=message):
        projection(export_store, "countries", **filters)


def test_unknown_projection(export_store):
    with pytest.raises(ExportError, match="choose one of countries, officials, bipartite, full"):
        projection(export_store, "planets")


def test_filters_describe_themselves():
    f = Filters.of(since="2017-01-01", country=["usa", "JPN"], kind="summit", occurred_only=True)
    assert f.describe() == "since 2017-01-01; involving JPN or USA; kinds summit; held (not only planned)"
    assert not Filters.of()


# ---------------------------------------------------------------- officials, bipartite, full

def test_officials_projection(export_store):
    g = projection(export_store, "officials")
    assert sorted(g.nodes) == sorted([YUN, LAVROV, KISHIDA, TILLERSON, ABE, TRUMP])
    assert g.nodes[YUN] == {"label": "Yun Byung-se", "kind": "official", "iri": YUN, "continent": "Asia",
                            "country": "KOR", "meetings": 2, "first": "2016-06-13", "last": "2017-03-01",
                            "spells": [("2016-06-13", "2017-03-01")]}
    # Lavrov's only other meeting is the planned, undated visit: counted, but it moves no date
    assert g.nodes[LAVROV]["meetings"] == 2 and g.nodes[LAVROV]["first"] == "2016-06-13"
    assert {frozenset((a, b)): d["weight"] for a, b, d in g.edges(data=True)} == {
        frozenset((YUN, LAVROV)): 1, frozenset((YUN, KISHIDA)): 1, frozenset((YUN, TILLERSON)): 1,
        frozenset((KISHIDA, TILLERSON)): 1, frozenset((ABE, TRUMP)): 1}
    assert g.edges[ABE, TRUMP] == {"weight": 1, "calls": 0, "visits": 0, "summits": 1, "planned": 0,
                                   "first": "2018-05-05", "last": "2018-05-05",
                                   "spells": [("2018-05-05", "2018-05-05")]}


def test_bipartite_projection(export_store):
    g = projection(export_store, "bipartite")
    actors = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    events = {n for n, d in g.nodes(data=True) if d["bipartite"] == 1}
    assert nx.is_bipartite(g) and all((a in actors) != (b in actors) for a, b in g.edges)
    assert len(actors) == 10 and len(events) == 6
    assert Counter(d["kind"] for n, d in g.nodes(data=True) if n in events) == {
        "meeting": 1, "visit": 1, "phone call": 1, "summit": 1, "agreement": 2}
    summit = next(n for n, d in g.nodes(data=True) if d["kind"] == "summit")
    assert g.nodes[summit]["place"] == "Washington" and g.nodes[summit]["spells"] == [("2018-05-05", "2018-05-05")]
    assert {(nbr, d["relation"]) for nbr, d in g[summit].items()} == {
        (COUNTRY + "JPN", "involves"), (COUNTRY + "USA", "involves"), (ABE, "participant"), (TRUMP, "participant")}
    assert g.edges[COUNTRY + "USA", summit]["spells"] == [("2018-05-05", "2018-05-05")]
    agreement = next(n for n, d in g.nodes(data=True) if d.get("label") == "trade framework")
    assert {d["relation"] for d in g[agreement].values()} == {"party"}
    assert g.nodes[agreement]["occurred"] is False and "spells" not in g.nodes[agreement]
    assert Counter(d["relation"] for *_, d in g.edges(data=True)) == {"involves": 9, "party": 4, "participant": 8}


def test_full_projection(export_store):
    g = projection(export_store, "full")
    assert type(g) is nx.MultiDiGraph
    assert Counter(d["kind"] for _, d in g.nodes(data=True)) == {
        "post": 7, "official": 6, "country": 4, "role": 4, "agreement": 2, "place": 2, "release": 2,
        "publisher": 2, "phone call": 1, "summit": 1, "meeting": 1, "visit": 1, "resolution": 1, "signing": 1}
    # Yun serves Korea in both releases: one edge, weighed by the two releases stating it
    assert g.edges[YUN, COUNTRY + "KOR", "country"] == {"label": "country", "relation": "country", "weight": 2}
    summit = next(n for n, d in g.nodes(data=True) if d["kind"] == "summit")
    assert g.edges[summit, ABE, "participant"]["spells"] == [("2018-05-05", "2018-05-05")]
    release = next(n for n, d in g.nodes(data=True) if d["kind"] == "release" and d["label"].startswith("Trilateral"))
    assert g.nodes[release]["spells"] == [("2017-03-01", "2017-03-01")]
    assert (release, COUNTRY + "JPN", "mentionsCountry") in g.edges
    # a country spans the dates of what it is linked to
    assert g.nodes[COUNTRY + "RUS"]["spells"] == [("2016-06-13", "2016-06-13")]


def test_full_projection_with_a_filter_keeps_the_events_and_what_they_link(export_store):
    g = projection(export_store, "full", country="RUS")
    kinds = Counter(d["kind"] for _, d in g.nodes(data=True))
    assert kinds == {"country": 2, "official": 2, "agreement": 1, "meeting": 1, "visit": 1, "place": 1,
                     "release": 1, "signing": 1}
    assert COUNTRY + "JPN" not in g


# ---------------------------------------------------------------- SPARQL

def _query(text: str, name: str = "q"):
    return parse_header(name, text)


def test_query_projection_aggregates_rows_into_weighted_edges_with_spells(export_store):
    q = _query("""
        SELECT ?source ?target ?start ?label WHERE {
          GRAPH ?g { ?m a dip:Meeting ; dip:occurred true ; dip:participant ?source ; dip:involvesCountry ?target .
                     OPTIONAL { ?m schema:startDate ?start } }
          BIND("took part" AS ?label)
        }""")
    g = query_projection(export_store, q)
    assert type(g) is nx.Graph
    assert g.edges[YUN, COUNTRY + "KOR"] == {"weight": 2, "label": "took part", "first": "2016-06-13",
                                             "last": "2017-03-01",
                                             "spells": [("2016-06-13", "2016-06-13"), ("2017-03-01", "2017-03-01")]}
    assert g.nodes[YUN] == {"label": "Yun Byung-se", "kind": "official", "iri": YUN, "first": "2016-06-13",
                            "last": "2017-03-01", "spells": [("2016-06-13", "2017-03-01")]}
    assert g.nodes[COUNTRY + "KOR"]["kind"] == "country" and g.nodes[COUNTRY + "KOR"]["continent"] == "Asia"
    # participants × countries of each held meeting, Yun–Korea (in two of them) once
    assert g.number_of_edges() == 2 * 2 + 3 * 3 + 2 * 2 - 1


def test_query_projection_with_kind_weight_and_direction(export_store):
    q = _query("""
        SELECT ?source ?target ?kind (2.5 AS ?weight) WHERE {
          { GRAPH ?g { ?m a dip:Meeting ; dip:involvesCountry ?source, ?target } BIND("met" AS ?kind) }
          UNION
          { GRAPH ?g { ?a a dip:Agreement ; dip:party ?source, ?target } BIND("agreed" AS ?kind) }
          FILTER(STR(?source) < STR(?target))
        }""")
    g = query_projection(export_store, q, directed=True)
    assert type(g) is nx.MultiDiGraph
    kor, rus = COUNTRY + "KOR", COUNTRY + "RUS"
    assert set(g[kor][rus]) == {"met", "agreed"}
    assert g.edges[kor, rus, "met"] == {"weight": 5.0, "kind": "met"}  # the meeting and the planned visit
    assert g.edges[kor, rus, "agreed"] == {"weight": 2.5, "kind": "agreed"}
    assert not g.has_edge(rus, kor)


def test_query_projection_literal_nodes(export_store):
    q = _query("SELECT ?source ?target WHERE { GRAPH ?g { ?m schema:location/schema:name ?source . "
               "?m dip:involvesCountry ?target } }")
    g = query_projection(export_store, q)
    assert g.nodes["Moscow"] == {"label": "Moscow", "kind": "literal"}
    assert set(g["Washington"]) == {COUNTRY + "JPN", COUNTRY + "USA"}


@pytest.mark.parametrize("text, message", [
    ("SELECT ?a ?b WHERE { ?a ?p ?b }", r"selects \?a, \?b; a network needs \?source and \?target"),
    ("ASK { ?a ?p ?b }", "is not a SELECT"),
    ('SELECT ?source ?target ?start WHERE { VALUES (?source ?target ?start) { ("a" "b" "soon") } }',
     "row 1, \\?start: 'soon' is not a date"),
    ('SELECT ?source ?target ?weight WHERE { VALUES (?source ?target ?weight) { ("a" "b" "heavy") } }',
     "row 1: \\?weight 'heavy' is not a number"),
    ('SELECT ?source ?target ?start ?end WHERE { VALUES (?source ?target ?start ?end) '
     '{ ("a" "b" "2020-01-02" "2020-01-01") } }', "\\?end 2020-01-01 is before \\?start 2020-01-02"),
])
def test_query_projection_errors(export_store, text, message):
    with pytest.raises(ExportError, match=message):
        query_projection(export_store, _query(text))


# ---------------------------------------------------------------- metrics

def test_metrics_on_two_triangles_joined_by_a_bridge():
    g = nx.Graph()
    g.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")], weight=2)
    g.add_edge("c", "x", weight=1)
    add_metrics(g)
    assert g.nodes["c"]["weighted_degree"] == 5 and g.nodes["a"]["weighted_degree"] == 4
    # the shortest paths of 6 of the 10 pairs that do not include c pass through it (a|b to x|y|z)
    assert g.nodes["c"]["betweenness"] == pytest.approx(6 / 10, abs=1e-6)
    assert g.nodes["a"]["betweenness"] == 0
    assert g.nodes["c"]["eigenvector"] > g.nodes["a"]["eigenvector"] > 0
    assert g.nodes["c"]["eigenvector"] == pytest.approx(g.nodes["x"]["eigenvector"], abs=1e-5)
    communities = {n: d["community"] for n, d in g.nodes(data=True)}
    assert communities["a"] == communities["b"] == communities["c"]
    assert communities["x"] == communities["y"] == communities["z"] != communities["a"]
    assert communities["a"] == 0  # equal sizes: numbered by their first member


def test_metrics_are_reproducible_and_merge_parallel_edges(export_store):
    g = projection(export_store, "full")
    again = projection(export_store, "full")
    add_metrics(g)
    add_metrics(again)
    assert dict(g.nodes(data=True)) == dict(again.nodes(data=True))
    # Yun: linked to Korea (weight 2), to both releases, both posts, three meetings… in one direction or the other
    expected = sum(d["weight"] for *_, d in g.in_edges(YUN, data=True)) + \
        sum(d["weight"] for *_, d in g.out_edges(YUN, data=True))
    assert g.nodes[YUN]["weighted_degree"] == expected


def test_metrics_on_an_empty_graph_do_nothing():
    assert add_metrics(nx.Graph()).number_of_nodes() == 0
