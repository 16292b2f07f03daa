"""A web page as served: headline, date, publisher and main text from the HTML's own metadata and structure."""
from __future__ import annotations

import json
import re

from lxml import etree, html as lxml_html

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.text import parse_date, publisher_country_of

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
         "button", "select", "template")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article",
           "blockquote", "ul", "ol", "table", "dd", "dt", "time", "figcaption"}
_MAIN_XPATHS = (
    "//*[@itemprop='articleBody']",
    "//article",
    "//main",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[@role='main']",
    "//body",
)
# Elements a reader never sees: hidden pop-ups (glossary and person tooltips), sliders, share widgets.
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|d-none|sr-only|visually-hidden|tooltip\w*|slider\w*|share\w*|"
                           r"social\w*|gallery\w*|cookie\w*|modal\w*|popup\w*)(?:\s|$)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# Characters XML 1.0 forbids: lxml parses them but refuses them when the tree is edited.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_html(markup: str, source: str, **known) -> Release:
    markup = _NOT_XML.sub("", markup)
    try:
        doc = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(source, f"is not parseable HTML: {e}") from None
    title = _title(doc)
    date = _date(doc)
    publisher = _publisher(doc)
    _drop_invisible(doc)
    body = ""
    marked = False  # whether an element marks the article (articleBody, article, main…)
    for xpath in _MAIN_XPATHS:
        nodes = doc.xpath(xpath)
        if nodes:
            marked = marked or xpath != "//body"
            nodes = [_with_lead(n) for n in nodes]
            nodes = [n for i, n in enumerate(nodes) if all(n is not m for m in nodes[:i])]
            body = "\n\n".join(_text(n, skip=title) for n in nodes).strip()
            if len(body) > 200 or xpath == "//body":
                break
    if body and not marked:
        # nothing marks the article: trafilatura finds the main content, leaving out the
        # navigation the whole body holds
        from dipgraph.read.page import main_text

        body = (main_text(markup) or "").strip() or body
    if not body:
        raise ReadError(source, "has no text in its HTML body")
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    fields = {"title": title, "date": date, "body_start": len(title) + 2 if title and text != body else 0}
    if publisher:
        fields["publisher"] = publisher
        if iso3 := publisher_country_of(publisher):
            fields["publisher_country"] = iso3
    fields.update({k: v for k, v in known.items() if v is not None})
    return Release(source=source, text=text, **fields)


def _drop_invisible(doc) -> None:
    for bad in doc.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    for el in doc.xpath("//*[@class or @style or @hidden or @aria-hidden]"):
        if (el.get("hidden") is not None or el.get("aria-hidden") == "true"
                or _HIDDEN_CLASS.search(el.get("class") or "") or _HIDDEN_STYLE.search(el.get("style") or "")):
            if el.getparent() is not None:
                el.drop_tree()


def _with_lead(node):
    """The article around an article body, so its lead, place and date line are read too."""
    for ancestor in node.iterancestors():
        if isinstance(ancestor.tag, str) and ancestor.tag.lower() == "article":
            return ancestor
    return node


def _text(node, *, skip: str | None = None) -> str:
    """The node's text with block elements on their own lines; the headline (``skip``) left out.

    Whitespace inside HTML text is not significant, so line breaks in the markup become spaces;
    only block elements start new lines.
    """
    parts: list[str] = []
    skip_el = None
    if skip:
        for h in node.iter("h1"):
            if " ".join(h.text_content().split()) == skip:
                skip_el = h
                break

    def add(piece: str | None) -> None:
        if piece:
            parts.append(_SPACE.sub(" ", piece))

    for el in node.iter():
        if not isinstance(el.tag, str):
            if el is not node:
                add(el.tail)
            continue
        inside_skip = skip_el is not None and (el is skip_el or any(a is skip_el for a in el.iterancestors()))
        block = el.tag.lower() in _BLOCKS
        if block:
            parts.append("\n")
        if not inside_skip:
            add(el.text)
        if el is not node:
            if block and el.tail and el.tail.strip():
                parts.append("\n")
            if el is not skip_el:
                add(el.tail)
    text = "".join(parts)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" *\n[\n ]*", "\n", text)
    return text.strip()


def _first(doc, *xpaths: str) -> str | None:
    for xpath in xpaths:
        found = doc.xpath(xpath)
        for value in [found] if isinstance(found, str) else found:  # string(…) gives one string, not a list
            value = " ".join(str(value).split())
            if value:
                return value
    return None


def _json_ld(doc) -> list[dict]:
    found: list[dict] = []
    for script in doc.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")  # a list of nodes, or one node; anything else is not JSON-LD
                stack.extend(v for v in (graph if isinstance(graph, list) else [graph]) if isinstance(v, dict))
    return found


def _title(doc) -> str | None:
    for item in _json_ld(doc):
        if isinstance(item.get("headline"), str):
            return " ".join(item["headline"].split())
    return _first(doc, "//meta[@property='og:title']/@content", "string(//h1)", "//title/text()")


def _date(doc) -> str | None:
    for item in _json_ld(doc):
        if isinstance(item.get("datePublished"), str):
            if found := parse_date(item["datePublished"][:10]):
                return found
    value = _first(doc,
                   "//meta[@property='article:published_time']/@content",
                   "//*[@itemprop='datePublished']/@content",
                   "//*[@itemprop='datePublished']/@datetime",
                   "//meta[@name='date']/@content",
                   "//meta[@name='dc.date' or @name='DC.date' or @name='dcterms.date']/@content",
                   "//time/@datetime")
    return parse_date(value[:10]) if value else None


def _publisher(doc) -> str | None:
    for item in _json_ld(doc):
        pub = item.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            return " ".join(pub["name"].split())
    return _first(doc, "//meta[@property='og:site_name']/@content", "//meta[@name='application-name']/@content",
                  "//meta[@name='publisher']/@content")
