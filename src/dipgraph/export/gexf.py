"""GEXF 1.3 for Gephi, written with lxml and valid against the official XML schema (``gexf.xsd``).

Written directly rather than through networkx's writer, which produces a ``<graph name="">`` and an
``xsi`` namespace the schema rejects, refuses rdflib terms and takes any list value for time spells.

- Attributes are declared with a type (``integer``, ``long``, ``double``, ``boolean``, ``string``), so
  Gephi's partition panel offers the strings and its ranking panel the numbers. GEXF 1.3 has no date
  type: dates are ISO 8601 strings, which sort chronologically.
- ``dynamic=True`` writes ``mode="dynamic" timeformat="date"`` and each node's and edge's ``spells``,
  which Gephi's timeline plays.
- Colours and sizes (:mod:`dipgraph.export.style`) are ``<color>`` and ``<size>`` elements in the GEXF
  namespace itself: that is where the official XSD declares them (the RELAX NG schema puts them in
  ``http://gexf.net/1.3/viz`` instead; the two disagree). Gephi and graphology find them by local name.
- A multigraph's edge key is written as the edge's ``kind``, which keeps parallel edges of different
  kinds apart in Gephi.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import networkx as nx
from lxml import etree
from networkx.utils import open_file

from dipgraph import __version__
from dipgraph.errors import ExportError
from dipgraph.export.files import write_bytes
from dipgraph.export.spells import check_day
from dipgraph.export.style import node_colour, node_sizes
from dipgraph.export.values import STRUCTURED, attribute_type, graph_type, plain_graph

GEXF_NS = "http://gexf.net/1.3"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"

_ELEMENT_KEYS = {"label"}  # written as XML attributes, not declared attributes
_EDGE_ELEMENT_KEYS = {"label", "weight"}


def _e(tag: str, parent=None, **attrs) -> etree._Element:
    name = f"{{{GEXF_NS}}}{tag}"
    return etree.Element(name, attrs) if parent is None else etree.SubElement(parent, name, attrs)


def _token(text) -> str:
    return " ".join(str(text).split())


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declare(parent, cls: str, records: Iterable[dict], skip: set[str]) -> dict[str, str]:
    """Declare every attribute the records hold (in order of first appearance) with one type each."""
    values: dict[str, list] = {}
    for data in records:
        for key, value in data.items():
            if key not in skip and key not in STRUCTURED:
                values.setdefault(key, []).append(value)
    types = {key: attribute_type(vals) for key, vals in values.items()}
    if types:
        attributes = _e("attributes", parent, **{"class": cls, "mode": "static"})
        for key, kind in types.items():
            _e("attribute", attributes, id=key, title=key, type=kind)
    return types


def _attvalues(parent, data: dict, types: dict[str, str]) -> None:
    present = [k for k in types if k in data]
    if present:
        attvalues = _e("attvalues", parent)
        for key in present:
            _e("attvalue", attvalues, **{"for": key, "value": _text(data[key])})


def _spells(parent, spells, where: str) -> list[str]:
    """Write the spells; return the days they name."""
    days = []
    if spells:
        element = _e("spells", parent)
        for start, end in spells:
            attrs = {}
            if start is not None:
                attrs["start"] = check_day(start, where)
            if end is not None:
                attrs["end"] = check_day(end, where)
            days += attrs.values()
            _e("spell", element, **attrs)
    return days


def _viz(parent, viz: dict | None, colour, size) -> None:
    viz = viz or {}
    c = viz.get("color") or {"r": colour[0], "g": colour[1], "b": colour[2]}
    attrs = {k: str(int(c[k])) for k in ("r", "g", "b")}
    if "a" in c:
        attrs["a"] = str(float(c["a"]))
    _e("color", parent, **attrs)
    if "position" in viz:
        _e("position", parent, **{k: str(float(v)) for k, v in viz["position"].items() if k in ("x", "y", "z")})
    _e("size", parent, value=str(viz.get("size", size)))


def gexf_tree(graph: nx.Graph, *, dynamic: bool = False) -> etree._ElementTree:
    """The GEXF 1.3 document for ``graph``; ``dynamic`` adds the spells Gephi's timeline plays."""
    g = plain_graph(graph)
    root = etree.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3"}, nsmap={None: GEXF_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    meta = _e("meta", root)
    _e("creator", meta).text = f"dipgraph {__version__}"
    description = " — ".join(str(g.graph[k]) for k in ("projection", "filters") if g.graph.get(k))
    if description:
        _e("description", meta).text = description

    graph_el = _e("graph", root, defaultedgetype="directed" if g.is_directed() else "undirected",
                  mode="dynamic" if dynamic else "static")
    days: list[str] = []  # every day a spell names, for the timeline's bounds
    if dynamic:
        graph_el.set("timeformat", "date")

    node_types = _declare(graph_el, "node", (d for _, d in g.nodes(data=True)), _ELEMENT_KEYS)
    edge_types = _declare(graph_el, "edge", (d for *_, d in g.edges(data=True)), _EDGE_ELEMENT_KEYS)

    sizes = node_sizes(g)
    nodes = _e("nodes", graph_el, count=str(g.number_of_nodes()))
    for node, data in g.nodes(data=True):
        element = _e("node", nodes, id=node, label=_token(data.get("label", node)))
        _attvalues(element, data, node_types)
        if dynamic:
            days += _spells(element, data.get("spells"), f"node {node}")
        _viz(element, data.get("viz"), node_colour(g, data), sizes[node])

    edges = _e("edges", graph_el, count=str(g.number_of_edges()))
    items = g.edges(keys=True, data=True) if g.is_multigraph() else ((a, b, None, d) for a, b, d in g.edges(data=True))
    for number, (a, b, key, data) in enumerate(items):
        attrs = {"id": str(number), "source": a, "target": b}
        if "weight" in data:
            if not isinstance(data["weight"], (int, float)) or isinstance(data["weight"], bool):
                raise ExportError(f"edge {a} – {b}: weight {data['weight']!r} is not a number")
            attrs["weight"] = str(data["weight"])
        if data.get("label") is not None:
            attrs["label"] = _token(data["label"])
        if key is not None:
            attrs["kind"] = _token(key)
        element = _e("edge", edges, **attrs)
        _attvalues(element, data, edge_types)
        if dynamic:
            days += _spells(element, data.get("spells"), f"edge {a} – {b}")
    if days:
        graph_el.set("start", min(days))
        graph_el.set("end", max(days))
    return etree.ElementTree(root)


def gexf_bytes(graph: nx.Graph, *, dynamic: bool = False) -> bytes:
    return etree.tostring(gexf_tree(graph, dynamic=dynamic), xml_declaration=True, encoding="UTF-8",
                          pretty_print=True)


def write_gexf(graph: nx.Graph, path: str | BinaryIO, *, dynamic: bool = False) -> None:
    """Write ``graph`` as GEXF 1.3 to ``path`` (a file name or an open binary file)."""
    write_bytes(gexf_bytes(graph, dynamic=dynamic), path)


# ---------------------------------------------------------------- reading

_INTEGER = {"integer", "long", "short", "byte", "biginteger"}
_REAL = {"double", "float", "bigdecimal"}


def _typed(value: str, kind: str):
    if kind in _INTEGER:
        return int(value)
    if kind in _REAL:
        return float(value)
    if kind == "boolean":
        return value.strip().lower() in ("true", "1")
    return value


def _declared(graph_el, cls: str) -> dict[str, tuple[str, str, str | None]]:
    declared = {}
    for attributes in graph_el.findall("{*}attributes"):
        if attributes.get("class") == cls:
            for a in attributes.findall("{*}attribute"):
                default = a.find("{*}default")
                declared[a.get("id")] = (a.get("title") or a.get("id"), a.get("type", "string"),
                                         default.text if default is not None else None)
    return declared


def _read_data(element, declared, where: str) -> dict:
    data = {}
    attvalues = element.find("{*}attvalues")
    for a in attvalues.findall("{*}attvalue") if attvalues is not None else ():
        key = a.get("for") or a.get("id")
        if key not in declared:
            raise ExportError(f"{where}: value for undeclared attribute {key!r}")
        title, kind, _ = declared[key]
        data[title] = _typed(a.get("value"), kind)
    for title, kind, default in declared.values():
        if default is not None and title not in data:
            data[title] = _typed(default, kind)
    spells = element.find("{*}spells")
    if spells is not None:
        data["spells"] = [(s.get("start"), s.get("end")) for s in spells.findall("{*}spell")]
    viz = {}
    if (c := element.find("{*}color")) is not None:
        viz["color"] = {k: int(c.get(k)) for k in ("r", "g", "b") if c.get(k) is not None}
        if c.get("a") is not None:
            viz["color"]["a"] = float(c.get("a"))
    if (s := element.find("{*}size")) is not None:
        viz["size"] = float(s.get("value"))
    if (p := element.find("{*}position")) is not None:
        viz["position"] = {k: float(v) for k, v in p.attrib.items() if k in ("x", "y", "z")}
    if viz:
        data["viz"] = viz
    return data


@open_file(0, mode="rb")
def read_gexf(path: str | BinaryIO) -> nx.Graph:
    """Read a GEXF file (1.3 or 1.2) into a networkx graph: typed attributes, ``spells`` as
    ``(start, end)`` tuples, colours and sizes as networkx's ``viz``. Parallel edges, or edges with a
    ``kind``, give a multigraph keyed by kind."""
    name = getattr(path, "name", "GEXF input")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.parse(path, parser).getroot()
    except etree.XMLSyntaxError as e:
        raise ExportError(f"{name}: not well-formed XML: {e}") from None
    graph_el = root.find("{*}graph")
    if etree.QName(root).localname != "gexf" or graph_el is None:
        raise ExportError(f"{name}: not a GEXF file (no <gexf><graph>)")
    directed = graph_el.get("defaultedgetype") == "directed"
    node_decl, edge_decl = _declared(graph_el, "node"), _declared(graph_el, "edge")

    nodes_el, edges_el = graph_el.find("{*}nodes"), graph_el.find("{*}edges")
    node_items = nodes_el.findall("{*}node") if nodes_el is not None else []
    edge_items = edges_el.findall("{*}edge") if edges_el is not None else []
    pairs = [(e.get("source"), e.get("target")) for e in edge_items]
    seen = {p if directed else tuple(sorted(p)) for p in pairs}
    multi = len(seen) < len(pairs) or any(e.get("kind") is not None for e in edge_items)
    graph = graph_type(directed=directed, multi=multi)()
    meta = root.find("{*}meta")
    if meta is not None and (d := meta.find("{*}description")) is not None and d.text:
        graph.graph["description"] = d.text

    for element in node_items:
        node = element.get("id")
        data = _read_data(element, node_decl, f"{name}: node {node}")
        if element.get("label") is not None:
            data["label"] = element.get("label")
        graph.add_node(node, **data)
    for element in edge_items:
        a, b = element.get("source"), element.get("target")
        if a not in graph or b not in graph:
            raise ExportError(f"{name}: edge {element.get('id')} joins a node the file does not declare")
        data = _read_data(element, edge_decl, f"{name}: edge {element.get('id')}")
        if element.get("weight") is not None:
            data["weight"] = float(element.get("weight"))
        if element.get("label") is not None:
            data["label"] = element.get("label")
        if multi:
            graph.add_edge(a, b, key=element.get("kind"), **data)
        else:
            graph.add_edge(a, b, **data)
    return graph
