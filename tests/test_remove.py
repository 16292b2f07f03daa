"""Retraction: `dipgraph remove` drops a release and what only it said; what others say stays."""
from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from dipgraph.cli import cli
from dipgraph.mapping import map_extraction, person_iri, place_iri, release_iri
from dipgraph.models import Extraction, Meeting, Official, Release, Resolution
from dipgraph.pipeline import stamp
from dipgraph.query import format_result, load_query, run
from dipgraph.store import GraphStore, to_ox
from support import graphs_by_name, nquads

LAVROV = Official("Sergey Lavrov", "Foreign Minister", "RUS")


def beijing_extraction() -> Extraction:
    """A second release that also names Lavrov (and cites the same resolution) but not Yun Byung-se."""
    text = ("Wang Yi Holds Talks With Sergey Lavrov\n\nOn 5 July, Foreign Minister Wang Yi held talks with Foreign "
            "Minister Sergey Lavrov of Russia in Beijing. Both sides called for resolution 2270 to be implemented.")
    release = Release(source="beijing.txt", text=text, title="Wang Yi Holds Talks With Sergey Lavrov",
                      date="2016-07-05", url="https://www.fmprc.gov.cn/eng/example/t1377412.shtml",
                      publisher="Ministry of Foreign Affairs of the People's Republic of China",
                      publisher_country="CHN", id="fmprc:1377412", body_start=40)
    return Extraction(
        release=release,
        countries=("CHN", "RUS"),
        officials=(Official("Wang Yi", "Foreign Minister", "CHN"), LAVROV),
        meetings=(Meeting("meeting", "2016-07-05", "Beijing", ("Wang Yi", "Sergey Lavrov"), ("CHN", "RUS"), True),),
        resolutions=(Resolution("UNSC", "2270"),),
    )


@pytest.fixture
def two_releases(tmp_path, sample):
    path = tmp_path / "store"
    beijing = beijing_extraction()
    with GraphStore(path) as store:
        stamp(store)
        store.write_graphs([map_extraction(sample), map_extraction(beijing)])
    return path, sample, beijing


def remove(*args, code=0):
    result = CliRunner().invoke(cli, ["remove", *[str(a) for a in args]], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def about(store: GraphStore, node: URIRef) -> tuple[set, set]:
    """Every (s, p, o) with ``node`` as subject, and every quad that mentions it anywhere."""
    ox_node = to_ox(node)
    as_subject = {(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(ox_node, None, None)}
    anywhere = set(store.oxigraph.quads_for_pattern(ox_node, None, None))
    anywhere |= set(store.oxigraph.quads_for_pattern(None, None, ox_node))
    return as_subject, anywhere


def test_removing_one_of_two_releases_keeps_the_official_they_share(two_releases):
    path, moscow, beijing = two_releases
    before = graphs_by_name(path)
    moscow_graph, beijing_graph = map_extraction(moscow), map_extraction(beijing)
    lavrov, yun = person_iri(LAVROV), person_iri(moscow.officials[0])
    with GraphStore(path, read_only=True) as store:
        assert len(about(store, lavrov)[0]) == 6  # type, name, country, job title and a post seen by each release

    result = remove(moscow.release.url, "--store", path)
    assert result.stdout.splitlines() == [
        f"removed {release_iri(moscow.release)} ({moscow.release.url})",
        f"1 removed, 0 failed (store: {path})",
    ]

    after = graphs_by_name(path)
    del before[f"<{release_iri(moscow.release)}>"]
    assert after == before  # every other graph exactly as it was
    with GraphStore(path, read_only=True) as store:
        # Lavrov is now exactly what the Beijing release says of him: its post, not Moscow's
        lavrov_now, _ = about(store, lavrov)
        assert lavrov_now == {(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in beijing_graph.triples((lavrov, None, None))}
        assert len(lavrov_now) == 5  # type, name, country, job title and the post the Beijing release saw
        # Yun Byung-se, the Moscow meeting, its place and the plan of exchanges were only in Moscow's release
        for node in [yun, place_iri("Moscow"), *moscow_graph.subjects(None, None)]:
            if node in set(beijing_graph.subjects(None, None)) | set(beijing_graph.objects(None, None)):
                continue
            assert about(store, node) == (set(), set()), node
        # the resolution both cite stays, as Beijing's release describes it
        resolution = URIRef("https://w3id.org/dipgraph/id/resolution/UNSC/2270")
        assert about(store, resolution)[0] == {
            (to_ox(s), to_ox(p), to_ox(o)) for s, p, o in beijing_graph.triples((resolution, None, None))}
        officials = format_result(run(load_query("officials"), {}, store=store), "csv")
    assert list(csv.reader(io.StringIO(officials))) == [
        ["official", "name", "title", "country"],
        ["https://w3id.org/dipgraph/id/person/CHN/wang-yi", "Wang Yi", "Foreign Minister", "CHN"],
        ["https://w3id.org/dipgraph/id/person/RUS/sergey-lavrov", "Sergey Lavrov", "Foreign Minister", "RUS"],
    ]


def test_removing_both_releases_leaves_only_reference_data(two_releases):
    path, moscow, beijing = two_releases
    result = remove(release_iri(moscow.release), beijing.release.id, beijing.release.url, "--store", path)
    assert result.stdout.splitlines() == [
        f"removed {release_iri(moscow.release)}",
        f"removed {release_iri(beijing.release)} ({beijing.release.id}, {beijing.release.url})",
        f"2 removed, 0 failed (store: {path})",
    ]
    assert set(graphs_by_name(path)) == {"<https://w3id.org/dipgraph/graph/countries>",
                                         "<https://w3id.org/dipgraph/graph/cameo>",
                                         "<https://w3id.org/dipgraph/graph/plover>",
                                         "<https://w3id.org/dipgraph/graph/store>"}


@pytest.mark.parametrize("reference", [
    "iri", "<iri>", "short", "fmprc:1377412", "https://www.fmprc.gov.cn/eng/example/t1377412.shtml",
    "http://WWW.FMPRC.GOV.CN/eng/example/t1377412.shtml#top",
])
def test_a_release_is_named_by_iri_url_or_id(two_releases, reference):
    path, _, beijing = two_releases
    iri = str(release_iri(beijing.release))
    reference = {"iri": iri, "<iri>": f"<{iri}>", "short": iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1]
                 }.get(reference, reference)
    result = remove(reference, "--store", path)
    assert result.stdout.splitlines()[-1] == f"1 removed, 0 failed (store: {path})"
    assert f"<{iri}>" not in graphs_by_name(path)


def test_unknown_and_ambiguous_references_fail_and_remove_nothing_else(two_releases, tmp_path):
    path, moscow, beijing = two_releases
    # a third release reusing the Beijing release's archive id makes that id ambiguous
    twin = map_extraction(Extraction(release=Release(source="twin", text="Twin", url="https://example.org/twin",
                                                     id="fmprc:1377412")))
    with GraphStore(path) as store:
        store.write_graphs([twin])
    before = nquads(path)
    result = remove("no-such-id", "fmprc:1377412", "--store", path, code=1)
    found = sorted([str(release_iri(beijing.release)), str(twin.identifier)])
    assert result.stderr.splitlines() == [
        "dipgraph: failed: no-such-id: no stored release has this IRI, URL or id",
        f"dipgraph: failed: fmprc:1377412: names 2 stored releases ({', '.join(found)}); "
        "give the IRI of the one to remove",
    ]
    assert result.stdout.splitlines() == [f"0 removed, 2 failed (store: {path})"]
    assert nquads(path) == before


def test_remove_needs_an_existing_store(tmp_path):
    result = CliRunner().invoke(cli, ["remove", "x", "--store", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [f"dipgraph: error: no dipgraph store at {tmp_path / 'none'}"]
    assert not (tmp_path / "none").exists()
