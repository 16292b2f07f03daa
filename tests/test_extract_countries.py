"""Country mentions: names, aliases, demonyms, and the traps that name no state."""
from __future__ import annotations

import pytest

from dipgraph.extract.countries import countries_in, find_countries


@pytest.mark.parametrize("text, expected", [
    ("talks with the ROK on trade", {"KOR"}),
    ("the DPRK fired a missile", {"PRK"}),
    ("the PRC and the UK", {"CHN", "GBR"}),
    ("the U.S. and the UAE", {"USA", "ARE"}),
    ("the US-led coalition", {"USA"}),
    ("Korea-U.S Alliance", {"KOR", "USA"}),
    ("a Russian diplomat", {"RUS"}),
    ("the North Korean regime", {"PRK"}),
    ("South Korean exports", {"KOR"}),
    ("Taiwan, Palestine and Kosovo", {"TWN", "PSE", "XKX"}),
    ("the Palestinian Authority", {"PSE"}),
    ("the Holy See", {"VAT"}),
    ("Lao PDR and Viet Nam", {"LAO", "VNM"}),
    ("Côte d’Ivoire and Türkiye", {"CIV", "TUR"}),
    ("the Russian Federation", {"RUS"}),
    ("Syrian Arab Republic", {"SYR"}),
    ("MINISTRY OF FOREIGN AFFAIRS\nSINGAPORE", {"SGP"}),
])
def test_names_aliases_and_demonyms(text, expected):
    assert countries_in(text) == expected


@pytest.mark.parametrize("text", [
    "peace on the Korean Peninsula",
    "a visit to New Mexico",
    "Chad Wolf spoke to reporters",
    "Michael Jordan was there",
    "he flew to Atlanta, Georgia",
    "the Indian Ocean and American Indian tribes",
    "trade worth 26 billion US dollars",
    "in North America and Latin America",
    "LET US GO",
    "a visit to Moscow",
])
def test_traps_name_no_state(text):
    assert countries_in(text) == set()


def test_guinea_inside_longer_names():
    found = [m.iso3 for m in find_countries("Papua New Guinea, Equatorial Guinea and Guinea")]
    assert found == ["PNG", "GNQ", "GIN"]


def test_jordan_and_georgia_as_states():
    assert countries_in("the Hashemite Kingdom of Jordan and Georgia") == {"JOR", "GEO"}
    assert countries_in("talks in Tbilisi with the President of Georgia") == {"GEO"}


def test_mentions_carry_offsets():
    text = "Talks between Russia and India"
    for m in find_countries(text):
        assert text[m.start:m.end] == m.text
