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

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from dipgraph.errors import DipgraphError
from dipgraph.mapping import release_from_graph, without_extraction_time
from dipgraph.namespace import DIP
from dipgraph.pipeline import BATCH_SIZE, release_graph, stamp
from dipgraph.store import GraphStore, quads_graph, to_ox


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


def rebuild(store: GraphStore, *, batch_size: int = BATCH_SIZE,
            on_progress: Callable[[str, str], None] | None = None) -> RebuildSummary:
    """Extract every stored release again and replace each graph that comes out different.

    ``on_progress(release, status)`` is called once per release with ``changed``, ``unchanged``
    or ``failed``.
    """
    summary = RebuildSummary()
    report = on_progress or (lambda release, status: None)
    graphs: list[Graph] = []
    replaced: list[URIRef] = []  # old names of releases whose IRI changed

    def write() -> None:
        try:
            store.write_graphs(graphs, remove=replaced)
        except DipgraphError as e:
            for graph in graphs:
                summary.failed.append((str(graph.identifier), str(e)))
                report(str(graph.identifier), "failed")
        else:
            summary.changed += len(graphs)
            for graph in graphs:
                report(str(graph.identifier), "changed")
        graphs.clear()
        replaced.clear()

    for name in stored_releases(store):
        summary.releases += 1
        stored = store.quads(name)
        try:
            new = release_graph(release_from_graph(quads_graph(name, stored)))
        except Exception as e:  # noqa: BLE001 - one bad release must not stop the rebuild
            summary.failed.append((str(name), f"extraction failed: {type(e).__name__}: {e}"))
            report(str(name), "failed")
            continue
        # the same facts as stored, extracted by the same rules: only the time of extraction differs
        if new.identifier == name and without_extraction_time(quads_graph(name, stored)) == without_extraction_time(new):
            summary.unchanged += 1
            report(str(name), "unchanged")
            continue
        graphs.append(new)
        if new.identifier != name:
            replaced.append(name)
        if len(graphs) >= batch_size:
            write()
    write()
    stamp(store)
    store.flush()
    return summary
