"""Officials: named holders of public office, with their title and the state they serve.

A mention is found in one of these shapes:

* title before the name: "Foreign Minister Yun Byung-se", "Russian Foreign Minister Sergey Lavrov",
  "President of the Republic of Korea Lee Myung-bak", "US Ambassador Samantha Power", "Secretary Blinken";
* name, then title: "Sergey Lavrov, Minister of Foreign Affairs of Russia";
* a counterpart: "his Russian counterpart Sergey Lavrov";
* an untitled full name acting in a meeting: "Vladimir Putin had a telephone conversation with ...",
  or signing a statement: "Statement by Laurent Fabius".

Mentions of one person ("Minister Yun", "Yun Byung-se") are joined; the person keeps the fullest name.
The country comes from the title ("of Russia", "Russian", "Israel's"), the counterpart phrase, another
mention of the same person, or else the publishing state; officials of international organisations get
no country and the organisation's short name.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from dipgraph.extract.countries import trie_pattern
from dipgraph.extract.document import Document
from dipgraph.extract.lexicon import (HONORIFIC, LETTER, LOWER, NAME_PREFIXES, ORG_BEFORE_RE, ORG_OPENING_RE, ORG_RE,
                                      ORGS, PARTICLES, STOP_NAME, TITLE_CORES, TITLE_WORDS, UPPER)
from dipgraph.models import Official

_NAME_TOKEN = (rf"(?:[{UPPER}][{LOWER}]+[{UPPER}][{LOWER}]+"             # McDonald, SimonCoveney
               rf"|(?:[{UPPER}]['’])?[{UPPER}][{LOWER}]+(?:-[{LETTER}][{LOWER}]+)*"  # Byung-se, O'Brien
               rf"|[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})*"                   # YUN
               rf"|[{UPPER}]\.)")                                           # W.
_PARTICLE = "|".join(PARTICLES)
_NAME = (rf"(?:(?:{'|'.join(NAME_PREFIXES)})\s+)?{_NAME_TOKEN}"
         rf"(?:(?:[ \t\u00a0]+(?:(?:(?:{_PARTICLE})[ \t\u00a0]+){{1,2}}|(?:{_PARTICLE})-)?){_NAME_TOKEN}){{0,6}}")
_NAME_AT = re.compile(rf"(?:\s*,)?[ \t\u00a0]*(?:{HONORIFIC}[ \t\u00a0]+)*(?P<name>{_NAME})")
_INVERTED_AT = re.compile(rf"[ \t\u00a0]+(?:{HONORIFIC}[ \t\u00a0]+)*(?P<sur>[{UPPER}]{{2,}}|[{UPPER}][{LOWER}]+),"
                          rf"[ \t\u00a0]+(?P<given>[{UPPER}][{LOWER}]+-[{LOWER}]+)\b")
_CORE_RE = re.compile(r"(?<![\w-])(?:" + trie_pattern(TITLE_CORES) + r")(?![\w-])")
_CONNECTOR = re.compile(r"[ \t\u00a0]+(?P<link>of|for|at|on|in charge of|to)[ \t\u00a0]+(?:the[ \t\u00a0]+)?")
_AND = re.compile(r"[ \t\u00a0]+(?:and|&)[ \t\u00a0]+(?:the[ \t\u00a0]+)?")
_WORD_AT = re.compile(r"[ \t\u00a0]*([\w’'.\-]+)")
_LOWER_TITLE = re.compile(
    r",\s+(?:the\s+|who\s+is\s+(?:the\s+)?)?(?P<title>(?:(?:acting|deputy|first|vice|assistant|senior|special|executive|"
    r"permanent|foreign|prime|chief)\s+)*(?:minister|president|chairman|chairperson|chairwoman|ambassador|secretary|head|"
    r"director|spokesperson|spokesman|governor|envoy|representative|adviser|advisor|commissioner|chief executive|"
    r"premier|chancellor)\b[^,.;:()]{0,160})")
_NAME_TOKEN_RE = re.compile(_NAME_TOKEN)
_HONORIFIC_WORD = re.compile(HONORIFIC)
_DELEGATION = re.compile(r"\b([A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)?)\s+delegation\s+(?:was\s+|is\s+|will\s+be\s+)?"
                         r"(?:led|headed)\s+by\b")
_PARTICLE_SET = set(PARTICLES)
_APPOSITIVE_TAIL = re.compile(r",\s*(?:the\s+|and\s+(?:the\s+)?(?:current\s+)?|who\s+is\s+(?:also\s+)?(?:the\s+)?|"
                              r"currently\s+)?$")


def _name_ending_at(text: str, pos: int) -> tuple[int, str] | None:
    """The run of name words that ends at ``pos`` ("... met with Sergey Lavrov|"): ``(start, name)``."""
    end = pos
    start = None
    cur = pos
    for _ in range(8):
        i = cur
        while i > 0 and text[i - 1] in " \t\u00a0":
            i -= 1
        if i < cur and start is None:
            return None  # the name must end right at pos
        j = i
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-.’'"):
            j -= 1
        word = text[j:i]
        if not word:
            break
        if word in NAME_PREFIXES and start is not None:
            start = j  # "Prince Faisal bin Farhan": the prefix is part of the name
            break
        if word in STOP_NAME or word.rstrip(".") in STOP_NAME or _HONORIFIC_WORD.fullmatch(word):
            break
        if _NAME_TOKEN_RE.fullmatch(word) or (start is not None and word in _PARTICLE_SET):
            start = j
            cur = j
            if j == 0:
                break
            continue
        break
    if start is None:
        return None
    while text[start:end].split()[0] in _PARTICLE_SET:
        start = start + len(text[start:end].split()[0]) + 1
        while start < end and text[start] in " \t\u00a0":
            start += 1
    return start, text[start:end]
_COUNTERPART = re.compile(
    rf"\b(?:his|her|their|its)\s+(?P<adj>(?:[\w’'.\-]+\s+){{0,3}}?)counterparts?\b,?[ \t\u00a0]+(?:{HONORIFIC}\s+)*"
    rf"(?P<name>{_NAME})")
_SUBJECT_VERB = re.compile(
    r"(?<![\w-])(?:" + trie_pattern(["met", "meets", "held", "holds", "had", "spoke", "speaks", "talked", "received",
                                     "receives", "hosted", "hosts", "visited", "visits", "paid", "pays", "signed",
                                     "signs", "welcomed", "welcomes", "telephoned", "called", "arrived"]) + r")(?!\w)")
_ADVERBS = {"also", "then", "today", "yesterday", "later", "earlier", "has", "have"}
_HAD_WHAT = (" a ", " an ", " talks", " telephone", " a telephone", " separate")
_STATEMENT_BY = re.compile(rf"\b(?:Statement|Remarks|Message|Address|Interview|Article|Op-ed)\s+(?:by|of|from)\s+"
                           rf"(?:{HONORIFIC}\s+)*(?P<name>{_NAME})")
_STATE_CORES = {"President", "Vice President", "Vice-President", "Prime Minister", "Premier", "Chancellor", "Minister",
                "King", "Queen", "Emir", "Amir", "Sultan", "Crown Prince", "Emperor", "FM", "PM", "Vice Premier",
                "Foreign Minister", "Governor-General", "Grand Duke", "Supreme Leader"}


@dataclass
class OfficialMention:
    start: int
    end: int
    name: str
    title: str | None
    country: str | None
    org: str | None = None
    how: str = "title"
    state_title: bool = False
    span: tuple[int, int] | None = None
    title_in_full: str | None = None  # set when the title left out an organisation: for one who does not serve it


@dataclass
class Person:
    name: str
    title: str | None
    country: str | None
    org: str | None
    mentions: list[OfficialMention] = field(default_factory=list)
    explicit: bool = False

    @property
    def span(self) -> tuple[int, int] | None:
        return self.mentions[0].span if self.mentions else None

    def official(self) -> Official:
        return Official(self.name, self.title, self.country, self.org if self.country is None else None, span=self.span)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_PARTICLES_FOLDED = {p.lower() for p in PARTICLES}


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The folded words of a name that identify it (no initials, particles or prefixes)."""
    out = []
    for tok in name.split():
        t = fold(tok).strip(".,")
        if len(t) < 2 or t in _PARTICLES_FOLDED or tok in NAME_PREFIXES:
            continue
        out.append(t.replace("-", ""))
    return tuple(out)


def _clean_name(doc: Document, start: int, raw: str) -> tuple[str, int] | None:
    """The name without trailing stop words, country words and particles; None when nothing is left."""
    tokens = list(re.finditer(r"\S+", raw))
    kept: list[re.Match] = []
    for t in tokens:
        word = t.group().rstrip(",")
        if word in STOP_NAME or word.rstrip(".") in STOP_NAME or word in TITLE_WORDS and not kept:
            break
        if doc.country_at(start + t.start()) is not None:
            break
        if word.isupper() and len(word) > 1 and ORG_RE.fullmatch(word):
            break
        kept.append(t)
    commas = [i for i, t in enumerate(kept[:-1]) if t.group().endswith(",")]
    if commas and len(kept) - commas[0] - 1 != 1:
        # "Kang, Kyung-wha" is a name in catalogue order (one given name after the comma);
        # "... for Culture and Art, Vladimir Putin" is a name after a comma
        kept = kept[commas[0] + 1:]
    while kept and (kept[-1].group() in PARTICLES or kept[-1].group() in NAME_PREFIXES):
        kept.pop()
    for length in (2, 3):
        # "a conversation with President of Argentina Mauricio Macri Vladimir Putin expressed ...":
        # two names run together where a comma was left out; the second one is named elsewhere too
        tail = raw[kept[-length].start():kept[-1].end()] if len(kept) >= length + 2 else None
        if (tail and " " in tail and doc.text.count(tail) >= 2 and "," not in tail
                and not {t.group() for t in kept[-length - 1:]} & _PARTICLE_SET):  # "von der Leyen", "Lula da Silva"
            kept = kept[:-length]
            break
    if not kept:
        return None
    name = raw[kept[0].start():kept[-1].end()]
    if not any(len(w) > 1 and not w.endswith(".") for w in name.split()):
        return None  # initials only
    if name.isupper() and len(name.split()) > 1:
        return None  # a shouted headline; the body has the name in its usual case
    if len(kept) == 1 and (name in TITLE_WORDS or (name.isupper() and len(name) > 1)):
        return None
    return name, start + kept[0].start()


def _shouted(line: str) -> bool:
    """An all-capitals line (a few lower-case letters allowed: "Mr.", "of")."""
    head = line[:120]
    return sum(map(str.islower, head)) * 4 < sum(map(str.isupper, head))


def _title_case(title: str) -> str:
    small = {"of", "for", "and", "the", "at", "on", "in", "to", "&"}
    words = title.split()
    out = []
    for i, w in enumerate(words):
        if w.lower() in small and i > 0:
            out.append(w.lower())
        elif w.islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


_WORD_CHARS = re.compile(r"[\w’'.\-]+$")


def _word_before(text: str, pos: int) -> tuple[int, str] | None:
    """The word that ends just before the spaces before ``pos``: ``(its start, it)``."""
    end = pos
    while end > 0 and text[end - 1] in " \t\u00a0":
        end -= 1
    if end == pos:
        return None
    m = _WORD_CHARS.search(text, max(0, end - 40), end)
    if not m:
        return None
    return m.start(), m.group()


class _TitleParse:
    """A title of office around one core word: its extent, words, country and organisation."""

    def __init__(self, doc: Document, core: re.Match):
        self.doc = doc
        text = doc.text
        self.start, self.end = core.span()
        self.country: str | None = None
        self.org: str | None = None
        self.cores = {core.group()}
        self.cut: list[tuple[int, int]] = []  # spans of country words to leave out of the title text
        self.org_cut: list[tuple[int, int]] = []  # the organisation's name, left out unless they do not serve it
        self._extend_left(text)
        self._extend_right(text)
        if self.org is None and (org := ORG_OPENING_RE.match(text, self.start)) and org.end() < self.end:
            self.org = ORGS[org.group(1)]  # a title that starts at its core: "General Assembly President"
            self.org_cut.append(org.span())

    def _extend_left(self, text: str) -> None:
        pos = self.start
        for _ in range(5):
            found = _word_before(text, pos)
            if found is None:
                break
            wstart, word = found
            country = self.doc.country_ending_at(wstart + len(word.rstrip("’'s").rstrip("’'"))) \
                or self.doc.country_ending_at(wstart + len(word))
            possessive = re.match(r"(.+?)[’']s$", word)
            if country is None and possessive:
                country = self.doc.country_ending_at(wstart + len(possessive.group(1)))
            if country is not None and country.kind != "abbr" or country is not None and word.isupper():
                self.country = self.country or country.iso3
                self.cut.append((country.start, wstart + len(word)))
                self.start = country.start
                break  # "Russian Foreign Minister": nothing before the country belongs to the title
            if country is not None:
                self.country = self.country or country.iso3
                self.cut.append((country.start, wstart + len(word)))
                self.start = country.start
                break
            if org := ORG_BEFORE_RE.search(text, max(0, wstart - 60), wstart + len(word)):
                self.org = ORGS[org.group(1)]
                self.org_cut.append((org.start(), wstart + len(word)))
                self.start = org.start()
                break
            if word in TITLE_WORDS or _CORE_RE.fullmatch(word):
                self.start = wstart
                pos = wstart
                continue
            if word in ("and", "&") and (prev := _word_before(text, wstart)) and prev[1] in TITLE_WORDS:
                # "Foreign Affairs and Defense Advisor"
                self.start = prev[0]
                pos = prev[0]
                continue
            if re.fullmatch(r"[A-Z][A-Z\-]{1,11}", word) and word not in STOP_NAME:
                self.start = wstart  # an agency's initials: "NSC Spokesperson"
                break
            break

    def _extend_right(self, text: str) -> None:
        pos = self.end
        for _ in range(12):
            # more title words or cores: "Deputy Prime Minister", "Cabinet Secretary Ambassador"
            m = _WORD_AT.match(text, pos)
            if m and m.start(1) - pos <= 1 and (m.group(1) in TITLE_WORDS or _CORE_RE.fullmatch(m.group(1))):
                pos = m.end(1)
                continue
            c = _CONNECTOR.match(text, pos)
            if c:
                after = c.end()
                # "Ambassador to Russia", "Special Envoy for Yemen": the state sent to or dealt with, not served
                served = c["link"] not in ("to", "for")
                country = self.doc.country_at(after)
                if country is not None and country.kind != "demonym":
                    if served:
                        self.country = country.iso3
                    self.cut.append((pos, country.end))
                    pos = country.end
                    continue
                org = ORG_RE.match(text, after)
                if org:
                    if served:
                        self.org = ORGS[org.group(1)]
                    pos = org.end()
                    continue
                words_end = self._title_words(text, after)
                if words_end > after:
                    pos = words_end
                    continue
                break
            a = _AND.match(text, pos)
            if a:
                nxt = _CORE_RE.match(text, a.end())
                if nxt is None:
                    w = _WORD_AT.match(text, a.end())
                    if w and w.group(1) in TITLE_WORDS:
                        end = self._title_words(text, a.end())
                        nxt = _CORE_RE.search(text, a.end(), end + 40)
                        if nxt and nxt.start() > end + 1:
                            nxt = None
                if nxt is not None:
                    self.cores.add(nxt.group())
                    pos = nxt.end()
                    continue
            break
        if self.country is None:
            # "Secretary of State, Holy See, and ..."
            c = re.match(r",[ \t\u00a0]+(?:the[ \t\u00a0]+)?", text[pos:pos + 8])
            country = self.doc.country_at(pos + c.end()) if c else None
            if country is not None and country.kind == "name" and re.match(r"\s*(?:[,.;)]|and\b|$)",
                                                                            text[country.end:country.end + 5]):
                self.country = country.iso3
                self.cut.append((pos, country.end))
                pos = country.end
        self.end = pos

    def _title_words(self, text: str, pos: int) -> int:
        """End of a run of title words from ``pos`` ("Foreign Affairs and International Cooperation")."""
        end = pos
        while True:
            m = _WORD_AT.match(text, end)
            if m and (m.group(1) in TITLE_WORDS or _CORE_RE.fullmatch(m.group(1))) and m.start(1) - end <= 1:
                end = m.end(1)
                continue
            j = re.match(r"[ \t\u00a0]*(?:,|and|&|and the|of|of the|for|on)[ \t\u00a0]+", text[end:end + 12])
            if j:
                w = _WORD_AT.match(text, end + j.end())
                if w and w.group(1) in TITLE_WORDS and w.group(1)[:1].isupper() \
                        and self.doc.country_at(w.start(1)) is None:
                    end = w.end(1)
                    continue
            return end

    def title_text(self, *, with_org: bool = False) -> str:
        text = self.doc.text
        parts = []
        pos = self.start
        for a, b in sorted(self.cut if with_org else self.cut + self.org_cut):
            parts.append(text[pos:a])
            pos = max(pos, b)
        parts.append(text[pos:self.end])
        title = " ".join("".join(parts).split())
        title = re.sub(r"^(?:[’']s\s+)", "", title)
        title = re.sub(r"\s+(?:of|for|at|in|on|to)(?:\s+the)?$", "", title)
        return _title_case(title.strip(" ,"))

    @property
    def state_title(self) -> bool:
        return bool(self.cores & _STATE_CORES) and self.org is None


def find_mentions(doc: Document) -> list[OfficialMention]:
    text = doc.text
    mentions: list[OfficialMention] = []
    consumed = 0
    for core in _CORE_RE.finditer(text):
        if core.start() < consumed:
            continue
        t = _TitleParse(doc, core)
        consumed = t.end
        line_start = text.rfind("\n", 0, t.start) + 1
        line_end = text.find("\n", t.end)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start < 400 and _shouted(text[line_start:line_end]):
            continue  # an all-capitals headline; the body names the same people in their usual case
        inv = _INVERTED_AT.match(text, t.end)
        m = None if inv else _NAME_AT.match(text, t.end)
        found = None
        if inv:
            found = (f"{inv['sur'].title() if inv['sur'].isupper() else inv['sur']} {inv['given']}", inv.start("sur"))
            name_end = inv.end()
        elif m:
            found = _clean_name(doc, m.start("name"), m.group("name"))
            if found and "," in text[t.end:m.start("name")] and not re.search(HONORIFIC, text[t.end:m.start("name")]):
                after = text[m.end("name"):m.end("name") + 2]
                if not after[:1] in (",", ".", ")") or found[1] != m.start("name"):
                    found = None
            name_end = found[1] + len(found[0]) if found else 0
        how = "title"
        if not found:
            tail = _APPOSITIVE_TAIL.search(text, max(line_start, t.start - 40), t.start)
            left = _name_ending_at(text, tail.start()) if tail else None
            if left:
                found = _clean_name(doc, left[0], left[1])
                name_end = found[1] + len(found[0]) if found else 0
                how = "appositive"
        if not found:
            continue
        name, nstart = found
        country = t.country
        after = re.match(r"[ \t\u00a0]+of[ \t\u00a0]+(?:the[ \t\u00a0]+)?", text[name_end:name_end + 12])
        if how == "title" and after:
            c = doc.country_at(name_end + after.end())
            if c is not None:
                country = c.iso3
        paren = re.match(r"\s*\(([^()]{2,40})\)", text[name_end:name_end + 45])
        if country is None and paren:
            c = doc.country_at(name_end + paren.start(1))
            if c is not None and c.end == name_end + paren.end(1):
                country = c.iso3
        sentence = doc.sentence_at(nstart)
        if country is None and t.org is None:
            # "The Colombian delegation was led by Minister of Foreign Affairs X and included ..."
            lead = _DELEGATION.search(text, sentence[0], t.start)
            if lead:
                c = doc.country_ending_at(lead.start() + len(lead.group(1)))
                country = c.iso3 if c is not None else None
        mentions.append(OfficialMention(nstart, nstart + len(name), name, t.title_text() or None, country, t.org, how,
                                        t.state_title, sentence, t.title_text(with_org=True) if t.org_cut else None))
    _lowercase_titles(doc, mentions)
    _counterparts(doc, mentions)
    _subjects(doc, mentions)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _lowercase_titles(doc: Document, mentions: list[OfficialMention]) -> None:
    """ "Sergey Donskoy, chairman of the Russian section ... and minister of natural resources"."""
    text = doc.text
    for m in _LOWER_TITLE.finditer(text):
        if not m.group("title")[:1].islower():
            continue
        before = _name_ending_at(text, m.start())
        if not before:
            continue
        found = _clean_name(doc, before[0], before[1])
        if not found or len(found[0].split()) < 2:
            continue
        tstart = m.start("title")
        countries = doc.countries_between(tstart, m.end("title"))
        org = ORG_RE.search(m.group("title"))
        title = re.split(r"\s+(?:of|for)\s+(?:the\s+)?", m.group("title"))[0]
        mentions.append(OfficialMention(found[1], found[1] + len(found[0]), found[0], _title_case(title),
                                        countries[0].iso3 if countries else None, ORGS[org.group(1)] if org else None,
                                        "appositive", False, doc.sentence_at(found[1])))


def _counterparts(doc: Document, mentions: list[OfficialMention]) -> None:
    text = doc.text
    if "counterpart" not in text:
        return
    for m in _COUNTERPART.finditer(text):
        found = _clean_name(doc, m.start("name"), m.group("name"))
        if not found:
            continue
        countries = doc.countries_between(m.start("adj"), m.end("adj"))
        mentions.append(OfficialMention(found[1], found[1] + len(found[0]), found[0], None,
                                        countries[-1].iso3 if countries else None, None, "counterpart", True,
                                        doc.sentence_at(found[1])))


def _subjects(doc: Document, mentions: list[OfficialMention]) -> None:
    """Untitled full names acting as officials: the subject of a meeting verb, the author of a statement."""
    text = doc.text
    known = {(m.start, m.end) for m in mentions}
    candidates = []
    for v in _SUBJECT_VERB.finditer(text):
        if v.group() == "had" and not text.startswith(_HAD_WHAT, v.end()):
            continue
        end = v.start()
        while end > 0 and text[end - 1] in " \t\u00a0":
            end -= 1
        space = text.rfind(" ", max(0, end - 30), end)
        if space >= 0 and text[space + 1:end] in _ADVERBS:  # "Vladimir Putin also met ..."
            end = space
            while end > 0 and text[end - 1] in " \t\u00a0":
                end -= 1
            space = text.rfind(" ", max(0, end - 30), end)
        if end == 0 or not text[max(space, 0) + (1 if space >= 0 else 0)].isupper():
            continue  # the word before the verb is not a name
        before = _name_ending_at(text, end)
        if before:
            candidates.append(before)
    for m in _STATEMENT_BY.finditer(text):
        candidates.append((m.start("name"), m.group("name")))
    for pos, raw in candidates:
        found = _clean_name(doc, pos, raw)
        if not found or len(found[0].split()) < 2 or found[1] != pos:
            continue
        name, start = found
        if start + len(name) != pos + len(raw) or (start, start + len(name)) in known:
            continue
        if doc.countries_between(start, start + len(name)) or ORG_RE.search(name):
            continue
        known.add((start, start + len(name)))
        mentions.append(OfficialMention(start, start + len(name), name, None, None, None, "subject", False,
                                        doc.sentence_at(start)))


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return False
    sa, sb = set(a), set(b)
    return sa <= sb or sb <= sa or "".join(a) == "".join(b)


def group_mentions(doc: Document, mentions: list[OfficialMention]) -> list[Person]:
    """One :class:`Person` per individual, the fullest name first seen kept."""
    persons: list[Person] = []
    order = sorted(mentions, key=lambda m: (-len(name_tokens(m.name)), m.start))
    for m in order:
        toks = name_tokens(m.name)
        if not toks:
            continue
        match = None
        for p in persons:
            if _same_person(toks, name_tokens(p.name)) and (m.country is None or p.country is None
                                                            or m.country == p.country):
                match = p
                break
        if match is None:
            match = Person(m.name, None, None, None)
            persons.append(match)
        match.mentions.append(m)
        if match.country is None and m.country is not None:
            match.country = m.country
    for p in persons:
        p.mentions.sort(key=lambda m: m.start)
        titled = [m for m in p.mentions if m.title]
        full = [m for m in titled if len(name_tokens(m.name)) == len(name_tokens(p.name))]
        best = (full or titled or [None])[0]
        explicit = [m for m in p.mentions if m.country and m.how != "counterpart"]
        counterpart = [m for m in p.mentions if m.country and m.how == "counterpart"]
        p.explicit = bool(explicit or counterpart)
        p.country = (explicit or counterpart)[0].country if (explicit or counterpart) else None
        orgs = [m.org for m in p.mentions if m.org]
        if p.country is None and orgs and not any(m.state_title for m in p.mentions):
            p.org = orgs[0]
        # "European Council President" is "President" of the EU, but stays whole for one who is not the EU's
        p.title = (best.title if p.org else best.title_in_full or best.title) if best else None
    persons.sort(key=lambda p: p.mentions[0].start)
    return persons


def assign_fallback_countries(doc: Document, persons: list[Person]) -> None:
    """Officials the text does not attribute serve the publishing state (else the state the text is about)."""
    fallback = doc.publisher_country
    if fallback is None:
        counts: dict[str, int] = {}
        for c in doc.countries:
            counts[c.iso3] = counts.get(c.iso3, 0) + 1
        if counts:
            top = max(counts.items(), key=lambda kv: kv[1])
            if top[1] * 2 >= sum(counts.values()):
                fallback = top[0]
    for p in persons:
        if p.country is None and p.org is None:
            p.country = fallback
    _one_holder_per_office(doc, persons, fallback)


# Offices a state has one holder of at a time: two guessed holders in one release are of two states.
_EXCLUSIVE = {"President", "Prime Minister", "Chancellor", "Federal Chancellor", "King", "Queen", "Emir", "Amir",
              "Premier", "Foreign Minister", "Minister of Foreign Affairs", "Secretary of State", "Vice President",
              "Supreme Leader", "Crown Prince", "Sultan", "Emperor"}


def _one_holder_per_office(doc: Document, persons: list[Person], fallback: str | None) -> None:
    """ "President Biden ... President Putin" in a US release: Putin is not a second US president.

    Among officials whose country was only guessed, holding the same one-holder office of one state,
    those the text ties to another state move there: the state their sentences (else the text around
    them) name most, a possessive or demonym counting double, leaving out the publishing state and states
    whose holder of that office the text names. The most named holder stays.
    """
    if fallback is None:
        return
    by_office: dict[str, list[Person]] = {}
    owners: dict[str, set[str]] = {}
    for p in persons:
        if p.title not in _EXCLUSIVE:
            continue
        if p.explicit and p.country:
            owners.setdefault(p.title, set()).add(p.country)
        elif p.country == fallback:
            by_office.setdefault(p.title, []).append(p)
    for title, guessed in by_office.items():
        taken = owners.get(title, set()) | {fallback}
        if fallback not in owners.get(title, set()) and len(guessed) < 2:
            continue
        votes = {id(p): _foreign_votes(doc, p, taken) for p in guessed}
        if fallback not in owners.get(title, set()):
            # the most named keeps the office at home (a publisher writes most about its own leaders);
            # between equals, the one least tied to another state
            def tie(p: Person) -> float:
                v = votes[id(p)]
                return max(v.values()) / len(p.mentions) if v else 0.0
            keep = min(guessed, key=lambda p: (-len(p.mentions), tie(p), p.mentions[0].start))
            guessed = [p for p in guessed if p is not keep]
        for p in guessed:
            v = {k: n for k, n in votes[id(p)].items() if k not in taken}
            if v:
                p.country = max(v, key=lambda k: (v[k], k))
                taken = taken | {p.country}


def _foreign_votes(doc: Document, p: Person, taken: set[str]) -> dict[str, int]:
    votes: dict[str, int] = {}
    for window in (0, 400):
        for m in p.mentions:
            a, b = m.span or (m.start, m.end)
            for c in doc.countries_between(max(0, a - window), b + window):
                if c.iso3 in taken:
                    continue
                strong = c.kind == "demonym" or doc.text.startswith(("’s", "'s"), c.end)
                votes[c.iso3] = votes.get(c.iso3, 0) + (2 if strong else 1)
        if votes:
            break
    return votes


def _split_glued(mentions: list[OfficialMention]) -> None:
    """ "President of Finland Tarja Halonen Vladimir Putin ...": a caption runs two names together; when
    a name ends with another full name the text gives, the mention keeps only its own part."""
    full = {m.name for m in mentions if len(m.name.split()) >= 2}
    for m in mentions:
        words = m.name.split()
        if len(words) < 4:
            continue
        for k in range(2, len(words) - 1):
            tail = " ".join(words[-k:])
            if tail in full and tail != m.name:
                m.name = " ".join(words[:-k])
                m.end = m.start + len(m.name)
                break


def find_officials(doc: Document) -> list[Person]:
    mentions = find_mentions(doc)
    _split_glued(mentions)
    persons = group_mentions(doc, mentions)
    assign_fallback_countries(doc, persons)
    return persons
