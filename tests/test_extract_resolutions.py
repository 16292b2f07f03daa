"""Resolutions in every written form, with the body they belong to."""
from __future__ import annotations

import pytest

from dipgraph.extract import extract
from dipgraph.models import Release


def resolutions(text):
    return {(r.body, r.number) for r in extract(Release(source="t", text=text)).resolutions}


@pytest.mark.parametrize("text, expected", [
    ("They will implement UN Security Council Resolution 2270 fully.", {("UNSC", "2270")}),
    ("in violation of UNSCR 2397", {("UNSC", "2397")}),
    ("Security Council resolutions 2270 and 2321 apply.", {("UNSC", "2270"), ("UNSC", "2321")}),
    ("as required by S/RES/2231 (2015)", {("UNSC", "2231")}),
    ("General Assembly resolution 68/262 on territorial integrity", {("UNGA", "68/262")}),
    ("Resolution A/RES/68/262 was adopted", {("UNGA", "68/262")}),
    ("Human Rights Council resolution 46/1", {("UNHRC", "46/1")}),
    ("the IAEA Board of Governors resolution 2 on safeguards", {("IAEA-BOG", "2")}),
    ("The Security Council adopted Resolution 2231 (2015).", {("UNSC", "2231")}),
])
def test_forms(text, expected):
    assert resolutions(text) == expected


def test_plain_text_without_resolutions():
    assert resolutions("The ministers discussed a resolution of the conflict.") == set()
