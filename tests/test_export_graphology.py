"""An independent client reads dipgraph's GEXF: graphology with graphology-gexf (the library behind
sigma.js), run by Node.js on tests/js/parse_gexf.mjs. graphology-gexf does not keep time spells, so
they are not compared; everything else is."""
from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from dipgraph.export import PROJECTIONS, add_metrics, projection, write_gexf
from dipgraph.export.style import node_colour, node_sizes

JS = Path(__file__).resolve().parent / "js"


@pytest.fixture(scope="module")
def parse_gexf():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (needed to run graphology-gexf)")
    if not (JS / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip(f"graphology-gexf is not installed: run `npm ci` in {JS}")

    def parse(path: Path) -> dict:
        done = subprocess.run([node, str(JS / "parse_gexf.mjs"), str(path)], capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    return parse


def _expected_node(graph, node, data, sizes) -> dict:
    r, g, b = node_colour(graph, data)
    attrs = {k: v for k, v in data.items() if k != "spells"}
    return {**attrs, "color": f"rgb({r},{g},{b})", "size": sizes[node]}


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
@pytest.mark.parametrize("name", PROJECTIONS)
def test_graphology_reads_nodes_edges_and_attributes(export_store, parse_gexf, check_gexf, tmp_path, name, dynamic):
    graph = add_metrics(projection(export_store, name))
    write_gexf(graph, tmp_path / "g.gexf", dynamic=dynamic)
    check_gexf(tmp_path / "g.gexf")
    read = parse_gexf(tmp_path / "g.gexf")

    assert (read["order"], read["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert read["type"] == ("directed" if graph.is_directed() else "undirected")
    assert read["attributes"]["creator"].startswith("dipgraph ")
    sizes = node_sizes(graph)
    assert read["nodes"] == {n: _expected_node(graph, n, d, sizes) for n, d in graph.nodes(data=True)}

    def key(source, target, attrs):
        ends = (source, target) if graph.is_directed() else tuple(sorted((source, target)))
        return (*ends, json.dumps({k: v for k, v in attrs.items() if k != "spells"}, sort_keys=True))
    if graph.is_multigraph():  # the edge's key is its GEXF kind, which graphology reads as `kind`
        expected = Counter(key(a, b, {"kind": k, **d}) for a, b, k, d in graph.edges(keys=True, data=True))
    else:
        expected = Counter(key(a, b, d) for a, b, d in graph.edges(data=True))
    assert Counter(key(e["source"], e["target"], e["attributes"]) for e in read["edges"]) == expected
