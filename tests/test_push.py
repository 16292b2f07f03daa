"""Push and remote ingest on real servers: exact graphs, idempotency, exactly-what-changed, failures."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import SDO

from dipgraph.cli import cli
from dipgraph.errors import EndpointError, StoreError, StoreLockedError
from dipgraph.mapping import REFERENCE_GRAPHS
from dipgraph.push import PushRecord, push, state_path
from dipgraph.query import bundled_queries, run
from dipgraph.store import GraphStore
from sparql_servers import (
    free_port, http_update, params_for, start_oxigraph, start_virtuoso, stop_pid, stop_virtuoso, virtuoso_missing,
)

RELEASE_PREFIX = "https://w3id.org/dipgraph/id/release/"


def local_graphs(path) -> dict[str, set[str]]:
    """Every named graph of a store folder as a set of N-Triples lines."""
    with GraphStore(path, read_only=True) as store:
        return {str(name): {f"{q.subject} {q.predicate} {q.object} ."
                            for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))}
                for name in store.graph_names()}


def push_store(path, endpoint, **options):
    with GraphStore(path, read_only=True) as store:
        return push(store, endpoint, **options)


def revise_one_release(path) -> str:
    """Change one release graph in the store (a new headline): the name of the graph changed."""
    with GraphStore(path) as store:
        name = next(n for n in store.graph_names() if str(n).startswith(RELEASE_PREFIX))
        graph = store.graph(name)
        graph.set((name, SDO.headline, Literal("A revised headline")))
        store.write_graphs([graph])
    return str(name)


def assert_same_rows(path, endpoint):
    with GraphStore(path, read_only=True) as store:
        for name, query in bundled_queries().items():
            for params in params_for(query):
                local = run(query, params, store=store)
                remote = run(query, params, endpoint=endpoint)
                assert (remote.variables, remote.rows) == (local.variables, local.rows), (name, params)


def push_cycle(server, path, **endpoint_options):
    """Push, compare with the local store, push again (nothing changes), change one release, push it alone."""
    endpoint = server.endpoint(**endpoint_options)
    names = sorted(local_graphs(path))
    first = push_store(path, endpoint)
    assert [str(n) for n in first.sent] == names and first.unchanged == 0 and first.removed == []
    assert server.snapshot() == local_graphs(path)
    assert_same_rows(path, endpoint)

    before = server.snapshot()
    again = push_store(path, server.endpoint(**endpoint_options))
    assert (again.sent, again.unchanged, again.removed) == ([], len(names), [])
    assert server.snapshot() == before

    changed = revise_one_release(path)
    third = push_store(path, server.endpoint(**endpoint_options))
    assert [str(n) for n in third.sent] == [changed] and third.unchanged == len(names) - 1
    after = server.snapshot()
    assert after == local_graphs(path)
    assert after[changed] != before[changed]
    assert {n: g for n, g in after.items() if n != changed} == {n: g for n, g in before.items() if n != changed}
    assert_same_rows(path, endpoint)


def test_push_cycle_on_the_sample(server, sample_store):
    push_cycle(server, sample_store)


def test_push_cycle_on_the_sample_with_sparql_update(server, sample_store):
    push_cycle(server, sample_store, graph_store=False)


def test_push_cycle_on_the_dev_corpus(server, dev_store):
    path, _ = dev_store
    assert len(local_graphs(path)) > 20
    push_cycle(server, path)


def test_push_all_sends_everything_and_changes_nothing(server, sample_store):
    push_store(sample_store, server.endpoint())
    before = server.snapshot()
    forced = push_store(sample_store, server.endpoint(), force=True)
    assert len(forced.sent) == 4 and forced.unchanged == 0  # three reference graphs and the release
    assert server.snapshot() == before


def test_a_graph_removed_from_the_store_leaves_the_server_and_others_are_untouched(server, sample_store):
    http_update(server.update_url, 'INSERT DATA { GRAPH <https://example.org/foreign> { <https://example.org/a> '
                                   '<https://example.org/b> "kept" } }')
    push_store(sample_store, server.endpoint())
    with GraphStore(sample_store) as store:
        release = next(n for n in store.graph_names() if str(n).startswith(RELEASE_PREFIX))
        store.remove_graphs([release])
    summary = push_store(sample_store, server.endpoint())
    assert (summary.sent, summary.unchanged, summary.removed) == ([], 3, [release])
    assert server.graph_names() == {*(str(g) for g in REFERENCE_GRAPHS), "https://example.org/foreign"}
    assert server.graph("https://example.org/foreign") == {
        '<https://example.org/a> <https://example.org/b> "kept" .'}


def test_a_graph_store_url_that_is_not_one_falls_back_to_sparql_update(oxigraph_server, sample_store):
    oxigraph_server.clear()
    notes = []
    wrong = oxigraph_server.query_url.rsplit("/", 1)[0] + "/no-graph-store-here"
    endpoint = oxigraph_server.endpoint(on_note=notes.append)
    endpoint.graph_store_url = wrong
    assert len(push_store(sample_store, endpoint).sent) == 4
    assert notes == [f"{wrong} answered HTTP 404 to a graph store request: writing with SPARQL Update at "
                     f"{oxigraph_server.update_url} instead"]
    assert oxigraph_server.snapshot() == local_graphs(sample_store)
    oxigraph_server.clear()


def test_the_push_record_holds_the_digest_of_what_each_graph_was_sent_as(oxigraph_server, sample_store):
    oxigraph_server.clear()
    push_store(sample_store, oxigraph_server.endpoint())
    record = json.loads(state_path(sample_store, oxigraph_server.query_url).read_text())
    assert record["endpoint"] == oxigraph_server.query_url
    expected = {name: hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
                for name, lines in local_graphs(sample_store).items()}
    assert record["graphs"] == expected
    oxigraph_server.clear()


def test_an_unreadable_push_record_is_a_clear_error(oxigraph_server, sample_store):
    path = state_path(sample_store, oxigraph_server.query_url)
    path.parent.mkdir(parents=True)
    path.write_text("{ not json")
    with pytest.raises(StoreError, match=f"the push record {path} is unreadable .*push with --all"):
        push_store(sample_store, oxigraph_server.endpoint())


def test_two_pushes_to_one_endpoint_cannot_interleave(oxigraph_server, sample_store):
    url = oxigraph_server.query_url
    with PushRecord(state_path(sample_store, url), url):
        with pytest.raises(StoreLockedError, match=f"another push from this store to {url} is running"):
            push_store(sample_store, oxigraph_server.endpoint())
        result = CliRunner().invoke(cli, ["push", "--endpoint", url, "--store", str(sample_store)])
        assert result.exit_code == 3 and "another push" in result.output


def test_push_command(oxigraph_server, sample_store):
    oxigraph_server.clear()
    runner = CliRunner()
    args = ["push", "--endpoint", oxigraph_server.query_url, "--graph-store", oxigraph_server.graph_store_url,
            "--store", str(sample_store)]
    first = runner.invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0
    assert first.output == f"4 graphs sent, 0 unchanged, 0 removed (from {sample_store} to {oxigraph_server.query_url})\n"
    assert runner.invoke(cli, args).output.startswith("0 graphs sent, 4 unchanged, 0 removed")
    assert runner.invoke(cli, args + ["--all"]).output.startswith("4 graphs sent, 0 unchanged, 0 removed")
    oxigraph_server.clear()


def test_push_to_nothing_is_one_line_and_exit_code_3(sample_store):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = CliRunner().invoke(cli, ["push", "--endpoint", url, "--store", str(sample_store)])
    assert result.exit_code == 3
    assert result.output == (
        f"dipgraph: error: {url}: update replacing graph <{sorted(REFERENCE_GRAPHS)[0]}> failed: no response: connection "
        f"refused (after 4 tries)\n")


# ---------------------------------------------------------------- the server dies mid-push

def many_graphs_store(path, count: int = 30):
    from rdflib import Graph

    graphs = []
    for i in range(count):
        g = Graph(identifier=URIRef(f"https://example.org/graph/{i:02d}"))
        for j in range(50):
            g.add((URIRef(f"https://example.org/s{j}"), URIRef("https://example.org/p"), Literal(f"{i}-{j} ünï")))
        graphs.append(g)
    with GraphStore(path) as store:
        store.write_graphs(graphs)
    return path


def kill_mid_push(server, restart, store_path, sent_before_kill: int = 10):
    names = sorted(local_graphs(store_path))
    seen = []

    def kill_after_some(name, status):
        seen.append(str(name))
        if len(seen) == sent_before_kill:
            stop_pid(server.process, signal.SIGKILL)

    with pytest.raises(EndpointError) as e:
        with GraphStore(store_path, read_only=True) as store:
            push(store, server.endpoint(), on_progress=kill_after_some)
    assert str(e.value) == (
        f"{server.graph_store_url}: PUT graph <{names[sent_before_kill]}> failed: no response: connection refused "
        f"(after 4 tries) ({sent_before_kill} graphs sent before the failure are complete on the server and "
        f"recorded; push again to send the rest)")

    server = restart()
    local = local_graphs(store_path)
    assert server.snapshot() == {name: local[name] for name in names[:sent_before_kill]}
    rest = push_store(store_path, server.endpoint())
    assert [str(n) for n in rest.sent] == names[sent_before_kill:] and rest.unchanged == sent_before_kill
    assert server.snapshot() == local
    return server


def test_killing_oxigraph_mid_push(tmp_path):
    location = tmp_path / "server"
    server = start_oxigraph(location)
    port = server.extra["port"]
    restarted = kill_mid_push(server, lambda: start_oxigraph(location, port), many_graphs_store(tmp_path / "s"))
    stop_pid(restarted.process)


def test_killing_virtuoso_mid_push(tmp_path):
    if reason := virtuoso_missing():
        pytest.skip(reason)
    folder = tmp_path / "virtuoso"
    server = start_virtuoso(folder)
    ports = server.extra["http_port"], server.extra["isql_port"]
    try:
        server = kill_mid_push(server, lambda: start_virtuoso(folder, *ports), many_graphs_store(tmp_path / "s"))
    finally:
        stop_virtuoso(server)


# ---------------------------------------------------------------- ingest straight to a server

@pytest.mark.parametrize("graph_store", [True, False], ids=["graph-store", "sparql-update"])
def test_ingest_to_a_server_stores_what_a_local_ingest_stores(server, tmp_path, seed_path, graph_store, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # both ingests record the same extraction time
    source = tmp_path / "release.txt"
    shutil.copy(seed_path, source)
    local = tmp_path / "local"
    runner = CliRunner()
    remote_args = ["ingest", str(source), "--endpoint", server.query_url, "--update-endpoint", server.update_url]
    if graph_store:
        remote_args += ["--graph-store", server.graph_store_url]

    def both():
        here = runner.invoke(cli, ["ingest", str(source), "--store", str(local)], catch_exceptions=False)
        there = runner.invoke(cli, remote_args, catch_exceptions=False)
        assert here.exit_code == there.exit_code == 0, there.output
        summary = here.output.rsplit(" (store:", 1)[0]
        assert there.output == f"{summary} (endpoint: {server.query_url})\n"
        assert server.snapshot() == local_graphs(local)
        return summary

    assert both() == "1 ingested, 0 unchanged, 0 updated, 0 failed"
    before = server.snapshot()
    assert both() == "0 ingested, 1 unchanged, 0 updated, 0 failed"
    assert server.snapshot() == before
    source.write_text(seed_path.read_text(encoding="utf-8") + "\nThe ministers agreed to meet again.\n",
                      encoding="utf-8")
    assert both() != "0 ingested, 1 unchanged, 0 updated, 0 failed"  # a changed release is sent again


def test_ingest_to_nothing_is_one_line_and_exit_code_3(seed_path):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = CliRunner().invoke(cli, ["ingest", str(seed_path), "--endpoint", url])
    assert result.exit_code == 3
    assert result.output == f"dipgraph: error: {url}: query failed: no response: connection refused (after 4 tries)\n"


def test_without_an_endpoint_ingest_still_writes_the_local_store(tmp_path, seed_path):
    result = CliRunner().invoke(cli, ["ingest", str(seed_path), "--store", str(tmp_path / "s")])
    assert result.output == f"1 ingested, 0 unchanged, 0 updated, 0 failed (store: {tmp_path / 's'})\n"
    assert os.path.exists(tmp_path / "s" / "CURRENT")
