"""Remote queries on real servers: the same rows and output as the local store, paging, errors, auth."""
from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from dipgraph.cli import cli
from dipgraph.errors import EndpointError, QueryError
from dipgraph.push import push
from dipgraph.query import NamedQuery, bundled_queries, format_result, run
from dipgraph.remote import Endpoint, page_query, pageable, query_form, run_remote
from dipgraph.store import GraphStore
from sparql_servers import Proxy, SilentServer, free_port, http_select, params_for

FORMATS = ("table", "csv", "tsv", "json")


@pytest.fixture
def pushed_sample(server, sample_store):
    with GraphStore(sample_store, read_only=True) as store:
        push(store, server.endpoint())
    with GraphStore(sample_store, read_only=True) as store:
        yield store, server


def test_every_bundled_query_gives_the_local_rows_and_output(pushed_sample):
    store, server = pushed_sample
    endpoint = server.endpoint()
    for name, query in bundled_queries().items():
        for params in params_for(query):
            local = run(query, params, store=store)
            remote = run(query, params, endpoint=endpoint)
            assert local.rows, (name, params)  # the sample gives every bundled query rows to compare
            assert (remote.variables, remote.rows) == (local.variables, local.rows), (name, params)
            for fmt in FORMATS:
                assert format_result(remote, fmt) == format_result(local, fmt), (name, params, fmt)


def test_the_names_a_resolver_is_seeded_with_are_the_same_on_the_server(pushed_sample):
    from dipgraph.remote import RemoteStore

    store, server = pushed_sample
    assert sorted(RemoteStore(server.endpoint()).officials_seen()) == sorted(store.officials_seen()) == [
        ("Sergey Lavrov", "RUS", 1), ("Yun Byung-se", "KOR", 1)]


def test_parameters_are_bound_as_data_on_the_server(pushed_sample):
    store, server = pushed_sample
    before = server.snapshot()
    q = NamedQuery("q", "SELECT ?v WHERE { BIND(?x AS ?v) }")
    for value in ('"} ; DROP ALL ; {"', "a'b", "<http://x>", "{ ?s ?p ?o }", "line\nbreak", "\\", "한국어"):
        assert [str(r[0]) for r in run(q, {"x": value}, endpoint=server.endpoint()).rows] == [value]
    assert server.snapshot() == before


def test_ask_and_construct_match_the_local_store(pushed_sample):
    store, server = pushed_sample
    ask = NamedQuery("q", "ASK { GRAPH ?g { ?m a dip:Meeting ; dip:occurred true } }")
    assert run(ask, store=store).boolean is True
    assert run(ask, endpoint=server.endpoint()).boolean is True
    construct = NamedQuery("q", "CONSTRUCT { ?o schema:name ?n } WHERE { GRAPH ?g { ?o a dip:Official ; schema:name ?n } }")
    local = run(construct, store=store).triples
    assert local and sorted(run(construct, endpoint=server.endpoint()).triples) == sorted(local)


def _many_rows(store_path, rows: int):
    from rdflib import Graph, Literal, URIRef

    graph = Graph(identifier=URIRef("https://example.org/many"))
    for i in range(rows):
        graph.add((URIRef(f"https://example.org/s{i:05d}"), URIRef("https://example.org/p"), Literal(i)))
    with GraphStore(store_path) as store:
        store.write_graphs([graph])


MANY = NamedQuery("many", "SELECT ?s ?n WHERE { GRAPH ?g { ?s <https://example.org/p> ?n } } ORDER BY DESC(?n)")


def test_virtuosos_row_cap_is_paged_through_or_reported(virtuoso_server, tmp_path):
    virtuoso_server.clear()
    _many_rows(tmp_path / "s", 12_345)
    with GraphStore(tmp_path / "s", read_only=True) as store:
        push(store, virtuoso_server.endpoint())
        local = run(MANY, store=store)
    # the server itself cuts the query at its cap of 10,000 rows (its default ResultSetMaxRows) …
    assert len(http_select(virtuoso_server.query_url, MANY.text)) == 10_000
    # … so a sorted SELECT is fetched page by page, and gives every row in order
    notes = []
    endpoint = virtuoso_server.endpoint(on_note=notes.append)
    remote = run(MANY, endpoint=endpoint)
    assert len(remote.rows) == 12_345 and remote.rows == local.rows and notes == []
    # an unsorted one cannot be paged reliably: the cut is reported
    result = run_remote(endpoint, "SELECT ?s WHERE { GRAPH ?g { ?s <https://example.org/p> ?n } }")
    assert len(result.rows) == 10_000
    assert notes == [f"warning: {virtuoso_server.query_url} cut this result at its limit of 10000 rows; "
                     f"add ORDER BY (and no LIMIT) so that it can be fetched page by page"]
    virtuoso_server.clear()


@pytest.mark.parametrize("text, expected", [
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", True),
    ("select ?s where { ?s ?p ?o } order by desc(?s)", True),
    ("SELECT ?s WHERE { ?s ?p ?o }", False),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5", False),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 5", False),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s VALUES ?s { <urn:x> }", False),
    ("SELECT ?limit WHERE { ?s ?p ?limit } ORDER BY ?limit # LIMIT 3", True),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3 } } ORDER BY ?s", True),
    ('SELECT ("} LIMIT 3 {" AS ?x) WHERE { } ORDER BY ?x', True),
    ("SELECT ?x WHERE { BIND(\"\"\"a \" } \"\"\" AS ?x) } ORDER BY ?x", True),
    ("PREFIX limit: <urn:x#> SELECT ?s WHERE { ?s limit:offset ?o } ORDER BY limit:f(?s)", True),
    ("SELECT ?x WHERE { FILTER(?a<?b) } ORDER BY ?x", True),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s", False),
    ("ASK { }", False),
])
def test_which_queries_are_fetched_page_by_page(text, expected):
    assert pageable(text) is expected


def test_a_page_is_the_query_as_a_subquery_with_its_prologue_outside():
    text = "# rows\nPREFIX ex: <urn:ex#>\nBASE <urn:b/>\nSELECT ?a ?b WHERE { ?a ex:p ?b } ORDER BY ?a"
    assert page_query(text, ["a", "b"], 100, 300) == (
        "# rows\nPREFIX ex: <urn:ex#>\nBASE <urn:b/>\nSELECT ?a ?b WHERE {\n{\n"
        "SELECT ?a ?b WHERE { ?a ex:p ?b } ORDER BY ?a\n}\n}\nLIMIT 100 OFFSET 300")


def test_small_pages_give_the_same_rows(server, tmp_path):
    _many_rows(tmp_path / "s", 2_500)
    with GraphStore(tmp_path / "s", read_only=True) as store:
        push(store, server.endpoint())
        local = run(MANY, store=store)
    assert run(MANY, endpoint=server.endpoint(page_size=1000)).rows == local.rows
    assert run(MANY, endpoint=server.endpoint(page_size=2500)).rows == local.rows


def test_query_command_with_an_endpoint_prints_what_the_local_store_prints(pushed_sample):
    store, server = pushed_sample
    runner = CliRunner()
    for fmt in FORMATS:
        args = ["query", "meetings", "--param", "country=KOR", "--format", fmt]
        local = runner.invoke(cli, args + ["--store", str(store.path)], catch_exceptions=False)
        remote = runner.invoke(cli, args + ["--endpoint", server.query_url], catch_exceptions=False)
        assert remote.exit_code == local.exit_code == 0, remote.output
        assert remote.output == local.output


@pytest.mark.parametrize("text, form", [
    ("# rows\n# add nothing\n# drop nothing\nSELECT ?s WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX drop: <urn:x#>\nASK { ?s drop:p 'insert' }", "ASK"),
    ("CONSTRUCT { ?s <urn:load> ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# select\n# select\nDROP ALL", "DROP"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE"),
])
def test_the_form_of_a_request_is_read_past_comments_strings_and_iris(text, form):
    assert query_form(text) == form


def test_a_query_whose_comments_name_update_operations_is_a_query(oxigraph_server):
    # SPARQLWrapper alone takes "add" in the second of two comment lines for an ADD operation
    text = "# the names\n# we add to a graph\nSELECT ?n WHERE { VALUES ?n { 1 2 } } ORDER BY ?n"
    assert [int(row[0]) for row in run_remote(oxigraph_server.query_url, text).rows] == [1, 2]


def test_an_update_is_not_a_query(oxigraph_server):
    with pytest.raises(QueryError, match="runs queries"):
        run_remote(oxigraph_server.query_url, "INSERT DATA { GRAPH <https://example.org/x> { <a:b> <a:c> <a:d> } }")
    result = CliRunner().invoke(cli, ["query", "-e", "DROP ALL", "--endpoint", oxigraph_server.query_url])
    assert result.exit_code == 3 and "runs queries" in result.output


# ---------------------------------------------------------------- failures

def test_nothing_listening_is_one_line_naming_endpoint_operation_and_cause():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointError) as e:
        run_remote(Endpoint(url, retries=2, backoff=0.01), "SELECT * WHERE { ?s ?p ?o }")
    assert str(e.value) == f"{url}: query failed: no response: connection refused (after 3 tries)"
    result = CliRunner().invoke(cli, ["query", "meetings", "--endpoint", url])
    assert result.exit_code == 3
    assert result.output.count("\n") == 1 and result.output.startswith(f"dipgraph: error: {url}: query failed")


def test_a_bad_query_is_not_retried_and_names_the_status(oxigraph_server):
    proxy = Proxy(oxigraph_server.query_url.rsplit("/", 1)[0])
    try:
        with pytest.raises(EndpointError) as e:
            run_remote(Endpoint(proxy.url + "/query", backoff=0.01), "SELECT ?x WHERE { ?x ?y }")
        assert re.fullmatch(rf"{proxy.url}/query: query failed: HTTP 400 Bad Request: .+", str(e.value))
        assert len(proxy.requests) == 1
    finally:
        proxy.close()


def test_5xx_answers_are_retried_with_backoff(oxigraph_server):
    proxy = Proxy(oxigraph_server.query_url.rsplit("/", 1)[0], fail_first=2)
    try:
        result = run_remote(Endpoint(proxy.url + "/query", backoff=0.01), "ASK { }")
        assert result.boolean is True
        assert [status for _, _, status in proxy.requests] == [503, 503, 200]
    finally:
        proxy.close()


def test_persistent_5xx_gives_the_status_after_the_retries(oxigraph_server):
    proxy = Proxy(oxigraph_server.query_url.rsplit("/", 1)[0], fail_first=100, fail_status=502)
    try:
        with pytest.raises(EndpointError) as e:
            run_remote(Endpoint(proxy.url + "/query", retries=3, backoff=0.01), "ASK { }")
        assert str(e.value) == (f"{proxy.url}/query: query failed: HTTP 502 Bad Gateway: try again later "
                                f"(after 4 tries)")
        assert len(proxy.requests) == 4
    finally:
        proxy.close()


def test_a_server_that_never_answers_times_out():
    silent = SilentServer()
    try:
        with pytest.raises(EndpointError) as e:
            run_remote(Endpoint(silent.url, timeout=1, retries=1, backoff=0.01), "ASK { }")
        # the server took the request: not retried, it may still be working on it
        assert str(e.value) == f"{silent.url}: query failed: no answer within 1 s"
        assert len(silent.held) == 1
    finally:
        silent.close()


# ---------------------------------------------------------------- credentials

@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    monkeypatch.delenv("DIPGRAPH_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("DIPGRAPH_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    return monkeypatch


@pytest.fixture
def basic_auth_proxy(oxigraph_server):
    proxy = Proxy(oxigraph_server.query_url.rsplit("/", 1)[0], user="analyst", password="s3cret:pass")
    yield proxy
    proxy.close()


def test_basic_auth_from_the_environment(basic_auth_proxy, no_credentials, sample_store):
    url = basic_auth_proxy.url
    with pytest.raises(EndpointError) as e:
        run_remote(Endpoint(url + "/query"), "ASK { }")
    assert str(e.value) == (f"{url}/query: query failed: HTTP 401 Unauthorized: who are you? "
                            f"(set $DIPGRAPH_ENDPOINT_USER and $DIPGRAPH_ENDPOINT_PASSWORD, or add the host to ~/.netrc)")
    no_credentials.setenv("DIPGRAPH_ENDPOINT_USER", "analyst")
    no_credentials.setenv("DIPGRAPH_ENDPOINT_PASSWORD", "s3cret:pass")
    assert run_remote(Endpoint(url + "/query"), "ASK { }").boolean is True
    # writes too: a push through the Graph Store and through SPARQL Update
    for graph_store in (url + "/store", None):
        result = CliRunner().invoke(cli, ["push", "--endpoint", url + "/query", "--store", str(sample_store), "--all"]
                                    + (["--graph-store", graph_store] if graph_store else []))
        assert result.exit_code == 0, result.output
        assert result.output.startswith("4 graphs sent, 0 unchanged, 0 removed")
    no_credentials.setenv("DIPGRAPH_ENDPOINT_PASSWORD", "wrong")
    with pytest.raises(EndpointError, match=r"HTTP 401 Unauthorized: who are you\? \(the server refused the credentials\)"):
        run_remote(Endpoint(url + "/query"), "ASK { }")


def test_basic_auth_from_netrc(basic_auth_proxy, no_credentials, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1\n  login analyst\n  password s3cret:pass\n")
    os.chmod(netrc, 0o600)
    no_credentials.setenv("NETRC", str(netrc))
    assert run_remote(Endpoint(basic_auth_proxy.url + "/query"), "ASK { }").boolean is True
    netrc.write_text("machine 127.0.0.1 frobnicate x\n")
    with pytest.raises(EndpointError, match=f"cannot read the credentials in {netrc}: bad follower token"):
        run_remote(Endpoint(basic_auth_proxy.url + "/query"), "ASK { }")


def test_digest_auth_on_virtuoso(virtuoso_server, no_credentials, sample_store):
    base = virtuoso_server.extra["base"]
    virtuoso_server.clear()
    no_credentials.setenv("DIPGRAPH_ENDPOINT_USER", "dba")
    no_credentials.setenv("DIPGRAPH_ENDPOINT_PASSWORD", "dba")
    assert run_remote(Endpoint(base + "/sparql-auth"), "ASK { }").boolean is True
    for graph_store in (base + "/sparql-graph-crud-auth", None):
        endpoint = Endpoint(base + "/sparql-auth", graph_store_url=graph_store)
        with GraphStore(sample_store, read_only=True) as store:
            assert len(push(store, endpoint, force=True).sent) == 4
            local = run(bundled_queries()["officials"], store=store)
        assert run(bundled_queries()["officials"], endpoint=endpoint).rows == local.rows
    no_credentials.setenv("DIPGRAPH_ENDPOINT_PASSWORD", "wrong")
    with pytest.raises(EndpointError, match="HTTP 401 .*the server refused the credentials"):
        run_remote(Endpoint(base + "/sparql-auth"), "ASK { }")
    virtuoso_server.clear()
