"""Extraction in worker processes (--jobs): the same results as in one process, in input order,
streamed; a progress bar with a total and an ETA on a terminal, nothing elsewhere."""
from __future__ import annotations

import fcntl
import gzip
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest
from click.testing import CliRunner

from dipgraph.cli import cli
from dipgraph.extract import extract
from dipgraph.read import count_releases, read_sources
from dipgraph.workers import ExtractionFailure, Extractor
from support import graphs_by_name, synthetic_records, write_jsonl

pytestmark = pytest.mark.usefixtures("one_extraction_time")


@pytest.fixture
def archive(tmp_path):
    return write_jsonl(tmp_path / "releases.jsonl", synthetic_records(60))


def run(*args, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_two_jobs_store_exactly_what_one_job_stores(tmp_path, archive):
    for jobs in (1, 2):
        out = run("ingest", archive, "--store", tmp_path / f"jobs{jobs}", "--jobs", jobs)
        assert out.stdout.splitlines()[-1] == f"60 ingested, 0 unchanged, 0 updated, 0 failed (store: {tmp_path / f'jobs{jobs}'})"
    assert graphs_by_name(tmp_path / "jobs1") == graphs_by_name(tmp_path / "jobs2")


def test_extract_with_workers_prints_the_same_records_in_input_order(archive):
    one, two = run("extract", archive, "--jobs", "1"), run("extract", archive, "--jobs", "2")
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 60


def test_the_extractor_keeps_order_and_passes_through_what_needs_no_extraction(archive):
    releases = list(read_sources([str(archive)]))
    items = [r if i % 7 else f"skip {i}" for i, r in enumerate(releases)]  # every 7th item is no release
    with Extractor(2) as extractor:
        results = list(extractor.map(items, lambda item: None if isinstance(item, str) else item))
    assert [item for item, _ in results] == items
    for item, result in results:
        if isinstance(item, str):
            assert result is None
        else:
            assert result == extract(item)  # text and all, as one process extracts it


def test_a_release_whose_extraction_fails_is_reported_and_the_rest_go_on(monkeypatch, archive):
    import dipgraph.workers as workers

    releases = list(read_sources([str(archive)]))[:3]

    def failing(release):
        if release is releases[1]:
            raise ValueError("a rule tripped")
        return extract(release)

    monkeypatch.setattr(workers, "extract", failing)
    with Extractor(1) as extractor:
        results = [result for _, result in extractor.map(releases, lambda r: r)]
    assert results[0] == extract(releases[0]) and results[2] == extract(releases[2])
    assert results[1] == ExtractionFailure("ValueError: a rule tripped")


def test_count_releases(tmp_path, archive, seed_path):
    packed = tmp_path / "releases.jsonl.gz"
    packed.write_bytes(gzip.compress(archive.read_bytes()))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("A release.", encoding="utf-8")
    (folder / "b.html").write_text("<p>A page.</p>", encoding="utf-8")
    assert count_releases([str(archive)]) == 60
    assert count_releases([str(packed), str(folder), str(seed_path), str(tmp_path / "missing.txt")]) == 60 + 2 + 1 + 1
    assert count_releases([str(archive), "https://example.org/release"]) is None
    assert count_releases(["-"]) is None


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run dipgraph with its standard error on a pseudo-terminal: (exit code, what the terminal showed)."""
    main, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a 120-column terminal
    process = subprocess.Popen([sys.executable, "-m", "dipgraph", *args], stdout=subprocess.PIPE,
                               stderr=terminal, stdin=subprocess.DEVNULL)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        shown += chunk
    code = process.wait()
    os.close(main)
    return code, shown.decode("utf-8", "replace")


def test_a_terminal_shows_progress_with_a_total_and_releases_per_second(tmp_path, archive):
    code, shown = _on_a_terminal(["ingest", str(archive), "--store", str(tmp_path / "store"), "--jobs", "2"])
    assert code == 0
    last = shown.replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith("ingest: 100%|") and "| 60/60 [" in last and "releases/s]" in last


def test_quiet_shows_no_progress_even_on_a_terminal(tmp_path, archive):
    code, shown = _on_a_terminal(["ingest", str(archive), "--store", str(tmp_path / "store"), "--quiet"])
    assert (code, shown) == (0, "")
