"""Extract: a :class:`~dipgraph.models.Release` → an :class:`~dipgraph.models.Extraction`.

One module per fact kind; this module only runs them in order (officials need countries and the
publishing state, meetings need officials and dates, and so on).
"""
from __future__ import annotations

from dataclasses import replace

from dipgraph.extract.agreements import find_agreements
from dipgraph.extract.countries import find_countries
from dipgraph.extract.document import Document
from dipgraph.extract.meetings import find_meetings
from dipgraph.extract.officials import find_officials
from dipgraph.extract.publisher import infer_publisher_country
from dipgraph.extract.resolutions import find_resolutions
from dipgraph.models import Extraction, Release

EXTRACTOR_VERSION = "1.2"

__all__ = ["extract", "EXTRACTOR_VERSION"]


def extract(release: Release) -> Extraction:
    """Every fact the rules find in ``release``.

    The returned extraction's release carries the publishing state when it was inferred from the text
    (a value given by the user or the reader is kept as it is).
    """
    mentions = find_countries(release.text)
    publisher_country = infer_publisher_country(release, mentions)
    if publisher_country != release.publisher_country:
        release = replace(release, publisher_country=publisher_country)
    doc = Document(release, publisher_country, mentions)
    persons = find_officials(doc)
    meetings = find_meetings(doc, persons)
    main = next((m for m in meetings if m.occurred and len(m.countries) >= 2), None)
    agreements = find_agreements(doc, main.date if main else None, main.countries if main else ())
    return Extraction(
        release=release,
        countries=tuple(sorted({m.iso3 for m in mentions})),
        officials=tuple(p.official() for p in persons),
        meetings=tuple(meetings),
        agreements=tuple(agreements),
        resolutions=tuple(find_resolutions(doc)),
    )
