"""JSON Lines archives of releases (``id, url, publisher, date, title, text`` per line), streamed."""
from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.decode import MAX_BYTES, too_large
from dipgraph.read.text import parse_date

FIELDS = ("id", "url", "publisher", "date", "title", "text")
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(path: Path | str, *, publisher_country: str | None = None,
               max_bytes: int | None = MAX_BYTES) -> Iterator[Release | ReadError]:
    """One :class:`Release` per line, or a :class:`ReadError` for a line that is not a release.

    Never holds more than one line in memory, so archives of any size stream; ``max_bytes`` bounds
    each record, not the archive.
    """
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        handle = opener(path, "rb")
    except OSError as e:
        yield ReadError(str(path), f"cannot be opened: {e.strerror or e}")
        return
    with handle:
        lineno = 0
        try:
            for lineno, raw in enumerate(handle, 1):
                source = f"{path}#{lineno}"
                size = len(raw.rstrip(b"\r\n"))
                if max_bytes is not None and size > max_bytes:
                    yield too_large(source, size, max_bytes)
                    continue
                try:
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError as e:
                    yield ReadError(source, f"is not valid UTF-8 (byte 0x{raw[e.start]:02X} at column {e.start + 1})")
                    continue
                if line.strip():
                    yield release_from_record(line, source, publisher_country=publisher_country)
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
            yield ReadError(f"{path}#{lineno + 1}", f"cannot be read: {e}")


def release_from_record(line: str, source: str, *, publisher_country: str | None = None) -> Release | ReadError:
    try:
        record = json.loads(line)
    except ValueError as e:
        return ReadError(source, f"is not JSON: {e}")
    if not isinstance(record, dict):
        return ReadError(source, "is not a JSON object")
    for key in FIELDS if "\\ud" in line.lower() else ():  # only a \uD800–\uDFFF escape makes a surrogate
        value = record.get(key)
        if isinstance(value, str) and (bad := _SURROGATE.search(value)):
            return ReadError(source, f"has an unpaired surrogate (\\u{ord(bad[0]):04x}) in its {key}, which is not text")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return ReadError(source, "has no text")
    title = record.get("title") if isinstance(record.get("title"), str) else None
    date = parse_date(record["date"]) if isinstance(record.get("date"), str) else None
    # The archive keeps the headline apart from the text; evidence offsets point into one string.
    full = f"{title}\n\n{text}" if title else text
    return Release(
        source=source,
        text=full,
        title=title,
        date=date,
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        publisher=record.get("publisher") if isinstance(record.get("publisher"), str) else None,
        publisher_country=publisher_country,
        id=record.get("id") if isinstance(record.get("id"), str) else None,
        body_start=len(title) + 2 if title else 0,
    )
