"""One IRI per person across releases: through ingest (in a run, across runs) and rebuild."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from dipgraph.cli import cli
from dipgraph.models import Release
from dipgraph.pipeline import ingest_releases
from dipgraph.query import run_local
from dipgraph.store import GraphStore

pytestmark = pytest.mark.usefixtures("one_extraction_time")

SURNAME_ONLY = Release(
    source="first.txt", publisher="Ministry of Foreign Affairs of China", date="2021-03-03", title="Talks in Beijing",
    text="Foreign Minister Lavrov of Russia met Foreign Minister Wang Yi of China in Beijing on 3 March 2021.")
FULL_NAME = Release(
    source="second.txt", publisher="Ministry of Foreign Affairs of China", date="2021-04-05", title="Talks in Moscow",
    text="Russian Foreign Minister Sergey Lavrov held talks with Foreign Minister Wang Yi of China in Moscow "
         "on 5 April 2021.")
ID = "https://w3id.org/dipgraph/id/"


def people(store: GraphStore) -> dict[str, set[str]]:
    """Each release's headline → the IRIs of the officials it mentions."""
    rows = run_local(store, "PREFIX dip: <https://w3id.org/dipgraph/ns#> PREFIX schema: <https://schema.org/>"
                            "SELECT ?title ?person WHERE { GRAPH ?r { ?r schema:headline ?title ; "
                            "dip:mentionsOfficial ?person } }").rows
    found: dict[str, set[str]] = {}
    for title, person in rows:
        found.setdefault(str(title), set()).add(str(person).removeprefix(ID))
    return found


def test_a_surname_read_before_the_full_name_is_renamed_at_the_end_of_the_run():
    with GraphStore() as store:
        summary = ingest_releases([SURNAME_ONLY, FULL_NAME], store, batch_size=1)
        assert (summary.ingested, summary.renamed) == (2, 1)
        assert people(store) == {
            "Talks in Beijing": {"person/RUS/sergey-lavrov", "person/CHN/wang-yi"},
            "Talks in Moscow": {"person/RUS/sergey-lavrov", "person/CHN/wang-yi"},
        }


def test_a_later_run_names_a_surname_by_the_full_name_already_stored():
    with GraphStore() as store:
        ingest_releases([FULL_NAME], store)
        summary = ingest_releases([SURNAME_ONLY], store)
        assert (summary.ingested, summary.renamed) == (1, 0)
        assert people(store)["Talks in Beijing"] == {"person/RUS/sergey-lavrov", "person/CHN/wang-yi"}


def test_rebuild_names_an_earlier_run_s_surname_by_a_later_run_s_full_name(tmp_path):
    path = tmp_path / "store"
    with GraphStore(path) as store:
        ingest_releases([SURNAME_ONLY], store)
        ingest_releases([FULL_NAME], store)
        assert people(store)["Talks in Beijing"] == {"person/RUS/lavrov", "person/CHN/wang-yi"}
    result = CliRunner().invoke(cli, ["rebuild", "--store", str(path)], catch_exceptions=False)
    assert result.stdout.splitlines() == [f"2 releases, 1 changed, 1 unchanged, 0 failed (store: {path})"]
    with GraphStore(path, read_only=True) as store:
        assert people(store)["Talks in Beijing"] == {"person/RUS/sergey-lavrov", "person/CHN/wang-yi"}


def test_namesakes_of_two_states_stay_two_people():
    other = Release(source="third.txt", publisher="Ministry of Foreign Affairs of China", date="2021-05-01",
                    title="A namesake", text="Ukrainian Foreign Minister Sergey Lavrov met Foreign Minister Wang Yi "
                                             "of China in Kyiv on 1 May 2021.")
    with GraphStore() as store:
        ingest_releases([FULL_NAME, other], store)
        assert people(store)["A namesake"] == {"person/UKR/sergey-lavrov", "person/CHN/wang-yi"}
        assert people(store)["Talks in Moscow"] == {"person/RUS/sergey-lavrov", "person/CHN/wang-yi"}


def test_a_post_history_answers_who_held_an_office_of_a_state_on_a_day(seed_path):
    """Each title an official is given is a post (an org:Membership) seen on the release's date."""
    from dipgraph.pipeline import ingest

    query = """
    PREFIX dip: <https://w3id.org/dipgraph/ns#> PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <https://schema.org/>
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT DISTINCT ?person ?name WHERE {
      GRAPH ?release {
        ?post a dip:PostHolding ; org:member ?person ; org:role/skos:prefLabel "Foreign Minister" ;
              dip:country <https://w3id.org/dipgraph/id/country/KOR> ; dip:observedOn "2016-06-13"^^xsd:date .
        ?person schema:name ?name .
      }
    }"""
    with GraphStore() as store:
        ingest([str(seed_path)], store)
        rows = run_local(store, query).rows
    assert [(str(p).removeprefix(ID), str(n)) for p, n in rows] == [("person/KOR/yun-byungse", "Yun Byung-se")]
