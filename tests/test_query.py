"""Query: bundled queries' exact rows, parameter binding, injection, result formats."""
from __future__ import annotations

import csv
import io
import json

import pytest

from dipgraph.errors import QueryError
from dipgraph.mapping import countries_graph, map_extraction, release_iri
from dipgraph.query import (
    NamedQuery, bind, bundled_queries, format_result, load_query, parse_header, run,
)
from dipgraph.store import GraphStore

ID = "https://w3id.org/dipgraph/id/"


@pytest.fixture
def store(sample):
    s = GraphStore(None)
    s.write_graphs([countries_graph(), map_extraction(sample)])
    return s


def rows(store, name, **params):
    text = format_result(run(load_query(name), params, store=store), "csv")
    return list(csv.reader(io.StringIO(text)))


def test_meetings_rows(store, sample):
    release = str(release_iri(sample.release))
    got = rows(store, "meetings")
    assert got[0] == ["meeting", "date", "kind", "place", "countries", "participants", "occurred", "release"]
    assert [r[1:] for r in got[1:]] == [
        ["2016-06-13", "meeting", "Moscow", "KOR RUS", "Sergey Lavrov, Yun Byung-se", "true", release],
        ["", "visit", "", "KOR RUS", "Sergey Lavrov", "false", release],
    ]
    assert all(r[0].startswith(ID + "meeting/") for r in got[1:])


def test_meetings_filtered_by_two_countries(store):
    assert len(rows(store, "meetings", country="KOR", other="rus")) == 3
    assert len(rows(store, "meetings", country="KOR", other="USA")) == 1  # header only
    assert len(rows(store, "meetings", country="FRA")) == 1


def test_officials_rows(store):
    assert rows(store, "officials") == [
        ["official", "name", "title", "country"],
        [ID + "person/KOR/yun-byungse", "Yun Byung-se", "Foreign Minister", "KOR"],
        [ID + "person/RUS/sergey-lavrov", "Sergey Lavrov", "Foreign Minister", "RUS"],
    ]
    assert [r[1] for r in rows(store, "officials", country="RUS")[1:]] == ["Sergey Lavrov"]


def test_agreements_rows(store, sample):
    assert rows(store, "agreements") == [
        ["agreement", "title", "parties", "signed", "date", "release"],
        [ID + "agreement/KOR-RUS/plan-of-exchanges", "plan of exchanges", "KOR RUS", "true", "2016-06-13",
         str(release_iri(sample.release))],
    ]


def test_resolutions_rows(store):
    assert rows(store, "resolutions") == [
        ["resolution", "body", "number", "releases"],
        [ID + "resolution/UNSC/2270", "UNSC", "2270", "1"],
    ]
    assert rows(store, "resolutions", body="UNGA") == [["resolution", "body", "number", "releases"]]


def test_country_pairs_rows(store):
    assert rows(store, "country-pairs") == [
        ["a", "b", "meetings", "agreements", "first", "last"],
        ["KOR", "RUS", "1", "1", "2016-06-13", "2016-06-13"],
    ]


def test_every_bundled_query_documents_itself():
    queries = bundled_queries()
    assert set(queries) == {"meetings", "officials", "agreements", "resolutions", "country-pairs", "events"}
    for q in queries.values():
        assert len(q.description) > 40, q.name


def test_parameters_are_bound_as_data_not_text(store):
    evil = '"} ; DROP ALL ; {"'
    for value in (evil, "a'b", "<http://x>", "{ ?s ?p ?o }", "line\nbreak", "\\"):
        q = NamedQuery("q", "SELECT ?v WHERE { BIND(?x AS ?v) }", parameters=())
        result = run(q, {"x": value}, store=store)
        assert [str(r[0]) for r in result.rows] == [value]
    assert len(store) > 0 and rows(store, "resolutions")[1][2] == "2270"


def test_iso3_parameter_is_checked(store):
    with pytest.raises(QueryError, match="not a valid iso3"):
        run(load_query("meetings"), {"country": '"KOR"'}, store=store)


def test_unknown_and_missing_parameters_are_errors():
    with pytest.raises(QueryError, match="takes no parameter nation"):
        bind(load_query("meetings"), {"nation": "KOR"})
    q = parse_header("q", "# @param day (date) the day\nSELECT * WHERE { ?s ?p ?day }")
    with pytest.raises(QueryError, match="needs the parameter"):
        bind(q, {})
    with pytest.raises(QueryError, match="not a valid date"):
        bind(q, {"day": "13 June"})
    assert 'VALUES (?day) { ("2016-06-13"^^<http://www.w3.org/2001/XMLSchema#date>) }' in bind(q, {"day": "2016-06-13"})


def test_values_go_into_the_where_clause_not_a_construct_template():
    q = NamedQuery("q", 'CONSTRUCT { ?s <urn:p> "{" } WHERE { ?s ?p ?o } # { not here')
    text = bind(q, {"o": "x"})
    assert text.index("VALUES") > text.index("WHERE")


def test_unknown_query_names_the_bundled_ones():
    with pytest.raises(QueryError, match="bundled queries: agreements"):
        load_query("nope")


def test_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="not valid SPARQL"):
        run(NamedQuery("q", "SELECT WHERE {"), {}, store=store)


def test_json_results_follow_the_w3c_format(store):
    data = json.loads(format_result(run(load_query("resolutions"), {}, store=store), "json"))
    assert data["head"]["vars"] == ["resolution", "body", "number", "releases"]
    assert data["results"]["bindings"] == [{
        "resolution": {"type": "uri", "value": ID + "resolution/UNSC/2270"},
        "body": {"type": "literal", "value": "UNSC"},
        "number": {"type": "literal", "value": "2270"},
        "releases": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
    }]


def test_tsv_results_use_rdf_term_syntax(store):
    text = format_result(run(load_query("resolutions"), {}, store=store), "tsv")
    assert text.splitlines() == [
        "?resolution\t?body\t?number\t?releases",
        f'<{ID}resolution/UNSC/2270>\t"UNSC"\t"2270"\t"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
    ]


def test_table_shortens_iris_and_counts_rows(store):
    text = format_result(run(load_query("resolutions"), {}, store=store), "table")
    assert text.splitlines() == [
        "resolution            body  number  releases",
        "--------------------  ----  ------  --------",
        "resolution/UNSC/2270  UNSC  2270    1",
        "(1 row)",
    ]


def test_ask_query(store):
    assert format_result(run(NamedQuery("q", "ASK { GRAPH ?g { ?s a dip:Meeting } }"), {}, store=store), "table") == "true"
