"""Countries: every mention of a sovereign state (plus Taiwan, Palestine and Kosovo) as ISO 3166-1 alpha-3.

Names come from pycountry (short, official and common names) and ``data/countries/aliases.csv`` (short
forms, abbreviations, demonyms, and *blocks*: phrases such as "Korean Peninsula" or "New Mexico" that
contain a country word but name no state). Dependent territories (``territories.csv``) are not states:
their names become blocks too.

All names are compiled into one trie-shaped regular expression, so a text is scanned once whatever the
number of names; the longest name at a position wins ("Papua New Guinea" over "Guinea").
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from dipgraph.resources import data_dir

# Names that are also common given names or US states: checked against their context.
_PERSON_LIKE = {"Jordan", "Chad", "Georgia"}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    iso3: str
    kind: str  # "name", "abbr" or "demonym"
    text: str


@dataclass(frozen=True)
class Gazetteer:
    pattern: re.Pattern
    entries: dict[str, tuple[str | None, str]]  # surface form -> (iso3 or None for a block, kind)
    cities: dict[str, str]  # capital or well-known city -> iso3
    city_pattern: re.Pattern


def trie_pattern(words) -> str:
    """A regular expression matching any of ``words``, longest first, shaped as a trie (fast to scan)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # the optional continuation is greedy, so longer names are tried before shorter ones
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _variants(name: str) -> set[str]:
    """The spellings a name is written in: as given, without accents, with either apostrophe."""
    out = {name}
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    out.add(plain)
    for v in list(out):
        if "'" in v:
            out.add(v.replace("'", "\u2019"))
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    folder = data_dir() / "countries"
    territories = set()
    with open(folder / "territories.csv", encoding="utf-8") as f:
        territories = {row["iso3"] for row in csv.DictReader(f)}
    entries: dict[str, tuple[str | None, str]] = {}

    def add(alias: str, iso3: str | None, kind: str) -> None:
        for v in _variants(alias.strip()):
            entries[v] = (iso3, kind)
            if kind != "abbr" and len(v) > 3:
                entries.setdefault(v.upper(), (iso3, kind))

    for c in pycountry.countries:
        names = {c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)}
        for name in filter(None, names):
            if "," in name or "(" in name:
                continue  # inverted catalogue forms ("Korea, Republic of") are not written in prose
            name = re.sub(r"^the\s+", "", name)
            add(name, None if c.alpha_3 in territories else c.alpha_3, "block" if c.alpha_3 in territories else "name")
    with open(folder / "aliases.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = row["kind"].strip()
            iso3 = row["iso3"].strip() or None
            add(row["alias"], None if kind == "block" else iso3, kind)
            if kind == "demonym" and row["alias"][-1] in "nio" and not row["alias"].endswith("ese"):
                add(row["alias"] + "s", iso3, kind)  # "Koreans", "Israelis", "Filipinos"
    # currencies name no state ("26 billion US dollars")
    for cur in ("US dollar", "US dollars", "U.S. dollar", "U.S. dollars", "US$", "USD"):
        entries[cur] = (None, "block")
    cities: dict[str, str] = {}
    with open(folder / "capitals.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for v in _variants(row["city"]):
                cities[v] = row["iso3"]
    pattern = re.compile(r"(?<![\w])(" + trie_pattern(entries) + r")(?!\w)")
    city_pattern = re.compile(r"(?<![\w])(" + trie_pattern(cities) + r")(?!\w)")
    return Gazetteer(pattern, entries, cities, city_pattern)


def _is_caps_context(text: str, start: int, end: int) -> bool:
    """True when the words around ``start:end`` are all capitals (a shouted headline: "US" may be "us")."""
    before = text[max(0, start - 30):start].split()
    after = text[end:end + 30].split()
    if not before or not after:
        return False
    b, a = before[-1].strip(".,:;-"), after[0].strip(".,:;-")
    return b.isalpha() and a.isalpha() and b.isupper() and a.isupper() and len(b) > 1 and len(a) > 1


def _person_or_place(text: str, m: re.Match) -> bool:
    """True when a name such as "Jordan", "Chad" or "Georgia" is a person's name or a US state here."""
    start, end = m.span()
    word = m.group()
    after = text[end:end + 25]
    before = text[max(0, start - 40):start]
    if re.match(r" [A-Z][a-z]+", after) and not re.match(r" (?:and|of|the|to|in)\b", after):
        return True  # "Chad Wolf", "Jordan Peterson"
    if re.search(r"\b(?:Mr|Ms|Mrs|Dr)\.? $", before):
        return True
    if re.search(r"(?<![.!?:;,\n]\s)\b[A-Z][a-z]+ $", before) and not re.search(
            r"\b(?:Of|The|And|To|In|With|Visit|Visits|Welcome|Kingdom|Republic)\s$", before):
        return True  # "Michael Jordan"; not sentence-initial capitals
    if word.upper() == "GEORGIA":
        if re.search(r"\b[A-Z][a-z]+, $", before):
            city = re.search(r"\b([A-Z][a-z]+), $", before)[1]
            if not gazetteer().pattern.fullmatch(city):
                return True  # "Atlanta, Georgia"
        if re.search(r"(?i)\b(?:state of|university of|district of|governor of|senators? from|"
                      r"representatives? from|people of) $", before):
            return True
        if re.match(r"(?:\u2019|')s \d+(?:st|nd|rd|th)\b|, (?:USA|U\.S\.)|\s+(?:State|Power)\b", after):
            return True
    return False


def find_countries(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every country mention in ``text[start:end]``, in order of position."""
    g = gazetteer()
    out: list[Mention] = []
    georgia_us = None
    for m in g.pattern.finditer(text, start, len(text) if end is None else end):
        iso3, kind = g.entries.get(m.group(1), (None, "block"))
        if iso3 is None:
            continue
        word = m.group(1)
        if kind == "abbr" and len(word) <= 3 and _is_caps_context(text, *m.span()):
            continue
        if word in _PERSON_LIKE or word.upper() in _PERSON_LIKE:
            if _person_or_place(text, m):
                continue
            if iso3 == "GEO":
                if georgia_us is None:
                    # a US text about the state: Atlanta or Savannah named, Tbilisi and "Georgian" not
                    georgia_us = bool(re.search(r"\b(?:Atlanta|Savannah|Augusta)\b", text)) and not re.search(
                        r"\b(?:Tbilisi|Georgian)\b", text)
                if georgia_us:
                    continue
        out.append(Mention(m.start(1), m.end(1), iso3, kind, word))
    return out


def countries_in(text: str, start: int = 0, end: int | None = None) -> set[str]:
    return {m.iso3 for m in find_countries(text, start, end)}


def country_of(phrase: str) -> str | None:
    """The ISO3 code a short phrase names ("the Russian Federation", "Russian", "ROK"), or None."""
    found = find_countries(phrase)
    return found[-1].iso3 if found else None


def find_cities(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, str]]:
    """Capitals and other well-known seats of government: ``(start, end, city, iso3)``."""
    g = gazetteer()
    return [(m.start(1), m.end(1), m.group(1), g.cities[m.group(1)])
            for m in g.city_pattern.finditer(text, start, len(text) if end is None else end)]


def city_country(city: str) -> str | None:
    return gazetteer().cities.get(city)

