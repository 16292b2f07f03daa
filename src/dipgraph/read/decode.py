"""Bytes → text, refusing what is not text with a reason a person can act on."""
from __future__ import annotations

import codecs

from dipgraph.errors import ReadError

MAX_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are refused unless the caller raises the limit (``--max-size``)."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, source: str, *, charset: str | None = None,
                max_bytes: int | None = MAX_BYTES) -> str:
    """Decode ``data`` read from ``source``.

    A byte-order mark wins, then ``charset`` (from HTTP headers or a page), then UTF-8; text that
    is not valid UTF-8 is read as Windows-1252 (the usual encoding of such pages), but bytes that
    look binary are refused.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise ReadError(source, f"is {len(data):,} bytes, over the limit of {max_bytes:,} bytes "
                                "(raise it with --max-size)")
    if not data.strip():
        raise ReadError(source, "is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise ReadError(source, f"has a {encoding} byte-order mark but is not {encoding}: {e}") from None
    if b"\x00" in data[:8192]:
        # UTF-16 without a BOM shows as every other byte NUL in ASCII-heavy text
        sample = data[:8192]
        if sample[1::2].count(0) > len(sample) // 4:
            return _decode_or_fail(data, "utf-16-le", source)
        if sample[0::2].count(0) > len(sample) // 4:
            return _decode_or_fail(data, "utf-16-be", source)
        raise ReadError(source, "looks like a binary file, not text")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declared charset is common; fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text[:8192]) // 100 + 1:
        raise ReadError(source, "looks like a binary file, not text")
    return text


def _decode_or_fail(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ReadError(source, f"is neither UTF-8 nor {encoding}: {e}") from None
