"""The bulk corpus (18,999 real releases) through `dipgraph ingest`: no release stops the run, and
the officials researchers follow most are one person each (skipped where ../shared is absent)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from dipgraph.query import run_local
from dipgraph.store import GraphStore
from support import SEED

BULK = SEED.parents[2].parent / "shared" / "bulk" / "releases.jsonl.gz"
NAMES = """
PREFIX dip: <https://w3id.org/dipgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?name ?person WHERE {
  GRAPH ?release { ?release dip:mentionsOfficial ?person . ?person schema:name ?name }
  VALUES ?name { %s }
}
"""


@pytest.fixture(scope="module")
def bulk_store(tmp_path_factory):
    if not BULK.is_file():
        pytest.skip(f"the bulk corpus is not at {BULK} (only present beside a development checkout)")
    store = tmp_path_factory.mktemp("bulk") / "store"
    result = subprocess.run([sys.executable, "-m", "dipgraph", "ingest", str(BULK), "--store", str(store), "-q"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1] == f"18999 ingested, 0 unchanged, 0 updated, 0 failed (store: {store})"
    return store


@pytest.mark.parametrize("names, person", [
    (["Vladimir Putin", "Putin", "V. Putin"], "RUS/vladimir-putin"),
    (["Sergey Lavrov", "Sergei Lavrov", "Lavrov"], "RUS/sergey-lavrov"),
    (["Antony Blinken", "Antony J. Blinken", "Tony Blinken", "Anthony Blinken", "Blinken"], "USA/antony-blinken"),
])
def test_each_of_the_most_followed_officials_is_one_person(bulk_store, names, person):
    with GraphStore(bulk_store, read_only=True) as store:
        rows = run_local(store, NAMES % " ".join(f'"{n}"' for n in names)).rows
    assert {str(name) for name, _ in rows} == set(names)  # every spelling is read somewhere …
    assert {str(iri) for _, iri in rows} == {f"https://w3id.org/dipgraph/id/person/{person}"}  # … as one person
