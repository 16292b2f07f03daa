"""Bad input: each bad input gets one line naming it and the reason, the rest of the batch is
ingested, the exit code says whether anything failed, and nothing already stored changes."""
from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipgraph.cli import cli
from dipgraph.mapping import release_iri
from dipgraph.namespace import DIP
from dipgraph.read import read_sources
from dipgraph.store import GraphStore
from support import graphs_by_name, synthetic_records, write_jsonl

GOOD = "Foreign Minister Meets Counterpart In Paris\n\nDate : 2020-03-18\n\nThe two ministers met in Paris.\n"
LIMIT = "over the limit of 20,971,520 bytes (raise it with --max-size)"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def stored(tmp_path):
    """A store that already holds two releases, and its graphs as they were."""
    path = tmp_path / "store"
    result = invoke("ingest", write_jsonl(tmp_path / "old.jsonl", synthetic_records(2)), "--store", path)
    assert result.exit_code == 0, result.output
    return path, graphs_by_name(path)


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def check_batch(stored, folder, result, failures: list[str], *, ingested: int = 1, warnings: list[str] = ()):
    """The run failed on exactly ``failures``, stored the good release and changed nothing else."""
    path, before = stored
    assert result.stderr.splitlines() == [*warnings, *failures]
    assert result.stdout.splitlines()[-1] == (
        f"{ingested} ingested, 0 unchanged, 0 updated, {len(failures)} failed (store: {path})")
    assert result.exit_code == (1 if failures else 0)
    after = graphs_by_name(path)
    good = [r for r in read_sources([str(folder / "good.txt")])][0]
    assert f"<{release_iri(good)}>" in after
    assert {name: lines for name, lines in after.items() if name in before} == before


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


CASES = {
    "empty file": ("empty.txt", b"", "is empty"),
    "blank file": ("blank.txt", b" \n\t\n", "is empty"),
    "byte-order mark alone": ("bom.txt", b"\xef\xbb\xbf", "is empty"),
    "binary file": ("image.txt", bytes(range(256)) * 8, "looks like a binary file, not text"),
    "PNG with a text name": ("photo.htm", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40,
                             "looks like a binary file, not text"),
    "invalid UTF-8": ("mixed.txt", "Talks In Séoul\n\nThe ministers met.".encode() + b" Caf\xe9 talks.",
                      "is not valid UTF-8 (byte 0xE9 at offset 39) but has UTF-8 characters elsewhere; save it as UTF-8"),
    "HTML with no body": ("head.html", b"<html><head><title>Ministers Meet In Rome</title></head></html>",
                          "has no text in its HTML body"),
    "HTML whose body is all page chrome": (
        "chrome.html", b"<html><body><nav>Home | Press</nav><script>var a = 1;</script></body></html>",
        "has no text in its HTML body"),
    "HTML that is only a comment": ("comment.html", b"<!-- nothing here -->", "is not parseable HTML: Document is empty"),
    "UTF-16 with a broken byte-order mark": ("broken16.txt", b"\xff\xfeT\x00a\x00\x00\xd8",
                                             "has a utf-16 byte-order mark but is not utf-16: 'utf-16-le' codec can't "
                                             "decode bytes in position 6-7: unexpected end of data"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_in_a_folder_gets_one_line_and_the_rest_is_ingested(stored, batch, case):
    name, data, reason = CASES[case]
    bad = write(batch, name, data)
    result = invoke("ingest", batch, "--store", stored[0])
    check_batch(stored, batch, result, [f"dipgraph: failed: {bad}: {reason}"])


def test_a_100_mb_file_is_refused_above_the_size_limit(stored, batch):
    big = batch / "huge.txt"
    try:
        with big.open("wb") as f:
            line = b"The ministers met again and again in the capital.\n"
            f.write(line * (100 * 1024 * 1024 // len(line)))
            f.write(b"x" * (100 * 1024 * 1024 - f.tell()))
        assert big.stat().st_size == 104_857_600
        result = invoke("ingest", batch, "--store", stored[0])
        check_batch(stored, batch, result, [f"dipgraph: failed: {big}: is 104,857,600 bytes, {LIMIT}"])
    finally:
        big.unlink()


def test_the_size_limit_can_be_raised_or_lifted(stored, batch, tmp_path):
    text = "Ministers Meet In Vienna Today\n\nDate : 2021-05-04\n\n" + "They discussed trade. " * 200
    (batch / "long.txt").write_text(text, encoding="utf-8")
    refused = invoke("ingest", batch, "--store", stored[0], "--max-size", "2K")
    check_batch(stored, batch, refused, [
        f"dipgraph: failed: {batch / 'long.txt'}: is 4,451 bytes, over the limit of 2,048 bytes "
        "(raise it with --max-size)"])
    for limit in ("8K", "0"):
        shutil.rmtree(stored[0])
        result = invoke("ingest", batch, "--store", stored[0], "--max-size", limit)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1] == f"2 ingested, 0 unchanged, 0 updated, 0 failed (store: {stored[0]})"


@pytest.mark.parametrize("value", ["lots", "-5M", "M"])
def test_a_size_that_is_not_a_size_is_a_usage_error(tmp_path, value):
    result = invoke("ingest", tmp_path, "--store", tmp_path / "s", "--max-size", value)
    assert result.exit_code == 2
    assert f"Invalid value for --max-size: {value!r} is not a size such as 50M (or 0 for no limit)" in result.stderr


def test_jsonl_lines_that_are_not_releases(stored, batch):
    good = synthetic_records(3)[2]
    archive = write(batch, "archive.jsonl", b"\n".join([
        b'{"id": "x:1", "text": "the ministers met", oops}',
        b'{"id": "x:2", "title": "No Text Here", "text": "   "}',
        b'["a", "list"]',
        b'{"id": "x:4", "text": "Caf\xe9 talks in Paris"}',
        b'{"id": "x:5", "text": "half of a \\ud83d pair"}',
        b'{"id": "x:6", "text": "' + b"long " * 500 + b'"}',
        b"",
        json_line(good),
    ]) + b"\n")
    result = invoke("ingest", batch, "--store", stored[0], "--max-size", "2K")
    check_batch(stored, batch, result, [
        f"dipgraph: failed: {archive}#1: is not JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 44 (char 43)",
        f"dipgraph: failed: {archive}#2: has no text",
        f"dipgraph: failed: {archive}#3: is not a JSON object",
        f"dipgraph: failed: {archive}#4: is not valid UTF-8 (byte 0xE9 at column 27)",
        f"dipgraph: failed: {archive}#5: has an unpaired surrogate (\\ud83d) in its text, which is not text",
        f"dipgraph: failed: {archive}#6: is 2,525 bytes, over the limit of 2,048 bytes (raise it with --max-size)",
    ], ingested=2)


def json_line(record: dict) -> bytes:
    import json

    return json.dumps(record).encode("utf-8")


def test_a_truncated_gzip_archive_keeps_what_was_read_and_reports_the_rest(stored, batch):
    import gzip

    whole = gzip.compress(b"\n".join(json_line(r) for r in synthetic_records(40)[2:]) + b"\n")
    archive = write(batch, "cut.jsonl.gz", whole[: len(whole) // 2])
    result = invoke("ingest", batch, "--store", stored[0])
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"dipgraph: failed: {archive}#")
    assert lines[0].endswith(": cannot be read: Compressed file ended before the end-of-stream marker was reached")
    read = int(lines[0].split("#")[1].split(":")[0]) - 1
    assert 0 < read < 38
    assert result.stdout.splitlines()[-1] == f"{read + 1} ingested, 0 unchanged, 0 updated, 1 failed (store: {stored[0]})"


def test_a_missing_input_and_a_broken_link_are_reported(stored, batch):
    os.symlink(batch / "moved-away.txt", batch / "gone.txt")
    result = invoke("ingest", batch, batch / "never-there.txt", "--store", stored[0])
    check_batch(stored, batch, result, [
        f"dipgraph: failed: {batch / 'gone.txt'}: is a broken link to {batch / 'moved-away.txt'}",
        f"dipgraph: failed: {batch / 'never-there.txt'}: does not exist",
    ])


def test_a_release_without_a_date_is_stored_with_a_warning(stored, batch):
    undated = batch / "undated.txt"
    undated.write_text("Ministers Meet In Geneva Today\n\nThe ministers met in Geneva.\n", encoding="utf-8")
    archive = write_jsonl(batch / "undated.jsonl", [{"url": "https://example.org/undated", "text": "They met."}])
    result = invoke("ingest", batch, "--store", stored[0])
    check_batch(stored, batch, result, [], ingested=3, warnings=[
        f"dipgraph: warning: {archive}#1: has no publication date; stored without one",
        f"dipgraph: warning: {undated}: has no publication date; stored without one",
    ])


@pytest.mark.parametrize("name, encoding, text", [
    ("utf16.txt", "utf-16", "Talks In Séoul Held Today\n\nThe ministers met."),
    ("utf16le.txt", "utf-16-le", "Talks In Séoul Held Today\n\nThe ministers met."),
    ("utf16be.txt", "utf-16-be", "Talks In Séoul Held Today\n\nThe ministers met."),
    ("latin1.txt", "latin-1", "Entretien à Genève Avec Le Ministre\n\nLes ministres se sont réunis."),
    ("cp1252.txt", "cp1252", "Talks „In Zürich“ – Held Today\n\nThe ministers met."),
    ("utf8bom.txt", "utf-8", "\ufeffTalks In Séoul Held Today\n\nThe ministers met."),
])
def test_utf16_and_latin1_files_are_decoded(stored, batch, name, encoding, text):
    path = write(batch, name, text.encode(encoding))
    result = invoke("ingest", batch, "--store", stored[0])
    check_batch(stored, batch, result, [], ingested=2, warnings=[
        f"dipgraph: warning: {path}: has no publication date; stored without one"])
    (release,) = read_sources([str(path)])
    assert release.text == text.lstrip("\ufeff")
    with GraphStore(stored[0], read_only=True) as store:
        iri = release_iri(release)
        assert [str(t) for t in store.graph(iri).objects(iri, DIP.text)] == [text.lstrip("\ufeff")]


def test_a_file_whose_name_is_not_utf8_is_still_ingested(stored, batch):
    name = os.fsdecode(b"caf\xe9-talks.txt")  # a Latin-1 file name, as Python sees it: with a surrogate escape
    (batch / name).write_text(GOOD.replace("Paris", "Lyon"), encoding="utf-8")
    result = invoke("ingest", batch, "--store", stored[0])
    check_batch(stored, batch, result, [], ingested=2)
    (release,) = read_sources([str(batch / name)])
    with GraphStore(stored[0], read_only=True) as store:
        iri = release_iri(release)
        assert [str(s) for s in store.graph(iri).objects(iri, DIP.sourceLocation)] == [f"{batch}/caf\ufffd-talks.txt"]


# ---------------------------------------------------------------- unreadable files

def run_unprivileged(*args) -> tuple[int, str, str]:
    """``dipgraph ARGS`` in a process that permission bits apply to: as root (who may read any file)
    the process gives up the capabilities that override them, and then runs in a subprocess."""
    args = [str(a) for a in args]
    if os.geteuid() != 0:
        result = invoke(*args)
        return result.exit_code, result.stdout, result.stderr
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "prctl"):
        pytest.skip("running as root on a system without prctl: permission bits cannot be made to apply")

    def drop_override_capabilities():
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, from the bounding set
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")

    done = subprocess.run([sys.executable, "-m", "dipgraph", *args], preexec_fn=drop_override_capabilities,
                          capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def test_an_unreadable_file_in_a_folder(stored, batch):
    locked = batch / "locked.txt"
    locked.write_text(GOOD.replace("Paris", "Rome"), encoding="utf-8")
    locked.chmod(0)
    code, out, err = run_unprivileged("ingest", batch, "--store", stored[0])
    assert err.splitlines() == [f"dipgraph: failed: {locked}: cannot be read: Permission denied"]
    assert out.splitlines()[-1] == f"1 ingested, 0 unchanged, 0 updated, 1 failed (store: {stored[0]})"
    assert code == 1
    assert {n: lines for n, lines in graphs_by_name(stored[0]).items() if n in stored[1]} == stored[1]


def test_an_unreadable_subfolder_is_reported_not_skipped(stored, batch):
    sub = batch / "sub"
    sub.mkdir()
    (sub / "inside.txt").write_text(GOOD.replace("Paris", "Oslo"), encoding="utf-8")
    sub.chmod(0)
    try:
        code, out, err = run_unprivileged("ingest", batch, "--store", stored[0])
    finally:
        sub.chmod(0o755)
    assert err.splitlines() == [f"dipgraph: failed: {sub}: cannot be read: Permission denied"]
    assert out.splitlines()[-1] == f"1 ingested, 0 unchanged, 0 updated, 1 failed (store: {stored[0]})"
    assert code == 1


# ---------------------------------------------------------------- URLs

PAGE = b"""<html><head><title>Ministers Meet In Oslo</title>
<meta property="article:published_time" content="2022-09-01T10:00:00Z"></head>
<body><article><h1>Ministers Meet In Oslo</h1><p>The ministers met in Oslo on 1 September.</p></article></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        if self.path == "/release":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/broken":
            self.send_error(500)
        elif self.path == "/slow":
            time.sleep(3)
            self.send_error(204)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_urls_that_fail_or_time_out(stored, server):
    path, before = stored
    urls = [f"{server}/missing", f"{server}/release", f"{server}/broken", f"{server}/slow"]
    result = invoke("ingest", *urls, "--store", path, "--timeout", "0.5")
    assert result.stderr.splitlines() == [
        f"dipgraph: failed: {server}/missing: HTTP 404 Not Found: the page does not exist (or no longer)",
        f"dipgraph: failed: {server}/broken: HTTP 500 Internal Server Error: the server failed or is busy; try again later",
        f"dipgraph: failed: {server}/slow: timed out after 0.5 s",
    ]
    assert result.stdout.splitlines()[-1] == f"1 ingested, 0 unchanged, 0 updated, 3 failed (store: {path})"
    assert result.exit_code == 1
    after = graphs_by_name(path)
    assert {name: lines for name, lines in after.items() if name in before} == before
    (release,) = [r for r in read_sources([f"{server}/release"])]
    assert (release.title, release.date, release.url) == ("Ministers Meet In Oslo", "2022-09-01", f"{server}/release")
    assert f"<{release_iri(release)}>" in after


def test_nothing_failed_exit_code_zero(stored, batch):
    result = invoke("ingest", batch, "--store", stored[0])
    check_batch(stored, batch, result, [])
