"""Projections of the stored graph onto NetworkX graphs, one module per projection.

``countries``: countries joined by the events they share (weight = events). ``officials``: officials
joined by the meetings they attended together. ``bipartite``: countries and officials joined to their
events. ``full``: every typed entity, edges labelled by relation. ``query_projection`` turns any
SPARQL SELECT of ``?source ?target`` into a network.

Every node has ``label`` and ``kind``; dates are ISO strings (``first``, ``last``) and ``spells`` is a
list of ``(start, end)`` days, networkx's convention, which the GEXF writer turns into Gephi's timeline.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx

from dipgraph.errors import ExportError
from dipgraph.export.projections.bipartite import bipartite_projection
from dipgraph.export.projections.countries import countries_projection
from dipgraph.export.projections.events import EVENT_KINDS, Event, Events, Filters, load_events
from dipgraph.export.projections.full import full_projection
from dipgraph.export.projections.officials import officials_projection
from dipgraph.export.projections.sparql import query_projection

PROJECTIONS: tuple[str, ...] = ("countries", "officials", "bipartite", "full")


def projection(store, name: str, *, since: str | date | None = None, until: str | date | None = None,
               country: str | Iterable[str] | None = None, kind: str | Iterable[str] | None = None,
               occurred_only: bool = False) -> nx.Graph:
    """The NetworkX graph of projection ``name`` (one of :data:`PROJECTIONS`) of the store.

    Filters select the events counted: ``since``/``until`` (ISO dates, inclusive; undated events are
    then left out), ``country`` (ISO 3166-1 alpha-3 codes: events any of them took part in), ``kind``
    (:data:`EVENT_KINDS`) and ``occurred_only`` (leave out meetings only planned).
    """
    if name not in PROJECTIONS:
        raise ExportError(f"no projection named {name!r}; choose one of {', '.join(PROJECTIONS)}")
    filters = Filters.of(since=since, until=until, country=country, kind=kind, occurred_only=occurred_only)
    data = load_events(store, officials=name != "countries")  # the countries projection names no one
    if name == "full":
        graph = full_projection(store, data, filters)
    else:
        build = {"countries": countries_projection, "officials": officials_projection,
                 "bipartite": bipartite_projection}[name]
        graph = build(data, filters)
    if filters:
        graph.graph["filters"] = filters.describe()
    return graph


__all__ = ["PROJECTIONS", "EVENT_KINDS", "projection", "query_projection", "Filters", "Event", "Events",
           "load_events"]
