"""The facts dipgraph passes between stages: a release as read, and what was extracted from it.

Frozen dataclasses, so a stage cannot change what an earlier stage produced. Dates are ISO strings
(``YYYY-MM-DD``), countries ISO 3166-1 alpha-3 codes, exactly as in the extraction JSON schema.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Literal

MeetingKind = Literal["meeting", "phone call", "video call", "summit", "visit"]
MEETING_KINDS: tuple[str, ...] = ("meeting", "phone call", "video call", "summit", "visit")
RESOLUTION_BODIES: tuple[str, ...] = ("UNSC", "UNGA", "UNHRC", "IAEA-BOG", "other")

Span = tuple[int, int]
"""Character offsets ``(start, end)`` into :attr:`Release.text` of the passage a fact came from."""


@dataclass(frozen=True)
class Release:
    """One press release as read: its text exactly as retrieved plus what is known about it."""

    source: str
    """The input as given: a path, a URL, ``-`` or ``file.jsonl#N``."""
    text: str
    """The release text that extraction reads and evidence points into."""
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    publisher_country: str | None = None
    id: str | None = None
    retrieved: str | None = None
    """ISO timestamp of retrieval, when the reader knows it (URLs, feeds)."""
    body_start: int = 0
    """Offset in :attr:`text` where the body begins (after page chrome and headline)."""


@dataclass(frozen=True)
class Official:
    name: str
    title: str | None
    country: str | None
    org: str | None = None
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Meeting:
    kind: str
    date: str | None
    place: str | None
    participants: tuple[str, ...]
    countries: tuple[str, ...]
    occurred: bool
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Agreement:
    title: str
    parties: tuple[str, ...]
    signed_in_release: bool
    date: str | None
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Resolution:
    body: str
    number: str
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one release."""

    release: Release
    countries: tuple[str, ...] = ()
    officials: tuple[Official, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    resolutions: tuple[Resolution, ...] = ()

    def with_text(self, text: str) -> Extraction:
        """The same extraction with its release's text replaced: ``""`` to keep or send it light while
        the text is kept elsewhere (the store, the caller), the text again to map it."""
        return replace(self, release=replace(self.release, text=text))

    def to_record(self) -> dict:
        """The JSON record of ``dipgraph extract`` (``spec/extraction.schema.json``)."""
        r = self.release

        def plain(item) -> dict:
            d = asdict(item)
            d.pop("span", None)
            return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

        officials = []
        for o in self.officials:
            d = plain(o)
            if d.get("org") is None:
                d.pop("org")
            officials.append(d)
        return {
            "source": r.source,
            "id": r.id,
            "url": r.url,
            "publisher": r.publisher,
            "publisher_country": r.publisher_country,
            "date": r.date,
            "title": r.title,
            "countries": sorted(set(self.countries)),
            "officials": officials,
            "meetings": [plain(m) for m in self.meetings],
            "agreements": [plain(a) for a in self.agreements],
            "resolutions": [plain(x) for x in self.resolutions],
        }
