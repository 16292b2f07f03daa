"""How long `dipgraph validate` takes per release graph, against mapping and storing the same releases.

Usage: python benchmarks/validate_store.py [N]   (N copies of the example release, default 50)

Prints seconds for mapping + storing N releases (the baseline), for validating them, and the ratio.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import sys
import time
from pathlib import Path

from dipgraph.mapping import map_extraction, reference_graphs
from dipgraph.store import GraphStore
from dipgraph.validate import ontology_graph, shapes_graph, validate_store

DOCS = Path(__file__).resolve().parents[1] / "docs" / "make_ontology_docs.py"


def main(n: int) -> None:
    spec = importlib.util.spec_from_file_location("make_ontology_docs", DOCS)
    docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs)
    example = docs.example_extraction()
    releases = [dataclasses.replace(example, release=dataclasses.replace(example.release, url=f"{example.release.url}&n={i}"))
                for i in range(n)]
    shapes_graph(), ontology_graph()  # parsed once per run, as in the command

    started = time.perf_counter()
    store = GraphStore()
    store.write_graphs(reference_graphs() + [map_extraction(r) for r in releases])
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    report = validate_store(store)
    validation = time.perf_counter() - started
    assert report.conforms, report.text()

    print(f"releases: {n} ({len(store):,} quads)")
    print(f"map + store (baseline): {baseline:6.2f} s  ({baseline / n * 1000:6.1f} ms per release)")
    print(f"validate:               {validation:6.2f} s  ({validation / n * 1000:6.1f} ms per release)")
    print(f"ratio validate / baseline: {validation / baseline:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
