"""GraphML for yEd, Cytoscape and igraph, through networkx's writer."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import networkx as nx

from dipgraph.export.gexf import _clean


def write_graphml(graph: nx.Graph, path: str | Path | BinaryIO) -> None:
    nx.write_graphml(_clean(graph), path)


def read_graphml(path: str | Path | BinaryIO) -> nx.Graph:
    return nx.read_graphml(path)
