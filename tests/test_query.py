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


def test_a_bare_comment_line_ends_the_description_and_notes_follow():
    q = parse_header("q", "# One row per thing.\n# @param x (optional) a value\n#\n# How it is written: fast.\n"
                          "# @param y (iso3) a country\nSELECT * WHERE { ?s ?p ?o }")
    assert q.description == "One row per thing."
    assert [(p.name, p.required, p.type) for p in q.parameters] == [("x", False, "string"), ("y", True, "iso3")]
    assert "How it is written" not in bundled_queries()["officials"].description


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


# ---------------------------------------------------------------- injection

EVIL = ['"} ; DROP ALL ; {"', "'} ; DROP ALL ; {'", '"""} ; DROP ALL ; {"""', "a\"b'c", "<http://evil/>",
        "> } ; DROP ALL ; { <", "{ ?s ?p ?o }", "} UNION { ?s ?p ?o", "line\nbreak\r\n", "\\", "\\\"", "#comment",
        "KOR\" . ?s ?p ?o . FILTER(\"", "?country", "$other", ") } VALUES (?x) { (1", "\x00", "\u2028"]


def _dump(store) -> list[str]:
    import pyoxigraph as ox

    return sorted(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


@pytest.mark.parametrize("value", EVIL)
def test_every_bundled_parameter_binds_any_value_as_data(store, value):
    before = _dump(store)
    for query in bundled_queries().values():
        for param in query.parameters:
            try:
                result = run(query, {param.name: value}, store=store)
            except QueryError as e:
                assert str(e).startswith(f"parameter {param.name}=") and "is not a valid" in str(e)
                assert param.type != "string"
                continue
            assert param.type == "string"
            assert result.rows == []  # no resolution's body is this text: the value matched nothing
    assert _dump(store) == before


@pytest.mark.parametrize("value", EVIL)
def test_a_string_parameter_comes_back_exactly_as_given(store, value):
    q = parse_header("q", "# @param x the value\nSELECT ?v (STRLEN(?x) AS ?n) WHERE { BIND(?x AS ?v) }")
    result = run(q, {"x": value}, store=store)
    assert [(str(v), int(n)) for v, n in result.rows] == [(value, len(value))]


@pytest.mark.parametrize("value", ["http://x y", "http://x/>} ; DROP ALL ; {<http://y", "http://x/\"a", "no iri",
                                   "http://x/{a}", "http://x/\nDROP"])
def test_an_iri_parameter_refuses_what_is_not_an_iri(store, value):
    q = parse_header("q", "# @param who (iri) a release\nSELECT ?p WHERE { GRAPH ?g { ?who ?p ?o } }")
    with pytest.raises(QueryError, match="is not a valid iri"):
        run(q, {"who": value}, store=store)


@pytest.mark.parametrize("name", ["x) {} } ; DROP ALL ; SELECT * WHERE { (?y", "a b", "1x", "x-y", "", "é"])
def test_parameter_names_must_be_variable_names(store, name):
    q = NamedQuery("q", "SELECT ?v WHERE { BIND(1 AS ?v) }")
    with pytest.raises(QueryError, match="is not a SPARQL variable name"):
        run(q, {name: "1"}, store=store)


def test_injection_through_the_command_line_changes_nothing(tmp_path, sample):
    from click.testing import CliRunner

    from dipgraph.cli import cli

    path = tmp_path / "store"
    with GraphStore(path) as disk:
        disk.write_graphs([countries_graph(), map_extraction(sample)])
    with GraphStore(path, read_only=True) as disk:
        before = _dump(disk)
    runner = CliRunner()
    as_data = runner.invoke(cli, ["query", "resolutions", "--store", str(path), "--format", "csv",
                                  "--param", 'body="} ; DROP ALL ; {"'])
    assert (as_data.exit_code, as_data.stdout) == (0, "resolution,body,number,releases\n")
    refused = runner.invoke(cli, ["query", "meetings", "--store", str(path), "--param", 'country=KOR"} ; DROP ALL ; {"'])
    assert refused.exit_code == 3
    assert refused.stderr.startswith("dipgraph: error: parameter country='KOR\"} ; DROP ALL ; {\"' is not a valid iso3")
    update = runner.invoke(cli, ["query", "-e", "DROP ALL", "--store", str(path)])
    assert update.exit_code == 3
    assert update.stderr.startswith("dipgraph: error: the query is not valid SPARQL")
    with GraphStore(path, read_only=True) as disk:
        assert _dump(disk) == before


@pytest.fixture(scope="module")
def three_releases():
    """The sample, the second release, and a third where Sergey Lavrov is named without a title, beside an
    official of an organisation and one whom no release places (a release of no known publisher)."""
    from conftest import officials_only, sample_extraction, second_extraction
    from dipgraph.mapping import reference_graphs
    from dipgraph.models import Official

    third = officials_only("third.txt", "Lavrov, Anna Berg and Jean-Marc Ayrault spoke.",
                           Official("Sergey Lavrov", None, "RUS"), Official("Anna Berg", "Secretary-General", None, "UN"),
                           Official("Jean-Marc Ayrault", None, None))
    return [*reference_graphs(), *(map_extraction(e) for e in (sample_extraction(), second_extraction(), third))]


def test_an_official_has_a_row_without_a_title_only_when_no_release_gives_one(three_releases):
    # Sergey Lavrov, untitled in the third release, keeps the one title the others give; Jean-Marc Ayrault, of
    # no known state, has one untitled row, first; Anna Berg serves an organisation, which sorts as a state
    store = GraphStore(None)
    store.write_graphs(three_releases)
    assert rows(store, "officials") == [
        ["official", "name", "title", "country"],
        [ID + "person/unknown/jeanmarc-ayrault", "Jean-Marc Ayrault", "", ""],
        [ID + "person/JPN/fumio-kishida", "Fumio Kishida", "Foreign Minister", "JPN"],
        [ID + "person/JPN/shinzo-abe", "Shinzo Abe", "Prime Minister", "JPN"],
        [ID + "person/KOR/yun-byungse", "Yun Byung-se", "Foreign Minister", "KOR"],
        [ID + "person/RUS/sergey-lavrov", "Sergey Lavrov", "Foreign Minister", "RUS"],
        [ID + "person/un/anna-berg", "Anna Berg", "Secretary-General", "UN"],
        [ID + "person/USA/donald-trump", "Donald Trump", "President", "USA"],
        [ID + "person/USA/rex-tillerson", "Rex Tillerson", "Secretary of State", "USA"],
    ]
    assert rows(store, "officials", country="RUS")[1:] == [
        [ID + "person/RUS/sergey-lavrov", "Sergey Lavrov", "Foreign Minister", "RUS"]]


def test_an_official_gets_the_longest_of_their_names_on_every_row():
    # "Lavrov" and "Sergey Lavrov" are one official; the longer name wins though "L" sorts before "S"
    from conftest import officials_only
    from dipgraph.mapping import reference_graphs
    from dipgraph.models import Official
    from dipgraph.resolve import Resolver

    releases = [officials_only(f"{n}.txt", f"{name} spoke ({n}).", Official(name, title, "RUS"))
                for n, (name, title) in enumerate([("Lavrov", "Minister"), ("Sergey Lavrov", None),
                                                   ("Lavrov", "Foreign Minister")])]
    resolver = Resolver()
    for extraction in releases:
        for official in extraction.officials:
            resolver.observe(official.name, official.country)
    store = GraphStore(None)
    store.write_graphs([*reference_graphs(), *(map_extraction(e, resolver=resolver) for e in releases)])
    assert rows(store, "officials") == [
        ["official", "name", "title", "country"],
        [ID + "person/RUS/sergey-lavrov", "Sergey Lavrov", "Foreign Minister", "RUS"],
        [ID + "person/RUS/sergey-lavrov", "Sergey Lavrov", "Minister", "RUS"],
    ]


def test_of_two_names_as_long_the_query_and_the_exports_give_the_same():
    # "Ghassan Salamé" and "Ghassan Salame" are one official (one key), and as long as each other
    from conftest import officials_only
    from dipgraph.export.projections.events import load_events
    from dipgraph.mapping import reference_graphs
    from dipgraph.models import Official

    releases = [officials_only(f"{n}.txt", f"{name} spoke.", Official(name, "Special Representative", "LBY"))
                for n, name in enumerate(["Ghassan Salamé", "Ghassan Salame"])]
    store = GraphStore(None)
    store.write_graphs([*reference_graphs(), *map(map_extraction, releases)])
    assert rows(store, "officials")[1:] == [
        [ID + "person/LBY/ghassan-salame", "Ghassan Salame", "Special Representative", "LBY"]]
    assert load_events(store).officials[ID + "person/LBY/ghassan-salame"].name == "Ghassan Salame"


def test_rdflibs_sparql_engine_gives_the_same_rows_for_every_bundled_query(three_releases):
    # the bundled queries are plain SPARQL 1.1, written for Oxigraph's speed: another engine must agree
    from rdflib import Dataset

    from sparql_servers import params_for

    store, dataset = GraphStore(None), Dataset()
    store.write_graphs(three_releases)
    for graph in three_releases:
        dataset.graph(graph.identifier).__iadd__(graph)
    for name, query in bundled_queries().items():
        for params in params_for(query):
            ours = run(query, params, store=store)
            theirs = dataset.query(bind(query, params))
            assert ours.rows, (name, params)
            assert [tuple(row) for row in theirs] == ours.rows, (name, params)
