"""Dates in running text, resolved against the release date."""
from __future__ import annotations

import pytest

from dipgraph.extract.dates import find_dates


def first(text, release_date=None, future=False):
    found = [d for d in find_dates(text, release_date=release_date, future=future) if d.iso]
    return found[0].iso if found else None


@pytest.mark.parametrize("text, release, future, expected", [
    ("on June 13, 2016", None, False, "2016-06-13"),
    ("on 13 June 2016", None, False, "2016-06-13"),
    ("on June 13", "2016-06-20", False, "2016-06-13"),
    ("on June 13", None, False, None),
    ("on December 23", "2018-01-02", False, "2017-12-23"),
    ("will visit on January 5", "2017-12-20", True, "2018-01-05"),
    ("today", "2020-12-02", False, "2020-12-02"),
    ("yesterday", "2020-12-02", False, "2020-12-01"),
    ("tomorrow", "2020-12-02", True, "2020-12-03"),
    ("Earlier in the day", "2017-02-27", False, "2017-02-27"),
    ("held talks Sunday", "2022-03-14", False, "2022-03-13"),
    ("last Tuesday", "2021-06-10", False, "2021-06-08"),
    ("next Friday", "2021-06-10", True, "2021-06-11"),
    ("next Friday", "2021-06-11", True, "2021-06-18"),
    ("on Tuesday, 01 June 2021", "2021-05-31", True, "2021-06-01"),
    ("from April 15 to 19", "2008-05-02", False, "2008-04-15"),
    ("on September 10-12", "2015-09-10", True, "2015-09-10"),
    ("on the 5th and 6th December 2020", None, True, "2020-12-05"),
    ("20.07.2015", None, False, "2015-07-20"),
])
def test_resolution(text, release, future, expected):
    assert first(text, release, future) == expected


def test_month_only_has_no_day():
    assert [d.kind for d in find_dates("in April 2016", release_date="2016-06-13")] == ["month"]
    assert first("in April 2016", "2016-06-13") is None
