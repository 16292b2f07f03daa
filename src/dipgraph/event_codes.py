"""Event codes: the CAMEO code and PLOVER category (and mode) of each meeting, call, visit, summit
and signing, chosen by a fixed rule table so that dipgraph's events line up with GDELT, ICEWS and
POLECAT records by code.

Codes are given from the point of view of the state that published the release (CAMEO's source
actor), since a release reports its own state's diplomacy. The first rule of :data:`RULES` that
applies wins; ``docs/ontology.md`` prints the table.

Sources: CAMEO Event and Actor Codebook, version 1.1b3 (Schrodt, March 2012); PLOVER manual
(Open Event Data Alliance, draft version 2.0) and its CAMEO→PLOVER table (``CAMEO2PLOVER-2021.txt``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EventCode:
    cameo: str
    """CAMEO event code, e.g. ``"040"``."""
    plover: str
    """PLOVER event category, e.g. ``"CONSULT"``."""
    mode: str | None = None
    """PLOVER mode refining the category, e.g. ``"phone"``."""


@dataclass(frozen=True)
class Event:
    """What the rules look at: one meeting (or signing) and the release that reports it."""

    kind: str
    """A meeting kind (``meeting``, ``phone call``, ``video call``, ``summit``, ``visit``) or ``signing``."""
    occurred: bool
    countries: frozenset[str]
    publisher_country: str | None
    place_country: str | None
    """The country the meeting's place is in, when the place is named and known."""


@dataclass(frozen=True)
class Rule:
    when: str
    """The condition, as the documentation states it."""
    applies: Callable[[Event], bool]
    code: EventCode


def _hosted_by_publisher(e: Event) -> bool:
    return e.place_country is not None and e.place_country == e.publisher_country and e.publisher_country in e.countries


def _publisher_visited(e: Event) -> bool:
    return (e.place_country is not None and e.publisher_country in e.countries
            and e.place_country != e.publisher_country and e.place_country in e.countries)


def _third_location(e: Event) -> bool:
    return e.place_country is not None and bool(e.countries) and e.place_country not in e.countries


RULES: tuple[Rule, ...] = (
    Rule("a signing of an agreement the release reports as signed", lambda e: e.kind == "signing",
         EventCode("057", "SUPPORT")),
    Rule("planned, proposed or expected (dip:occurred false), whatever its kind", lambda e: not e.occurred,
         EventCode("036", "AGREE")),
    Rule("a phone call or video call", lambda e: e.kind in ("phone call", "video call"),
         EventCode("041", "CONSULT", "phone")),
    Rule("held in the publishing state, which took part", _hosted_by_publisher,
         EventCode("043", "CONSULT", "visit")),
    Rule("held in another state that took part, the publishing state taking part", _publisher_visited,
         EventCode("042", "CONSULT", "visit")),
    Rule("held in a state that did not take part", _third_location,
         EventCode("044", "CONSULT", "third-party")),
    Rule("any other meeting, visit or summit (place or publishing state unknown)", lambda e: True,
         EventCode("040", "CONSULT")),
)


def event_code(event: Event) -> EventCode:
    """The code of the first rule in :data:`RULES` that applies to ``event``."""
    return next(rule.code for rule in RULES if rule.applies(event))
