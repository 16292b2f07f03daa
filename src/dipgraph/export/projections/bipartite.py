"""``bipartite``: countries and officials (``bipartite=0``) joined to the events they took part in (``bipartite=1``).

Every node is named by its IRI. An edge's ``relation`` says how the actor took part: ``involves`` (a
country in a meeting), ``participant`` (an official in a meeting) or ``party`` (a country party to an
agreement); its spell is the event's day. networkx's ``bipartite`` algorithms read the node attribute.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from dipgraph.export.projections.events import Events, Filters
from dipgraph.export.projections.officials import official_attributes
from dipgraph.export.regions import continent
from dipgraph.export.spells import edge_time, node_time
from dipgraph.mapping import country_iri

ACTORS, EVENTS = 0, 1


def bipartite_projection(data: Events, filters: Filters) -> nx.Graph:
    events = filters.select(data.events)
    graph = nx.Graph(projection="bipartite", colour_by="kind")
    country_events: dict[str, list] = defaultdict(list)
    official_events: dict[str, list] = defaultdict(list)
    for event in events:
        for iso3 in event.countries:
            country_events[iso3].append(event)
        for iri in event.officials:
            official_events[iri].append(event)

    for iso3 in sorted(country_events):
        mine = country_events[iso3]
        graph.add_node(str(country_iri(iso3)), label=data.country_name(iso3), kind="country", iso3=iso3,
                       continent=continent(iso3), iri=str(country_iri(iso3)), bipartite=ACTORS, events=len(mine),
                       **node_time(e.date for e in mine))
    for iri in sorted(official_events):
        mine = official_events[iri]
        graph.add_node(iri, **official_attributes(data, iri), bipartite=ACTORS, events=len(mine),
                       **node_time(e.date for e in mine))
    for event in events:
        attrs = {"label": event.label, "kind": event.kind, "iri": event.iri, "bipartite": EVENTS,
                 "occurred": event.occurred}
        if event.place:
            attrs["place"] = event.place
        if event.release:
            attrs["release"] = event.release
        graph.add_node(event.iri, **attrs, **node_time([event.date]))
        when = edge_time([event.date])
        for iso3 in event.countries:
            relation = "involves" if event.is_meeting else "party"
            graph.add_edge(str(country_iri(iso3)), event.iri, relation=relation, weight=1, **when)
        for iri in event.officials:
            graph.add_edge(iri, event.iri, relation="participant", weight=1, **when)
    return graph
