"""Resolve: mentions → canonical entities, so the same person or place gets one IRI everywhere.

Deterministic: the same mention always resolves to the same key, whatever release it is in.

:func:`person_key` makes one key for the spellings one name is written in: case, accents, hyphens and
apostrophes, honorifics ("H.E. Dr", "Mr"; also "Prince", "Sheikh"), middle initials ("Sergey V. Lavrov"),
common transliteration variants of the same name ("Sergey"/"Sergei", "Yuri"/"Yury", "Aleksei"/"Alexey",
"Tatiana"/"Tatyana") and the catalogue order "Kang, Kyung-wha". Given names written in parts ("Yun Byung
Se", "Yun Byung-se") come to the same key because every word after the first is joined.

Keys are per name; the country that the IRI also carries keeps two namesakes of different states apart.
:class:`Resolver` goes one step further across a batch: a surname alone ("Putin", "Secretary Blinken") or
a short form of a given name ("Tony Blinken") is mapped to the one full name seen for that surname in the
same country, and :meth:`Resolver.country` corrects a country that was only guessed from the publisher
when the rest of the batch names the person's state.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from dipgraph.models import Extraction

_HONORIFICS = re.compile(
    r"^(?:(?:H\.?\s?E\.?|Mr|Mrs|Ms|Mme|Dr|Prof|Professor|His|Her|Excellency|Highness|Majesty|Royal|Hon|Honourable|"
    r"Honorable|The|Right|Rt|Sir|Dame|Lord|Lady|Prince|Princess|Sheikh|Sheikha|Sheik|Ambassador|General|Cardinal|"
    r"Archbishop)\.?\s+)+", re.IGNORECASE)
_SUFFIXES = {"jr", "sr", "phd", "md", "esq"}
# Transliteration variants of the same sounds, as written in English texts (applied to each name word).
_VARIANTS = (
    (re.compile(r"iya"), "ya"),
    (re.compile(r"iy"), "y"),
    (re.compile(r"(?<=[^aeiouy])ia"), "ya"),
    (re.compile(r"iu|ju(?=[^aeiouy])|^ju"), "yu"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"^ye"), "e"),
    (re.compile(r"(?<=[aeo])i$"), "y"),
    (re.compile(r"(?<=\w\w[^aeiouy])i$"), "y"),
)


def fold(text: str) -> str:
    """Lower case without accents: ``"Mélanie"`` → ``"melanie"``."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def slug(text: str, *, max_length: int = 80) -> str:
    """A lowercase ASCII slug of ``text`` for use in an IRI path segment (never empty)."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    result = "-".join(words)[:max_length].strip("-")
    return result or "x"


def _ordered(name: str) -> str:
    """ "Kang, Kyung-wha" → "Kang Kyung-wha" (family name first, as written); "Lavrov, Sergey" → "Sergey Lavrov"."""
    if name.count(",") != 1:
        return name.replace(",", " ")
    family, given = (part.strip() for part in name.split(","))
    if not family or not given or fold(given).strip(".") in _SUFFIXES:
        return f"{family} {given}"
    if family.isupper() or "-" in given:
        return f"{family} {given}"  # East Asian names written family name first
    return f"{given} {family}"


def name_words(name: str) -> list[str]:
    """The normalised words of a person's name: no honorifics, initials or suffixes; variants unified."""
    return list(_name_words(name))


@lru_cache(maxsize=65536)  # a corpus names the same people again and again
def _name_words(name: str) -> tuple[str, ...]:
    name = _HONORIFICS.sub("", _ordered(name.strip()))
    words = []
    for raw in name.split():
        w = re.sub(r"[^a-z0-9]", "", fold(raw))
        if len(w) <= 1 and raw.rstrip(".").isalpha() and (raw.endswith(".") or len(raw) == 1):
            continue  # an initial
        if not w or w in _SUFFIXES:
            continue
        for pattern, repl in _VARIANTS:
            w = pattern.sub(repl, w)
        words.append(w)
    return tuple(words)


def person_key(name: str) -> str:
    """The key that identifies a person's name within one country.

    ``"Sergey V. Lavrov"``, ``"Sergei Lavrov"`` and ``"SERGEY LAVROV"`` → ``"sergey-lavrov"``;
    ``"Yun Byung-se"``, ``"Yun Byung Se"``, ``"YUN Byung-se"`` → ``"yun-byungse"``; ``"Kang, Kyung-wha"``
    → ``"kang-kyungwha"``. Never empty.
    """
    words = name_words(name)
    if not words:
        return slug(name)
    return _key_of(words)[:80]


class Resolver:
    """One key per person and country across a batch of extractions.

    Use in two passes: :meth:`observe` every official of the batch, then ask :meth:`key` for each. A name
    whose words are in a fuller name seen for the same country, or whose given name is a short form of it
    ("Tony" / "Antony", "Joe" / "Joseph"), gets the key of the fuller name most often written, when the
    names it can stand for are mostly (4 in 5) that one person; anything else gets :func:`person_key` of
    its own name. Deterministic for a given batch.
    """

    def __init__(self) -> None:
        self._by_surname: dict[tuple[str | None, str], set[tuple[str, ...]]] = defaultdict(set)
        self._seen: dict[tuple[str | None, tuple[str, ...]], int] = defaultdict(int)
        self._countries: dict[tuple[str, ...], dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
        self._by_word: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # word → full names, any state
        self._identities: dict[tuple[str, str | None, str | None], tuple[str | None, str]] = {}
        """What :meth:`identify` answered since the last :meth:`observe` (a batch names the same people often)."""

    def observe(self, name: str, country: str | None, publisher_country: str | None = None, *, times: int = 1) -> None:
        """Count one official of the batch (``publisher_country``: the state of the release it is in),
        or ``times`` mentions of the same name and state."""
        words = _name_words(name)
        self._identities.clear()
        if len(words) >= 2:
            self._seen[(country, words)] += times
            for w in words:
                self._by_surname[(country, w)].add(words)
                self._by_word[w].add(words)
            self._countries[words][country] += times

    def observe_all(self, extractions: Iterable[Extraction]) -> None:
        """Count every official of ``extractions``, each in the state of its release's publisher."""
        for extraction in extractions:
            for official in extraction.officials:
                self.observe(official.name, official.country, extraction.release.publisher_country)

    def country(self, name: str, country: str | None, publisher_country: str | None = None) -> str | None:
        """The state a person serves, across the batch.

        An official whose country is the publisher's may have been given it only because the release
        did not say ("President Putin" in a White House readout). When the same full name is read with
        another single state in at least two in three of the batch's mentions, that state is returned;
        so it is, whatever the release, when that state has three in four of at least 12 mentions (a
        full name read with a stray state is far likelier an extraction slip than a namesake).
        Otherwise ``country`` as given.
        """
        if country is None:
            return country
        guessed = country == publisher_country
        words = _name_words(name)
        counts = self._countries.get(words)
        if not counts and len(words) >= 1:
            named = set().union(*(self._by_word.get(w, ()) for w in words))
            fuller = sorted(f for f in named if len(f) > len(words) and _compatible(list(words), f))
            counts = {}
            for f in fuller:
                for c, n in self._countries[f].items():
                    counts[c] = counts.get(c, 0) + n
        if not counts:
            return country
        best = max(counts, key=lambda c: (counts[c], c or ""))
        total = sum(counts.values())
        if best != country and best is not None and counts[best] >= 3 and (
                guessed and counts[best] * 3 >= total * 2 or counts[best] * 4 >= total * 3 and counts[best] >= 12):
            return best
        return country

    def identify(self, name: str, country: str | None, publisher_country: str | None = None) -> tuple[str | None, str]:
        """``(state, key)`` of the person an official of that name and state is, across the batch."""
        asked = (name, country, publisher_country)
        if (known := self._identities.get(asked)) is not None:
            return known
        name = self._separated(name)
        country = self.country(name, country, publisher_country)
        self._identities[asked] = answer = (country, self.key(name, country))
        return answer

    def _separated(self, name: str) -> str:
        """The one name meant where two ran together for want of a comma ("... with President of
        Argentina Mauricio Macri Vladimir Putin expressed ..."): when the last two or three words are
        a full name read at least ten times as often as the whole, the words before it if they are a
        name of their own (the title before them was theirs), else that full name."""
        words = _name_words(name)
        if len(words) < 3:
            return name
        whole = sum(self._countries.get(words, {}).values())
        for length in (2, 3):
            tail = words[-length:]
            if len(words) > length and sum(self._countries.get(tail, {}).values()) >= 10 * max(whole, 1):
                head = words[:-length]
                return " ".join(head if len(head) >= 2 else tail)
        return name

    def key(self, name: str, country: str | None) -> str:
        words = list(_name_words(name))
        if not words:
            return person_key(name)
        candidates: set[tuple[str, ...]] = set()
        for w in words:
            candidates |= {full for full in self._by_surname.get((country, w), set()) if _compatible(words, full)}
        candidates = {full for full in candidates if len(full) < 3 or self._separated(" ".join(full)) == " ".join(full)}
        if candidates:
            # the name most often written among those it can stand for, when it is most of them (4 in 5)
            ranked = sorted(candidates, key=lambda f: (-self._seen[(country, f)], -len(f), f))
            best = ranked[0]
            same = [c for c in ranked if _compatible(list(c), best) or _compatible(list(best), c)]
            total = sum(self._seen[(country, c)] for c in ranked)
            if best != tuple(words) and sum(self._seen[(country, c)] for c in same) * 5 >= total * 4:
                return _key_of(best)
        if len(words) >= 2 and len(words[0]) >= 5:
            # a misspelt or variant given name ("Valdimir", "Vladimit"; "Anthony" for "Antony") of a
            # name written ten times as often, with the same surname, in the same state
            own = self._seen.get((country, tuple(words)), 0)
            for full in sorted(self._by_surname.get((country, words[-1]), ())):
                if (len(full) == len(words) and full[1:] == tuple(words[1:]) and full[0] != words[0]
                        and _one_edit(words[0], full[0]) and self._seen[(country, full)] >= 10 * max(own, 1)):
                    return _key_of(full)
        return person_key(name)


def identify(official, resolver: Resolver | None = None, publisher_country: str | None = None) -> tuple[str | None, str]:
    """``(state, key)`` that name the person ``official`` is: by ``resolver`` when given, else by
    the official's own name and state."""
    if resolver is None:
        return official.country, person_key(official.name)
    return resolver.identify(official.name, official.country, publisher_country)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                   and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _key_of(words: tuple[str, ...] | list[str]) -> str:
    return words[0] if len(words) == 1 else f"{words[0]}-{''.join(words[1:])}"


def _compatible(words: list[str], full: tuple[str, ...]) -> bool:
    """``words`` can name the person ``full``: each word is in it, or a short form of a word in it."""
    def fits(w: str) -> bool:  # the same word, or the short form of one ("Tony" / "Antony", "Joe" / "Joseph")
        return any(w == f or (len(w) >= 3 and (f.startswith(w) or f.endswith(w))) for f in full)
    return all(fits(w) for w in words)
