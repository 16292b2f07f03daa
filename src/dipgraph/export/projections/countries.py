"""``countries``: a node per country, an edge per pair of countries that share an event.

Edge ``weight`` is the number of events the pair shares: meetings of every kind, and agreements
both are party to (Gephi drops edges of weight 0, so a pair tied only by an agreement still weighs
one). ``meetings``, ``calls`` (phone and video), ``visits``, ``summits``, ``agreements`` and
``planned`` (meetings not, or not yet, held) count them apart; ``first`` and ``last`` are the dates of
the first and last dated event, and ``spells`` one day per dated event, for Gephi's timeline.
"""
from __future__ import annotations

import networkx as nx

from dipgraph.export.projections.events import Events, Filters, co_occurrence, count_kinds
from dipgraph.export.regions import continent
from dipgraph.export.spells import edge_time, node_time
from dipgraph.mapping import country_iri


def countries_projection(data: Events, filters: Filters) -> nx.Graph:
    member_events, pair_events = co_occurrence(filters.select(data.events), lambda e: e.countries)

    graph = nx.Graph(projection="countries", colour_by="continent")
    for iso3 in sorted(member_events):
        mine = member_events[iso3]
        graph.add_node(iso3, label=data.country_name(iso3), kind="country", iso3=iso3, continent=continent(iso3),
                       iri=str(country_iri(iso3)), **count_kinds(mine, ("meetings", "agreements")),
                       **node_time(e.date for e in mine))
    for (a, b), shared in sorted(pair_events.items()):
        graph.add_edge(a, b, weight=len(shared), **count_kinds(shared), **edge_time(e.date for e in shared))
    return graph

