"""Validate: check the store's graphs against ``ontology/shapes.ttl`` with pySHACL.

Each release graph is validated on its own (with the reference descriptions it links to: the
countries it names and the CAMEO and PLOVER schemes), then each reference graph, so a violation is
reported with the release it came from and validating a large store never loads it whole.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from dipgraph.mapping import CAMEO_GRAPH, COUNTRIES_GRAPH, PLOVER_GRAPH, REFERENCE_GRAPHS
from dipgraph.namespace import DIP
from dipgraph.resources import ontology_file


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, with the graph (release) it was found in."""

    graph: URIRef | None
    """The named graph validated: a release IRI or a reference graph (None: the default graph)."""
    source: str | None
    """Where the release was read from (dip:sourceLocation), when the graph is a release graph."""
    focus: str
    path: str | None
    message: str
    value: str | None
    severity: str
    constraint: str


@dataclass
class ValidationReport:
    graphs: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when no result is a violation; warnings (facts the text left incomplete) are reported only."""
        return not self.failures

    @property
    def failures(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    def text(self, *, short: Callable[[str], str] = str) -> str:
        """A report a person can read: one block per violation, then a summary line."""
        lines = []
        for v in self.violations:
            where = str(v.graph) if v.graph is not None else "the default graph"
            if v.source:
                where += f" (read from {v.source})"
            lines.append(f"{v.severity}: {v.message}")
            lines.append(f"  focus node: {short(v.focus)}")
            if v.path:
                lines.append(f"  property:   {short(v.path)}")
            if v.value is not None and v.value != v.focus:
                lines.append(f"  value:      {short(v.value)}")
            lines.append(f"  constraint: {short(v.constraint)}")
            # a release graph names the release (and where it was read from); other graphs just their name
            lines.append(f"  {'release:' if v.source else 'graph:  '}    {where}")
        failing = len({v.graph for v in self.failures})
        warnings = len(self.violations) - len(self.failures)
        verdict = "conforms" if self.conforms else (f"does not conform: {len(self.failures)} violation(s) "
                                                     f"in {failing} graph(s)")
        if warnings:
            verdict += f" ({warnings} warning(s))"
        lines.append(f"{self.graphs} graph(s) validated: {verdict}")
        return "\n".join(lines)


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ontology_file().with_name("shapes.ttl"), format="turtle")


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


class _ValidationGraph(Graph):
    """The graph pySHACL validates, whose SPARQL queries are parsed once per process.

    pySHACL hands the text of each SPARQL-based constraint to ``query`` again for every release;
    rdflib takes 50–110 ms to parse one, more than the rest of a release's validation.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@cache
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def validate_graph(data: Graph, *, graph: URIRef | None = None, source: str | None = None,
                   context: Graph | None = None) -> list[Violation]:
    """SHACL-validate ``data`` (with ``context`` added for linked nodes); results about nodes
    described only in ``context`` are left out: they are reported where ``context`` comes from."""
    import pyshacl

    combined = _ValidationGraph()
    for triple in data:
        combined.add(triple)
    for triple in context if context is not None else ():
        combined.add(triple)
    # in place: pySHACL adds the ontology to `combined`, a copy, and queries that very graph
    _, results, _ = pyshacl.validate(combined, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                                     inference="none", allow_warnings=True, inplace=True)
    own = set(data.subjects())
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if context is not None and focus not in own:
            continue
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        severity = results.value(result, SH.resultSeverity)
        violations.append(Violation(
            graph=graph, source=source, focus=_show(focus), path=_show(path) if path is not None else None,
            message="; ".join(messages) or "constraint not met",
            value=_show(value) if value is not None else None,
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            constraint=_show(results.value(result, SH.sourceConstraintComponent)),
        ))
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.message))


def compact(text: str) -> str:
    """An IRI as ``prefix:local`` with the prefixes queries use (``dipid:`` for dipgraph's own IRIs)."""
    from dipgraph.query import PREFIXES

    for prefix, iri in sorted({**PREFIXES, "sh": str(SH)}.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri) and len(text) > len(iri) and " " not in text:
            return f"{prefix}:{text[len(iri):]}"
    return text


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return str(term)
    try:
        return term.n3()
    except Exception:  # noqa: BLE001 - blank-node paths and the like have no short form
        return str(term)


def _reference_context(reference: dict[URIRef, Graph], data: Graph) -> Graph:
    """The descriptions of the countries ``data`` links to, plus the whole (small) code schemes."""
    context = Graph()
    for name in (CAMEO_GRAPH, PLOVER_GRAPH):
        for triple in reference.get(name, ()):
            context.add(triple)
    countries = reference.get(COUNTRIES_GRAPH)
    if countries is not None:
        for node in {o for o in data.objects() if isinstance(o, URIRef)}:
            for p, o in countries.predicate_objects(node):
                context.add((node, p, o))
    return context


def validate_store(store, *, graphs: Iterable[URIRef] | None = None,
                   on_progress: Callable[[URIRef], None] | None = None) -> ValidationReport:
    """Validate every named graph of ``store`` (or only ``graphs``) and its default graph, if not empty."""
    report = ValidationReport()
    names = list(graphs) if graphs is not None else store.graph_names()
    reference = {name: store.graph(name) for name in REFERENCE_GRAPHS if store.has_graph(name)}
    for name, data in _graphs(store, names, reference):
        source = data.value(name, DIP.sourceLocation) if name is not None else None
        context = None if name in REFERENCE_GRAPHS else _reference_context(reference, data)
        report.violations.extend(validate_graph(data, graph=name, source=str(source) if source else None,
                                                context=context))
        report.graphs += 1
        if on_progress is not None:
            on_progress(name)
    return report


def _graphs(store, names: list[URIRef], reference: dict[URIRef, Graph]) -> Iterator[tuple[URIRef | None, Graph]]:
    for name in names:
        yield name, reference[name] if name in reference else store.graph(name)
    default = store.graph(None)
    if len(default):
        yield None, default
