"""Dates in running text, resolved against the release date.

Handles full dates ("June 13, 2016", "13 June 2016", "2016-06-13", "20.07.2015"), day and month without
a year ("on June 13", "the 5th and 6th December"), ranges (the start day counts: "September 10-12",
"from April 15 to 19"), weekdays ("Sunday", "last Tuesday", "next Friday") and relative words
("today", "yesterday", "tomorrow"). A date whose year cannot be known (no year written and no release
date) resolves to None, as do month-only dates ("in April 2016").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_TO = r"\s*(?:[-–−—]|to|and|through|until|till)\s*"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_DATE = re.compile(
    rf"(?:\b(?P<wd_pre>{_WEEKDAY}),?\s+(?:the\s+)?)?"
    rf"(?:"
    rf"\b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:{_TO}(?:(?P<m1b>{_MONTH})\s+)?(?P<d1b>{_DAY}))?\b(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<d2>{_DAY})(?:{_TO}(?P<d2b>{_DAY}))?(?:\s+of)?\s+(?P<m2>{_MONTH})(?:{_TO}(?P<d2c>{_DAY})\s+(?P<m2c>{_MONTH}))?(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
    rf"|\b(?P<dmy>[0-3]?\d\.[01]?\d\.(?:19|20)\d\d)\b"
    rf"|\b(?P<mdy>[01]?\d/[0-3]?\d/(?:19|20)\d\d)\b"
    rf"|\b(?P<month_only>{_MONTH})\s+(?P<y3>(?:19|20)\d\d)\b"
    rf"|\b(?P<rel>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|this (?:morning|afternoon|evening)|[Ee]arlier (?:in the day|today)|[Ll]ater (?:in the day|today))\b"
    rf"|\b(?:(?P<wd_mod>last|next|this|coming|past)\s+)?(?P<wd>{_WEEKDAY})\b"
    rf")"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    iso: str | None
    kind: str  # "full", "day", "weekday", "relative", "month", "range"


def to_date(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, ref: date | None, future: bool) -> date | None:
    """The date of ``day month`` nearest to ``ref``: on or before it for past events, after it for plans."""
    if ref is None:
        return None
    candidates = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _safe(y, month, day))]
    slack = timedelta(days=7)
    if future:
        later = [d for d in candidates if d >= ref - slack]
        return min(later) if later else None
    earlier = [d for d in candidates if d <= ref + slack]
    return max(earlier) if earlier else None


def _weekday(name: str, modifier: str | None, ref: date | None, future: bool) -> date | None:
    if ref is None:
        return None
    target = WEEKDAYS[name.lower()]
    modifier = (modifier or "").lower()
    if modifier in ("next", "coming") or (future and modifier != "last" and modifier != "past"):
        delta = (target - ref.weekday()) % 7
        if modifier in ("next", "coming") and delta == 0:
            delta = 7
        return ref + timedelta(days=delta)
    delta = (ref.weekday() - target) % 7
    if modifier in ("last", "past") and delta == 0:
        delta = 7
    return ref - timedelta(days=delta)


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def find_dates(text: str, start: int = 0, end: int | None = None, *, release_date: str | None = None,
               future: bool = False) -> list[DateMention]:
    """The date expressions in ``text[start:end]`` with their ISO dates (None when not knowable)."""
    ref = to_date(release_date)
    out: list[DateMention] = []
    for m in _DATE.finditer(text, start, len(text) if end is None else end):
        g = m.groupdict()
        iso = None
        kind = "full"
        if g["m1"] or g["m2"]:
            month = MONTHS[(g["m1"] or g["m2"]).rstrip(".").lower()]
            day = _day(g["d1"] or g["d2"])
            year = g["y1"] or g["y2"]
            ranged = bool(g["d1b"] or g["d2b"] or g["d2c"])
            if year:
                d = _safe(int(year), month, day)
            else:
                d = _year_for(month, day, ref, future)
            kind = "range" if ranged else ("full" if year else "day")
            iso = d.isoformat() if d else None
        elif g["iso"]:
            d = to_date(g["iso"])
            iso = d.isoformat() if d else None
        elif g["dmy"]:
            dd, mm, yy = g["dmy"].split(".")
            d = _safe(int(yy), int(mm), int(dd))
            iso = d.isoformat() if d else None
        elif g["mdy"]:
            mm, dd, yy = g["mdy"].split("/")
            d = _safe(int(yy), int(mm), int(dd))
            iso = d.isoformat() if d else None
        elif g["month_only"]:
            if g["month_only"] == "May" and not re.match(r"\s+\d{4}", text[m.end("month_only"):]):
                continue
            kind = "month"
        elif g["rel"]:
            kind = "relative"
            word = g["rel"].lower()
            if ref is not None:
                shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)  # "earlier in the day" is the same day
                iso = (ref + timedelta(days=shift)).isoformat()
        elif g["wd"]:
            kind = "weekday"
            d = _weekday(g["wd"], g["wd_mod"], ref, future)
            iso = d.isoformat() if d else None
        else:
            continue
        out.append(DateMention(m.start(), m.end(), iso, kind))
    return out
