"""The release the project started from: its whole extraction record, exactly."""
from __future__ import annotations

from dipgraph.extract import extract
from dipgraph.read import read_file

EXPECTED = {
    "id": None,
    "url": None,
    "publisher": None,
    "publisher_country": "KOR",
    "date": "2016-06-13",
    "title": "Foreign Minister Meets with his Russian Counterpart in Moscow",
    "countries": ["IRN", "KOR", "PRK", "RUS", "SYR", "UKR"],
    "officials": [
        {"name": "Yun Byung-se", "title": "Foreign Minister", "country": "KOR"},
        {"name": "Sergey Lavrov", "title": "Foreign Minister", "country": "RUS"},
    ],
    "meetings": [
        {"kind": "meeting", "date": "2016-06-13", "place": "Moscow", "participants": ["Yun Byung-se", "Sergey Lavrov"],
         "countries": ["KOR", "RUS"], "occurred": True},
        {"kind": "summit", "date": None, "place": None, "participants": [], "countries": ["KOR", "RUS"],
         "occurred": True},
        {"kind": "meeting", "date": None, "place": None, "participants": [], "countries": ["KOR", "RUS"],
         "occurred": True},
    ],
    "agreements": [
        {"title": "UN Framework Convention on Climate Change", "parties": [], "signed_in_release": False,
         "date": None},
        {"title": "Comprehensive Nuclear-Test-Ban Treaty", "parties": [], "signed_in_release": False, "date": None},
        {"title": "plan of exchanges between the ROK and Russian Foreign Ministries for the years 2016 and 2017",
         "parties": ["KOR", "RUS"], "signed_in_release": True, "date": "2016-06-13"},
    ],
    "resolutions": [{"body": "UNSC", "number": "2270"}],
}


def test_seed_release_record(seed_path):
    record = extract(read_file(str(seed_path))).to_record()
    record.pop("source")
    assert record == EXPECTED


def test_seed_release_facts_point_into_the_text(seed_path):
    ex = extract(read_file(str(seed_path)))
    text = ex.release.text
    for fact in (*ex.officials, *ex.meetings, *ex.agreements, *ex.resolutions):
        assert fact.span is not None
        start, end = fact.span
        assert 0 <= start < end <= len(text)
    assert "Lavrov" in text[slice(*ex.officials[1].span)]
    assert "2270" in text[slice(*ex.resolutions[0].span)]
    assert "plan of exchanges" in text[slice(*ex.agreements[2].span)]
