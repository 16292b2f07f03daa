"""Rebuild and store versions: re-extract every stored release; refuse stores of another format."""
from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from dipgraph import __version__
from dipgraph.cli import cli
from dipgraph.errors import StoreFormatError
from dipgraph.extract import EXTRACTOR_VERSION, extract
from dipgraph.mapping import map_extraction, release_from_graph, release_iri
from dipgraph.models import Extraction, Official, Release
from dipgraph.namespace import DIP
from dipgraph.resources import ontology_file
from dipgraph.pipeline import release_graph, stamp
from dipgraph.read import read_sources
from dipgraph.rebuild import rebuild
from dipgraph.store import GraphStore
from dipgraph.storeinfo import STORE_FORMAT, STORE_GRAPH, StoreInfo, current_info, info_graph, ontology_version, read_info
from support import graphs_by_name, nquads, synthetic_records, write_jsonl



# every ingest here records one extraction time, so that graphs compare term for term with a clean run's
pytestmark = pytest.mark.usefixtures("one_extraction_time")

def invoke(*args, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def stale(extraction: Extraction) -> Extraction:
    """The extraction as an older extractor might have made it: with an official the text never names."""
    return dataclasses.replace(extraction, officials=extraction.officials + (Official("Old Rule Artefact", None, "KOR"),))


@pytest.fixture
def outdated_store(tmp_path, sample):
    """A store of 21 releases ingested together (20 synthetic ones and the sample's text), whose
    sample graph an older extractor wrote."""
    path = tmp_path / "store"
    r = sample.release
    record = {"url": r.url, "publisher": r.publisher, "date": r.date, "title": r.title, "text": r.text}
    archive = write_jsonl(tmp_path / "r.jsonl", synthetic_records(20) + [record])
    invoke("ingest", archive, "--store", path)
    with GraphStore(path) as store:
        store.write_graphs([map_extraction(stale(extract(_last(archive))))])
    return path


def _last(archive):
    return list(read_sources([str(archive)]))[-1]


def test_rebuild_replaces_exactly_the_graphs_that_changed(tmp_path, outdated_store, sample):
    before = graphs_by_name(outdated_store)
    result = invoke("rebuild", "--store", outdated_store)
    assert result.stdout.splitlines() == [f"21 releases, 1 changed, 20 unchanged, 0 failed (store: {outdated_store})"]
    iri = release_iri(sample.release)
    after = graphs_by_name(outdated_store)
    assert {name for name in after if after[name] != before.get(name)} == {f"<{iri}>"}
    with GraphStore(outdated_store, read_only=True) as store:
        assert not store.holds(map_extraction(stale(extract(_last(tmp_path / "r.jsonl")))))
        assert "Old Rule Artefact" not in "".join(after[f"<{iri}>"])
    again = invoke("rebuild", "--store", outdated_store)
    assert again.stdout.splitlines() == [f"21 releases, 0 changed, 21 unchanged, 0 failed (store: {outdated_store})"]
    assert graphs_by_name(outdated_store) == after


def test_rebuild_gives_the_graph_a_fresh_ingest_would(tmp_path, outdated_store):
    invoke("rebuild", "--store", outdated_store)
    fresh = tmp_path / "fresh"
    invoke("ingest", tmp_path / "r.jsonl", "--store", fresh)
    rebuilt = graphs_by_name(outdated_store)
    for name, lines in graphs_by_name(fresh).items():
        assert rebuilt[name] == lines


def test_a_release_whose_identity_changed_moves_to_its_new_iri(tmp_path, sample):
    path = tmp_path / "store"
    graph = map_extraction(sample)
    old_name = release_iri(dataclasses.replace(sample.release, url="http://old.example/iri"))
    moved = graph.__class__(identifier=old_name)  # as a dipgraph that minted IRIs another way stored it
    for s, p, o in graph:
        moved.add((old_name if s == graph.identifier else s, p, old_name if o == graph.identifier else o))
    with GraphStore(path) as store:
        stamp(store)
        store.write_graphs([moved])
    result = invoke("rebuild", "--store", path)
    assert result.stdout.splitlines() == [f"1 releases, 1 changed, 0 unchanged, 0 failed (store: {path})"]
    with GraphStore(path, read_only=True) as store:
        assert not store.has_graph(old_name)
        assert store.holds(release_graph(sample.release))


def test_a_graph_without_its_text_is_reported_and_left_alone(tmp_path, sample):
    path = tmp_path / "store"
    graph = map_extraction(sample)
    graph.remove((graph.identifier, DIP.text, None))
    with GraphStore(path) as store:
        store.write_graphs([graph])
    before = nquads(path, graph.identifier)
    result = invoke("rebuild", "--store", path, code=1)
    assert result.stderr.splitlines() == [
        f"dipgraph: failed: {graph.identifier}: cannot be read back: ValueError: "
        f"{graph.identifier} keeps no text (dip:text) to extract again"]
    assert result.stdout.splitlines() == [f"1 releases, 0 changed, 0 unchanged, 1 failed (store: {path})"]
    assert nquads(path, graph.identifier) == before


def test_rebuild_of_an_empty_store(tmp_path):
    with GraphStore(tmp_path / "s") as store:
        summary = rebuild(store)
        assert str(summary) == "0 releases, 0 changed, 0 unchanged, 0 failed"
        assert read_info(store.oxigraph) == current_info()


# ---------------------------------------------------------------- versions

def test_ingest_records_the_versions_that_wrote_the_store(tmp_path):
    path = tmp_path / "store"
    invoke("ingest", write_jsonl(tmp_path / "r.jsonl", synthetic_records(1)), "--store", path)
    with GraphStore(path, read_only=True) as store:
        assert read_info(store.oxigraph) == StoreInfo(__version__, ontology_version(), EXTRACTOR_VERSION, STORE_FORMAT)
        assert store.graph(STORE_GRAPH).value(STORE_GRAPH, DIP.storeFormat) == Literal(STORE_FORMAT)
    assert ontology_version() == str(Graph().parse(ontology_file()).value(URIRef(str(DIP._NS).rstrip("#")), OWL.versionInfo))


@pytest.fixture
def old_format_store(tmp_path, sample):
    """A store that says a dipgraph of an earlier store format wrote it."""
    path = tmp_path / "store"
    with GraphStore(path) as store:
        stamp(store)
        store.write_graphs([map_extraction(stale(sample)),
                            info_graph(StoreInfo("0.0.9", "0.0", "0.0", STORE_FORMAT - 1))])
    return path


@pytest.mark.parametrize("command", [["query", "officials"], ["stats"], ["export", "gexf"], ["remove", "x"],
                                     ["ingest", "-"]])
def test_an_incompatible_store_is_refused_and_points_to_rebuild(old_format_store, command):
    before = nquads(old_format_store)
    result = CliRunner().invoke(cli, [*command, "--store", str(old_format_store)], input="Some Release Text Here\n")
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == [
        f"dipgraph: error: the store at {old_format_store} was written by dipgraph 0.0.9 (store format "
        f"{STORE_FORMAT - 1}, ontology 0.0); this dipgraph {__version__} uses store format {STORE_FORMAT}, "
        f"ontology {ontology_version()}: run `dipgraph rebuild --store {old_format_store}` to re-extract its "
        f"releases with this version"]
    assert nquads(old_format_store) == before


def test_rebuild_brings_an_incompatible_store_up_to_date(old_format_store, sample):
    with pytest.raises(StoreFormatError):
        GraphStore(old_format_store, read_only=True)
    result = invoke("rebuild", "--store", old_format_store)
    assert result.stdout.splitlines() == [f"1 releases, 1 changed, 0 unchanged, 0 failed (store: {old_format_store})"]
    with GraphStore(old_format_store, read_only=True) as store:
        assert read_info(store.oxigraph) == current_info()
        assert store.holds(release_graph(sample.release))
    invoke("query", "officials", "--store", old_format_store)


# ---------------------------------------------------------------- the release a graph keeps

_text = st.text(min_size=1).filter(str.strip)


@settings(max_examples=150, deadline=None)
@given(text=_text, title=st.none() | _text, date=st.none() | st.dates().map(str), url=st.none() | st.sampled_from(
    ["https://example.org/r/1", "http://www.mofa.go.kr/eng/view.do?seq=1&x=<>"]),
    publisher=st.none() | _text, country=st.none() | st.sampled_from(["KOR", "RUS", "XKX"]),
    ident=st.none() | _text, source=_text, body_start=st.integers(min_value=0, max_value=10_000))
def test_a_release_graph_gives_back_the_release_it_was_mapped_from(text, title, date, url, publisher, country, ident,
                                                                  source, body_start):
    release = Release(source=source, text=text, title=title, date=date, url=url, publisher=publisher,
                      publisher_country=country, id=ident, body_start=body_start)
    again = release_from_graph(map_extraction(Extraction(release=release)))
    assert again == release
