"""Identity and idempotency: one release, one graph; unchanged input changes nothing; a changed
release replaces its graph whole."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import SDO

from dipgraph.cli import cli
from dipgraph.extract import extract
from dipgraph.mapping import map_quads, release_identity, release_iri
from dipgraph.models import Release
from dipgraph.namespace import DIP
from dipgraph.pipeline import ingest, release_graph
from dipgraph.read import read_sources
from dipgraph.resolve import Resolver
from dipgraph.store import GraphStore
from support import nquads, synthetic_records, write_jsonl



# every ingest here records one extraction time, so that graphs compare term for term with a clean run's
pytestmark = pytest.mark.usefixtures("one_extraction_time")

def run(*args, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def archive(tmp_path):
    return write_jsonl(tmp_path / "releases.jsonl", synthetic_records(40))


def test_ingesting_again_leaves_exactly_the_same_quads(tmp_path, archive):
    store = tmp_path / "store"
    first = run("ingest", archive, "--store", store)
    assert first.stdout.splitlines()[-1] == f"40 ingested, 0 unchanged, 0 updated, 0 failed (store: {store})"
    before = nquads(store)
    again = run("ingest", archive, "--store", store)
    assert again.stdout.splitlines()[-1] == f"0 ingested, 40 unchanged, 0 updated, 0 failed (store: {store})"
    assert nquads(store) == before


def test_each_release_is_stored_as_a_clean_extraction_would_map_it(tmp_path, archive):
    """... with its officials named as the whole batch names them (one batch: 40 releases)."""
    store = tmp_path / "store"
    run("ingest", archive, "--store", store)
    extractions = [extract(release) for release in read_sources([str(archive)])]
    resolver = Resolver()
    resolver.observe_all(extractions)
    with GraphStore(store, read_only=True) as s:
        for extraction in extractions:
            expected = sorted(f"{q} ." for q in map_quads(extraction, resolver=resolver))
            assert nquads(s, release_iri(extraction.release)) == expected


def test_a_changed_release_replaces_its_graph_and_nothing_else(tmp_path):
    records = synthetic_records(5)
    store = tmp_path / "store"
    run("ingest", write_jsonl(tmp_path / "v1.jsonl", records), "--store", store)
    untouched = {i: nquads(store, release_iri(r)) for i, r in enumerate(_releases(tmp_path / "v1.jsonl"))}

    records[2] = {**records[2], "title": "Foreign Ministers Sign A Plan", "text": records[2]["text"] + "\n\nThey signed."}
    changed = write_jsonl(tmp_path / "v2.jsonl", records)
    result = run("ingest", changed, "--store", store)
    assert result.stdout.splitlines()[-1] == f"0 ingested, 4 unchanged, 1 updated, 0 failed (store: {store})"

    new = _releases(changed)[2]
    iri = release_iri(new)
    assert iri == release_iri(_releases(tmp_path / "v1.jsonl")[2])  # same URL, same release
    with GraphStore(store, read_only=True) as s:
        assert s.holds(release_graph(new))
        assert list(s.graph(iri).objects(iri, SDO.headline)) == [Literal("Foreign Ministers Sign A Plan")]
        for i in (0, 1, 3, 4):
            assert nquads(s, release_iri(_releases(changed)[i])) == untouched[i]


def _releases(path):
    return list(read_sources([str(path)]))


def test_the_same_release_twice_in_one_run_is_counted_twice_and_stored_once(tmp_path):
    record = synthetic_records(1)[0]
    later = {**record, "text": record["text"] + "\n\nA later correction."}
    archive = write_jsonl(tmp_path / "twice.jsonl", [record, record, later])
    store = tmp_path / "store"
    result = run("ingest", archive, "--store", store)
    assert result.stdout.splitlines()[-1] == f"1 ingested, 1 unchanged, 1 updated, 0 failed (store: {store})"
    (_, _, last) = _releases(archive)
    with GraphStore(store, read_only=True) as s:
        assert s.holds(release_graph(last))
        assert [str(o) for o in s.graph(release_iri(last)).objects(release_iri(last), DIP.text)] == [last.text]


def test_library_ingest_reports_every_input_once(tmp_path, archive):
    seen = []
    with GraphStore(tmp_path / "store") as store:
        summary = ingest([str(archive)], store, on_progress=lambda source, status: seen.append(status))
    assert (summary.ingested, summary.unchanged, summary.updated, summary.failed) == (40, 0, 0, [])
    assert seen == ["ingested"] * 40


@pytest.mark.parametrize("a, b", [
    ("http://www.example.org/r/1", "https://www.example.org/r/1"),
    ("https://WWW.Example.ORG/r/1", "https://www.example.org/r/1"),
    ("https://www.example.org/r/1#top", "https://www.example.org/r/1"),
    ("https://www.example.org:443/r/1", " https://www.example.org/r/1 "),
    ("https://www.example.org", "https://www.example.org/"),
])
def test_one_page_is_one_release_whatever_the_spelling_of_its_url(a, b):
    assert release_iri(Release(source="x", text="one", url=a)) == release_iri(Release(source="y", text="two", url=b))


@pytest.mark.parametrize("a, b", [
    ("https://www.example.org/r/1", "https://www.example.org/r/2"),
    ("https://www.example.org/r?id=1", "https://www.example.org/r?id=2"),
    ("https://www.example.org/R/1", "https://www.example.org/r/1"),  # paths are case-sensitive
])
def test_different_pages_are_different_releases(a, b):
    assert release_iri(Release(source="x", text="t", url=a)) != release_iri(Release(source="x", text="t", url=b))


def test_identity_without_url_uses_publisher_date_title_then_text():
    a = Release(source="a", text="first", publisher="Ministry  X", date="2020-01-01", title="Talks")
    b = Release(source="b", text="second", publisher="ministry x", date="2020-01-01", title=" talks ")
    assert release_identity(a) == release_identity(b) == "pdt:ministry x|2020-01-01|talks"
    assert release_iri(Release(source="a", text="no  title\n")) == release_iri(Release(source="b", text="no title"))
    assert release_iri(Release(source="a", text="one text")) != release_iri(Release(source="a", text="another"))


def test_releases_that_cannot_be_mapped_fail_one_by_one_and_write_nothing(tmp_path, archive):
    """A release that makes no valid RDF (here: a publishing state that is no ISO code, so no
    valid IRI) fails with its input named, and nothing of it is stored."""
    with GraphStore(tmp_path / "store") as store:
        before = nquads(store)
        summary = ingest([str(archive)], store, publisher_country="K R", batch_size=16)
        assert (summary.ingested, summary.updated) == (0, 0)
        assert len(summary.failed) == 40
        source, reason = summary.failed[0]
        assert source == f"{archive}#1"
        assert reason == "cannot be mapped to RDF: Invalid IRI code point ' '"
        assert [s for s, _ in summary.failed] == [f"{archive}#{n}" for n in range(1, 41)]
        assert nquads(store) != before  # the reference data was written first …
        assert not [g for g in store.graph_names() if "/release/" in g]  # … but no release, whole or in part
