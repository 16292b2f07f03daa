"""Headline, publication date and publisher from saved page text, in the layouts pages come in."""
from __future__ import annotations

import pytest

from dipgraph.read.text import find_date, find_publisher, read_saved_text


@pytest.mark.parametrize("text, expected", [
    ("Menu\n\nMinister Meets Envoy\n\n  • Date : 2019-04-02 10:00:00\n\nBody text.", "2019-04-02"),
    ("Minister Meets Envoy\n\nDate\n2019-04-02\nhit\n12\n\nBody.", "2019-04-02"),
    (" date 2019-04-02 Log in\nMinister Meets Envoy", "2019-04-02"),
    ("Minister Meets Envoy\n\n02.04.2019 - Press release\n\nBody.", "2019-04-02"),
    ("Minister's Statement on Trade (April 2, 2019)\n\nBody.", "2019-04-02"),
    ("Ministry of Trade\n\n04/02/2019 | Press release | Distributed by Wire\n\nMinister Meets Envoy", "2019-04-02"),
    ("Minister Meets Envoy\n\nBody text of the release goes here.\nApril 2, 2019 – Ottawa, Ontario – Ministry\n",
     "2019-04-02"),
    ("Minister Meets Envoy\n\nSubmitted on Tue, 04/02/2019 - 11:55\n\nBody.", "2019-04-02"),
])
def test_publication_date_layouts(text, expected):
    assert find_date(text) == expected


def test_current_date_banner_is_not_the_date():
    text = "5 May 2023\nLondon: 10:21\nParis: 11:21\n\nBriefing by the Spokesperson, April 2, 2019\n\nBody."
    assert read_saved_text(text, "t").date == "2019-04-02"


def test_date_in_the_first_sentence_is_not_the_publication_date():
    text = ("Minister Meets Envoy\n\nOn March 14, 2016, the Minister met the Envoy of a neighbouring state to "
            "discuss trade, investment and the situation in the region in some detail.\n")
    assert read_saved_text(text, "t").date is None


def test_headline_after_chrome():
    text = ("Skip navigation\n\nHome > News\n\nPress Releases\n\nForeign Minister Meets with his Japanese "
            "Counterpart\n\n  • Date : 2019-04-02 10:00:00\n\n1. Foreign Minister Lee Sang-ho met with Foreign "
            "Minister Ken Tanaka of Japan on April 2 and discussed a range of issues of mutual concern at length.")
    release = read_saved_text(text, "t")
    assert release.title == "Foreign Minister Meets with his Japanese Counterpart"


def test_labelled_headline():
    text = "Source: Ministry of Foreign Affairs of Ruritania\n\nHeadline: Minister Calls Envoy\n\nBody."
    assert read_saved_text(text, "t").title == "Minister Calls Envoy"


def test_no_headline_when_the_text_starts_with_the_body():
    text = ("1. We, the Ministers of the region, met by video conference on 23 April 2020 to discuss cooperation "
            "in public health and our shared commitment to a strategic partnership.\nDownload the full text here.\n")
    assert read_saved_text(text, "t").title is None


@pytest.mark.parametrize("text, expected", [
    ("Source: United States Department of State\n\nHeadline: X", ("United States Department of State", "USA")),
    ("Ministry of Foreign Affairs of Mongolia\n\nTitle line here", ("Ministry of Foreign Affairs of Mongolia", "MNG")),
    ("Body.\n\nMINISTRY OF FOREIGN AFFAIRS\nSINGAPORE\n18 MARCH 2020", ("MINISTRY OF FOREIGN AFFAIRS, SINGAPORE", "SGP")),
])
def test_publisher_from_chrome(text, expected):
    found = find_publisher(text)
    assert (found.get("publisher"), found.get("publisher_country")) == expected


def test_given_publisher_country_wins():
    text = "Source: United States Department of State\n\nHeadline: X"
    assert read_saved_text(text, "t", publisher_country="CAN").publisher_country == "CAN"


def test_publisher_state_from_a_ministry_address():
    from dipgraph.extract import extract

    text = ("Minister to attend a meeting\n\nThe Minister, Dr Ada Obi, will attend the meeting.\n\n"
            "ISSUED BY THE DEPARTMENT OF FOREIGN RELATIONS\n\n12 Main Road\nPretoria\n0084\n")
    ex = extract(read_saved_text(text, "t"))
    assert ex.release.publisher_country == "ZAF"
    assert [(o.name, o.country) for o in ex.officials] == [("Ada Obi", "ZAF")]


def test_lower_case_headline_over_a_date_line():
    text = "Foreign Minister Ada Obi at the start of her first official visit\n\n08.12.2021 - Press release\n\nBody."
    release = read_saved_text(text, "t")
    assert (release.title, release.date) == ("Foreign Minister Ada Obi at the start of her first official visit",
                                             "2021-12-08")
