"""Projections of the stored graph onto NetworkX graphs for analysis.

``countries``: a node per country, an edge per pair that met (weight = meetings held, with the
first and last date). ``officials``: a node per official, an edge per pair that took part in the
same meetings. Only meetings that took place count; planned ones are not relations yet.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from dipgraph.errors import ExportError
from dipgraph.query import run_local, with_prefixes

PROJECTIONS = ("countries", "officials")

_MEETING_COUNTRIES = """
SELECT ?meeting ?date ?country ?name WHERE {
  GRAPH ?g { ?meeting a dip:Meeting ; dip:occurred true ; dip:involvesCountry ?country .
             OPTIONAL { ?meeting schema:startDate ?date } }
  OPTIONAL { GRAPH dipg:countries { ?country schema:name ?name } }
}"""

_MEETING_OFFICIALS = """
SELECT ?meeting ?date ?official ?name ?country WHERE {
  GRAPH ?g { ?meeting a dip:Meeting ; dip:occurred true ; dip:participant ?official .
             ?official schema:name ?name .
             OPTIONAL { ?official dip:country ?country }
             OPTIONAL { ?meeting schema:startDate ?date } }
}"""


def _iso3(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _co_occurrence(rows, node_of, attrs_of) -> nx.Graph:
    """A weighted graph joining the nodes that share a meeting: weight, first and last date."""
    members: dict[str, set[str]] = defaultdict(set)
    dates: dict[str, str | None] = {}
    graph = nx.Graph()
    for row in rows:
        node = node_of(row)
        meeting = str(row["meeting"])
        members[meeting].add(node)
        if row.get("date") is not None:
            dates[meeting] = str(row["date"])
        if node not in graph:
            graph.add_node(node, **attrs_of(row))
    for meeting, nodes in members.items():
        date = dates.get(meeting)
        for a, b in combinations(sorted(nodes), 2):
            if graph.has_edge(a, b):
                edge = graph.edges[a, b]
                edge["weight"] += 1
            else:
                graph.add_edge(a, b, weight=1)
                edge = graph.edges[a, b]
            if date:
                edge["first"] = min(edge.get("first", date), date)
                edge["last"] = max(edge.get("last", date), date)
    for node in graph:
        graph.nodes[node]["meetings"] = sum(1 for nodes in members.values() if node in nodes)
    return graph


def countries_projection(store) -> nx.Graph:
    rows = run_local(store, with_prefixes(_MEETING_COUNTRIES)).as_dicts()
    graph = _co_occurrence(
        rows,
        node_of=lambda r: _iso3(r["country"]),
        attrs_of=lambda r: {"label": str(r["name"]) if r.get("name") else _iso3(r["country"]),
                            "kind": "country", "iso3": _iso3(r["country"]), "iri": str(r["country"])},
    )
    graph.graph["projection"] = "countries"
    return graph


def officials_projection(store) -> nx.Graph:
    rows = run_local(store, with_prefixes(_MEETING_OFFICIALS)).as_dicts()
    graph = _co_occurrence(
        rows,
        node_of=lambda r: str(r["official"]),
        attrs_of=lambda r: {"label": str(r["name"]), "kind": "official",
                            "country": _iso3(r["country"]) if r.get("country") else "", "iri": str(r["official"])},
    )
    graph.graph["projection"] = "officials"
    return graph


def projection(store, name: str) -> nx.Graph:
    """The NetworkX graph of projection ``name`` (one of :data:`PROJECTIONS`) of the store."""
    builders = {"countries": countries_projection, "officials": officials_projection}
    if name not in builders:
        raise ExportError(f"no projection named {name!r}; choose one of {', '.join(PROJECTIONS)}")
    return builders[name](store)
