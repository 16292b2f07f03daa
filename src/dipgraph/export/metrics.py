"""Network measures written onto the nodes, for Gephi's ranking and partition panels and for analysis.

- ``weighted_degree``: the sum of the weights of the node's edges;
- ``betweenness``: normalised betweenness centrality, on hops (weights are counts, not distances);
- ``eigenvector``: eigenvector centrality with edge weights;
- ``community``: the node's Louvain community (networkx, seeded, so the same graph gives the same
  communities), numbered from 0 for the largest.

Measures are taken on the undirected graph with parallel edges merged (their weights added): a
relation is a relation whatever its direction or kind.
"""
from __future__ import annotations

import networkx as nx

from dipgraph.errors import ExportError

SEED = 42
"""The Louvain method is randomised; a fixed seed keeps exports reproducible."""


def _weight(data: dict) -> float:
    value = data.get("weight", 1)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 1


def simple_weighted(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph of ``graph``, parallel edges merged and their weights added."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for a, b, data in graph.edges(data=True):
        if simple.has_edge(a, b):
            simple.edges[a, b]["weight"] += _weight(data)
        else:
            simple.add_edge(a, b, weight=_weight(data))
    return simple


def add_metrics(graph: nx.Graph, *, seed: int = SEED) -> nx.Graph:
    """Add ``weighted_degree``, ``betweenness``, ``eigenvector`` and ``community`` to every node of
    ``graph`` (changed in place, and returned)."""
    if graph.number_of_nodes() == 0:
        return graph
    simple = simple_weighted(graph)
    degree = dict(simple.degree(weight="weight"))
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    try:
        eigenvector = nx.eigenvector_centrality(simple, weight="weight", max_iter=1000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        raise ExportError("eigenvector centrality did not converge on this graph") from None
    communities = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    ordered = sorted(communities, key=lambda c: (-len(c), min(map(str, c))))
    community = {node: number for number, members in enumerate(ordered) for node in members}
    for node, data in graph.nodes(data=True):
        data["weighted_degree"] = degree[node]
        data["betweenness"] = round(betweenness[node], 6)
        data["eigenvector"] = round(eigenvector[node], 6)
        data["community"] = community[node]
    return graph
