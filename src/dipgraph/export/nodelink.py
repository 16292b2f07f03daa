"""Node-link JSON for d3 and sigma.js: ``{"nodes": [{"id": …}, …], "links": [{"source": …, "target": …}, …]}``.

networkx's node-link layout, with ``links`` (d3's name for edges); ``spells`` are lists of
``[start, end]`` pairs and come back as tuples. The reader also takes ``edges`` for ``links``.
"""
from __future__ import annotations

import json
from typing import BinaryIO

import networkx as nx
from networkx.utils import open_file

from dipgraph.errors import ExportError
from dipgraph.export.files import write_bytes
from dipgraph.export.values import plain_graph


def node_link_json(graph: nx.Graph) -> str:
    g = plain_graph(graph)
    for *_, data in [*g.nodes(data=True), *g.edges(data=True)]:
        data.pop("viz", None)
    return json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False, indent=1)


def write_node_link(graph: nx.Graph, path: str | BinaryIO) -> None:
    """Write ``graph`` as node-link JSON to ``path`` (a file name or an open binary file)."""
    write_bytes(node_link_json(graph).encode("utf-8") + b"\n", path)


@open_file(0, mode="rb")
def read_node_link(path: str | BinaryIO) -> nx.Graph:
    name = getattr(path, "name", "JSON input")
    try:
        data = json.loads(path.read().decode("utf-8"))
        graph = nx.node_link_graph(data, edges="edges" if "edges" in data else "links")
    except (ValueError, KeyError, TypeError, nx.NetworkXError) as e:
        raise ExportError(f"{name}: not node-link JSON: {e}") from None
    for *_, attrs in [*graph.nodes(data=True), *graph.edges(data=True)]:
        if "spells" in attrs:
            attrs["spells"] = [tuple(s) for s in attrs["spells"]]
    return graph
