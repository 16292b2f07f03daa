"""A web page as served: headline, date and main text from the HTML's own metadata and structure."""
from __future__ import annotations

import json
import re

from lxml import etree, html as lxml_html

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.text import parse_date

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
         "button", "select")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article",
           "blockquote", "ul", "ol", "table", "dd", "dt"}
_MAIN_XPATHS = (
    "//*[@itemprop='articleBody']",
    "//article",
    "//main",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[@role='main']",
    "//body",
)


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
    for bad in doc.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    body = ""
    for xpath in _MAIN_XPATHS:
        nodes = doc.xpath(xpath)
        if nodes:
            body = "\n\n".join(_text(n) for n in nodes).strip()
            if len(body) > 200 or xpath == "//body":
                break
    if not body:
        raise ReadError(source, "has no text in its HTML body")
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    fields = {"title": title, "date": date, "body_start": len(title) + 2 if title and text != body else 0}
    fields.update({k: v for k, v in known.items() if v is not None})
    return Release(source=source, text=text, **fields)


def _text(node) -> str:
    """The node's text with block elements on their own lines."""
    parts: list[str] = []
    for el in node.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            parts.append("\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        if el is not node and el.tail:
            parts.append(el.tail)
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


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
                   "//time/@datetime")
    return parse_date(value[:10]) if value else None
