"""The command line, in-process through click's CliRunner, on the shipped sample release."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from dipgraph.cli import cli
from dipgraph.store import GraphStore

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def store(tmp_path, runner, seed_path):
    path = tmp_path / "store"
    result = runner.invoke(cli, ["ingest", str(seed_path), "--store", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"1 ingested, 0 unchanged, 0 updated, 0 failed (store: {path})"
    return path


def invoke(runner, *args, code=0):
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_ingesting_again_changes_nothing(runner, store, seed_path):
    before = invoke(runner, "stats", "--store", store, "--format", "json").output
    again = invoke(runner, "ingest", seed_path, "--store", store)
    assert again.output.splitlines()[-1].startswith("0 ingested, 1 unchanged, 0 updated, 0 failed")
    assert invoke(runner, "stats", "--store", store, "--format", "json").output == before


def test_query_meetings_between_korea_and_russia_shows_the_moscow_meeting(runner, store):
    out = invoke(runner, "query", "meetings", "--store", store, "--param", "country=KOR", "--param", "other=RUS",
                 "--format", "csv").output
    rows = [line.split(",") for line in out.splitlines()]
    assert rows[0] == ["meeting", "date", "kind", "place", "countries", "participants", "occurred", "release"]
    moscow = [r for r in rows[1:] if r[1] == "2016-06-13"]
    assert len(moscow) == 1
    assert moscow[0][2:5] == ["meeting", "Moscow", "KOR RUS"]
    assert moscow[0][-2] == "true"


def test_stats(runner, store):
    counts = json.loads(invoke(runner, "stats", "--store", store, "--format", "json").output)
    triples = counts.pop("triples")
    assert counts == {"releases": 1, "countries": 6, "officials": 2, "meetings": 3, "agreements": 3, "resolutions": 1}
    with GraphStore(store, read_only=True) as opened:
        assert triples == len(opened)


def test_query_expression_and_formats(runner, store):
    out = invoke(runner, "query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?r a dip:Release } }",
                 "--store", store, "--format", "json").output
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "1"


def test_export_gexf_and_graphml(runner, store, tmp_path):
    for fmt in ("gexf", "graphml"):
        out = tmp_path / f"countries.{fmt}"
        result = invoke(runner, "export", fmt, "--projection", "countries", "-o", out, "--store", store)
        graph = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
        assert graph.has_edge("KOR", "RUS")
        assert graph.edges["KOR", "RUS"]["weight"] >= 1
        assert "nodes" in result.output


def test_query_without_a_store_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["query", "meetings", "--store", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert "no dipgraph store at" in result.output


def test_bad_inputs_are_reported_and_the_rest_ingested(runner, store, tmp_path, seed_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    shutil.copy(seed_path, folder / "seed.txt")
    before = invoke(runner, "stats", "--store", store, "--format", "json").output
    result = runner.invoke(cli, ["ingest", str(folder), "--store", str(store)])
    assert result.exit_code == 1
    assert f"failed: {folder / 'empty.txt'}: is empty" in result.output
    assert f"failed: {folder / 'binary.txt'}: looks like a binary file" in result.output
    assert "0 ingested, 1 unchanged, 0 updated, 2 failed" in result.output
    assert invoke(runner, "stats", "--store", store, "--format", "json").output == before


def test_extract_prints_schema_records(runner, seed_path):
    record = json.loads(invoke(runner, "extract", seed_path, "--format", "jsonl").output)
    assert record["source"] == str(seed_path)
    assert record["date"] == "2016-06-13"
    assert {"KOR", "RUS", "PRK"} <= set(record["countries"])


def test_unknown_parameter_is_a_clear_error(runner, store):
    result = runner.invoke(cli, ["query", "meetings", "--store", str(store), "--param", "nation=KOR"])
    assert result.exit_code == 3
    assert "takes no parameter nation" in result.output


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = README.read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert invoke(runner, name, "--help").output.startswith("Usage:")
        assert re.search(rf"dipgraph {name}\b", readme), f"README does not show `dipgraph {name}`"
