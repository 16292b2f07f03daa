"""Main text of pages as served and of feed bodies (trafilatura), without navigation or scripts."""
from __future__ import annotations

import json

import pytest

from dipgraph.read.page import fragment_text, main_text

PAGE = """<!doctype html><html><head><title>Minister Meets Counterpart | Ministry</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/about">About the ministry</a></li></ul></nav></header>
<main><article><h1>Minister Meets Counterpart</h1>
<p>The Foreign Minister met the Foreign Minister of Peru in Lima on 5 March 2024 to discuss trade and investment
between the two countries.</p>
<p>They signed a memorandum of understanding on cooperation in education and agreed to meet again next year.</p>
</article></main>
<aside><h2>Related</h2><ul><li><a href="/x">Another release about something else</a></li></ul></aside>
<footer><p>Copyright 2024 Ministry of Foreign Affairs. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
<script>trackVisit();</script>
</body></html>"""


def test_main_text_keeps_the_article_and_drops_navigation_and_footer():
    assert main_text(PAGE) == (
        "Minister Meets Counterpart\n"
        "The Foreign Minister met the Foreign Minister of Peru in Lima on 5 March 2024 to discuss trade and "
        "investment between the two countries.\n"
        "They signed a memorandum of understanding on cooperation in education and agreed to meet again next year.")


@pytest.mark.parametrize("fragment, text", [
    ("<p>The ministers met.</p><p>They signed a plan.</p><script>track()</script>",
     "The ministers met.\nThey signed a plan."),
    ("<p>Short.</p>", "Short."),
    ("<p>Line one<br>line two</p><ul><li>alpha</li><li>beta</li></ul>", "Line one\nline two\n- alpha\n- beta"),
    ("Plain text, no tags.", "Plain text, no tags."),
    ("", ""),
    ("<script>only()</script>", ""),
])
def test_fragment_text_is_all_the_text_one_paragraph_a_line(fragment, text):
    assert fragment_text(fragment) == text


def test_the_main_text_of_real_pages_keeps_the_officials_and_leaves_the_page_chrome(shared_dir):
    pages = sorted((shared_dir / "corpus" / "html").glob("*.gold.json"))
    assert len(pages) == 5
    for gold_path in pages:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = gold_path.with_name(gold_path.name.replace(".gold.json", ".html"))
        text = main_text(page.read_text(encoding="utf-8"))
        for official in gold["officials"]:  # every official the annotators found is in the main text
            names = [token for token in official["name"].split() if len(token) >= 4]
            assert any(name in text for name in names), (page.name, official["name"])
        for chrome in ("Publication status", "Direct link", "Text version"):  # the site's own labels
            assert chrome not in text, (page.name, chrome)
