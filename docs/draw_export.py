"""Draw a GEXF file written by `dipgraph export` as a PNG, with networkx and matplotlib.

It draws what Gephi would show before any layout work: each node in its exported colour and size,
each edge as thick as its weight, labelled by name, with a legend of the colours in use.

    pip install -e '.[docs]'
    python docs/draw_export.py countries.gexf docs/dev-countries.png --title "Dev corpus: countries"
"""
from __future__ import annotations

import argparse
import math
from collections import Counter

import matplotlib

matplotlib.use("Agg")  # files only, no screen needed
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from dipgraph.export import read_gexf  # noqa: E402

LAYOUT_SEED = 7  # the same file always gives the same picture


def _rgb(data: dict) -> tuple[float, float, float]:
    colour = data.get("viz", {}).get("color", {"r": 153, "g": 153, "b": 153})
    return colour["r"] / 255, colour["g"] / 255, colour["b"] / 255


def layout(graph: nx.Graph) -> dict:
    """The largest component spread over the left, the smaller ones packed in a grid on the right
    (a single force layout would push them to the corners and crowd the main one)."""
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    position = {}
    if not components:
        return position
    main = graph.subgraph(components[0])
    spread = nx.spring_layout(main, weight=None, seed=LAYOUT_SEED, k=1.6 / math.sqrt(len(main)), iterations=300)
    position.update(nx.rescale_layout_dict(spread, scale=1.0))
    columns = 2
    for number, component in enumerate(components[1:]):
        row, column = divmod(number, columns)
        centre = (1.55 + 0.65 * column, 0.9 - 0.5 * row)
        small = nx.spring_layout(graph.subgraph(component), seed=LAYOUT_SEED, center=centre,
                                 scale=0.12 + 0.02 * len(component))
        position.update(small)
    return position


def draw(path: str, output: str, *, title: str | None = None, legend_by: str = "continent") -> None:
    graph = read_gexf(path)
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        weight = data.get("weight", 1.0) + (simple.edges[a, b]["weight"] if simple.has_edge(a, b) else 0)
        simple.add_edge(a, b, weight=weight)

    position = layout(simple)
    fig, ax = plt.subplots(figsize=(12, 9), dpi=150)
    top = max((d["weight"] for *_, d in simple.edges(data=True)), default=1)
    nx.draw_networkx_edges(simple, position, ax=ax, edge_color="#9a9a9a", alpha=0.7,
                           width=[0.6 + 5 * d["weight"] / top for *_, d in simple.edges(data=True)])
    nodes = list(simple.nodes)
    nx.draw_networkx_nodes(simple, position, ax=ax, nodelist=nodes, node_color=[_rgb(simple.nodes[n]) for n in nodes],
                           node_size=[18 * simple.nodes[n].get("viz", {}).get("size", 10) for n in nodes],
                           edgecolors="white", linewidths=0.8)
    nx.draw_networkx_labels(simple, position, ax=ax, font_size=8,
                            labels={n: simple.nodes[n].get("label", n) for n in nodes})

    seen = Counter(simple.nodes[n].get(legend_by, simple.nodes[n].get("kind", "")) for n in nodes)
    colours = {simple.nodes[n].get(legend_by, simple.nodes[n].get("kind", "")): _rgb(simple.nodes[n]) for n in nodes}
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=colours[name],
                      label=f"{name} ({count})") for name, count in sorted(seen.items())]
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=9, title=legend_by)
    ax.set_title(title or graph.graph.get("description", path), fontsize=12)
    ax.text(1.0, 0.0, f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
            "size: weighted degree; edge width: weight", transform=ax.transAxes, ha="right", va="bottom",
            fontsize=8, color="#555555")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(output, metadata={"Software": None})
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gexf", help="a GEXF file written by `dipgraph export`")
    parser.add_argument("png", help="the picture to write")
    parser.add_argument("--title", help="the picture's title (default: the file's description)")
    parser.add_argument("--legend-by", default="continent", help="the node attribute the legend names (continent, kind)")
    args = parser.parse_args()
    draw(args.gexf, args.png, title=args.title, legend_by=args.legend_by)
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
