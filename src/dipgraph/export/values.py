"""Attribute values every format can write: rdflib terms, dates and sequences made plain.

networkx graphs may hold anything as an attribute; formats hold strings, numbers and booleans.
``spells`` (see :mod:`dipgraph.export.spells`) and ``viz`` (networkx's GEXF styling) are left to the
writers that understand them.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import networkx as nx
from rdflib import Literal
from rdflib.term import Node

from dipgraph.errors import ExportError

STRUCTURED = frozenset({"spells", "viz"})
"""Attributes with a structure of their own, which each writer handles itself."""

# XML 1.0 forbids these characters; a label taken from a web page may still hold one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain(value):
    """``value`` as a string, integer, float or boolean (None stays None)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Literal):  # before str: rdflib terms are strings too
        python = value.toPython()
        return plain(str(value)) if isinstance(python, Literal) else plain(python)
    if isinstance(value, Node):  # URIRef, BNode
        return _NOT_XML.sub("", str(value))
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return plain(value.item())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "; ".join(str(plain(v)) for v in items)
    if isinstance(value, dict):
        raise ExportError(f"an attribute holds a mapping ({value!r}), which no export format can write")
    return str(value)


def plain_attributes(data: dict) -> dict:
    """The attributes with plain values; None values are left out (absent, not empty)."""
    out = {}
    for key, value in data.items():
        if key in STRUCTURED:
            if value:
                out[key] = value
            continue
        value = plain(value)
        if value is not None:
            out[str(key)] = value
    return out


def plain_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with string node ids and plain attribute values."""
    out = graph.__class__()
    out.graph.update(plain_attributes(graph.graph))
    for node, data in graph.nodes(data=True):
        out.add_node(str(plain(node)), **plain_attributes(data))
    if graph.is_multigraph():
        for a, b, key, data in graph.edges(keys=True, data=True):
            out.add_edge(str(plain(a)), str(plain(b)), key=plain(key), **plain_attributes(data))
    else:
        for a, b, data in graph.edges(data=True):
            out.add_edge(str(plain(a)), str(plain(b)), **plain_attributes(data))
    return out


def attribute_type(values) -> str:
    """The one type that holds every value: ``boolean``, ``integer``, ``long``, ``double`` or ``string``."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "integer" if all(-2**31 <= v < 2**31 for v in values) else "long"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def graph_type(*, directed: bool, multi: bool) -> type[nx.Graph]:
    """The networkx class for a graph read or built with these properties."""
    if multi:
        return nx.MultiDiGraph if directed else nx.MultiGraph
    return nx.DiGraph if directed else nx.Graph
