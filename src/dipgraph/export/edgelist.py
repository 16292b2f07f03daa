"""Edge-list CSV for R and igraph: one row per edge (``source``, ``target``, then its attributes),
and optionally a node table (``id``, then the node attributes) for ``graph_from_data_frame(d, vertices=)``.

A multigraph's edge key is the ``key`` column. ``spells`` are ISO 8601 intervals separated by spaces;
booleans are ``true``/``false``; a missing value is an empty cell. Reading gives strings, except
``weight`` (a number) and ``spells`` (tuples).
"""
from __future__ import annotations

import csv
import io
from typing import BinaryIO

import networkx as nx
from networkx.utils import open_file

from dipgraph.errors import ExportError
from dipgraph.export.files import write_bytes
from dipgraph.export.spells import spells_from_text, spells_to_text
from dipgraph.export.values import graph_type, plain_graph


def _cell(key: str, value) -> str:
    if value is None:
        return ""
    if key == "spells":
        return spells_to_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _columns(records, first: list[str]) -> list[str]:
    columns = list(first)
    for data in records:
        for key in data:
            if key not in columns and key != "viz":
                columns.append(key)
    return columns


def _table(columns: list[str], rows) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def write_edgelist_csv(graph: nx.Graph, path: str | BinaryIO, *, nodes: str | BinaryIO | None = None) -> None:
    """Write the edges of ``graph`` as CSV to ``path``, and its nodes to ``nodes`` when given."""
    g = plain_graph(graph)
    multi = g.is_multigraph()
    items = list(g.edges(keys=True, data=True)) if multi else [(a, b, None, d) for a, b, d in g.edges(data=True)]
    columns = _columns((d for *_, d in items), ["source", "target", *(["key"] if multi else []), "weight"])
    if not any("weight" in d for *_, d in items):
        columns.remove("weight")
    rows = ([a, b, *([_cell("key", k)] if multi else []),
             *(_cell(c, d.get(c)) for c in columns[3 if multi else 2:])] for a, b, k, d in items)
    edges = _table(columns, rows)
    node_table = nodes_table(g) if nodes is not None else None
    write_bytes(edges, path)
    if node_table is not None:
        write_bytes(node_table, nodes)


def nodes_table(graph: nx.Graph) -> bytes:
    """The node table: ``id``, ``label``, then every node attribute."""
    g = plain_graph(graph)
    columns = _columns((d for _, d in g.nodes(data=True)), ["id", "label"])
    return _table(columns, ([n, *(_cell(c, d.get(c)) for c in columns[1:])] for n, d in g.nodes(data=True)))


def _read_table(file: BinaryIO) -> list[dict]:
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    try:
        rows = list(csv.DictReader(text))
    finally:
        text.detach()
    return rows


def _values(row: dict, skip: tuple[str, ...]) -> dict:
    data = {}
    for key, value in row.items():
        if key in skip or value in ("", None):
            continue
        if key == "weight":
            value = float(value)
        elif key == "spells":
            value = spells_from_text(value)
        data[key] = value
    return data


@open_file(0, mode="rb")
def read_edgelist_csv(path: str | BinaryIO, *, nodes: str | BinaryIO | None = None,
                      directed: bool = False) -> nx.Graph:
    """Read an edge-list CSV (and its node table) back into a networkx graph."""
    name = getattr(path, "name", "CSV input")
    rows = _read_table(path)
    if rows and not {"source", "target"} <= set(rows[0]):
        raise ExportError(f"{name}: an edge list needs the columns source and target")
    multi = bool(rows) and "key" in rows[0]
    graph = graph_type(directed=directed, multi=multi)()
    if nodes is not None:
        for row in read_nodes_csv(nodes):
            graph.add_node(row.pop("id"), **row)
    for row in rows:
        data = _values(row, ("source", "target", "key"))
        if multi:
            graph.add_edge(row["source"], row["target"], key=row["key"], **data)
        else:
            graph.add_edge(row["source"], row["target"], **data)
    return graph


@open_file(0, mode="rb")
def read_nodes_csv(path: str | BinaryIO) -> list[dict]:
    return [{"id": row["id"], **_values(row, ("id",))} for row in _read_table(path)]
