"""The main text of web pages and of the HTML bodies feeds carry, without navigation or page chrome.

trafilatura finds the main content; it writes one paragraph per line (list items as ``- item``,
table rows as ``| cell |``). Headline and date are not read here but from the page's metadata
(:mod:`dipgraph.read.html`).
"""
from __future__ import annotations

from lxml import etree, html as lxml_html


def main_text(markup: str) -> str | None:
    """The main content of a whole page as served, or None when trafilatura finds none."""
    import trafilatura  # heavy; only when pages are read

    return trafilatura.extract(markup, include_comments=False, include_tables=True, favor_recall=True,
                               deduplicate=False) or None


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment that is all content (a feed item's body), one paragraph per line.

    Scripts and styles are dropped; nothing else is judged boilerplate. Empty when it has no text.
    """
    text = main_text(f"<html><body><article>{fragment}</article></body></html>")
    if text:
        return text
    # trafilatura returns nothing for some tiny fragments; their plain text is then all there is
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    return " ".join(root.text_content().split())
