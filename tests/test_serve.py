"""Serving the store read-only over the SPARQL 1.1 Protocol, beside a writer."""
from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from dipgraph.cli import cli
from dipgraph.query import NamedQuery, bundled_queries, run
from dipgraph.serve import ReadOnlyServer
from dipgraph.store import GraphStore
from sparql_servers import params_for

NEW = URIRef("https://example.org/written-while-served")
COUNT_NEW = NamedQuery("q", f"ASK {{ GRAPH <{NEW}> {{ ?s ?p ?o }} }}")


def write_new_graph(path) -> None:
    graph = Graph(identifier=NEW)
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("new")))
    with GraphStore(path) as writer:  # a read-write opener beside the server: no lock conflict
        writer.write_graphs([graph])


def get(url: str, accept: str) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def test_the_served_store_answers_every_bundled_query_as_the_store_does(sample_store):
    with ReadOnlyServer(sample_store, 0) as server, GraphStore(sample_store, read_only=True) as store:
        assert server.url == f"http://127.0.0.1:{server.port}/query"
        for name, query in bundled_queries().items():
            for params in params_for(query):
                local = run(query, params, store=store)
                remote = run(query, params, endpoint=server.url)
                assert local.rows and (remote.variables, remote.rows) == (local.variables, local.rows), name


def test_plain_http_clients_and_browsers_can_use_it(sample_store):
    with ReadOnlyServer(sample_store, 0) as server:
        sparql = "SELECT ?n WHERE { GRAPH ?g { ?r a <https://w3id.org/dipgraph/ns#Release> ; <https://schema.org/headline> ?n } }"
        status, kind, body = get(f"{server.url}?{urllib.parse.urlencode({'query': sparql})}",
                                 "application/sparql-results+json")
        assert (status, kind) == (200, "application/sparql-results+json")
        assert json.loads(body)["results"]["bindings"] == [
            {"n": {"type": "literal", "value": "Foreign Minister Meets Russian Counterpart"}}]
        status, kind, body = get(f"{server.url}?{urllib.parse.urlencode({'query': sparql})}", "text/csv")
        assert (status, body) == (200, "n\r\nForeign Minister Meets Russian Counterpart\r\n")
        status, kind, body = get(f"http://127.0.0.1:{server.port}/", "text/html")
        assert status == 200 and kind.startswith("text/html") and "<html" in body.lower()


def test_it_refuses_to_write(sample_store):
    with ReadOnlyServer(sample_store, 0) as server:
        base = f"http://127.0.0.1:{server.port}"
        update = urllib.request.Request(f"{base}/update", data=b"update=DROP%20ALL", method="POST")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(update, timeout=30)
        assert e.value.code == 403
        with GraphStore(sample_store, read_only=True) as store:
            assert len(store.graph_names()) == 4


def test_a_writer_can_keep_ingesting_and_what_it_writes_is_served(sample_store):
    with ReadOnlyServer(sample_store, 0) as server:
        assert server.refresh() is False  # nothing changed: the server is left alone
        pid = server.pid
        write_new_graph(sample_store)
        assert run(COUNT_NEW, endpoint=server.url).boolean is False  # it serves what it opened …
        assert server.refresh() is True  # … until it reopens the changed store
        assert server.pid != pid and run(COUNT_NEW, endpoint=server.url).boolean is True


def test_serve_command_serves_until_stopped(sample_store):
    process = subprocess.Popen([sys.executable, "-m", "dipgraph", "serve", "--store", str(sample_store), "--port", "0",
                                "--refresh", "0.2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        m = re.fullmatch(rf"serving {re.escape(str(sample_store))} read-only at (http://127\.0\.0\.1:(\d+)/query) "
                         r"\(SPARQL 1\.1 Protocol; query page http://127\.0\.0\.1:\d+/\); Ctrl-C stops it\n", line)
        assert m, line
        url, port = m[1], int(m[2])
        assert run(COUNT_NEW, endpoint=url).boolean is False
        write_new_graph(sample_store)
        deadline = time.monotonic() + 20
        while not run(COUNT_NEW, endpoint=url).boolean:
            assert time.monotonic() < deadline, "the new graph was never served"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert process.stdout.read() == "stopped\n"
        assert "dipgraph: the store changed: reopened it" in process.stderr.read()
        with pytest.raises(OSError):  # the oxigraph server it ran is gone too
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serving_nothing_or_on_a_busy_port_is_a_clear_error(tmp_path, sample_store):
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--store", str(tmp_path / "absent")])
    assert result.exit_code == 3 and f"no dipgraph store at {tmp_path / 'absent'}" in result.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--store", str(sample_store), "--port", str(port)])
    assert result.exit_code == 3
    assert result.output == (f"dipgraph: error: the SPARQL server could not serve {sample_store} on "
                             f"127.0.0.1:{port}: Error: Address already in use (os error 98)\n")
