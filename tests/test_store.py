"""Store: named graphs, atomic replacement, persistence, read-only and locked openers."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from dipgraph.errors import StoreError, StoreLockedError
from dipgraph.mapping import content_hash, map_extraction, release_iri
from dipgraph.store import GraphStore

EX = "https://example.org/"


def _graph(name: str, *values: str) -> Graph:
    g = Graph(identifier=URIRef(EX + name))
    for v in values:
        g.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal(v)))
    return g


def test_graphs_persist_in_their_named_graphs(tmp_path, sample):
    path = tmp_path / "store"
    with GraphStore(path) as store:
        store.write_graphs([map_extraction(sample)])
    with GraphStore(path, read_only=True) as store:
        iri = release_iri(sample.release)
        assert store.graph_names() == [iri]
        assert store.release_hash(iri) == content_hash(sample.release)
        assert len(store.graph(iri)) == len(map_extraction(sample))


def test_writing_a_graph_again_replaces_it(tmp_path):
    with GraphStore(tmp_path / "s") as store:
        store.write_graphs([_graph("g1", "a", "b"), _graph("g2", "x")])
        store.write_graphs([_graph("g1", "c")])
        assert {str(o) for _, _, o in store.graph(URIRef(EX + "g1"))} == {"c"}
        assert {str(o) for _, _, o in store.graph(URIRef(EX + "g2"))} == {"x"}
        assert len(store) == 2


def test_literal_with_quotes_and_braces_survives_replacement(tmp_path):
    tricky = 'a "quote" } ; DROP ALL ; { \n newline \\ backslash'
    with GraphStore(tmp_path / "s") as store:
        store.write_graphs([_graph("g", "first")])
        store.write_graphs([_graph("g", tricky)])
        assert [str(o) for _, _, o in store.graph(URIRef(EX + "g"))] == [tricky]


def test_remove_graphs(tmp_path):
    with GraphStore(tmp_path / "s") as store:
        store.write_graphs([_graph("g1", "a"), _graph("g2", "b")])
        store.remove_graphs([URIRef(EX + "g1")])
        assert store.graph_names() == [URIRef(EX + "g2")]


def test_read_only_store_refuses_writes_and_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no dipgraph store at"):
        GraphStore(tmp_path / "absent", read_only=True)
    with GraphStore(tmp_path / "s") as store:
        store.write_graphs([_graph("g", "a")])
    with GraphStore(tmp_path / "s", read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.write_graphs([_graph("g", "b")])


def test_second_writer_is_told_the_store_is_in_use(tmp_path):
    with GraphStore(tmp_path / "s"):
        with pytest.raises(StoreLockedError, match="in use"):
            GraphStore(tmp_path / "s")


def test_reader_beside_a_writer(tmp_path):
    with GraphStore(tmp_path / "s") as writer:
        writer.write_graphs([_graph("g", "a")])
        writer.flush()
        with GraphStore(tmp_path / "s", read_only=True) as reader:
            assert reader.graph_names() == [URIRef(EX + "g")]


def test_a_store_that_cannot_be_created_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot open the store at .*file/store: Not a directory"):
        GraphStore(tmp_path / "file" / "store")


def test_failed_conversion_writes_nothing(tmp_path):
    with GraphStore(tmp_path / "s") as store:
        store.write_graphs([_graph("g1", "a")])
        bad = _graph("g2", "b")
        bad.add((URIRef(EX + "s"), URIRef(EX + "p"), URIRef("not an iri")))
        with pytest.raises(StoreError, match="cannot store https://example.org/g2"):
            store.write_graphs([_graph("g1", "changed"), bad])
        assert store.graph_names() == [URIRef(EX + "g1")]
        assert {str(o) for _, _, o in store.graph(URIRef(EX + "g1"))} == {"a"}


def test_officials_seen_counts_each_name_with_its_state(sample):
    from conftest import officials_only, second_extraction
    from dipgraph.models import Official

    nato = officials_only("nato.txt", "Stoltenberg and Lavrov spoke.",
                          Official("Jens Stoltenberg", "Secretary General", None, "NATO"), Official("Lavrov", None, "RUS"))
    store = GraphStore(None)
    store.write_graphs([map_extraction(e) for e in (sample, second_extraction(), nato)])
    assert sorted(store.officials_seen(), key=lambda seen: seen[0]) == [
        ("Donald Trump", "USA", 1), ("Fumio Kishida", "JPN", 1), ("Jens Stoltenberg", None, 1),
        ("Lavrov", "RUS", 1), ("Rex Tillerson", "USA", 1), ("Sergey Lavrov", "RUS", 1),
        ("Shinzo Abe", "JPN", 1), ("Yun Byung-se", "KOR", 2),
    ]
