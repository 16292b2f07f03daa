"""Crash safety: `dipgraph ingest` killed with SIGKILL at random moments, again and again.

After each kill the store opens and every release in it is whole (or absent): as a clean,
uninterrupted ingest stores it, but for how its officials are named (a run names them as the
releases read so far do, and at its end renames what a later release named better; a killed run
never reaches its end). Running the same command again finishes the job, and `dipgraph rebuild`
then gives exactly the store of a clean ingest.
Set DIPGRAPH_CRASH_SEED to replay the kill moments of a failed run.
"""
from __future__ import annotations

import gzip
import itertools
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dipgraph.store import GraphStore
from support import SEED, graphs_by_name, named_apart, synthetic_records, write_jsonl

KILLS = 20
"""Kills of the ingest of synthetic releases; the other runs (real releases when the bulk corpus is
there, updates of every release) add fewer each, to keep the whole file near two minutes."""
RELEASES = 2000
BULK = SEED.parents[2].parent / "shared" / "bulk" / "releases.jsonl.gz"


# every ingest here records one extraction time, so that graphs compare term for term with a clean run's
pytestmark = pytest.mark.usefixtures("one_extraction_time")


def synthetic_archive(folder: Path) -> Path:
    return write_jsonl(folder / "releases.jsonl", synthetic_records(RELEASES))


def bulk_archive(folder: Path) -> Path:
    if not BULK.is_file():
        pytest.skip(f"the bulk corpus is not at {BULK} (only present beside a development checkout)")
    path = folder / "bulk.jsonl.gz"
    with gzip.open(BULK, "rb") as source, gzip.open(path, "wb", compresslevel=1) as target:
        target.writelines(itertools.islice(source, RELEASES))
    return path


def ingest_command(archive: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "dipgraph", "ingest", str(archive), "--store", str(store), "-q"]


def open_and_read(store: Path) -> dict[str, list[str]]:
    """Open the store as the next run will (recovering what was committed), then read every graph."""
    with GraphStore(store, wait=0):
        pass  # a writer's open, which also shows the killed process left no lock behind
    return graphs_by_name(store)


def kill_repeatedly(command: list[str], kills: int, seconds: float, after_kill, after_finish) -> None:
    """Start ``command`` and SIGKILL it at a random moment, ``kills`` times; ``after_kill(note)``
    checks the store after each kill, ``after_finish()`` runs when a run ended before its kill."""
    seed = int(os.environ.get("DIPGRAPH_CRASH_SEED") or time.time_ns())
    rng = random.Random(seed)
    killed = finished = 0
    while killed < kills:
        assert killed + finished < 3 * kills, f"seed {seed}: the runs kept finishing before the kill"
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        moment = rng.uniform(0.2, max(0.5, min(seconds, 6.0)))
        try:
            code = process.wait(timeout=moment)
        except subprocess.TimeoutExpired:
            process.kill()  # SIGKILL: no handler, no clean-up, no flush
            process.wait()
            killed += 1
            after_kill(f"seed {seed}, kill {killed} at {moment:.2f} s")
        else:
            assert code == 0, f"seed {seed}: an uninterrupted run failed"
            finished += 1
            after_finish()


def rebuild(store: Path) -> None:
    subprocess.run([sys.executable, "-m", "dipgraph", "rebuild", "--store", str(store), "-q"], check=True,
                   stdout=subprocess.DEVNULL)


def same_but_names(found: dict[str, list[str]], expected: dict[str, list[str]]) -> bool:
    return set(found) == set(expected) and all(named_apart(found[n]) == named_apart(expected[n]) for n in found)


def clean_ingest(archive: Path, store: Path) -> float:
    started = time.monotonic()
    subprocess.run(ingest_command(archive, store), check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def run_to_the_end(archive: Path, store: Path) -> tuple[int, int, int]:
    """Run the command once more, uninterrupted: ``(ingested, unchanged, updated)``."""
    result = subprocess.run(ingest_command(archive, store), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    ingested, unchanged, updated = (int(n) for n in result.stdout.split()[0:6:2])
    assert result.stdout.splitlines()[-1] == (
        f"{ingested} ingested, {unchanged} unchanged, {updated} updated, 0 failed (store: {store})")
    return ingested, unchanged, updated


@pytest.mark.parametrize("corpus, kills", [(synthetic_archive, KILLS), (bulk_archive, 8)],
                         ids=["synthetic", "bulk"])
def test_ingest_killed_at_random_moments_leaves_whole_releases_and_resumes(tmp_path, corpus, kills):
    archive = corpus(tmp_path)
    seconds = clean_ingest(archive, tmp_path / "clean")
    clean = graphs_by_name(tmp_path / "clean")
    assert len(clean) == RELEASES + 4  # the releases, the reference data (countries, CAMEO, PLOVER), the store's versions
    store = tmp_path / "store"

    def whole_or_absent(note: str) -> None:
        for name, lines in open_and_read(store).items():
            assert name in clean, f"{note}: a graph no clean ingest writes: {name}"
            assert named_apart(lines) == named_apart(clean[name]), f"{note}: {name} is not whole"

    def start_again() -> None:  # so that the next kills land in the middle of a run again
        assert same_but_names(graphs_by_name(store), clean)
        shutil.rmtree(store)

    kill_repeatedly(ingest_command(archive, store), kills, seconds, whole_or_absent, start_again)
    ingested, unchanged, updated = run_to_the_end(archive, store)
    assert (ingested + unchanged, updated) == (RELEASES, 0)
    assert same_but_names(graphs_by_name(store), clean)
    rebuild(store)
    assert graphs_by_name(store) == clean


def test_updates_killed_at_random_moments_leave_each_release_old_or_new(tmp_path):
    """Every release changed: each graph is replaced (dropped and written again) in a transaction."""
    records = synthetic_records(RELEASES // 2)
    old = write_jsonl(tmp_path / "old.jsonl", records)
    new = write_jsonl(tmp_path / "releases.jsonl", [{**r, "title": r["title"] + " (corrected)"} for r in records])
    clean_ingest(old, tmp_path / "clean-old")
    seconds = clean_ingest(new, tmp_path / "clean-new")
    before, after = graphs_by_name(tmp_path / "clean-old"), graphs_by_name(tmp_path / "clean-new")
    store = tmp_path / "store"
    shutil.copytree(tmp_path / "clean-old", store)

    def old_or_new(note: str) -> None:
        found = open_and_read(store)
        assert set(found) == set(before), f"{note}: releases appeared or vanished"
        for name, lines in found.items():
            assert named_apart(lines) in (named_apart(before[name]), named_apart(after[name])), \
                f"{note}: {name} is neither the old release nor the new"

    def start_again() -> None:
        assert same_but_names(graphs_by_name(store), after)
        shutil.rmtree(store)
        shutil.copytree(tmp_path / "clean-old", store)

    kill_repeatedly(ingest_command(new, store), 8, seconds, old_or_new, start_again)
    ingested, unchanged, updated = run_to_the_end(new, store)
    assert (ingested, unchanged + updated) == (0, len(records))
    assert same_but_names(graphs_by_name(store), after)
    rebuild(store)
    assert graphs_by_name(store) == after
