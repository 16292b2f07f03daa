"""Bytes → text, refusing what is not text with a reason a person can act on."""
from __future__ import annotations

import codecs
import re

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

    A byte-order mark wins, then ``charset`` (from HTTP headers or a page), then UTF-8; text with
    no UTF-8 in it at all is read as Windows-1252 (a superset of Latin-1, the usual encoding of
    such pages). Bytes that look binary, and text that mixes UTF-8 with other bytes (which no
    single encoding reads right), are refused.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise too_large(source, len(data), max_bytes)
    text = _decode(data, source, charset)
    if not text.strip():
        raise ReadError(source, "is empty")
    return text


def too_large(source: str, size: int, max_bytes: int) -> ReadError:
    return ReadError(source, f"is {size:,} bytes, over the limit of {max_bytes:,} bytes (raise it with --max-size)")


def _decode(data: bytes, source: str, charset: str | None) -> str:
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
    except UnicodeDecodeError as e:
        first_bad = e.start
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text[:8192]) // 100 + 1:
        raise ReadError(source, "looks like a binary file, not text")
    if _UTF8_SEQUENCE.search(data):
        raise ReadError(source, f"is not valid UTF-8 (byte 0x{data[first_bad]:02X} at offset {first_bad:,}) "
                                "but has UTF-8 characters elsewhere; save it as UTF-8")
    return text


# A well-formed multi-byte UTF-8 character; Windows-1252 text almost never holds one by chance.
_UTF8_SEQUENCE = re.compile(
    rb"[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}"
    rb"|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2}")


def _decode_or_fail(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ReadError(source, f"is neither UTF-8 nor {encoding}: {e}") from None
