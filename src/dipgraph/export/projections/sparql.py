"""A network from any SPARQL SELECT: each solution is an edge from ``?source`` to ``?target``.

Optional columns: ``?weight`` (a number; summed over the solutions of one edge, which otherwise weigh
one each), ``?start`` and ``?end`` (dates: a spell; ``?start`` alone marks one day), ``?label`` (the
edge's label; distinct labels are joined with "; ") and ``?kind`` (the edge's kind: solutions of
different kinds between the same nodes stay separate edges, so the graph is then a multigraph keyed
by kind). IRI nodes take their label and kind from the store; literal nodes are labelled by their text.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import URIRef

from dipgraph.errors import ExportError
from dipgraph.export.projections.entities import describe
from dipgraph.export.regions import continent
from dipgraph.export.spells import check_day, node_time
from dipgraph.export.values import graph_type
from dipgraph.query import NamedQuery, bind, run_local

COLUMNS = ("source", "target", "weight", "start", "end", "label", "kind")


def query_projection(store, query: NamedQuery, params: dict[str, str] | None = None, *,
                     directed: bool = False) -> nx.Graph:
    """The network the SELECT ``query`` describes (see the module's documentation for its columns)."""
    result = run_local(store, bind(query, params or {}))
    if result.boolean is not None or result.triples is not None:
        raise ExportError(f"query {query.name!r} is not a SELECT: a network needs rows of ?source and ?target")
    missing = [c for c in ("source", "target") if c not in result.variables]
    if missing:
        raise ExportError(f"query {query.name!r} selects {', '.join('?' + v for v in result.variables) or 'nothing'}; "
                          f"a network needs ?source and ?target (optional: ?weight ?start ?end ?label ?kind)")
    keyed = "kind" in result.variables

    edges: dict[tuple, dict] = {}
    terms: dict[str, object] = {}
    for number, row in enumerate(result.as_dicts(), start=1):
        if row["source"] is None or row["target"] is None:
            continue  # an OPTIONAL that did not match: no edge
        source, target = str(row["source"]), str(row["target"])
        terms.setdefault(source, row["source"])
        terms.setdefault(target, row["target"])
        if not directed and target < source:
            source, target = target, source
        kind = _text(row.get("kind"))
        edge = edges.setdefault((source, target, kind or ""), {"weight": 0, "labels": [], "spells": set()})
        edge["weight"] += _weight(row.get("weight"), query.name, number)
        if (label := _text(row.get("label"))) and label not in edge["labels"]:
            edge["labels"].append(label)
        if row.get("start") is not None or row.get("end") is not None:
            where = f"query {query.name!r}, row {number}"
            start = check_day(str(row.get("start") or row.get("end"))[:10], f"{where}, ?start")
            end = check_day(str(row.get("end") or start)[:10], f"{where}, ?end")
            if end < start:
                raise ExportError(f"{where}: ?end {end} is before ?start {start}")
            edge["spells"].add((start, end))

    graph = graph_type(directed=directed, multi=keyed)(projection=f"query {query.name}", colour_by="kind")
    entities = describe(store, [t for t in terms if isinstance(terms[t], URIRef)])
    node_dates: dict[str, list] = defaultdict(list)
    for (source, target, _), edge in edges.items():
        for start, end in edge["spells"]:
            node_dates[source] += [start, end]
            node_dates[target] += [start, end]
    for node in sorted(terms):
        if node in entities:
            entity = entities[node]
            attrs = {"label": entity.label, "kind": entity.kind, "iri": node}
            if entity.kind == "country":
                attrs["continent"] = continent(node.rsplit("/", 1)[-1])
        else:
            attrs = {"label": node, "kind": "literal"}
        graph.add_node(node, **attrs, **node_time(node_dates[node]))
    for (source, target, kind), edge in sorted(edges.items()):
        attrs = {"weight": edge["weight"]}
        if edge["labels"]:
            attrs["label"] = "; ".join(edge["labels"])
        if keyed:
            attrs["kind"] = kind
        if edge["spells"]:
            spells = sorted(edge["spells"])
            attrs.update(first=spells[0][0], last=max(end for _, end in spells), spells=spells)
        if keyed:
            graph.add_edge(source, target, key=kind, **attrs)
        else:
            graph.add_edge(source, target, **attrs)
    return graph


def _text(term) -> str | None:
    return None if term is None else " ".join(str(term).split()) or None


def _weight(term, name: str, number: int) -> int | float:
    if term is None:
        return 1
    value = term.toPython() if hasattr(term, "toPython") else term
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(str(term))
        except ValueError:
            raise ExportError(f"query {name!r}, row {number}: ?weight {str(term)!r} is not a number") from None
    return value
