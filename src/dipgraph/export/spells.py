"""Spells: the time intervals a node or edge is present, as networkx's GEXF convention keeps them.

In a graph, ``data["spells"]`` is a sorted list of ``(start, end)`` ISO dates (``YYYY-MM-DD``),
both ends included. Formats without intervals of their own (GraphML, CSV) write them as ISO 8601
intervals separated by spaces: ``2016-06-13/2016-06-13 2017-03-01/2017-03-02``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from dipgraph.errors import ExportError

Spell = tuple[str, str]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_spells(dates: Iterable[str | None]) -> list[Spell]:
    """One spell per distinct day, sorted; undated (None) entries are left out."""
    return [(d, d) for d in sorted({d for d in dates if d})]


def span(dates: Iterable[str | None]) -> tuple[str | None, str | None]:
    """The first and last of ``dates`` (None, None when none is dated)."""
    known = sorted(d for d in dates if d)
    return (known[0], known[-1]) if known else (None, None)


def node_time(dates: Iterable[str | None]) -> dict:
    """``first``, ``last`` and one spell from the first to the last of ``dates``.

    Nothing when none is dated: an absent attribute (not an empty one) says 'undated', and a node
    without spells is one Gephi shows throughout the timeline."""
    first, last = span(dates)
    return {"first": first, "last": last, "spells": [(first, last)]} if first else {}


def edge_time(dates: Iterable[str | None]) -> dict:
    """``first``, ``last`` and one spell per dated day (each event shows on the timeline)."""
    dates = list(dates)
    first, last = span(dates)
    return {"first": first, "last": last, "spells": day_spells(dates)} if first else {}


def check_day(value, where: str) -> str:
    text = str(value)
    if not _DAY.fullmatch(text):
        raise ExportError(f"{where}: {text!r} is not a date (YYYY-MM-DD)")
    return text


def spells_to_text(spells: Iterable[Spell]) -> str:
    return " ".join(f"{start}/{end}" for start, end in spells)


def spells_from_text(text: str) -> list[Spell]:
    spells = []
    for item in text.split():
        start, sep, end = item.partition("/")
        if not sep:
            raise ExportError(f"{item!r} is not an interval START/END")
        spells.append((start, end))
    return spells
