"""The events every projection is built from, read from the store once, and the filters that select them.

An event is a meeting (of any kind: meeting, phone call, video call, summit, visit) or an agreement.
Each knows its date (ISO ``YYYY-MM-DD`` or None), the countries (ISO 3166-1 alpha-3) and officials
(IRIs) taking part, and whether it took place. Dates stay ISO strings: they sort chronologically and
every export format writes them as they are.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from datetime import date

from dipgraph.errors import ExportError
from dipgraph.models import MEETING_KINDS
from dipgraph.query import run_local, with_prefixes

AGREEMENT = "agreement"
EVENT_KINDS: tuple[str, ...] = (*MEETING_KINDS, AGREEMENT)
"""What ``--kind`` accepts: the meeting kinds of the extraction schema, and ``agreement``."""

CALL_KINDS = frozenset({"phone call", "video call"})

# Each triple pattern is its own subquery, which Oxigraph joins by hashing rather than by one index
# lookup per row (see queries/officials.rq): several times faster on a large store, same rows.
_MEETINGS = """
SELECT ?meeting ?release ?date ?occurred ?place WHERE {
  { SELECT * WHERE { GRAPH ?release { ?meeting a dip:Meeting } } }
  { SELECT * WHERE { GRAPH ?release { ?meeting dip:occurred ?occurred } } }
  OPTIONAL { SELECT * WHERE { GRAPH ?release { ?meeting schema:startDate ?date } } }
  OPTIONAL { SELECT * WHERE { GRAPH ?release { ?meeting schema:location/schema:name ?place } } }
}"""

# apart, class by class: a type test per meeting inside the query above costs three times as much
_MEETING_KINDS = """
SELECT DISTINCT ?meeting ?kind WHERE {
  VALUES (?class ?kind) {
    (dip:PhoneCall "phone call") (dip:VideoCall "video call") (dip:Visit "visit") (dip:Summit "summit")
  }
  GRAPH ?g { ?meeting a ?class }
}"""

_MEETING_COUNTRIES = """
SELECT DISTINCT ?meeting ?country WHERE {
  { SELECT * WHERE { GRAPH ?g { ?meeting a dip:Meeting } } }
  { SELECT * WHERE { GRAPH ?g { ?meeting dip:involvesCountry ?country } } }
}"""

_MEETING_PARTICIPANTS = """
SELECT DISTINCT ?meeting ?official WHERE {
  { SELECT * WHERE { GRAPH ?g { ?meeting a dip:Meeting } } }
  { SELECT * WHERE { GRAPH ?g { ?meeting dip:participant ?official } } }
}"""

_OFFICIALS = """
SELECT DISTINCT ?official ?name ?country ?org WHERE {
  { SELECT * WHERE { GRAPH ?g { ?official a dip:Official } } }
  { SELECT * WHERE { GRAPH ?g { ?official schema:name ?name } } }
  OPTIONAL { SELECT * WHERE { GRAPH ?g { ?official dip:country ?country } } }
  OPTIONAL { SELECT * WHERE { GRAPH ?g { ?official dip:organisation ?org } } }
}"""

_AGREEMENTS = """
SELECT DISTINCT ?agreement ?title ?party WHERE {
  { SELECT * WHERE { GRAPH ?g { ?agreement a dip:Agreement } } }
  { SELECT * WHERE { GRAPH ?g { ?agreement schema:name ?title } } }
  OPTIONAL { SELECT * WHERE { GRAPH ?g { ?agreement dip:party ?party } } }
}"""

_SIGNINGS = """
SELECT DISTINCT ?agreement ?date WHERE {
  { SELECT * WHERE { GRAPH ?g { ?signing dip:signedAgreement ?agreement } } }
  OPTIONAL { SELECT * WHERE { GRAPH ?g { ?signing schema:startDate ?date } } }
}"""

_COUNTRY_NAMES = """
SELECT ?country ?name WHERE { GRAPH dipg:countries { ?country a dip:Country ; schema:name ?name } }"""


def iso3_of(iri) -> str:
    """The ISO 3166-1 alpha-3 code a country IRI is built on."""
    return str(iri).rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Event:
    iri: str
    kind: str
    """A meeting kind (``meeting``, ``phone call``, ``video call``, ``summit``, ``visit``) or ``agreement``."""
    date: str | None
    occurred: bool
    """False for a meeting only planned or proposed; an agreement counts as having occurred when signed."""
    countries: tuple[str, ...]
    officials: tuple[str, ...] = ()
    place: str | None = None
    title: str | None = None
    release: str | None = None
    """The release reporting a meeting (agreements are shared by every release naming them)."""

    @property
    def is_meeting(self) -> bool:
        return self.kind != AGREEMENT

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        where = f" in {self.place}" if self.place else ""
        when = f" on {self.date}" if self.date else ""
        return f"{self.kind} of {', '.join(self.countries) or 'unknown parties'}{where}{when}"


@dataclass(frozen=True)
class OfficialInfo:
    name: str
    country: str | None
    organisation: str | None


@dataclass
class Events:
    """What the projections need from the store: the events, and names for countries and officials."""

    events: list[Event] = field(default_factory=list)
    country_names: dict[str, str] = field(default_factory=dict)
    officials: dict[str, OfficialInfo] = field(default_factory=dict)

    def country_name(self, iso3: str) -> str:
        return self.country_names.get(iso3, iso3)


def load_events(store, *, officials: bool = True) -> Events:
    """Every meeting and agreement in ``store``, in a stable order (by date, kind, IRI); with
    ``officials`` false, without the officials (their names, and who took part in each meeting)."""
    def rows(sparql: str) -> list[dict]:
        return run_local(store, with_prefixes(sparql)).as_dicts()

    countries_of: dict[str, set[str]] = defaultdict(set)
    for row in rows(_MEETING_COUNTRIES):
        countries_of[str(row["meeting"])].add(iso3_of(row["country"]))
    participants_of: dict[str, set[str]] = defaultdict(set)
    for row in rows(_MEETING_PARTICIPANTS) if officials else ():
        participants_of[str(row["meeting"])].add(str(row["official"]))
    kind_of = {str(row["meeting"]): str(row["kind"]) for row in rows(_MEETING_KINDS)}

    meetings: dict[str, Event] = {}  # by IRI: a row repeated by the store must not count twice
    for row in rows(_MEETINGS):
        iri = str(row["meeting"])
        meetings[iri] = Event(
            iri=iri, kind=kind_of.get(iri, "meeting"), date=_iso_date(row.get("date")),
            occurred=bool(row["occurred"].toPython()), countries=tuple(sorted(countries_of[iri])),
            officials=tuple(sorted(participants_of[iri])), place=_text(row.get("place")),
            release=str(row["release"]))
    events = list(meetings.values())

    titles: dict[str, str] = {}
    parties: dict[str, set[str]] = defaultdict(set)
    for row in rows(_AGREEMENTS):
        iri = str(row["agreement"])
        titles[iri] = min(titles.get(iri, str(row["title"])), str(row["title"]))
        if row.get("party") is not None:
            parties[iri].add(iso3_of(row["party"]))
    signed: dict[str, str | None] = {}
    for row in rows(_SIGNINGS):
        iri, when = str(row["agreement"]), _iso_date(row.get("date"))
        earlier = signed.get(iri)
        signed[iri] = when if earlier is None else (min(earlier, when) if when else earlier)
    for iri, title in titles.items():
        events.append(Event(iri=iri, kind=AGREEMENT, date=signed.get(iri), occurred=iri in signed,
                            countries=tuple(sorted(parties[iri])), title=title))
    events.sort(key=lambda e: (e.date or "", e.kind, e.iri))

    names: dict[str, set[str]] = defaultdict(set)
    country: dict[str, str | None] = {}
    organisation: dict[str, str | None] = {}
    for row in rows(_OFFICIALS) if officials else ():
        iri = str(row["official"])
        names[iri].add(str(row["name"]))
        if row.get("country") is not None:
            country[iri] = iso3_of(row["country"])
        if row.get("org") is not None:  # spelt differently by some releases: one, whatever the row order
            organisation[iri] = min(organisation.get(iri, str(row["org"])), str(row["org"]))
    officials = {iri: OfficialInfo(_fullest(forms), country.get(iri), organisation.get(iri))
                 for iri, forms in sorted(names.items())}
    country_names = {iso3_of(r["country"]): str(r["name"]) for r in rows(_COUNTRY_NAMES)}
    return Events(events, country_names, officials)


def _fullest(forms: Iterable[str]) -> str:
    """The longest form of a name seen (ties broken alphabetically, so the choice is stable)."""
    return min(forms, key=lambda n: (-len(n), n))


def _text(term) -> str | None:
    return None if term is None else " ".join(str(term).split())


def _iso_date(term) -> str | None:
    if term is None:
        return None
    text = str(term)
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else None


def co_occurrence(events: Iterable[Event], members) -> tuple[dict[str, list[Event]], dict[tuple[str, str], list[Event]]]:
    """The events of each member (``members(event)``: sorted countries or officials), and the events
    each pair of members shares, pairs ordered ``a < b``."""
    of_member: dict[str, list[Event]] = defaultdict(list)
    of_pair: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        for member in members(event):
            of_member[member].append(event)
        for pair in combinations(members(event), 2):
            of_pair[pair].append(event)
    return of_member, of_pair


EVENT_COUNTS = ("meetings", "calls", "visits", "summits", "agreements", "planned")


def count_kinds(events: Iterable[Event], keys: Iterable[str] = EVENT_COUNTS) -> dict[str, int]:
    """How many of ``events`` are meetings, calls, visits, summits, agreements, and only planned."""
    tally: Counter[str] = Counter()
    for e in events:
        if e.kind == AGREEMENT:
            tally["agreements"] += 1
            continue
        tally["meetings"] += 1
        tally["calls"] += e.kind in CALL_KINDS
        tally["visits"] += e.kind == "visit"
        tally["summits"] += e.kind == "summit"
        tally["planned"] += not e.occurred
    return {k: tally[k] for k in keys}


# ---------------------------------------------------------------- filters

@dataclass(frozen=True)
class Filters:
    """Which events a projection counts. Empty filters keep every event."""

    since: str | None = None
    """Keep events dated on or after this day (undated events are then left out)."""
    until: str | None = None
    """Keep events dated on or before this day (undated events are then left out)."""
    countries: frozenset[str] = frozenset()
    """Keep events in which at least one of these countries took part (or is party to)."""
    kinds: frozenset[str] = frozenset()
    """Keep events of these kinds (see :data:`EVENT_KINDS`)."""
    occurred_only: bool = False
    """Leave out meetings reported as only planned or proposed."""

    @classmethod
    def of(cls, *, since: str | date | None = None, until: str | date | None = None,
           country: str | Iterable[str] | None = None, kind: str | Iterable[str] | None = None,
           occurred_only: bool = False) -> Filters:
        """Filters from user input, checked: ISO dates, ISO 3166-1 alpha-3 codes, known kinds."""
        since, until = _day("since", since), _day("until", until)
        if since and until and since > until:
            raise ExportError(f"since {since} is after until {until}: no event can match")
        codes = set()
        for code in _many(country):
            if not re.fullmatch(r"[A-Za-z]{3}", code.strip()):
                raise ExportError(f"country {code!r} is not an ISO 3166-1 alpha-3 code such as KOR")
            codes.add(code.strip().upper())
        kinds = set()
        for k in _many(kind):
            if k.strip().lower() not in EVENT_KINDS:
                raise ExportError(f"kind {k!r} is not one of: {', '.join(EVENT_KINDS)}")
            kinds.add(k.strip().lower())
        return cls(since, until, frozenset(codes), frozenset(kinds), bool(occurred_only))

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.countries or self.kinds or self.occurred_only)

    def accepts(self, event: Event) -> bool:
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.occurred_only and event.is_meeting and not event.occurred:
            return False
        if (self.since or self.until) and event.date is None:
            return False
        if self.since and event.date < self.since:
            return False
        if self.until and event.date > self.until:
            return False
        return not self.countries or bool(self.countries.intersection(event.countries))

    def select(self, events: Iterable[Event]) -> list[Event]:
        return [e for e in events if self.accepts(e)]

    def describe(self) -> str:
        """The filters in words, for the file's description; empty when there are none."""
        parts = []
        if self.since:
            parts.append(f"since {self.since}")
        if self.until:
            parts.append(f"until {self.until}")
        if self.countries:
            parts.append("involving " + " or ".join(sorted(self.countries)))
        if self.kinds:
            parts.append("kinds " + ", ".join(sorted(self.kinds)))
        if self.occurred_only:
            parts.append("held (not only planned)")
        return "; ".join(parts)


def _day(name: str, value: str | date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ExportError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


def _many(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)
