"""Fuzzing: arbitrary text, bytes and HTML through read → extract → map never raise anything but a
ReadError, and always give valid RDF (valid IRIs, N-Quads that parse back to the same graph)."""
from __future__ import annotations

import html
import json
from datetime import date

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import BNode, Dataset, URIRef

from dipgraph.errors import ReadError
from dipgraph.mapping import map_extraction, release_from_graph, release_iri
from dipgraph.models import (
    MEETING_KINDS, RESOLUTION_BODIES, Agreement, Extraction, Meeting, Official, Release, Resolution,
)
from dipgraph.pipeline import release_graph
from dipgraph.read import read_bytes
from dipgraph.read.jsonl import release_from_record
from dipgraph.store import GraphStore, graph_quads
from support import by_value

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_valid_rdf(graph) -> None:
    """Every IRI parses as an IRI; the graph survives N-Quads through pyoxigraph, rdflib and the store."""
    for term in {t for triple in graph for t in triple} | {graph.identifier}:
        assert not isinstance(term, BNode), "mapping mints IRIs, never blank nodes"
        if isinstance(term, URIRef):
            ox.NamedNode(str(term))  # raises ValueError on anything RFC 3987 does not allow
    quads = list(graph_quads(graph))
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) == set(quads)
    dataset = Dataset()
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    # rdflib rewrites some lexical forms as it parses ("…Z" → "…+00:00"): compare values there
    assert {by_value(t) for t in dataset.graph(graph.identifier)} == {by_value(t) for t in graph}
    store = GraphStore(None)
    store.write_graphs([graph])
    assert store.holds(graph)


def through_the_pipeline(release: Release) -> None:
    assert release.text.strip()
    if release.date is not None:
        assert date.fromisoformat(release.date).isoformat() == release.date
    graph = release_graph(release)
    assert graph.identifier == release_iri(release)
    assert_valid_rdf(graph)
    assert release_from_graph(graph).text == release.text


@FUZZ
@given(text=st.text())
def test_any_text(text):
    try:
        release = read_bytes(text.encode("utf-8"), "fuzz.txt")
    except ReadError as e:
        assert e.source == "fuzz.txt" and e.reason
        return
    through_the_pipeline(release)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes(data):
    try:
        release = read_bytes(data, "fuzz.txt")
    except ReadError:
        return
    through_the_pipeline(release)


@FUZZ
@given(text=st.text(min_size=1), title=st.none() | st.text(), url=st.none() | st.text(), publisher=st.none() | st.text(),
       ident=st.none() | st.text(), source=st.text())
def test_any_release_fields(text, title, url, publisher, ident, source):
    through_the_pipeline(Release(source=source, text=text + "x", title=title, url=url, publisher=publisher, id=ident))


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                         st.sampled_from(["@graph", "@type", "headline", "datePublished"]) | st.text(), inner,
                         max_size=4), max_leaves=8)
_attribute = st.tuples(
    st.sampled_from(["property", "content", "itemprop", "datetime", "class", "role", "name", "type", "charset"]),
    st.sampled_from(["og:title", "article:published_time", "datePublished", "articleBody", "entry-content", "main",
                     "date", "2016-06-13", "13/06/2016", "application/ld+json"]) | st.text(max_size=20))
_tag = st.sampled_from(["html", "head", "body", "title", "meta", "p", "div", "span", "h1", "h2", "article", "main",
                        "section", "script", "style", "nav", "header", "footer", "br", "time", "a", "ul", "li",
                        "table", "tr", "td", "b", "noscript", "iframe", "svg"])
_text = st.text(max_size=40)


def _element(children):
    def render(tag, attributes, kids):
        attrs = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes)
        return f"<{tag}{attrs}>{''.join(kids)}</{tag}>"

    return st.builds(render, _tag, st.lists(_attribute, max_size=3), st.lists(children, max_size=4))


_json_ld = _json.map(lambda data: f'<script type="application/ld+json">{json.dumps(data)}</script>')
_markup = st.recursive(_text.map(html.escape) | _text | _json_ld, _element, max_leaves=25)


@FUZZ
@given(markup=_markup)
def test_any_html(markup):
    try:
        release = read_bytes(markup.encode("utf-8"), "fuzz.html", kind="html")
    except ReadError as e:
        assert e.source == "fuzz.html" and e.reason
        return
    through_the_pipeline(release)


@FUZZ
@given(record=st.dictionaries(st.sampled_from(["id", "url", "publisher", "date", "title", "text"]), _json, max_size=6)
       | _json)
def test_any_jsonl_record(record):
    found = release_from_record(json.dumps(record), "fuzz.jsonl#1")
    if isinstance(found, ReadError):
        assert found.reason
        return
    through_the_pipeline(found)


_country = st.sampled_from(["KOR", "RUS", "PRK", "USA", "CHN", "XKX", "PSE", "TWN"])
_name = st.text(min_size=1, max_size=30)
_official = st.builds(Official, name=_name, title=st.none() | _name, country=st.none() | _country,
                      org=st.none() | _name)


@FUZZ
@given(text=st.text(min_size=1), officials=st.lists(_official, max_size=3), data=st.data())
def test_any_extraction_maps_to_valid_rdf(text, officials, data):
    """Whatever an extractor finds (names, places, titles, numbers), the mapped graph is valid RDF."""
    names = tuple(o.name for o in officials)
    release = Release(source="fuzz", text=text, title=data.draw(st.none() | _name),
                      date=data.draw(st.none() | st.dates().map(str)), publisher_country=data.draw(st.none() | _country))
    meetings = data.draw(st.lists(st.builds(
        Meeting, kind=st.sampled_from(MEETING_KINDS), date=st.none() | st.dates().map(str), place=st.none() | _name,
        participants=st.lists(st.sampled_from(names) if names else _name, max_size=3).map(tuple),
        countries=st.lists(_country, max_size=3).map(tuple), occurred=st.booleans()), max_size=3))
    agreements = data.draw(st.lists(st.builds(
        Agreement, title=_name, parties=st.lists(_country, max_size=3).map(tuple), signed_in_release=st.booleans(),
        date=st.none() | st.dates().map(str)), max_size=2))
    resolutions = data.draw(st.lists(st.builds(Resolution, body=st.sampled_from(RESOLUTION_BODIES), number=_name),
                                     max_size=2))
    extraction = Extraction(release=release, countries=data.draw(st.lists(_country, max_size=4).map(tuple)),
                            officials=tuple(officials), meetings=tuple(meetings), agreements=tuple(agreements),
                            resolutions=tuple(resolutions))
    assert_valid_rdf(map_extraction(extraction))
