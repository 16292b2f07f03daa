"""Numbered resolutions of UN organs (and others): "Resolution 2270", "UNSCR 2397", "resolutions 2270 and
2321", "S/RES/2231 (2015)", "General Assembly resolution 68/262", "A/RES/68/262", "A/HRC/RES/46/1".

The body comes from the symbol (S/RES → UNSC, A/RES → UNGA, A/HRC/RES → UNHRC), from the organ named
before the word "resolution", or else from the number's shape and the organs the sentence or text names:
Security Council resolutions are plain numbers, General Assembly and Human Rights Council ones are
``session/number``.
"""
from __future__ import annotations

import re

from dipgraph.extract.document import Document
from dipgraph.models import Resolution

_NUM = r"(?:ES-\d+/\d+|\d{1,3}/\d{1,4}|\d{1,4})"
_LIST = rf"{_NUM}(?:\s*\(\d{{4}}\))?(?:\s*(?:,|,?\s*and|,?\s*&|or)\s*(?:No\.\s*)?{_NUM}(?:\s*\(\d{{4}}\))?)*"
_ORGAN = (r"(?P<organ>UN\s+Security\s+Council|U\.N\.\s+Security\s+Council|United\s+Nations\s+Security\s+Council|"
          r"Security\s+Council|UNSC|UN\s+General\s+Assembly|U\.N\.\s+General\s+Assembly|"
          r"United\s+Nations\s+General\s+Assembly|General\s+Assembly|UNGA|Human\s+Rights\s+Council|HRC|UNHRC|"
          r"IAEA\s+Board\s+of\s+Governors|Board\s+of\s+Governors|IAEA|House|Senate|U\.S\.\s+House|US\s+House)"
          r"(?:['’]s)?")
_RESOLUTION = re.compile(
    rf"(?P<symbol>(?P<sym>S/RES|A/RES|A/HRC/RES|A/ES-\d+/RES|GOV)/(?P<snum>\d+(?:/\d+)?)(?:\s*\((?P<year>\d{{4}})\))?)"
    rf"|(?P<unscr>UNSCRs?)\s*(?P<ulist>{_LIST})"
    rf"|(?:{_ORGAN}\s+(?:[Rr]esolutions?|[Rr]es\.)|(?P<bare>\b[Rr]esolutions?))\s+(?:(?:No\.|Nos\.|number|numbers)\s*)?"
    rf"(?P<list>{_LIST})\b"
)
_KEYWORD = re.compile(r"[Rr]esolutions?|RES/|UNSCRs?|[Rr]es\.|GOV/")
_SC_CONTEXT = re.compile(r"Security Council|UNSC|sanctions", re.IGNORECASE)
_GA_CONTEXT = re.compile(r"General Assembly|UNGA")
_HRC_CONTEXT = re.compile(r"Human Rights Council")


def _body_of_organ(organ: str | None) -> str | None:
    if not organ:
        return None
    o = organ.lower()
    if "security" in o or o == "unsc":
        return "UNSC"
    if "general assembly" in o or o == "unga":
        return "UNGA"
    if "human rights" in o or "hrc" in o:
        return "UNHRC"
    if "board of governors" in o or o == "iaea":
        return "IAEA-BOG"
    return "other"


def find_resolutions(doc: Document) -> list[Resolution]:
    text = doc.text
    out: list[Resolution] = []
    seen: set[tuple[str, str]] = set()

    def add(body: str, number: str, pos: int) -> None:
        key = (body, number)
        if key not in seen:
            seen.add(key)
            out.append(Resolution(body, number, span=doc.sentence_at(pos)))

    matches: dict[int, re.Match] = {}
    for k in _KEYWORD.finditer(text):
        # the full pattern only around a keyword: long transcripts speak of "resolution" in passing
        for m in _RESOLUTION.finditer(text, max(0, k.start() - 90), min(len(text), k.end() + 200)):
            if m.start() <= k.start() < m.end() or m.start() in matches:
                matches.setdefault(m.start(), m)
    for m in (matches[i] for i in sorted(matches)):
        if m.group("symbol"):
            body = {"S/RES": "UNSC", "A/RES": "UNGA", "A/HRC/RES": "UNHRC", "GOV": "IAEA-BOG"}.get(m.group("sym"), "UNGA")
            number = m.group("snum")
            if m.group("sym").startswith("A/ES-"):
                number = f"{m.group('sym')[2:-4]}/{number}"
            add(body, number, m.start())
            continue
        numbers = re.findall(_NUM, re.sub(r"\(\d{4}\)", "", m.group("ulist") or m.group("list")))
        if m.group("unscr"):
            for n in numbers:
                if "/" not in n:
                    add("UNSC", n, m.start())
            continue
        body = _body_of_organ(m.group("organ"))
        sentence = text[slice(*doc.sentence_at(m.start()))]
        for n in numbers:
            b = body
            if b is None:
                if "/" in n:
                    b = "UNHRC" if _HRC_CONTEXT.search(sentence) else "UNGA"
                elif _SC_CONTEXT.search(sentence) or _SC_CONTEXT.search(text):
                    b = "UNSC"
                elif _GA_CONTEXT.search(sentence):
                    b = "UNGA"
                elif int(n) >= 100 and re.search(r"\bU\.?N\.?\b|United Nations", text):
                    b = "UNSC"
                else:
                    continue  # a numbered resolution of an unknown body ("resolution 1" of a board) is too vague
            if b == "UNSC" and ("/" in n or not 0 < int(n) < 4000):
                continue
            add(b, n, m.start())
    return out
