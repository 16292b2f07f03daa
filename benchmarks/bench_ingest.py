"""Ingest benchmark: extraction speed, end-to-end ingest, memory, store size, query and export times,
each against a baseline measured in the same run (rdflib's in-memory Dataset holding the same graphs).

    python benchmarks/bench_ingest.py                      # the whole bulk corpus (../shared/bulk)
    python benchmarks/bench_ingest.py --limit 2000         # a quicker run on the first 2,000 releases
    python benchmarks/bench_ingest.py --input my.jsonl.gz --baseline-limit 1000

Prints figures, never asserts: the targets live in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = REPO.parent / "shared" / "bulk" / "releases.jsonl.gz"


def subset(source: Path, limit: int | None, folder: Path) -> Path:
    """The first ``limit`` lines of ``source`` as a file of their own (or ``source`` itself)."""
    if not limit:
        return source
    target = folder / f"first-{limit}.jsonl"
    opener = gzip.open if source.name.endswith(".gz") else open
    with opener(source, "rt", encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, limit))
    return target


def text_size(path: Path) -> tuple[int, int]:
    """Releases and characters of text in a JSONL file."""
    import json

    opener = gzip.open if path.name.endswith(".gz") else open
    count = chars = 0
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            count += 1
            chars += len(json.loads(line).get("text") or "")
    return count, chars


class PeakRSS:
    """Samples the resident memory of a process tree (the process and all its children) via /proc."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        pids, frontier = [self.pid], [self.pid]
        while frontier:
            pid = frontier.pop()
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            pids += [int(c) for c in children]
            frontier += [int(c) for c in children]
        return pids

    def _run(self):
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed_command(args: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    meter = PeakRSS(proc.pid)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    peak = meter.stop()
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return elapsed, peak, (out + err).strip().splitlines()[-1] if (out + err).strip() else ""


def median_time(func, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def baseline(store_path: Path, releases: int):
    """The first ``releases`` release graphs of the store (with the country graph), copied into
    rdflib's in-memory Dataset and into a dipgraph store of their own: the same data in both."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from dipgraph.mapping import COUNTRIES_GRAPH
    from dipgraph.store import GraphStore, from_ox

    dataset, subset = Dataset(), GraphStore()
    with GraphStore(store_path, read_only=True) as store:
        names = [n for n in store.graph_names() if "/release/" in str(n)][:releases]
        for name in names + [COUNTRIES_GRAPH]:
            graph = dataset.graph(name)
            quads = list(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))
            subset.oxigraph.extend(quads)
            for q in quads:
                graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return dataset, subset, len(names)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--limit", type=int, help="only the first N releases")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--baseline-limit", type=int, default=200,
                    help="releases copied into the rdflib baseline (it is far slower)")
    ap.add_argument("--keep", type=Path, help="keep the store in this folder")
    args = ap.parse_args()
    if not args.input.exists():
        sys.exit(f"no input at {args.input} (give --input)")

    from dipgraph.export import PROJECTIONS, projection, write_gexf
    from dipgraph.query import bind, bundled_queries, run_local
    from dipgraph.store import GraphStore

    dipgraph = [sys.executable, "-m", "dipgraph"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = subset(args.input, args.limit, tmp)
        releases, chars = text_size(source)
        mb = chars / 1e6
        print(f"input: {source.name}: {releases:,} releases, {mb:,.1f} M characters; {os.cpu_count()} cores; "
              f"jobs={args.jobs}; {time.strftime('%Y-%m-%d')}")

        elapsed, peak, _ = timed_command(dipgraph + ["extract", str(source), "--jobs", str(args.jobs)] + [])
        print(f"extract only:   {elapsed:8.1f} s  {releases / elapsed:8.1f} releases/s  {mb / elapsed:6.2f} MB/s  "
              f"peak RSS {peak / 2**20:,.0f} MB")

        store_path = args.keep or tmp / "store"
        if store_path.exists():
            shutil.rmtree(store_path)
        elapsed, peak, summary = timed_command(
            dipgraph + ["ingest", str(source), "--store", str(store_path), "--quiet", "--jobs", str(args.jobs)])
        print(f"ingest:         {elapsed:8.1f} s  {releases / elapsed:8.1f} releases/s  {mb / elapsed:6.2f} MB/s  "
              f"peak RSS {peak / 2**20:,.0f} MB  store {folder_size(store_path) / 2**20:,.0f} MB on disk")
        print(f"                {summary}")

        dataset, small_store, baseline_releases = baseline(store_path, args.baseline_limit)
        print(f"\nqueries (median of 5): the whole store ({releases:,} releases); and on the first "
              f"{baseline_releases:,} releases, a dipgraph store against rdflib's Dataset in memory (1 run)")
        with GraphStore(store_path, read_only=True) as store:
            for name, q in bundled_queries().items():
                sparql = bind(q, {})
                whole = median_time(lambda: run_local(store, sparql))
                ours = median_time(lambda: run_local(small_store, sparql))
                theirs = median_time(lambda: list(dataset.query(sparql)), repeat=1)
                print(f"  {name:<14} whole {whole:8.3f} s   subset {ours:8.3f} s   rdflib {theirs:8.2f} s   "
                      f"ratio {theirs / ours:8.1f}x")
            print("\nexports (GEXF, every projection): projecting, then writing the file")
            for name in PROJECTIONS:
                start = time.perf_counter()
                graph = projection(store, name)
                projected = time.perf_counter()
                write_gexf(graph, tmp / f"{name}.gexf")
                written = time.perf_counter()
                print(f"  {name:<14} {written - start:8.2f} s   ({projected - start:.2f} s + {written - projected:.2f} s)   "
                      f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")


if __name__ == "__main__":
    main()
