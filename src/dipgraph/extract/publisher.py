"""The publishing state, when the release does not say it outright.

In order: the value the user or reader gave; the state named in the publisher's name ("Ministry of Foreign
Affairs of Mongolia", "The White House (United States)"); the web address's country domain; and else the
text's own evidence, weighed:

* pages of a ministry keep chrome in its national script (Hangul menus on a Korean ministry's English site);
* a ministry writes its own state first in pairs ("ROK-US alliance", "Russia-Mongolia relations");
* "his Russian counterpart" is said of the other side, so the publisher is not Russia;
* and, weakly, how often each state is named.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pycountry

from dipgraph.extract.countries import Mention, find_cities
from dipgraph.models import Release
from dipgraph.read.text import publisher_country_of

_SCRIPTS = (
    (re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), "KOR"),
    (re.compile(r"[\u3040-\u30ff]"), "JPN"),
    (re.compile(r"[\u0e00-\u0e7f]"), "THA"),
    (re.compile(r"[\u10a0-\u10ff]"), "GEO"),
    (re.compile(r"[\u0530-\u058f]"), "ARM"),
    (re.compile(r"[\u0590-\u05ff]"), "ISR"),
    (re.compile(r"[\u1780-\u17ff]"), "KHM"),
    (re.compile(r"[\u0e80-\u0eff]"), "LAO"),
    (re.compile(r"[\u0d80-\u0dff]"), "LKA"),
    (re.compile(r"[\u1000-\u109f]"), "MMR"),
    (re.compile(r"[\u1800-\u18af]"), "MNG"),
)
_COUNTERPART = re.compile(r"\b(?:his|her|their|its)\s+((?:[\w’'.\-]+\s+){1,3}?)counterparts?\b")


def country_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in ("gov", "mil"):
        return "USA"
    if tld == "uk":
        return "GBR"
    if len(tld) == 2:
        c = pycountry.countries.get(alpha_2=tld.upper())
        return c.alpha_3 if c else None
    return None


def infer_publisher_country(release: Release, countries: list[Mention]) -> str | None:
    if release.publisher_country:
        return release.publisher_country
    if iso3 := publisher_country_of(release.publisher):
        return iso3
    if iso3 := country_from_url(release.url):
        return iso3
    return weigh_text(release.text, countries)


def weigh_text(text: str, countries: list[Mention]) -> str | None:
    """The state the text's evidence points to as its publisher, or None when the evidence is thin."""
    score: dict[str, float] = {}

    def vote(iso3: str, weight: float) -> None:
        score[iso3] = score.get(iso3, 0.0) + weight

    head = text[:3000]
    for pattern, iso3 in _SCRIPTS:
        if pattern.search(head):
            vote(iso3, 4)
    for a, b in zip(countries, countries[1:]):
        if a.iso3 != b.iso3 and b.start - a.end <= 3 and re.fullmatch(r"\s*[-–—]\s*", text[a.end:b.start]):
            vote(a.iso3, 2)
    for m in _COUNTERPART.finditer(text):
        for c in countries:
            if m.start(1) <= c.start < m.end(1):
                vote(c.iso3, -4)
    for c in countries:
        vote(c.iso3, 0.25)
    # a capital alone on a line: the ministry's address ("OR Tambo Building / ... / Pretoria")
    for start, end, city, iso3 in find_cities(text):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if text[line_start:start].strip() == "" and text[end:line_end if line_end >= 0 else len(text)].strip() == "":
            vote(iso3, 2)
    if not score:
        return None
    best = max(score.items(), key=lambda kv: kv[1])
    return best[0] if best[1] >= 1 else None
