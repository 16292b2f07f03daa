"""Evidence: every fact's passage as Web Annotation selectors that re-locate in the stored text."""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from dipgraph.errors import ExtractError
from dipgraph.evidence import CONTEXT_CHARS, quote
from dipgraph.mapping import map_extraction, reference_graphs, release_iri
from dipgraph.models import Agreement, Extraction, Meeting, Official, Release, Resolution
from dipgraph.namespace import DIP, OA
from dipgraph.pipeline import ingest
from dipgraph.query import run_local, with_prefixes
from dipgraph.store import GraphStore

from conftest import span_of

# Every selector in the store, with the fact it supports and the text it points into.
SELECTORS = """
SELECT ?release ?annotation ?body ?exact ?prefix ?suffix ?start ?end ?hash ?text WHERE {
  GRAPH ?release {
    ?annotation a oa:Annotation ; oa:hasBody ?body ; oa:hasTarget ?passage .
    ?passage oa:hasSource ?release ; dip:textHash ?hash ; oa:hasSelector ?quote , ?position .
    ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
    OPTIONAL { ?quote oa:prefix ?prefix }
    OPTIONAL { ?quote oa:suffix ?suffix }
    ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    ?release dip:text ?text .
  }
}"""

# What each kind of fact is called, to check that the quoted words are the fact's own.
FACT_WORDS = """
SELECT ?release ?body ?class ?word WHERE {
  GRAPH ?release {
    ?body a ?class .
    { ?body schema:name ?word } UNION { ?body dip:resolutionNumber ?word }
    UNION { ?body schema:location/schema:name ?word } UNION { ?body dip:participant/schema:name ?word }
  }
}"""

_MEETING_WORDS = re.compile(r"meet|met\b|talk|call|phone|telephon|video|visit|summit|conferen|consult|discuss|"
                            r"held|hold|host|receiv|dialogue|session|negotiat|invit|see\b|saw\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    return re.findall(r"[^\W_]+", folded)


def relocate_every_selector(store: GraphStore) -> int:
    """Check every selector against the stored text and the fact's own words; returns how many
    annotations were checked."""
    rows = run_local(store, with_prefixes(SELECTORS)).as_dicts()
    words: dict[tuple, set[str]] = {}
    classes: dict[tuple, set[URIRef]] = {}
    for row in run_local(store, with_prefixes(FACT_WORDS)).as_dicts():
        key = (row["release"], row["body"])
        words.setdefault(key, set()).add(str(row["word"]))
        classes.setdefault(key, set()).add(row["class"])
    for row in rows:
        text, exact = str(row["text"]), str(row["exact"])
        start, end = int(row["start"]), int(row["end"])
        where = f"{row['release']} {row['body']} [{start}:{end}]"
        assert text[start:end] == exact, where
        assert text[:start].endswith(str(row["prefix"] or "")), where
        assert text[end:].startswith(str(row["suffix"] or "")), where
        assert len(str(row["prefix"] or "")) == min(CONTEXT_CHARS, start), where
        assert len(str(row["suffix"] or "")) == min(CONTEXT_CHARS, len(text) - end), where
        assert str(row["hash"]) == hashlib.sha256(text.encode("utf-8")).hexdigest(), where
        key = (row["release"], row["body"])
        kinds, names = classes.get(key, set()), words.get(key, set())
        quoted = set(_words(exact))
        if DIP.Resolution in kinds:  # the resolution's number is quoted
            assert any(_words(n)[0] in quoted for n in names if _words(n)), where
        elif DIP.Official in kinds:  # one of the official's names is quoted
            assert any(w in quoted for n in names for w in _words(n) if len(w) > 2), where
        elif DIP.Agreement in kinds:  # most of the agreement's title words are quoted
            title = [w for n in names for w in _words(n) if len(w) > 3]
            assert not title or sum(w in quoted for w in title) * 2 >= len(title), where
        elif DIP.Meeting in kinds:  # a meeting word, or its place or a participant's name, is quoted
            assert _MEETING_WORDS.search(exact) or any(w in quoted for n in names for w in _words(n)), where
    return len({(row["release"], row["annotation"]) for row in rows})


@pytest.fixture
def sample_store(sample):
    store = GraphStore()
    store.write_graphs(reference_graphs() + [map_extraction(sample)])
    return store


def test_every_sample_selector_relocates_to_the_words_of_its_fact(sample_store):
    assert relocate_every_selector(sample_store) == 6  # two officials, two meetings, an agreement, a resolution


def test_quote_and_context_of_the_sample_meeting(sample):
    graph = map_extraction(sample)
    (meeting,) = [m for m in graph.subjects(RDF.type, DIP.Meeting) if (m, RDF.type, DIP.Visit) not in graph]
    (annotation,) = graph.subjects(OA.hasBody, meeting)
    assert graph.value(annotation, OA.motivatedBy) == OA.identifying
    passage = graph.value(annotation, OA.hasTarget)
    assert graph.value(passage, OA.hasSource) == release_iri(sample.release)
    text = sample.release.text
    assert graph.value(passage, DIP.textHash) == Literal(hashlib.sha256(text.encode()).hexdigest())
    selectors = {graph.value(s, RDF.type): s for s in graph.objects(passage, OA.hasSelector)}
    q, p = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
    start, end = sample.meetings[0].span
    assert graph.value(q, OA.exact) == Literal(
        "Foreign Minister Yun Byung-se met Foreign Minister Sergey Lavrov of Russia in Moscow on June 13.")
    assert graph.value(q, OA.prefix) == Literal("ster Meets Russian Counterpart\n\n")
    assert graph.value(q, OA.suffix) == Literal(" They signed the plan of exchang")
    assert graph.value(p, OA.start) == Literal(start, datatype=XSD.integer) and start == 44
    assert graph.value(p, OA.end) == Literal(end, datatype=XSD.integer)


def test_official_evidence_supports_the_person_and_the_post(sample):
    graph = map_extraction(sample)
    yun = URIRef("https://w3id.org/dipgraph/id/person/KOR/yun-byungse")
    (annotation,) = graph.subjects(OA.hasBody, yun)
    bodies = set(graph.objects(annotation, OA.hasBody))
    assert bodies == {yun, graph.value(yun, DIP.heldPost)}


def test_signing_evidence_supports_the_agreement_and_the_signing(sample):
    graph = map_extraction(sample)
    (signing,) = graph.subjects(RDF.type, DIP.Signing)
    (annotation,) = graph.subjects(OA.hasBody, signing)
    assert set(graph.objects(annotation, OA.hasBody)) == {signing, graph.value(signing, DIP.signedAgreement)}


def test_facts_without_a_span_get_no_evidence(sample):
    bare = Extraction(release=sample.release, countries=sample.countries,
                      officials=tuple(dataclasses.replace(o, span=None) for o in sample.officials),
                      meetings=tuple(dataclasses.replace(m, span=None) for m in sample.meetings),
                      agreements=tuple(dataclasses.replace(a, span=None) for a in sample.agreements),
                      resolutions=tuple(dataclasses.replace(r, span=None) for r in sample.resolutions))
    graph = map_extraction(bare)
    assert not list(graph.subjects(RDF.type, OA.Annotation))
    assert not list(graph.subjects(RDF.type, OA.SpecificResource))
    assert len(list(graph.subjects(RDF.type, DIP.Meeting))) == 2  # the facts themselves are all there


def test_a_quote_at_the_start_has_no_prefix_and_at_the_end_no_suffix():
    text = "Lavrov met Yun."
    start = quote(text, (0, 6))
    assert (start.exact, start.prefix, start.suffix) == ("Lavrov", "", " met Yun.")
    end = quote(text, (11, 15))
    assert (end.exact, end.prefix, end.suffix) == ("Yun.", "Lavrov met ", "")


def test_offsets_count_code_points_not_bytes():
    text = "Außenminister Çavuşoğlu 🇹🇷 met Lavrov."
    q = quote(text, span_of(text, "Lavrov"))
    assert q.exact == "Lavrov" and text[q.start:q.end] == "Lavrov"
    assert q.start == len("Außenminister Çavuşoğlu 🇹🇷 met ")


@pytest.mark.parametrize("span", [(5, 3), (-1, 4), (0, 0), (10, 999), (1.5, 3)])
def test_a_span_outside_the_text_is_an_extraction_error(span):
    release = Release(source="r.txt", text="Lavrov met Yun in Seoul.")
    extraction = Extraction(release=release, resolutions=(Resolution("UNSC", "2270", span=span),))
    with pytest.raises(ExtractError, match="does not lie within the release text"):
        map_extraction(extraction)


def test_seed_release_with_gold_facts_and_spans_relocates(seed_path):
    """The shipped seed release (real page text), with hand-made facts whose spans point into it."""
    text = seed_path.read_text(encoding="utf-8")
    release = Release(source=str(seed_path), text=text, publisher="Ministry of Foreign Affairs, Republic of Korea",
                      publisher_country="KOR", date="2016-06-13")
    title = "plan of exchanges between the ROK and Russian Foreign Ministries for the years 2016 and 2017"
    extraction = Extraction(
        release=release, countries=("KOR", "RUS"),
        officials=(Official("Yun Byung-se", "Foreign Minister", "KOR", span=span_of(text, "Foreign Minister Yun Byung-se")),
                   Official("Sergey Lavrov", "Foreign Minister", "RUS", span=span_of(text, "Sergey Lavrov"))),
        meetings=(Meeting("meeting", "2016-06-13", None, ("Yun Byung-se", "Sergey Lavrov"), ("KOR", "RUS"), True,
                          span=span_of(text, "held a meeting and a working luncheon")),),
        agreements=(Agreement(title, ("KOR", "RUS"), True, "2016-06-13", span=span_of(text, title)),),
        resolutions=(Resolution("UNSC", "2270", span=span_of(text, "2270")),),
    )
    store = GraphStore()
    store.write_graphs(reference_graphs() + [map_extraction(extraction)])
    assert relocate_every_selector(store) == 5


def test_a_selector_quoting_other_words_is_caught(sample):
    """The re-location check fails when a span points at words that are not the fact's."""
    text = sample.release.text
    wrong = dataclasses.replace(sample, resolutions=(Resolution("UNSC", "2270", span=span_of(text, "Moscow")),))
    store = GraphStore()
    store.write_graphs(reference_graphs() + [map_extraction(wrong)])
    with pytest.raises(AssertionError):
        relocate_every_selector(store)


def test_dev_corpus_selectors_relocate_to_the_facts_words(shared_dir, tmp_path):
    """Ingest the dev corpus with the real extractor and re-locate every selector it produced."""
    with GraphStore(tmp_path / "store") as store:
        summary = ingest([str(shared_dir / "corpus" / "dev")], store)
        assert summary.failed == [] and summary.ingested == len(list((shared_dir / "corpus" / "dev").glob("*.txt")))
        checked = relocate_every_selector(store)
        facts = run_local(store, with_prefixes(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?r { ?a a oa:Annotation } }")).rows[0][0]
        assert checked == int(facts)  # every annotation had its selectors checked
