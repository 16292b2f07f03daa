"""Read: inputs of every kind → :class:`~dipgraph.models.Release` objects (or a ReadError each).

``read_sources`` takes what a user types: files (``.txt``, ``.html``/``.htm``, ``.jsonl``,
``.jsonl.gz``), folders (searched recursively), and ``-`` for standard input. A failure on one input
is yielded as a :class:`~dipgraph.errors.ReadError` so the rest of a batch goes on.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.decode import MAX_BYTES, decode_text
from dipgraph.read.html import read_html
from dipgraph.read.jsonl import read_jsonl
from dipgraph.read.text import read_saved_text

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")

__all__ = ["read_sources", "read_file", "read_bytes", "expand_sources", "MAX_BYTES"]


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def expand_sources(sources: Iterable[str]) -> Iterator[str | ReadError]:
    """Each source as given, with folders replaced by the readable files below them, sorted."""
    for source in sources:
        if source == "-" or "://" in source:
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and _kind(p)):
                yield str(found)
        elif path.exists():
            yield source
        else:
            yield ReadError(source, "does not exist")


def read_bytes(data: bytes, source: str, *, kind: str = "text", charset: str | None = None,
               max_bytes: int | None = MAX_BYTES, **known) -> Release:
    text = decode_text(data, source, charset=charset, max_bytes=max_bytes)
    if kind == "html" or (kind == "text" and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))):
        return read_html(text, source, **known)
    return read_saved_text(text, source, **known)


def read_file(path: str, *, max_bytes: int | None = MAX_BYTES, **known) -> Release:
    p = Path(path)
    try:
        size = p.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ReadError(path, f"is {size:,} bytes, over the limit of {max_bytes:,} bytes (raise it with --max-size)")
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(path, f"cannot be read: {e.strerror or e}") from None
    return read_bytes(data, path, kind=_kind(p) or "text", max_bytes=max_bytes, **known)


def read_sources(sources: Iterable[str], *, max_bytes: int | None = MAX_BYTES,
                 publisher: str | None = None, publisher_country: str | None = None,
                 fetcher=None) -> Iterator[Release | ReadError]:
    """Every release in ``sources``, in order; a :class:`ReadError` in place of each that fails.

    URLs are fetched with ``fetcher`` (a :class:`~dipgraph.read.url.Fetcher`), or with one made for
    this call, so that the delay per site spans all of them.
    """
    known = {"publisher": publisher, "publisher_country": publisher_country}
    for source in expand_sources(sources):
        if isinstance(source, ReadError):
            yield source
            continue
        try:
            if source == "-":
                yield read_bytes(sys.stdin.buffer.read(), "-", max_bytes=max_bytes, **known)
            elif "://" in source:
                from dipgraph.read.url import Fetcher, read_url  # network code only when asked for

                fetcher = fetcher or Fetcher(max_bytes=max_bytes)
                yield read_url(source, fetcher=fetcher, max_bytes=max_bytes, **known)
            elif _kind(Path(source)) == "jsonl":
                yield from read_jsonl(source, publisher_country=publisher_country)
            else:
                yield read_file(source, max_bytes=max_bytes, **known)
        except ReadError as e:
            yield e
