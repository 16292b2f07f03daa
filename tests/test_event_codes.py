"""Event codes: CAMEO code and PLOVER category by rule; the code lists as SKOS schemes; planned vs held."""
from __future__ import annotations

import dataclasses

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from dipgraph.event_codes import RULES, Event, EventCode, event_code
from dipgraph.gazetteer import place_country
from dipgraph.mapping import code_scheme_graph, map_extraction, reference_graphs
from dipgraph.models import Extraction, Meeting, Release
from dipgraph.namespace import CAMEO, DIP, PLOVER
from dipgraph.query import format_result, load_query, run
from dipgraph.store import GraphStore


@pytest.mark.parametrize("place, expected", [
    ("Moscow", "RUS"), ("Seoul", "KOR"), ("Washington DC", "USA"), ("Ulan Bator", "MNG"), ("Rome, Italy", "ITA"),
    ("France", "FRA"), ("the Russian Foreign Ministry", None), ("Capri", None), ("", None),
])
def test_place_country(place, expected):
    assert place_country(place) == expected


def _event(kind="meeting", occurred=True, countries=("KOR", "RUS"), publisher="KOR", place=None):
    return Event(kind, occurred, frozenset(countries), publisher, place)


@pytest.mark.parametrize("event, code", [
    (_event(occurred=False), EventCode("036", "AGREE")),
    (_event("visit", occurred=False, place="KOR"), EventCode("036", "AGREE")),
    (_event("phone call"), EventCode("041", "CONSULT", "phone")),
    (_event("video call", publisher=None), EventCode("041", "CONSULT", "phone")),
    (_event(place="KOR"), EventCode("043", "CONSULT", "visit")),
    (_event("summit", place="RUS"), EventCode("042", "CONSULT", "visit")),
    (_event(place="CHE"), EventCode("044", "CONSULT", "third-party")),
    (_event("visit"), EventCode("040", "CONSULT")),
    (_event(place="RUS", publisher=None), EventCode("040", "CONSULT")),
    (_event(place="RUS", publisher="USA"), EventCode("040", "CONSULT")),
    (_event("signing", place=None), EventCode("057", "SUPPORT")),
])
def test_rule_table(event, code):
    assert event_code(event) == code


def test_every_code_the_rules_give_is_in_the_schemes_with_label_and_notation():
    cameo, plover = code_scheme_graph("cameo"), code_scheme_graph("plover")
    for rule in RULES:
        for graph, concept, notation in ((cameo, CAMEO[rule.code.cameo], rule.code.cameo),
                                         (plover, PLOVER[rule.code.plover], rule.code.plover)):
            assert (concept, RDF.type, SKOS.Concept) in graph, concept
            assert graph.value(concept, SKOS.notation) == Literal(notation)
            assert graph.value(concept, SKOS.prefLabel) is not None
        if rule.code.mode:
            mode = PLOVER[f"{rule.code.plover}/{rule.code.mode}"]
            assert graph.value(mode, SKOS.broader) == PLOVER[rule.code.plover]
            assert plover.value(mode, SKOS.notation) == Literal(rule.code.mode)
        # each CAMEO code's parent is in the scheme, and the CAMEO→PLOVER match agrees with the rule
        parent = cameo.value(CAMEO[rule.code.cameo], SKOS.broader)
        assert parent == CAMEO[rule.code.cameo[:2]]
        assert cameo.value(CAMEO[rule.code.cameo], SKOS.broadMatch) == PLOVER[rule.code.plover]


def _meeting(**changes) -> Meeting:
    return dataclasses.replace(Meeting("meeting", "2016-06-13", None, (), ("KOR", "RUS"), True), **changes)


@pytest.mark.parametrize("meeting, publisher, cameo, plover, mode", [
    (_meeting(place="Moscow"), "KOR", "042", "CONSULT", "visit"),
    (_meeting(place="Seoul"), "KOR", "043", "CONSULT", "visit"),
    (_meeting(place="Geneva"), "KOR", "044", "CONSULT", "third-party"),
    (_meeting(kind="phone call"), "KOR", "041", "CONSULT", "phone"),
    (_meeting(kind="visit", occurred=False, date="2016-09-02"), "KOR", "036", "AGREE", None),
    (_meeting(kind="summit"), None, "040", "CONSULT", None),
])
def test_mapped_events_carry_their_codes(meeting, publisher, cameo, plover, mode):
    release = Release(source="r.txt", text="…", publisher_country=publisher)
    graph = map_extraction(Extraction(release=release, meetings=(meeting,)))
    (node,) = graph.subjects(RDF.type, DIP.Meeting)
    assert graph.value(node, DIP.cameoCode) == CAMEO[cameo]
    assert graph.value(node, DIP.ploverCategory) == PLOVER[plover]
    assert graph.value(node, DIP.ploverMode) == (PLOVER[f"{plover}/{mode}"] if mode else None)


def test_signing_carries_057_support(sample):
    graph = map_extraction(sample)
    (signing,) = graph.subjects(RDF.type, DIP.Signing)
    assert graph.value(signing, DIP.cameoCode) == CAMEO["057"]
    assert graph.value(signing, DIP.ploverCategory) == PLOVER.SUPPORT


@pytest.fixture
def store(sample):
    s = GraphStore()
    s.write_graphs(reference_graphs() + [map_extraction(sample)])
    return s


def test_events_query_lines_up_codes_status_and_evidence(store):
    out = format_result(run(load_query("events"), {}, store=store), "csv").splitlines()
    assert out[0] == "event,date,kind,status,cameo,plover,mode,countries,release,quote"
    rows = [line.split(",")[1:8] + [line.split(",", 9)[9]] for line in out[1:]]
    assert rows == [
        ["", "visit", "planned", "036", "AGREE", "", "KOR RUS", "Minister Lavrov will visit Seoul."],
        ["2016-06-13", "meeting", "occurred", "042", "CONSULT", "visit", "KOR RUS",
         "Foreign Minister Yun Byung-se met Foreign Minister Sergey Lavrov of Russia in Moscow on June 13."],
        ["2016-06-13", "signing", "occurred", "057", "SUPPORT", "", "KOR RUS", "They signed the plan of exchanges."],
    ]


def test_planned_events_are_queryable_by_status_and_code(store):
    planned = run(load_query("events"), {"planned": "true"}, store=store).as_dicts()
    assert [(str(r["kind"]), str(r["status"]), str(r["cameo"])) for r in planned] == [("visit", "planned", "036")]
    held = run(load_query("events"), {"planned": "false"}, store=store).as_dicts()
    assert sorted(str(r["cameo"]) for r in held) == ["042", "057"]
    visits = run(load_query("events"), {"code": "042", "country": "RUS"}, store=store).as_dicts()
    assert [str(r["kind"]) for r in visits] == ["meeting"]
    # the plain SPARQL a researcher would write: planned meetings, with whatever date they have
    rows = list(store.query(
        "PREFIX dip: <https://w3id.org/dipgraph/ns#> SELECT ?m WHERE { GRAPH ?g { ?m a dip:Meeting ; dip:occurred false } }"))
    assert len(rows) == 1
