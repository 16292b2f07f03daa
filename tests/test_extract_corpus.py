"""The annotated corpora beside the checkout: every record valid, the scores at least what was reached.

Skipped where ../shared is absent (only development checkouts have it).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dipgraph.extract import extract
from dipgraph.read import read_sources

REPO = Path(__file__).resolve().parents[1]
# F1 floors a little under what the rules reach (extraction-quality figures in benchmarks/README.md),
# so a change that loses quality fails here.
DEV_FLOORS = {"countries": 0.97, "officials": 0.90, "meetings": 0.94, "agreements": 0.93, "resolutions": 0.97,
              "overall_f1": 0.95, "date_accuracy": 0.95, "title_accuracy": 0.90}
HTML_FLOORS = {"overall_f1": 0.95, "date_accuracy": 1.0, "title_accuracy": 1.0}


def _score(shared: Path, corpus: str) -> dict:
    dipgraph = Path(sys.executable).with_name("dipgraph")
    cmd = [sys.executable, str(shared / "tools" / "score.py"), str(shared / "corpus" / corpus), "--json",
           "--run", f"{dipgraph} extract {{dir}} --format jsonl"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout)


@pytest.mark.parametrize("corpus", ["dev", "html"])
def test_records_validate_against_the_schema(shared_dir, corpus):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared_dir / "spec" / "extraction.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    releases = list(read_sources([str(shared_dir / "corpus" / corpus)]))
    assert releases
    for release in releases:
        record = extract(release).to_record()
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{release.source}: {errors[0].message}"


def test_dev_corpus_scores(shared_dir):
    summary = _score(shared_dir, "dev")
    assert summary["missing_records"] == 0
    for key, floor in DEV_FLOORS.items():
        value = summary[key]["f1"] if isinstance(summary.get(key), dict) else summary[key]
        assert value >= floor, f"{key}: {value} < {floor}"


def test_html_corpus_scores(shared_dir):
    summary = _score(shared_dir, "html")
    for key, floor in HTML_FLOORS.items():
        assert summary[key] >= floor, f"{key}: {summary[key]} < {floor}"
