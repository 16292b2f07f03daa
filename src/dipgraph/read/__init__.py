"""Read: inputs of every kind → :class:`~dipgraph.models.Release` objects (or a ReadError each).

``read_sources`` takes what a user types: files (``.txt``, ``.html``/``.htm``, ``.jsonl``,
``.jsonl.gz``), folders (searched recursively), and ``-`` for standard input. A failure on one input
is yielded as a :class:`~dipgraph.errors.ReadError` so the rest of a batch goes on.
"""
from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.decode import MAX_BYTES, decode_text, too_large
from dipgraph.read.html import read_html
from dipgraph.read.jsonl import read_jsonl
from dipgraph.read.text import read_saved_text

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")

__all__ = ["read_sources", "read_file", "read_bytes", "expand_sources", "count_releases", "MAX_BYTES"]


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
    """Each source as given, with folders replaced by the release files below them, sorted.

    A folder or file below that cannot be listed or followed is yielded as a :class:`ReadError`,
    never skipped in silence.
    """
    for source in sources:
        if source == "-" or "://" in source:
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            yield from _folder(path)
        elif path.exists():
            yield source
        elif path.is_symlink():
            yield ReadError(source, f"is a broken link to {os.readlink(path)}")
        else:
            yield ReadError(source, "does not exist")


def _folder(folder: Path) -> Iterator[str | ReadError]:
    found: list[tuple[str, ReadError | None]] = []

    def unreadable(error: OSError) -> None:
        name = error.filename or str(folder)
        found.append((name, ReadError(name, f"cannot be read: {error.strerror or error}")))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in files:
            path = Path(top) / name
            if not _kind(path):
                continue
            if path.is_symlink() and not path.exists():
                found.append((str(path), ReadError(str(path), f"is a broken link to {os.readlink(path)}")))
            elif not path.is_dir():
                found.append((str(path), None))
    for name, error in sorted(found, key=lambda item: item[0]):
        yield error or name


def count_releases(sources: Iterable[str]) -> int | None:
    """How many releases (or failures) ``read_sources`` will yield; None when that cannot be known
    without reading (standard input, a URL). A JSON Lines file is counted by its lines."""
    total = 0
    for source in expand_sources(sources):
        if isinstance(source, ReadError):
            total += 1
        elif source == "-" or "://" in source:
            return None
        elif _kind(Path(source)) == "jsonl":
            total += _count_lines(source)
        else:
            total += 1
    return total


def _count_lines(path: str) -> int:
    opener = gzip.open if path.lower().endswith(".gz") else open
    lines, last = 0, b"\n"
    try:
        with opener(path, "rb") as f:
            while chunk := f.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except (OSError, EOFError):
        return 1  # unreadable: read_sources reports it as one failure
    return lines + (last != b"\n")


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
            raise too_large(path, size, max_bytes)
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(path, f"cannot be read: {e.strerror or e}") from None
    return read_bytes(data, path, kind=_kind(p) or "text", max_bytes=max_bytes, **known)


def read_sources(sources: Iterable[str], *, max_bytes: int | None = MAX_BYTES,
                 publisher: str | None = None, publisher_country: str | None = None,
                 fetcher=None, timeout: float | None = None) -> Iterator[Release | ReadError]:
    """Every release in ``sources``, in order; a :class:`ReadError` in place of each that fails.

    URLs are fetched with ``fetcher`` (a :class:`~dipgraph.read.url.Fetcher`), or with one made for
    this call (waiting ``timeout`` seconds at most for an answer), so that the delay per site spans
    all of them.
    """
    known = {"publisher": publisher, "publisher_country": publisher_country}
    for source in expand_sources(sources):
        if isinstance(source, ReadError):
            yield source
            continue
        try:
            if source == "-":
                data = sys.stdin.buffer.read() if max_bytes is None else sys.stdin.buffer.read(max_bytes + 1)
                yield read_bytes(data, "-", max_bytes=max_bytes, **known)
            elif "://" in source:
                from dipgraph.read.url import TIMEOUT, Fetcher, read_url  # network code only when asked for

                fetcher = fetcher or Fetcher(max_bytes=max_bytes, timeout=timeout or TIMEOUT)
                yield read_url(source, fetcher=fetcher, max_bytes=max_bytes, **known)
            elif _kind(Path(source)) == "jsonl":
                yield from read_jsonl(source, publisher_country=publisher_country, max_bytes=max_bytes)
            else:
                yield read_file(source, max_bytes=max_bytes, **known)
        except ReadError as e:
            yield e
        except Exception as e:  # noqa: BLE001 - a reader's slip on one input must not end the batch
            yield ReadError(source, f"cannot be read: {type(e).__name__}: {e}")
