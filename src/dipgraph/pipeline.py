"""The one place that knows the order of the stages: read → extract → resolve → map → store."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from dipgraph.errors import DipgraphError, EndpointError, ReadError
from dipgraph.extract import extract
from dipgraph.mapping import COUNTRIES_GRAPH, content_hash, countries_graph, map_extraction, release_iri
from dipgraph.models import Release
from dipgraph.read import MAX_BYTES, read_sources
from dipgraph.store import GraphStore

BATCH_SIZE = 250
"""Releases written per transaction: large enough to amortise a commit, small enough to lose little on a crash."""


@dataclass
class IngestSummary:
    ingested: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(input, reason)`` for each input that could not be ingested."""

    @property
    def seen(self) -> int:
        return self.ingested + self.unchanged + self.updated + len(self.failed)

    def __str__(self) -> str:
        return (f"{self.ingested} ingested, {self.unchanged} unchanged, {self.updated} updated, "
                f"{len(self.failed)} failed")


def release_graph(release: Release) -> Graph:
    """Extract and map one release: the graph that will be stored under the release's IRI."""
    return map_extraction(extract(release))


def ingest(sources: Iterable[str], store: GraphStore, *, max_bytes: int | None = MAX_BYTES,
           publisher: str | None = None, publisher_country: str | None = None,
           batch_size: int = BATCH_SIZE, on_progress: Callable[[str, str], None] | None = None) -> IngestSummary:
    """Read, extract, map and store every release in ``sources``; unchanged releases are skipped.

    ``store`` is a :class:`GraphStore` or a :class:`dipgraph.remote.RemoteStore` (a SPARQL server).

    ``on_progress(source, status)`` is called once per input with status ``ingested``,
    ``unchanged``, ``updated`` or ``failed``.
    """
    summary = IngestSummary()
    report = on_progress or (lambda source, status: None)
    if not store.has_graph(COUNTRIES_GRAPH):
        store.write_graphs([countries_graph()])

    batch: dict[URIRef, tuple[str, Graph, str, str]] = {}  # iri → (source, graph, status, content hash)

    def flush() -> None:
        if not batch:
            return
        try:
            store.write_graphs(graph for _, graph, _, _ in batch.values())
        except EndpointError:
            raise  # a server that stopped answering would fail every later batch the same way
        except DipgraphError as e:
            for source, *_ in batch.values():
                summary.failed.append((source, str(e)))
                report(source, "failed")
        else:
            for source, _, status, _ in batch.values():
                setattr(summary, status, getattr(summary, status) + 1)
                report(source, status)
        batch.clear()

    for item in read_sources(sources, max_bytes=max_bytes, publisher=publisher, publisher_country=publisher_country):
        if isinstance(item, ReadError):
            summary.failed.append((item.source, item.reason))
            report(item.source, "failed")
            continue
        iri = release_iri(item)
        new_hash = content_hash(item)
        stored = store.release_hash(iri)
        pending = batch.get(iri)
        if (pending[3] if pending else stored) == new_hash:
            summary.unchanged += 1
            report(item.source, "unchanged")
            continue
        try:
            graph = release_graph(item)
        except Exception as e:  # noqa: BLE001 - one bad release must not stop the batch
            summary.failed.append((item.source, f"extraction failed: {type(e).__name__}: {e}"))
            report(item.source, "failed")
            continue
        status = pending[2] if pending else ("updated" if stored else "ingested")
        batch[iri] = (item.source, graph, status, new_hash)
        if len(batch) >= batch_size:
            flush()
    flush()
    store.flush()
    return summary

