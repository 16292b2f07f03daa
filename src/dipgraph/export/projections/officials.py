"""``officials``: a node per official, an edge per pair of officials who took part in the same meetings.

Edge ``weight`` is the number of meetings both took part in (``calls``, ``visits``, ``summits`` and
``planned`` count them by kind); ``first``, ``last`` and ``spells`` date them as in ``countries``.
Agreements have no participants, so they add nothing here.
"""
from __future__ import annotations

import networkx as nx

from dipgraph.export.projections.events import Events, Filters, co_occurrence, count_kinds
from dipgraph.export.regions import official_region
from dipgraph.export.spells import edge_time, node_time

MEETING_COUNTS = ("calls", "visits", "summits", "planned")


def official_attributes(data: Events, iri: str) -> dict:
    """What every projection says about an official: name, kind, country or organisation, region."""
    info = data.officials.get(iri)
    if info is None:  # a participant never typed as an official: keep the IRI as its label
        return {"label": iri.rsplit("/", 1)[-1], "kind": "official", "iri": iri, "continent": official_region(None, None)}
    attrs = {"label": info.name, "kind": "official", "iri": iri,
             "continent": official_region(info.country, info.organisation)}
    if info.country:
        attrs["country"] = info.country
    if info.organisation:
        attrs["organisation"] = info.organisation
    return attrs


def officials_projection(data: Events, filters: Filters) -> nx.Graph:
    meetings = [e for e in filters.select(data.events) if e.is_meeting]
    member_events, pair_events = co_occurrence(meetings, lambda e: e.officials)

    graph = nx.Graph(projection="officials", colour_by="continent")
    for iri in sorted(member_events):
        mine = member_events[iri]
        graph.add_node(iri, **official_attributes(data, iri), meetings=len(mine), **node_time(e.date for e in mine))
    for (a, b), shared in sorted(pair_events.items()):
        graph.add_edge(a, b, weight=len(shared), **count_kinds(shared, MEETING_COUNTS), **edge_time(e.date for e in shared))
    return graph
