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
    return words


def person_key(name: str) -> str:
    """The key that identifies a person's name within one country.

    ``"Sergey V. Lavrov"``, ``"Sergei Lavrov"`` and ``"SERGEY LAVROV"`` → ``"sergey-lavrov"``;
    ``"Yun Byung-se"``, ``"Yun Byung Se"``, ``"YUN Byung-se"`` → ``"yun-byungse"``; ``"Kang, Kyung-wha"``
    → ``"kang-kyungwha"``. Never empty.
    """
    words = name_words(name)
    if not words:
        return slug(name)
    key = words[0] if len(words) == 1 else f"{words[0]}-{''.join(words[1:])}"
    return key[:80]


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

    def observe(self, name: str, country: str | None, publisher_country: str | None = None) -> None:
        """Count one official of the batch (``publisher_country``: the state of the release it is in)."""
        words = tuple(name_words(name))
        if len(words) >= 2:
            self._seen[(country, words)] += 1
            for w in words:
                self._by_surname[(country, w)].add(words)
            self._countries[words][country] += 1

    def country(self, name: str, country: str | None, publisher_country: str | None = None) -> str | None:
        """The state a person serves, across the batch.

        An official whose country is the publisher's may have been given it only because the release
        did not say ("President Putin" in a White House readout). When the same full name is read with
        another single state in at least two in three of the batch's mentions, that state is returned;
        so it is, whatever the release, when that state has nine in ten of at least 20 mentions.
        Otherwise ``country`` as given.
        """
        if country is None:
            return country
        guessed = country == publisher_country
        words = tuple(name_words(name))
        counts = self._countries.get(words)
        if not counts and len(words) >= 1:
            fuller = [f for f in self._countries if len(f) > len(words) and _compatible(list(words), f)]
            counts = {}
            for f in fuller:
                for c, n in self._countries[f].items():
                    counts[c] = counts.get(c, 0) + n
        if not counts:
            return country
        best = max(counts, key=lambda c: (counts[c], c or ""))
        total = sum(counts.values())
        if best != country and best is not None and counts[best] >= 3 and (
                guessed and counts[best] * 3 >= total * 2 or counts[best] * 10 >= total * 9 and counts[best] >= 20):
            return best
        return country

    def key(self, name: str, country: str | None) -> str:
        words = name_words(name)
        if not words:
            return person_key(name)
        candidates: set[tuple[str, ...]] = set()
        for w in words:
            candidates |= {full for full in self._by_surname.get((country, w), set()) if _compatible(words, full)}
        if candidates:
            # the name most often written among those it can stand for, when it is most of them (4 in 5)
            ranked = sorted(candidates, key=lambda f: (-self._seen[(country, f)], -len(f), f))
            best = ranked[0]
            same = [c for c in ranked if _compatible(list(c), best) or _compatible(list(best), c)]
            total = sum(self._seen[(country, c)] for c in ranked)
            if sum(self._seen[(country, c)] for c in same) * 5 >= total * 4:
                return _key_of(best)
        return person_key(name)


def _key_of(words: tuple[str, ...] | list[str]) -> str:
    return words[0] if len(words) == 1 else f"{words[0]}-{''.join(words[1:])}"


def _compatible(words: list[str], full: tuple[str, ...]) -> bool:
    """``words`` can name the person ``full``: each word is in it, or a short form of a word in it."""
    def fits(w: str) -> bool:
        return any(w == f or (len(w) >= 3 and (f.startswith(w) or f.endswith(w))) or
                   (len(f) >= 3 and (w.startswith(f) or w.endswith(f))) for f in full)
    return all(fits(w) for w in words)
