"""Sentences as character spans, so every fact can point at the passage it came from.

A rule-based splitter: line breaks end a sentence (press releases put headlines, bullets and datelines
on lines of their own); inside a line a sentence ends at ``.``, ``!`` or ``?`` before a capital, a digit
or an opening quote, unless the dot closes an abbreviation ("Mr.", "U.S.") or an initial ("George W. Bush").
"""
from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*[ \t\u00a0]+(?=[\"'“‘(\[]?[A-Z0-9\u00c0-\u024f])|\n")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "mt", "ft", "no", "nos", "gen", "lt", "col", "capt", "cmdr", "adm", "sgt",
    "sen", "rep", "reps", "gov", "prof", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "hon", "rev", "fr", "messrs",
    "u.s", "u.k", "u.n", "e.u", "h.e", "a.m", "p.m", "e.g", "i.e", "d.c", "approx", "art", "para", "vol",
}


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank sentence of ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group() != "\n":
            word = re.search(r"([\w.]+)$", text[max(pos, m.start() - 12):m.start()])
            if word:
                w = word.group(1).lower()
                if w in _ABBREV or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                    continue
            cut = m.start() + 1
            while cut < m.end() and not text[cut].isspace():
                cut += 1
        else:
            cut = m.start()
        _add(text, pos, cut, spans)
        pos = m.end()
    _add(text, pos, end, spans)
    return spans


def _add(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))
