"""Agreements: named instruments, signed here or mentioned, lists split, vague talk ignored."""
from __future__ import annotations

from dipgraph.extract import extract
from dipgraph.models import Release


def agreements(text, date="2021-03-10", publisher_country="KOR"):
    rel = Release(source="t", text=text, date=date, publisher_country=publisher_country)
    return [(a.title, a.signed_in_release, a.date) for a in extract(rel).agreements]


def test_named_treaty_mentioned():
    assert agreements("Both sides support the Treaty on the Non-Proliferation of Nuclear Weapons.") == [
        ("Treaty on the Non-Proliferation of Nuclear Weapons", False, None)]


def test_signed_memorandum_with_parties():
    text = ("Foreign Minister Lee Sang-ho met Foreign Minister Ken Tanaka of Japan on March 9. The two ministers "
            "signed a Memorandum of Understanding between the Ministry of Foreign Affairs of the Republic of Korea "
            "and the Ministry of Foreign Affairs of Japan on Political Consultations.")
    [(title, signed, date)] = agreements(text)
    assert title.startswith("Memorandum of Understanding between the Ministry of Foreign Affairs")
    assert title.endswith("on Political Consultations")
    assert signed and date == "2021-03-09"


def test_list_of_signed_instruments_is_split():
    text = "Intergovernmental agreements were signed on cooperation in health, on tourism, and on energy."
    titles = [t for t, *_ in agreements(text)]
    assert titles == ["Intergovernmental agreement on cooperation in health", "Intergovernmental agreement on tourism",
                      "Intergovernmental agreement on energy"]


def test_charters_of_two_organisations():
    titles = [t for t, *_ in agreements("in line with the charter of the African Union and the United Nations")]
    assert titles == ["charter of the African Union", "charter of the United Nations"]


def test_vague_commitments_are_not_agreements():
    assert agreements("The two sides agreed to broaden cooperation and discussed the agreement.") == []


def test_organisation_named_after_a_treaty_is_not_one():
    assert agreements("a meeting of the Collective Security Treaty Organisation") == []
