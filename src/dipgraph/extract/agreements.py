"""Agreements: named instruments (treaties, conventions, protocols, agreements, memoranda, plans,
programmes, roadmaps, declarations, joint statements, accords, charters), signed here or only mentioned.

Two shapes are read:

* a capitalised name around an instrument noun, with what specifies it: "Comprehensive Nuclear-Test-Ban
  Treaty", "Canada-Italy Roadmap for Enhanced Cooperation", "Memorandum of Understanding between the
  Ministry of ... and the Ministry of ... on Political Consultations";
* a lower-case instrument that the sentence signs or adopts, or that names its place or organisation:
  "signed the plan of exchanges between ... for the years 2016 and 2017", "intergovernmental agreements
  have been signed on A, on B and on C" (three agreements), "agreements reached in Minsk", "the charter
  of the African Union and the United Nations" (two charters).

Bare references ("the agreement", "a joint statement" not adopted here) and plural collective mentions
are not instruments of their own.
"""
from __future__ import annotations

import re

from dipgraph.extract.countries import trie_pattern
from dipgraph.extract.dates import find_dates, to_date
from dipgraph.extract.document import Document
from dipgraph.extract.lexicon import UPPER
from dipgraph.models import Agreement

_NOUN_CAP = (r"(?:Treaty|Treaties|Convention|Protocol|Agreements?|Memorand(?:um|a)\s+of\s+Understanding|Memorandum|"
             r"MoUs?|MOUs?|Plan\s+of\s+Action|Plan|Programme|Program|Road\s?[Mm]ap|Declaration|Joint\s+Statement|"
             r"Accords?|Charter|Package\s+of\s+Measures|Pact|Arrangement|Joint\s+Communiqu[ée])")
_CAP_NOUN = re.compile(rf"(?<![\w-]){_NOUN_CAP}(?![\w-])")
_CAP_WORD = re.compile(rf"[{UPPER}0-9][\w’'.\-]*$")
_LEFT_STOP = {"The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "Our", "His", "Her", "Under", "As",
              "In", "On", "With", "By", "For", "From", "To", "At", "Of", "And", "Both", "Two", "Three", "Four",
              "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Sign", "Signs", "Signed", "Signing", "Adopt",
              "Adopts", "Adopted", "New", "Following", "After", "During", "If", "When", "Minister", "President",
              "Secretary", "Statement", "Remarks", "Readout", "Media", "Press", "Release", "Download", "Full",
              "Meeting", "Meets", "Holds", "Liberia", "Several", "Various", "All", "Each", "Other", "Such"}
_GENERIC = {"joint", "bilateral", "the", "new", "final", "framework", "intergovernmental", "agreement",
            "agreements", "treaty", "convention", "protocol", "memorandum", "memoranda", "understanding", "mou",
            "mous", "plan", "action", "programme", "program", "roadmap", "road", "map", "declaration", "statement",
            "accord", "accords", "charter", "package", "measures", "pact", "arrangement", "communiqué", "communique",
            "a", "an", "of", "on"}
_SIGN = re.compile(r"\b(?:sign(?:ed|ing|s)?|adopt(?:ed|ing|s)?|conclud(?:ed|ing)|initial(?:l)?ed|inked|approved|"
                   r"exchanged|endorsed)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;:!?\n]|,\s*(?:signed|which|who|that|aimed|as\s+well\s+as\s+(?!on\b)|"
                         r"and\s+(?:the|a|an)\s+[A-Z]|and\s+(?:to|in)\b)|\s+(?:aimed|which|that|was|were|is|are|"
                         r"has|have|had|will|would|to\s+be|in\s+order|so\s+that|signed|applies|apply)\b|[\"“”]")
_PASSIVE = re.compile(r"\s+(?:has|have|was|were)\s+(?:also\s+)?been\s+(?:signed|approved|adopted|concluded)"
                      r"(?=\s+(?:to\s+mark|on|for|between)\b)")
_LOWER = re.compile(
    r"\b(?P<head>(?:(?:[Ii]ntergovernmental|[Ii]nteragency|[Ii]nterdepartmental|[Bb]ilateral|joint)\s+)?(?:agreements?|"
    r"memorand(?:um|a|ums)(?:\s+of\s+understanding)?|protocols?|programmes?|programs?|plans?|roadmaps?|treaty|"
    r"treaties|conventions?|declarations?|accords?|charter|mous?|statement))"
    r"(?P<pass>\s+(?:(?:have|has|had)\s+(?:also\s+)?been|(?:was|were|are|is)(?:\s+also)?)\s+"
    r"(?:signed|approved|adopted|concluded))?"
    r"(?P<comp>\s+(?:on|between|for|of|to\s+mark|regarding|concerning|reached\s+in|approved\s+in|signed\s+in|"
    r"adopted\s+in|titled|entitled|called|(?:that\s+|which\s+)?the\s+(?:[A-Z][\w’'\-]*\s+){1,6}(?:approved|adopted|"
    r"signed|reached)\s+in)\s+[^.;:!?\n]{3,400})")
_QUOTED = re.compile(r"\b(?:sign(?:ed|ing)|adopt(?:ed|ing)|approv(?:ed|ing)|conclud(?:ed|ing))\s+(?:the\s+|a\s+)?"
                     r"[“\"]([^”\"]{8,300}?)[.,]?[”\"]")
_INSTR_WORD = re.compile(r"\b(?:treaty|convention|protocol|agreement|memorandum|mou|plan|programme|program|roadmap|"
                         r"declaration|statement|accord|charter)s?\b", re.IGNORECASE)


# Words every instrument contains: a fast first pass finds the sentences worth reading.
_KEYWORDS = re.compile(r"(?<!\w)(?:" + trie_pattern({v for w in (
    "treaty", "treaties", "convention", "conventions", "protocol", "protocols", "agreement", "agreements",
    "memorandum", "memoranda", "memorandums", "mou", "mous", "plan", "plans", "programme", "programmes", "program",
    "programs", "roadmap", "roadmaps", "road", "declaration", "declarations", "statement", "accord", "accords",
    "charter", "package", "pact", "arrangement", "communiqué", "communique") for v in (w, w.capitalize(), w.upper())})
    + r")(?!\w)")


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", title.lower()) if len(w) >= 3}


def _singular(head: str) -> str:
    head = re.sub(r"\bmemorandums\b|\bmemoranda\b", "memorandum", head)
    head = re.sub(r"\btreaties\b", "treaty", head)
    return re.sub(r"\b(agreement|protocol|programme|program|plan|roadmap|convention|declaration|accord|mou)s\b",
                  r"\1", head)


def _clause(text: str, start: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, start, min(limit, start + 400))
    return m.start() if m else min(limit, start + 400)


def _capitalised(doc: Document, s: int, e: int) -> list[tuple[int, int, str]]:
    text = doc.text
    out = []
    for m in _CAP_NOUN.finditer(text, s, e):
        if re.match(r"\s+(?:Organi[sz]ation|Day|Council|Commission|Committee|Secretariat|Body|Group)\b",
                    text[m.end():m.end() + 16]):
            continue  # "Collective Security Treaty Organisation" is an organisation
        start = m.start()
        # left: the capitalised words of the name ("Comprehensive Nuclear-Test-Ban", "Canada-Italy")
        while True:
            w = re.search(r"([\w’'.\-]+)[ \t\u00a0]+$", text[max(s, start - 40):start])
            if not w or not _CAP_WORD.match(w.group(1)) or w.group(1) in _LEFT_STOP:
                break
            start -= len(w.group())
        end = m.end()
        # right: "on Climate Change", "for Enhanced Cooperation", "between ... and ...", "(Bangkok Declaration)"
        while True:
            r = re.match(r"\s+(between|on|of|for|to|concerning|regarding|in)\s+(?:the\s+)?", text[end:end + 20])
            if r and r.group(1) == "between":
                end = _clause(text, end + r.end(), e)
                break
            if r:
                run = re.match(rf"(?:[{UPPER}0-9][\w’'\-]*(?:\s+(?:and|of|the|for|on|in|&|de)\s+|\s+|-)?)+",
                               text[end + r.end():end + r.end() + 200])
                if run:
                    after = text[end + r.end() + run.end():end + r.end() + run.end() + 30]
                    if not re.match(r"[a-z]{4,}", after) or re.match(r"(?:and|which|that|with|was|were|is|are|"
                                                                     r"has|have|signed|adopted|by|as|at|in|between|on|of|for|to|with)\b", after):
                        end = end + r.end() + len(run.group().rstrip(" -"))
                        if re.search(r"\s(?:and|of|the|for|on|in|&|de)$", text[m.start():end]):
                            end = re.search(r"\s(?:and|of|the|for|on|in|&|de)$", text[m.start():end]).start() \
                                + m.start()
                        continue
                break
            p = re.match(r"\s*\(([^()]{3,60})\)", text[end:end + 64])
            if p and _CAP_NOUN.search(p.group(1)):
                end += p.end()
            break
        title = " ".join(text[start:end].split()).strip(" ,")
        out.append((start, end, title))
    return out


def _lowercase(doc: Document, s: int, e: int) -> list[tuple[int, int, str]]:
    text = doc.text
    sentence = text[s:e]
    signed = bool(_SIGN.search(sentence))
    out = []
    for m in _LOWER.finditer(text, s, e):
        head = m.group("head")
        comp = m.group("comp")
        lead = comp.strip().split()[0]
        if head.startswith(("statement",)) and lead not in ("titled", "entitled", "called"):
            continue
        placed = re.match(r"\s+(?:(?:that|which)\s+)?(?:the\s+(?:[A-Z][\w’'\-]*\s+){1,6})?(?:reached|approved|"
                          r"signed|adopted)\s+in\s+([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)", comp)
        if placed:
            # "agreements reached in Minsk", "declaration the International Syria Support Group approved in Munich"
            end = m.start("comp") + placed.end()
            out.append((m.start(), end, " ".join(text[m.start():end].split())))
            continue
        specific = (head == "charter" and lead == "of") or lead in ("titled", "entitled", "called")
        if not (signed or specific or m.group("pass")):
            continue
        if lead in ("titled", "entitled", "called"):
            name_start = m.start("comp") + len(comp) - len(comp.lstrip()) + len(lead) + 1
            end = _clause(text, name_start, e)
            out.append((name_start, end, " ".join(text[name_start:end].split())))
            continue
        cstart = m.start("comp")
        cend = _clause(text, cstart + len(comp) - len(comp.lstrip()) + len(lead) + 1, e)
        passive = _PASSIVE.match(text, cend)
        extra = ""
        if passive:  # "a plan of events has been approved to mark ..."
            extra = text[passive.end():_clause(text, passive.end() + 4, e)]
        body = text[cstart:cend] + extra
        head_s = _singular(head)
        plural = head_s != head
        if head == "charter" and lead == "of":
            orgs = re.split(r"\s+and\s+(?=(?:the\s+)?[A-Z])", body.strip()[3:].strip())
            for org in orgs:
                org = re.sub(r"^the\s+", "", org.strip())
                out.append((m.start(), cend, f"charter of the {org}"))
            continue
        items = [body]
        if plural or re.match(r"\s*on\b", body):
            parts = re.split(r",?\s+(?:and|as\s+well\s+as)\s+(?=on\s)|,\s+(?=on\s)", body)
            if len(parts) > 1:
                items = parts
            elif plural:
                pm = re.match(r"(\s*\w+\s+\w+\s+)(an?\s.+?)\s+and\s+(an?\s.+)$", body)
                listed = re.match(r"(\s*.*?\b(?:in|on|for|of)\s+)([^,]+(?:,\s*(?:and\s+)?[^,]+)+)$", body)
                if pm:
                    items = [pm.group(1) + pm.group(2), pm.group(1) + pm.group(3)]
                elif listed and listed.group(2).count(",") >= 1:
                    # "agreements on cooperation in A, B, and C": one agreement each, sharing the prefix
                    items = [listed.group(1) + it for it in re.split(r",\s*(?:and\s+)?", listed.group(2)) if it.strip()]
        if len(items) == 1:
            head_s = head  # as written
        for item in items:
            title = " ".join(f"{head_s} {item.strip()}".split()).strip(" ,")
            out.append((m.start(), cend, title))
    for m in _QUOTED.finditer(text, s, e):
        if _INSTR_WORD.search(m.group(1)):
            out.append((m.start(1), m.end(1), " ".join(m.group(1).split()).strip(" .,")))
    return out


def find_agreements(doc: Document, meeting_date: str | None = None,
                    main_pair: tuple[str, ...] = ()) -> list[Agreement]:
    text = doc.text
    title_span = (0, doc.release.body_start) if doc.release.title else (0, 0)
    found: list[tuple[int, int, str, tuple[int, int]]] = []
    spans = []
    for k in _KEYWORDS.finditer(text):
        span = doc.sentence_at(k.start())
        if span[0] < span[1] and (not spans or spans[-1] != span):
            spans.append(span)
    for s, e in spans:
        for a, b, title in _capitalised(doc, s, e) + _lowercase(doc, s, e):
            found.append((a, b, title, (s, e)))
    out: list[Agreement] = []
    seen: list[set[str]] = []
    body_words = [(_words(t), sp) for a, b, t, sp in found if sp[0] >= title_span[1]]
    for a, b, title, span in sorted(found, key=lambda f: (f[3][0] < title_span[1], f[0])):
        words = _words(title)
        if not words:
            continue
        sentence = text[span[0]:span[1]]
        plural = bool(re.search(r"(?i)\b(?:agreements|treaties|memoranda|memorandums|mous|protocols|accords|"
                                r"declarations|conventions)\b", title.split(" on ")[0].split(" between ")[0]))
        signed = bool(_SIGN.search(sentence))
        all_words = {w for w in re.findall(r"[a-z0-9]+", title.lower()) if len(w) >= 2}
        if all_words <= _GENERIC and (plural or not signed):
            continue  # "the MOU", "Memoranda of Understanding": no instrument of its own
        if plural and all_words <= _GENERIC | {"two", "three", "several", "separate"}:
            continue
        if span[0] < title_span[1] and any(len(words & w) >= 2 for w, sp in body_words):
            continue  # the headline's summary of instruments the body names
        if any(words <= w or w <= words or len(words & w) / len(words | w) >= 0.8 for w in seen):
            continue
        seen.append(words)
        date = None
        when = [d for d in find_dates(text, *span, release_date=doc.date) if d.iso and d.kind in ("full", "day")]
        in_release = signed
        if when:
            ref = to_date(meeting_date or doc.date)
            signed_on = to_date(when[0].iso)
            if ref is None or abs((signed_on - ref).days) > 7:
                in_release = False if ref is None and re.search(r"(?i)\bsigned\s+(?:on\s+)?\d", sentence) else \
                    in_release and ref is not None and abs((signed_on - ref).days) <= 7
            date = when[0].iso
        if in_release and date is None:
            date = meeting_date or doc.date
        parties = sorted({c.iso3 for c in doc.countries_between(a, b)})
        if in_release and len(parties) < 2 and main_pair:
            parties = sorted(set(parties) | set(main_pair))
        if re.search(r"\bbetween\b", title) and len(parties) == 1 and doc.publisher_country \
                and doc.publisher_country not in parties:
            parties = sorted(set(parties) | {doc.publisher_country})
        title = re.sub(r"^[\"“”']+|[\"“”']+$", "", title)
        out.append(Agreement(title, tuple(parties), in_release, date if in_release else None, span=span))
    return out
