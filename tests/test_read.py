"""Read: decoding, folders, JSON Lines archives, standard input; every failure names its input."""
from __future__ import annotations

import gzip
import json

import pytest

from dipgraph.errors import ReadError
from dipgraph.read import read_sources
from dipgraph.read.decode import decode_text


def test_decodes_utf8_utf16_and_windows_1252():
    assert decode_text("Séoul".encode("utf-8"), "a") == "Séoul"
    assert decode_text("Séoul talks".encode("utf-16"), "a") == "Séoul talks"
    assert decode_text("Séoul talks here".encode("utf-16-le"), "a") == "Séoul talks here"
    assert decode_text("Séoul “talks”".encode("cp1252"), "a") == "Séoul “talks”"


@pytest.mark.parametrize("data, reason", [
    (b"", "is empty"),
    (b"   \n\t ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 10, "binary"),
    (bytes(range(256)) * 4, "binary"),
])
def test_refuses_what_is_not_text(data, reason):
    with pytest.raises(ReadError, match=reason) as info:
        decode_text(data, "input.txt")
    assert str(info.value).startswith("input.txt: ")


def test_size_limit_names_the_override():
    with pytest.raises(ReadError, match="--max-size"):
        decode_text(b"x" * 101, "big.txt", max_bytes=100)
    assert decode_text(b"x" * 101, "big.txt", max_bytes=None) == "x" * 101


def test_folder_is_read_recursively_and_failures_do_not_stop_the_batch(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Minister Meets Counterpart In Paris\n\nThe ministers met.", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_bytes(b"")
    (tmp_path / "sub" / "c.htm").write_text("<html><body><h1>Talks In Rome Today</h1><p>They met.</p></body></html>")
    (tmp_path / "notes.md").write_text("ignored: not a release format")
    items = list(read_sources([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert [type(i).__name__ for i in items] == ["Release", "ReadError", "Release", "ReadError"]
    assert items[1].source.endswith("b.txt") and items[1].reason == "is empty"
    assert items[3].reason == "does not exist"


def _jsonl(path, records, *, gz=False):
    lines = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_records_become_releases_and_bad_lines_are_reported(tmp_path, gz):
    path = tmp_path / ("r.jsonl.gz" if gz else "r.jsonl")
    good = {"id": "x:1", "url": "https://example.org/1", "publisher": "Ministry", "date": "2020-03-18",
            "title": "Talks", "text": "The ministers met."}
    _jsonl(path, [good, "{not json", {"id": "x:2", "text": ""}, [1, 2]], gz=gz)
    items = list(read_sources([str(path)]))
    first = items[0]
    assert (first.id, first.url, first.publisher, first.date, first.title) == (
        "x:1", "https://example.org/1", "Ministry", "2020-03-18", "Talks")
    assert first.text == "Talks\n\nThe ministers met." and first.body_start == len("Talks\n\n")
    assert first.source == f"{path}#1"
    assert [(i.source.rsplit("#", 1)[1], i.reason.split(":")[0]) for i in items[1:]] == [
        ("2", "is not JSON"), ("3", "has no text"), ("4", "is not a JSON object")]


def test_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Talks In Moscow Held Today\n\nThey met.")))
    (release,) = read_sources(["-"])
    assert release.source == "-" and "They met." in release.text


def test_a_page_without_article_markup_is_read_without_its_navigation(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Minister Meets Counterpart In Rome</title></head><body>"
        '<div class="nav"><a href="/">Home</a> | <a href="/news">News</a> | <a href="/contact">Contact us</a></div>'
        '<div class="content"><h2>Minister Meets Counterpart In Rome</h2>'
        "<p>The Foreign Minister met her Italian counterpart in Rome on April 16, 2024. The two ministers "
        "discussed support for Ukraine and the situation in the Middle East.</p>"
        "<p>They agreed to deepen cooperation and to meet again at the ministerial meeting in Capri.</p></div>"
        '<div class="footer">Copyright 2024 Global Affairs. Privacy. Terms of use.</div></body></html>',
        encoding="utf-8")
    (release,) = read_sources([str(page)])
    body = release.text[release.body_start:]
    assert "met her Italian counterpart in Rome" in body and "meet again at the ministerial meeting" in body
    assert "Contact us" not in release.text and "Terms of use" not in release.text
