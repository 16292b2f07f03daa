"""How exported nodes look in Gephi: a colour by kind (or by continent) and a size by weighted degree.

A graph says what colours its nodes in ``graph.graph["colour_by"]``: ``"kind"`` (the default) or
``"continent"`` (the countries and officials projections). A node's own ``viz`` attribute, networkx's
convention (``{"color": {"r", "g", "b"}, "size": …}``), wins over both.
"""
from __future__ import annotations

import math

import networkx as nx

from dipgraph.export.metrics import simple_weighted

Colour = tuple[int, int, int]

GREY: Colour = (153, 153, 153)

# Okabe & Ito's palette, which readers with colour-vision deficiencies can tell apart.
CONTINENT_COLOURS: dict[str, Colour] = {
    "Africa": (230, 159, 0),          # orange
    "Asia": (213, 94, 0),             # vermilion
    "Europe": (0, 114, 178),          # blue
    "North America": (0, 158, 115),   # bluish green
    "South America": (86, 180, 233),  # sky blue
    "Oceania": (204, 121, 167),       # reddish purple
    "Antarctica": (240, 228, 66),     # yellow
    "International": (0, 0, 0),       # officials of international organisations
    "Unknown": GREY,
}

KIND_COLOURS: dict[str, Colour] = {
    "country": (0, 114, 178),       # blue
    "official": (230, 159, 0),      # orange
    "meeting": (0, 158, 115),       # green, and the meeting family in greens and teals
    "phone call": (86, 180, 233),
    "video call": (68, 170, 153),
    "visit": (17, 119, 51),
    "summit": (153, 153, 51),
    "agreement": (204, 121, 167),   # purple
    "signing": (136, 34, 85),
    "resolution": (213, 94, 0),     # vermilion
    "release": (102, 102, 102),
    "publisher": (68, 68, 68),
    "place": (221, 204, 119),
    "role": (170, 68, 153),
    "post": (204, 187, 68),
    "literal": (187, 187, 187),
}


def node_colour(graph: nx.Graph, data: dict) -> Colour:
    if graph.graph.get("colour_by") == "continent" and data.get("continent"):
        return CONTINENT_COLOURS.get(data["continent"], GREY)
    return KIND_COLOURS.get(str(data.get("kind", "")), GREY)


MIN_SIZE, MAX_SIZE = 4.0, 40.0


def node_sizes(graph: nx.Graph) -> dict:
    """Sizes from ``MIN_SIZE`` to ``MAX_SIZE``, the area growing with the node's weighted degree."""
    degree = {n: d["weighted_degree"] if isinstance(d.get("weighted_degree"), (int, float)) else None
              for n, d in graph.nodes(data=True)}
    if any(v is None for v in degree.values()):
        degree = dict(simple_weighted(graph).degree(weight="weight"))
    top = max(degree.values(), default=0) or 1
    return {n: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(d, 0) / top), 2) for n, d in degree.items()}
