"""A release saved as plain text, page chrome and all: find its headline, its date and its body."""
from __future__ import annotations

import re
from datetime import date as Date

from dateutil import parser as dateparser

from dipgraph.models import Release

_HEAD_CHARS = 2500
"""How far into the text a headline or publication date is looked for."""

_LABELLED_DATE = re.compile(
    r"(?im)^[\s•*\-]*date\s*[:\-]?\s*(?:\n\s*)?(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})")
_DATE_PATTERNS = [
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),
    re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
    re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
               r"\.?\s+\d{1,2},?\s+\d{4}\b"),
    re.compile(r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
               r",?\s+\d{4}\b"),
]
_SENTENCE = re.compile(r"[.!?][\"”’)]?\s*$")


def parse_date(text: str) -> str | None:
    """An ISO date for one date expression, or None when it is not a valid date."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    try:
        if m:
            return Date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text.strip())
        if m:
            return Date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
        if m:  # slashed dates on English-language sites are month first
            return Date(int(m[3]), int(m[1]), int(m[2])).isoformat()
        return dateparser.parse(text, default=None, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


def find_date(text: str) -> str | None:
    """The publication date the page header gives: a labelled date, or a date alone on its line."""
    head = text[:_HEAD_CHARS]
    m = _LABELLED_DATE.search(head)
    if m and (found := parse_date(m[1])):
        return found
    for line in head.splitlines():
        line = line.strip(" \t•*|")
        if not line or len(line) > 60:
            continue
        for pattern in _DATE_PATTERNS:
            m = pattern.search(line)
            if m and len(line) - len(m[0]) < 25 and (found := parse_date(m[0])):
                return found
    return None


def find_title(text: str) -> tuple[str | None, int]:
    """The headline and the offset just after it (where the body starts)."""
    offset = 0
    best: tuple[str, int] | None = None
    for raw in text[:_HEAD_CHARS].splitlines(keepends=True):
        line = raw.strip()
        start = offset
        offset += len(raw)
        if len(line) > 400 or (len(line) > 200 and _SENTENCE.search(line)):
            break  # the first paragraph of the body: the headline came before it
        words = line.split()
        if len(words) < 4 or _SENTENCE.search(line) or not line[0].isupper():
            continue
        capitalised = sum(1 for w in words if w[:1].isupper())
        if capitalised / len(words) >= 0.4 and (best is None or len(line) > len(best[0])):
            best = (line, start + len(raw))
    if best is None:
        return None, 0
    return best


def read_saved_text(text: str, source: str, **known) -> Release:
    """A :class:`Release` from a saved page's text; ``known`` fields (url, publisher…) win."""
    title, body_start = find_title(text)
    fields = {"title": title, "date": find_date(text), "body_start": body_start}
    fields.update({k: v for k, v in known.items() if v is not None})
    return Release(source=source, text=text, **fields)
