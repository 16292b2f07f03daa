"""A release saved as plain text, page chrome and all: find its headline, date, publisher and body.

Saved pages keep their navigation, banners and footers. The headline is told from chrome by what
surrounds it (a date or metadata line after it, the body paragraph after it, a repetition of it
elsewhere on the page); the publication date by where it stands (a labelled date, a date in the
headline, a line that starts with a date) and never by a date in a body sentence ("On March 14,
2016, ...") or a current-date banner (a date line followed by clock times).
"""
from __future__ import annotations

import re
from datetime import date as Date

from dateutil import parser as dateparser

from dipgraph.models import Release

_HEAD_CHARS = 4000
"""How far into the text a headline is looked for."""

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_DATE_EXPR = (
    r"(?:(?:19|20)\d\d-[01]\d-[0-3]\d"                      # 2016-06-13
    r"|(?:19|20)\d\d\.[01]\d\.[0-3]\d"                       # 2024.09.28
    r"|[0-3]?\d\.[01]?\d\.(?:19|20)\d\d"                     # 20.07.2015
    r"|[01]?\d/[0-3]?\d/(?:19|20)\d\d"                       # 09/28/2024
    rf"|(?i:{_MONTH})\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"  # July 20, 2015
    rf"|[0-3]?\d(?:st|nd|rd|th)?\s+(?i:{_MONTH}),?\s+(?:19|20)\d\d)"  # 18 March 2020
)
_WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
_LABELLED_DATE = re.compile(
    rf"(?im)^[^\S\n]*[•*\-]?[^\S\n]*(?:(?:publication|release|posted|published|submitted|issued|updated)?\s*date"
    rf"|(?:posted|published|submitted|issued|released)(?: on)?)\s*[:\-]?[^\S\n]*(?:\n[^\S\n]*)?"
    rf"{_WEEKDAY}({_DATE_EXPR})")
# a label in another script before a date ("Нийтлэгдсэн огноо: 2024.09.28")
_FOREIGN_LABEL_DATE = re.compile(rf"(?m)^[^\S\n]*[^\x00-\x7f][^\n:]{{0,40}}:\s*({_DATE_EXPR})\s*$")
_LINE_DATE = re.compile(rf"^[\[(]?(?:\d+(?:st|nd|rd|th)?[\])]\s*)?{_WEEKDAY}({_DATE_EXPR})(?=$|[\s|,–—\-])")
_TRAILING_DATE = re.compile(rf"[,(–—\-]\s*{_WEEKDAY}({_DATE_EXPR})\)?\s*$")
_CLOCK = re.compile(r"^[A-Z][\w .]*:\s*\d{1,2}:\d\d\s*$")
_SENTENCE_END = re.compile(r"[.!?:;][\"”’)]?\s*$")
_PUBLISHER_LINE = re.compile(
    r"^(?:the\s+)?(?:(?:Federal\s+)?Ministry|Department|Embassy|(?:Permanent\s+)?Mission|Consulate(?:[- ]General)?|"
    r"Federal Foreign Office|Foreign Office|Government|Office of the|Presidential Office|Prime Minister'?s Office|"
    r"State Department|Global Affairs|High Commission|Cabinet Office)\b[^.!?]{0,90}$", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<label>source|publisher|issued by|headline|title)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_ON_BEHALF = re.compile(r"\bon behalf of (?:the )?([A-Z][^.\n]{2,80}?)\s*(?:\.|$)", re.MULTILINE)
_ISSUED_BY = re.compile(r"(?im)^\s*issued by (?:the )?(.{5,100}?)\s*$")
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0e00-\u0eff\u1100-\u11ff\u3040-\u30ff"
                        r"\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")


def parse_date(text: str) -> str | None:
    """An ISO date for one date expression, or None when it is not a valid date."""
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})[-.](\d{2})[-.](\d{2})(?:[ T].*)?", text):
            return Date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
            return Date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):  # slashed dates on English-language sites are month first
            return Date(int(m[3]), int(m[1]), int(m[2])).isoformat()
        return dateparser.parse(text, default=None, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


def _lines(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """``(offset, stripped line)`` for each non-blank line of ``text[:limit]``."""
    out = []
    offset = 0
    for raw in text[:limit].splitlines(keepends=True):
        line = raw.strip()
        if line:
            out.append((offset + raw.index(line[0]), line))
        offset += len(raw)
    return out


def _is_date_line(line: str) -> bool:
    return bool(_LINE_DATE.match(line)) or bool(_LABELLED_DATE.match(line))


def _is_body(line: str) -> bool:
    """A paragraph of running text (not a headline or menu)."""
    return len(line) >= 100 and bool(_SENTENCE_END.search(line)) and line.count(" ") >= 12


def _headline_like(line: str, dated: bool = False) -> bool:
    """A line that can be a headline; ``dated`` when a date line follows it (then fewer capitals will do)."""
    words = line.split()
    if len(words) < 3 or len(line) > 300:
        return False
    if not (line[0].isupper() or line[0] in "\"“‘'«"):
        return False
    if line.endswith(("...", "…", ":")) or re.search(r"\s[>|»]\s|\|", line) or _NON_LATIN.search(line):
        return False
    if re.match(r"^(?:[-•*·▪]|\d+[.)]\s)", line) or _is_date_line(line) or _PUBLISHER_LINE.match(line):
        return False
    if _SENTENCE_END.search(line) and not line.endswith("?") and len(words) > 6 and not _TRAILING_DATE.search(line):
        # a sentence, not a headline (headlines rarely end with a full stop)
        if line.endswith(".") and len(line) > 120:
            return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= (0.25 if dated else 0.4)


def find_title(text: str) -> tuple[str | None, int]:
    """The headline and the offset just after it (where the body starts)."""
    lines = _lines(text, _HEAD_CHARS)
    best: tuple[float, int, str, int] | None = None
    bodies = 0
    folded = " ".join(text.split()).casefold()
    for i, (start, line) in enumerate(lines):
        label = _LABEL.match(line)
        if label and label["label"].lower() in ("headline", "title"):
            value = label["value"].strip()
            return value, start + line.index(value) + len(value)
        if _is_body(line):
            bodies += 1
            if bodies >= 2 and best is not None:
                break
            continue
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if not _headline_like(line, dated=_is_date_line(nxt)):
            continue
        score = -2.0 * bodies
        if folded.count(" ".join(line.split()).casefold()) >= 2:
            score += 3
        if _TRAILING_DATE.search(line) or _is_date_line(nxt) or nxt.lower() in ("date", "press release", "media release"):
            score += 2
        elif _is_body(nxt) or re.match(r"^\d+\.\s+\S", nxt) and len(nxt) > 80:
            score += 1
        if line.endswith("."):
            score -= 1
        if best is None or score > best[0]:
            best = (score, i, line, start + len(line))
    if best is None or best[0] < -1:
        return None, 0
    return best[2], best[3]


def find_date(text: str, title: str | None = None) -> str | None:
    """The publication date the page gives: a labelled date, a date in the headline, or a dated line."""
    head = text[:_HEAD_CHARS]
    if title is None:
        title = find_title(text)[0]
    for pattern in (_LABELLED_DATE, _FOREIGN_LABEL_DATE):
        m = pattern.search(head)
        if m and (found := parse_date(m[1])):
            return found
    if title and (m := _TRAILING_DATE.search(title)) and (found := parse_date(m[1])):
        return found
    lines = _lines(text)
    for i, (_, line) in enumerate(lines):
        m = _LINE_DATE.match(line.lstrip("•*· \t"))
        if not m:
            continue
        if i + 1 < len(lines) and _CLOCK.match(lines[i + 1][1]):
            continue  # a "current date and time" banner
        if _is_body(line) and len(line) > 200:
            continue
        if found := parse_date(m[1]):
            return found
    return None


def publisher_country_of(name: str | None) -> str | None:
    """The state a publisher's name names ("Ministry of Foreign Affairs of Mongolia" → MNG), if any."""
    if not name:
        return None
    from dipgraph.extract.countries import find_countries

    found = find_countries(name)
    return found[0].iso3 if found else None


def find_publisher(text: str) -> dict:
    """``publisher`` and ``publisher_country`` when the page's chrome names who issued it."""
    lines = _lines(text)
    for start, line in lines:
        label = _LABEL.match(line)
        if label and label["label"].lower() in ("source", "publisher", "issued by"):
            return _publisher(label["value"])
    for pattern in (_ON_BEHALF, _ISSUED_BY):
        if m := pattern.search(text):
            found = _publisher(m[1])
            if found.get("publisher_country") or pattern is _ON_BEHALF:
                return found
    for i, (_, line) in enumerate(lines):
        if _PUBLISHER_LINE.match(line) and not line.endswith("."):
            name = re.sub(r"\s+(?:facebook|twitter|instagram|youtube)$", "", " ".join(line.split()), flags=re.I)
            found = _publisher(name)
            if not found.get("publisher_country") and i + 1 < len(lines):
                # "MINISTRY OF FOREIGN AFFAIRS" over "SINGAPORE"
                nxt = lines[i + 1][1]
                if len(nxt.split()) <= 4 and (iso3 := publisher_country_of(nxt)):
                    found = {"publisher": f"{name}, {nxt}", "publisher_country": iso3}
            if found.get("publisher_country"):
                return found
    return {}


def _publisher(name: str) -> dict:
    name = " ".join(name.split()).strip(" .,:;-")
    out = {"publisher": name}
    if iso3 := publisher_country_of(name):
        out["publisher_country"] = iso3
    return out


def read_saved_text(text: str, source: str, **known) -> Release:
    """A :class:`Release` from a saved page's text; ``known`` fields (url, publisher…) win."""
    title, body_start = find_title(text)
    fields = {"title": title, "date": find_date(text, title), "body_start": body_start}
    fields.update(find_publisher(text))
    fields.update({k: v for k, v in known.items() if v is not None})
    return Release(source=source, text=text, **fields)
