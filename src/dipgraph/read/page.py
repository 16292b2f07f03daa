"""The main text of web pages and of the HTML bodies feeds carry, without navigation or page chrome.

trafilatura finds the main content; it writes one paragraph per line (list items as ``- item``,
table rows as ``| cell |``). Headline and date are not read here but from the page's metadata
(:mod:`dipgraph.read.html`).
"""
from __future__ import annotations

from lxml import etree, html as lxml_html

_OPTIONS = {"include_comments": False, "include_tables": True, "favor_recall": True, "deduplicate": False}


def main_text(markup: str) -> str | None:
    """The main content of a whole page as served, its lead first; None when there is none.

    trafilatura leaves out a lead (standfirst) marked up apart from the article body, as many
    ministries' sites do; when the page's description is such a lead, shown on the page, it is
    put back in front.
    """
    import trafilatura  # heavy; only when pages are read

    found = trafilatura.bare_extraction(markup, with_metadata=True, **_OPTIONS)
    text = (found.text or "").strip() if found is not None else ""
    if not text:
        return None
    lead = " ".join((found.description or "").split())
    if lead and _words(lead) not in _words(text) and _words(lead) in _words(_visible_text(markup)):
        return f"{lead}\n{text}"
    return text


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment that is all content (a feed item's body), one paragraph per line.

    Empty when it has no text (scripts and styles are not text).
    """
    import trafilatura

    text = trafilatura.extract(f"<html><body><article>{fragment}</article></body></html>", **_OPTIONS)
    if text and text.strip():
        return text.strip()
    # trafilatura returns nothing for some tiny fragments; their plain text is then all there is
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    return " ".join(root.text_content().split())


def _words(text: str) -> str:
    return " ".join(text.split())


def _visible_text(markup: str) -> str:
    try:
        doc = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for hidden in doc.xpath("//head|//script|//style|//noscript|//template"):
        hidden.drop_tree()
    return doc.text_content()
