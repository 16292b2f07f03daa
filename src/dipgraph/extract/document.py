"""What every fact rule reads: the release text with its sentences and country mentions, found once."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from dipgraph.extract.countries import Mention, find_countries
from dipgraph.extract.sentences import split_sentences
from dipgraph.models import Release


@dataclass
class Document:
    release: Release
    publisher_country: str | None = None
    countries: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.countries:
            self.countries = find_countries(self.text)
        self._country_starts = [m.start for m in self.countries]

    @property
    def text(self) -> str:
        return self.release.text

    @property
    def date(self) -> str | None:
        return self.release.date

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return split_sentences(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding ``pos`` (the whole text when it is in no sentence)."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos <= self.sentences[i][1]:
            return self.sentences[i]
        return (pos, pos)

    def countries_between(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._country_starts, start)
        out = []
        while i < len(self.countries) and self.countries[i].start < end:
            if self.countries[i].end <= end:
                out.append(self.countries[i])
            i += 1
        return out

    def country_at(self, pos: int) -> Mention | None:
        """The country mention starting exactly at ``pos``."""
        i = bisect.bisect_left(self._country_starts, pos)
        if i < len(self.countries) and self.countries[i].start == pos:
            return self.countries[i]
        return None

    def country_ending_at(self, pos: int) -> Mention | None:
        i = bisect.bisect_left(self._country_starts, pos) - 1
        if i >= 0 and self.countries[i].end == pos:
            return self.countries[i]
        return None
