"""`dipgraph export` through click's CliRunner, on a store of hand-made releases."""
from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from conftest import make_export_store
from dipgraph import cli as cli_module
from dipgraph.cli import cli
from dipgraph.export import EVENT_KINDS, FORMATS, read_gexf


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "store"
    make_export_store(path).close()
    return path


def run(*args, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_the_command_line_knows_the_librarys_formats_and_kinds():
    assert cli_module._EXPORT_FORMATS == FORMATS
    assert cli_module._EVENT_KINDS == EVENT_KINDS


def test_export_gexf_of_countries(store, tmp_path, check_gexf):
    out = tmp_path / "countries.gexf"
    result = run("export", "gexf", "--projection", "countries", "-o", out, "--store", store)
    check_gexf(out)
    assert f"wrote {out}: 4 nodes, 4 edges" in result.output
    g = read_gexf(out)
    assert sorted(g.nodes) == ["JPN", "KOR", "RUS", "USA"]
    assert g.edges["KOR", "RUS"]["weight"] == 3
    assert "spells" not in g.nodes["KOR"]  # static unless --dynamic


def test_export_dynamic_gexf_with_metrics_and_filters(store, tmp_path, check_gexf):
    out = tmp_path / "since.gexf"
    run("export", "-o", out, "--dynamic", "--metrics", "--since", "2017-01-01", "--store", store)
    check_gexf(out)
    g = read_gexf(out)
    assert sorted(g.nodes) == ["JPN", "KOR", "USA"]
    assert g.nodes["JPN"]["spells"] == [("2017-03-01", "2018-05-05")]
    assert g.edges["JPN", "USA"]["spells"] == [("2017-03-01", "2017-03-01"), ("2018-05-05", "2018-05-05")]
    assert {"weighted_degree", "betweenness", "eigenvector", "community"} <= set(g.nodes["KOR"])
    assert g.nodes["JPN"]["weighted_degree"] == 3  # 1 with Korea, 2 with the United States
    assert g.graph["description"] == "countries — since 2017-01-01"


@pytest.mark.parametrize("suffix, reader", [
    (".graphml", nx.read_graphml),
    (".json", lambda p: nx.node_link_graph(json.loads(p.read_text()), edges="links")),
])
def test_the_output_suffix_names_the_format(store, tmp_path, suffix, reader):
    out = tmp_path / f"officials{suffix}"
    run("export", "--projection", "officials", "--country", "JPN", "--kind", "summit", "-o", out, "--store", store)
    g = reader(out)
    assert {g.nodes[n]["label"] for n in g} == {"Shinzo Abe", "Donald Trump"}


def test_export_csv_with_a_node_table(store, tmp_path):
    run("export", "csv", "--projection", "countries", "--occurred-only", "-o", tmp_path / "e.csv",
        "--nodes", tmp_path / "n.csv", "--store", store)
    edges = (tmp_path / "e.csv").read_text().splitlines()
    assert "KOR,RUS,2,1,0,0,0,1,0,2016-06-13,2016-06-13,2016-06-13/2016-06-13" in edges
    assert (tmp_path / "n.csv").read_text().splitlines()[0].startswith("id,label,kind,iso3,continent")


def test_export_to_standard_output(store):
    result = run("export", "json", "--projection", "bipartite", "--kind", "agreement", "--store", store)
    data = json.loads(result.stdout)
    assert sorted(n["label"] for n in data["nodes"] if n["bipartite"] == 1) == ["plan of exchanges", "trade framework"]


def test_export_query(store, tmp_path, check_gexf):
    query = tmp_path / "calls.rq"
    query.write_text("# who called whom\n"
                     "SELECT ?source ?target ?start WHERE {\n"
                     "  GRAPH ?g { ?m a dip:PhoneCall ; dip:participant ?source, ?target ; schema:startDate ?start }\n"
                     "  FILTER(STR(?source) < STR(?target))\n}\n")
    out = tmp_path / "calls.gexf"
    result = run("export", "--query", query, "--dynamic", "-o", out, "--store", store)
    assert f"wrote {out}: 3 nodes, 3 edges" in result.output
    check_gexf(out)
    g = read_gexf(out)
    assert sorted(d["label"] for _, d in g.nodes(data=True)) == ["Fumio Kishida", "Rex Tillerson", "Yun Byung-se"]
    assert all(d["spells"] == [("2017-03-01", "2017-03-01")] for *_, d in g.edges(data=True))


def test_export_query_with_a_parameter_and_direction(store, tmp_path):
    query = tmp_path / "parties.rq"
    query.write_text("# parties of agreements\n# @param title (optional) the agreement's title\n"
                     "SELECT ?source ?target WHERE { GRAPH ?g { ?source schema:name ?title ; dip:party ?target } }\n")
    result = run("export", "json", "--query", query, "-p", "title=trade framework", "--directed", "--store", store)
    data = json.loads(result.stdout)
    assert data["directed"] is True
    assert sorted(link["target"].rsplit("/", 1)[-1] for link in data["links"]) == ["JPN", "USA"]


@pytest.mark.parametrize("args, message", [
    (["-o", "out.txt"], "cannot tell the format from 'out.txt'"),
    (["--projection", "countries", "--query", "q.rq"], "give either --projection or --query"),
    (["--query", "q.rq", "--since", "2017-01-01"], "put conditions for --query in the query"),
    (["--directed"], "--param and --directed go with --query"),
    (["graphml", "--dynamic"], "--dynamic is for gexf"),
    (["gexf", "--nodes", "n.csv"], "--nodes is for csv"),
    (["--since", "yesterday"], "since 'yesterday' is not a date"),
    (["--country", "Korea"], "country 'Korea' is not an ISO 3166-1 alpha-3 code"),
    (["--kind", "dinner"], "'dinner' is not one of"),
])
def test_usage_errors(store, args, message):
    result = CliRunner().invoke(cli, ["export", *args, "--store", str(store)])
    assert result.exit_code == 2
    assert message in result.output


def test_a_query_without_source_and_target_is_a_clear_error(store, tmp_path):
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?a WHERE { GRAPH ?g { ?a a dip:Country } }\n")
    result = CliRunner().invoke(cli, ["export", "--query", str(query), "--store", str(store)])
    assert result.exit_code == 3
    assert "dipgraph: error: query 'bad' selects ?a; a network needs ?source and ?target" in result.output


def test_export_without_a_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--store", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert "no dipgraph store at" in result.output


def test_the_readmes_query_example_runs(store, tmp_path, check_gexf):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    text = readme.split("$ cat calls.rq\n", 1)[1].split("$ dipgraph export --query", 1)[0]
    (tmp_path / "calls.rq").write_text(text)
    result = run("export", "--query", tmp_path / "calls.rq", "--dynamic", "-o", tmp_path / "calls.gexf", "--store", store)
    assert "3 nodes, 3 edges" in result.output  # the trilateral call of the second release
    check_gexf(tmp_path / "calls.gexf")
    g = read_gexf(tmp_path / "calls.gexf")
    assert type(g) is nx.MultiGraph and {k for *_, k in g.edges(keys=True)} == {"phone call"}


def test_stdout_gexf_is_what_the_library_writes(store):
    from dipgraph.export import projection
    from dipgraph.export.gexf import gexf_bytes
    from dipgraph.store import GraphStore

    result = CliRunner().invoke(cli, ["export", "--projection", "full", "--store", str(store)])
    with GraphStore(store, read_only=True) as s:
        expected = gexf_bytes(projection(s, "full"))
    assert result.stdout_bytes == expected
    assert read_gexf(io.BytesIO(result.stdout_bytes)).number_of_nodes() == 35
