"""GraphML for yEd, Cytoscape and igraph, through networkx's writer and reader.

GraphML has no time intervals: ``spells`` are written as ISO 8601 intervals in one string attribute
(``2016-06-13/2016-06-13 2017-03-01/2017-03-01``) and read back into ``(start, end)`` tuples.
``viz`` styling is GEXF's own and is not written.
"""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from dipgraph.export.spells import spells_from_text, spells_to_text
from dipgraph.export.values import plain_graph


def _encode(data: dict) -> None:
    data.pop("viz", None)
    if "spells" in data:
        data["spells"] = spells_to_text(data["spells"])


def _decode(data: dict) -> None:
    if isinstance(data.get("spells"), str):
        data["spells"] = spells_from_text(data["spells"])


def write_graphml(graph: nx.Graph, path: str | BinaryIO) -> None:
    """Write ``graph`` as GraphML to ``path`` (a file name or an open binary file)."""
    g = plain_graph(graph)
    for *_, data in [*g.nodes(data=True), *g.edges(data=True)]:
        _encode(data)
    nx.write_graphml(g, path)


def read_graphml(path: str | BinaryIO) -> nx.Graph:
    graph = nx.read_graphml(path)
    for *_, data in [*graph.nodes(data=True), *graph.edges(data=True)]:
        _decode(data)
    return graph
