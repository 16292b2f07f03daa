"""``full``: every typed entity in the store (releases, publishers, countries, officials, roles, posts,
places, meetings, agreements, signings, resolutions) and every link between two of them. Evidence
annotations and provenance records (extraction activities, selectors) describe the graph rather
than the relations in it, and stay out.

A directed multigraph: an edge per subject, relation and object, keyed and labelled by the
relation's local name (``participant``, ``involvesCountry``, ``wasDerivedFrom``…), weighted by the
number of releases that state it. Events and releases are dated by their own dates; other entities
span the dates of the dated entities they are linked to; an edge is dated by its dated end.

With filters, the events (meetings, agreements) that pass are kept with every entity linked to
them; other events, and entities linked to none of the kept events, are left out.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from dipgraph.export.projections.entities import DOMAIN_KINDS, describe
from dipgraph.export.projections.events import Events, Filters
from dipgraph.export.regions import continent
from dipgraph.export.spells import edge_time, node_time
from dipgraph.mapping import COUNTRIES_GRAPH
from dipgraph.query import run_local, with_prefixes

# The predicates of evidence (Web Annotation) and of extraction activities never join two entities:
# leaving them out in the query halves the rows read back.
_LINKS = f"""
SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?releases) WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(isIRI(?o) && ?p NOT IN (rdf:type, oa:hasBody, oa:hasTarget, oa:hasSelector, oa:hasSource,
         oa:motivatedBy, prov:wasGeneratedBy, prov:used, prov:wasAssociatedWith) && ?g != <{COUNTRIES_GRAPH}>)
}} GROUP BY ?s ?p ?o"""


def _relation(predicate: str) -> str:
    return predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def full_projection(store, data: Events, filters: Filters) -> nx.MultiDiGraph:
    entities = {iri: e for iri, e in describe(store).items() if e.kind in DOMAIN_KINDS}
    links = [(str(r["s"]), _relation(str(r["p"])), str(r["o"]), int(r["releases"]))
             for r in run_local(store, with_prefixes(_LINKS)).as_dicts()]
    links = sorted((s, rel, o, n) for s, rel, o, n in links if s in entities and o in entities)
    nodes = {x for s, _, o, _ in links for x in (s, o)} | {
        x for x, e in entities.items() if e.kind != "country"}  # the reference graph's unused countries stay out

    if filters:
        kept = {e.iri for e in filters.select(data.events)}
        dropped = {e.iri for e in data.events} - kept
        neighbours = {o for s, _, o, _ in links if s in kept} | {s for s, _, o, _ in links if o in kept}
        nodes = (kept | neighbours) - dropped

    linked_dates: dict[str, list] = defaultdict(list)
    for s, _, o, _ in links:
        linked_dates[s].append(entities[o].date)
        linked_dates[o].append(entities[s].date)

    graph = nx.MultiDiGraph(projection="full", colour_by="kind")
    for iri in sorted(nodes):
        entity = entities[iri]
        attrs = {"label": entity.label, "kind": entity.kind, "iri": iri}
        if entity.kind == "country":
            attrs["iso3"] = iri.rsplit("/", 1)[-1]
            attrs["continent"] = continent(attrs["iso3"])
        own = [entity.date] if entity.date else linked_dates[iri]
        graph.add_node(iri, **attrs, **node_time(own))
    for s, relation, o, releases in links:
        if s in nodes and o in nodes:
            when = edge_time([entities[s].date or entities[o].date])
            graph.add_edge(s, o, key=relation, label=relation, relation=relation, weight=releases, **when)
    return graph
