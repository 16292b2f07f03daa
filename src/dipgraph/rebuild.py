"""Rebuild: extract every stored release again with this dipgraph, and replace what changed.

Each release graph keeps the release as it was read (its text, title, date, URL, publisher…), so
after an upgrade of the extractor or the ontology the store can be brought up to date without the
original files. Changed graphs are replaced in batches, each one transaction; the store's versions
are written last, so a rebuild cut short leaves the store saying it still needs one. When a new
store format renames the terms a release is kept with, :func:`~dipgraph.mapping.release_from_graph`
must go on reading the old ones: that is how older stores are brought up to date.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDF

from dipgraph.errors import DipgraphError
from dipgraph.mapping import map_quads, release_from_graph, release_iri, without_extraction_time
from dipgraph.models import Extraction, Release
from dipgraph.namespace import DIP
from dipgraph.pipeline import BATCH_SIZE, stamp
from dipgraph.resolve import Resolver
from dipgraph.store import GraphStore, quads_graph, to_ox
from dipgraph.workers import ExtractionFailure, Extractor


@dataclass
class RebuildSummary:
    releases: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(release IRI, reason)`` for each release that could not be extracted again or stored."""

    def __str__(self) -> str:
        return (f"{self.releases} releases, {self.changed} changed, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed")


def stored_releases(store: GraphStore) -> list[URIRef]:
    """The IRIs of the release graphs in the store, sorted."""
    quads = store.oxigraph.quads_for_pattern(None, to_ox(RDF.type), to_ox(DIP.Release), None)
    return sorted(URIRef(q.subject.value) for q in quads if q.subject == q.graph_name)


def rebuild(store: GraphStore, *, batch_size: int = BATCH_SIZE, jobs: int | None = 1,
            on_progress: Callable[[str, str], None] | None = None) -> RebuildSummary:
    """Extract every stored release again and replace each graph that comes out different.

    Two passes: the first extracts every release (in ``jobs`` worker processes) and shows each
    official to one :class:`Resolver`, so that the second names every person as the whole store
    does, whatever order the releases were ingested in; the second maps and compares.
    ``on_progress(release, status)`` is called once per release with ``changed``, ``unchanged``
    or ``failed``.
    """
    summary = RebuildSummary()
    report = on_progress or (lambda release, status: None)
    resolver = Resolver()
    extracted: dict[URIRef, Extraction] = {}  # without their texts, which stay in the store

    def failed(name: URIRef, reason: str) -> None:
        summary.failed.append((str(name), reason))
        report(str(name), "failed")

    def stored_release(name: URIRef) -> Release | Exception:
        try:
            return release_from_graph(quads_graph(name, store.quads(name)))
        except Exception as e:  # noqa: BLE001 - a graph that cannot be read back fails alone
            return e

    names = stored_releases(store)
    summary.releases = len(names)
    with Extractor(jobs) as extractor:
        releases = ((name, stored_release(name)) for name in names)
        for (name, release), extraction in extractor.map(releases, lambda pair: _release_or_none(pair[1])):
            if isinstance(release, Exception):
                failed(name, f"cannot be read back: {type(release).__name__}: {release}")
            elif isinstance(extraction, ExtractionFailure):
                failed(name, f"extraction failed: {extraction.reason}")
            else:
                resolver.observe_all([extraction])
                extracted[name] = extraction.with_text("")

    graphs: dict[URIRef, list] = {}
    replaced: list[URIRef] = []  # old names of releases whose IRI changed

    def write() -> None:
        try:
            store.write_quads(graphs, remove=replaced)
        except DipgraphError as e:
            for name in graphs:
                failed(name, str(e))
        else:
            summary.changed += len(graphs)
            for name in graphs:
                report(str(name), "changed")
        graphs.clear()
        replaced.clear()

    for name, extraction in extracted.items():
        stored = store.quads(name)
        extraction = extraction.with_text(store.release_text(name))
        try:
            new = map_quads(extraction, resolver=resolver)
        except Exception as e:  # noqa: BLE001 - one release that cannot be mapped must not stop the rebuild
            failed(name, f"cannot be mapped to RDF: {e}")
            continue
        new_name = release_iri(extraction.release)
        # the same facts as stored, extracted by the same rules: only the time of extraction differs
        if new_name == name and without_extraction_time(quads_graph(name, stored)) == \
                without_extraction_time(quads_graph(name, new)):
            summary.unchanged += 1
            report(str(name), "unchanged")
            continue
        graphs[new_name] = new
        if new_name != name:
            replaced.append(name)
        if len(graphs) >= batch_size:
            write()
    write()
    stamp(store)
    store.flush()
    return summary


def _release_or_none(release: Release | Exception) -> Release | None:
    return None if isinstance(release, Exception) else release
