"""Concurrency: one writer at a time (the next waits, then says who holds the store); readers
keep working while a writer runs."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from dipgraph.cli import cli
from dipgraph.errors import StoreLockedError
from dipgraph.lock import LOCK_FILE
from dipgraph.query import run_local, with_prefixes
from dipgraph.store import GraphStore
from support import synthetic_records, write_jsonl

IN_USE = "try again when it has finished, or wait longer with --wait SECONDS"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def dipgraph_process(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dipgraph", *[str(a) for a in args]],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, *, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def lock_pid(store) -> str:
    try:
        return (store / LOCK_FILE).read_text().strip()
    except OSError:
        return ""


@pytest.fixture
def small(tmp_path):
    return write_jsonl(tmp_path / "small.jsonl", synthetic_records(2))


def test_a_second_writer_waits_then_names_the_process_that_holds_the_store(tmp_path, small):
    store = tmp_path / "store"
    with GraphStore(store):
        assert lock_pid(store) == str(os.getpid())
        started = time.monotonic()
        result = invoke("ingest", small, "--store", store, "--wait", "0.5")
        assert time.monotonic() - started >= 0.5
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"dipgraph: error: store is in use by process {os.getpid()} ({store}); waited 0.5 s: {IN_USE}"]
    assert lock_pid(store) == ""  # released on close


def test_a_second_writer_goes_ahead_once_the_first_has_finished(tmp_path, small):
    store = tmp_path / "store"
    holder = GraphStore(store)
    threading.Timer(0.5, holder.close).start()
    started = time.monotonic()
    result = invoke("ingest", small, "--store", store, "--wait", "30")
    assert result.exit_code == 0, result.output
    assert 0.4 < time.monotonic() - started < 30
    assert result.stdout.splitlines()[-1] == f"2 ingested, 0 unchanged, 0 updated, 0 failed (store: {store})"


def test_remove_and_rebuild_wait_for_the_writer_too(tmp_path, small):
    store = tmp_path / "store"
    invoke("ingest", small, "--store", store)
    with GraphStore(store):
        for command in (["remove", "synthetic:0"], ["rebuild"]):
            result = invoke(*command, "--store", store, "--wait", "0")
            assert result.exit_code == 3
            assert result.stderr.splitlines() == [
                f"dipgraph: error: store is in use by process {os.getpid()} ({store}); waited 0 s: {IN_USE}"]


def test_a_writer_killed_by_sigkill_leaves_no_stale_lock(tmp_path):
    archive = write_jsonl(tmp_path / "r.jsonl", synthetic_records(3000))
    store = tmp_path / "store"
    writer = dipgraph_process("ingest", archive, "--store", store, "-q")
    wait_for(lambda: lock_pid(store) == str(writer.pid) or writer.poll() is not None)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert lock_pid(store) == str(writer.pid)  # the file still says so, but the kernel dropped the lock
    with GraphStore(store, wait=0):
        assert lock_pid(store) == str(os.getpid())


@pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="naming the holder of Oxigraph's LOCK needs /proc/locks")
def test_another_program_holding_oxigraphs_own_lock_is_named_too(tmp_path, small):
    store = tmp_path / "store"
    invoke("ingest", small, "--store", store)
    holder = subprocess.Popen([sys.executable, "-c", "import pyoxigraph, sys, time\n"
                               "store = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); time.sleep(60)",
                               str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        result = invoke("ingest", small, "--store", store, "--wait", "0.3")
        assert result.exit_code == 3
        assert result.stderr.splitlines() == [
            f"dipgraph: error: store is in use by process {holder.pid} ({store}); waited 0.3 s: {IN_USE}"]
        with pytest.raises(StoreLockedError):
            GraphStore(store)
    finally:
        holder.kill()
        holder.wait()


def graph_sizes(store) -> dict[str, int]:
    with GraphStore(store, read_only=True) as reader:
        rows = run_local(reader, with_prefixes(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a dip:Release . ?s ?p ?o } } GROUP BY ?g")).rows
    return {str(g): int(n) for g, n in rows}


def test_readers_keep_working_while_a_writer_runs(tmp_path):
    records = synthetic_records(2000)
    archive = write_jsonl(tmp_path / "r.jsonl", records)
    store = tmp_path / "store"
    invoke("ingest", write_jsonl(tmp_path / "first.jsonl", records[:1]), "--store", store)

    writer = dipgraph_process("ingest", archive, "--store", store, "-q")
    wait_for(lambda: lock_pid(store) == str(writer.pid) or writer.poll() is not None)
    second = invoke("ingest", archive, "--store", store, "--wait", "0")
    counts, snapshots = [], []
    while writer.poll() is None:
        stats = invoke("stats", "--store", store, "--format", "json")
        assert stats.exit_code == 0, stats.output
        counts.append(json.loads(stats.stdout)["releases"])
        for command in (["query", "officials", "--format", "csv"], ["export", "graphml", "-o", tmp_path / "g.graphml"]):
            result = invoke(*command, "--store", store)
            assert result.exit_code == 0, result.output
        snapshots.append(graph_sizes(store))
    out, err = writer.communicate()
    assert writer.returncode == 0, err
    assert out.splitlines()[-1] == f"1999 ingested, 1 unchanged, 0 updated, 0 failed (store: {store})"
    assert second.exit_code == 3
    assert second.stderr.splitlines() == [
        f"dipgraph: error: store is in use by process {writer.pid} ({store}); waited 0 s: {IN_USE}"]
    assert len(snapshots) >= 2
    assert counts == sorted(counts) and 1 <= counts[0] and counts[-1] <= 2000
    final = graph_sizes(store)
    for seen in snapshots:  # every release a reader saw was whole: as large as in the finished store
        assert seen == {g: final[g] for g in seen}
