"""The one place that knows the order of the stages: read → extract → resolve → map → store."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from dipgraph.errors import DipgraphError, ReadError
from dipgraph.extract import extract
from dipgraph.mapping import REFERENCE_GRAPHS, content_hash, map_extraction, reference_graph, release_iri
from dipgraph.models import Release
from dipgraph.read import MAX_BYTES, read_sources
from dipgraph.read.feed import item_identity, item_release, read_feed
from dipgraph.read.url import Fetcher
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
    known: int | None = None
    """Feed items skipped unread because their release is stored; None when no feed was read."""

    @property
    def seen(self) -> int:
        return self.ingested + (self.known or 0) + self.unchanged + self.updated + len(self.failed)

    def __str__(self) -> str:
        known = "" if self.known is None else f"{self.known} already stored, "
        return (f"{self.ingested} ingested, {known}{self.unchanged} unchanged, {self.updated} updated, "
                f"{len(self.failed)} failed")


@dataclass(frozen=True)
class Known:
    """A feed item whose release is already in the store, so it was neither fetched nor extracted."""

    source: str


def release_graph(release: Release) -> Graph:
    """Extract and map one release: the graph that will be stored under the release's IRI."""
    return map_extraction(extract(release), read_hash=content_hash(release))


def ingest(sources: Iterable[str], store: GraphStore, *, max_bytes: int | None = MAX_BYTES,
           publisher: str | None = None, publisher_country: str | None = None,
           batch_size: int = BATCH_SIZE, on_progress: Callable[[str, str], None] | None = None,
           fetcher: Fetcher | None = None) -> IngestSummary:
    """Read, extract, map and store every release in ``sources``; unchanged releases are skipped.

    ``on_progress(source, status)`` is called once per input with status ``ingested``,
    ``unchanged``, ``updated`` or ``failed``. URLs are fetched with ``fetcher``.
    """
    items = read_sources(sources, max_bytes=max_bytes, publisher=publisher, publisher_country=publisher_country,
                         fetcher=fetcher)
    return ingest_releases(items, store, batch_size=batch_size, on_progress=on_progress)


def ingest_feed(url: str, store: GraphStore, *, fetcher: Fetcher | None = None, max_bytes: int | None = MAX_BYTES,
                publisher: str | None = None, publisher_country: str | None = None, timezone_name: str | None = None,
                batch_size: int = BATCH_SIZE, on_progress: Callable[[str, str], None] | None = None,
                should_stop: Callable[[], bool] = lambda: False, summary: IngestSummary | None = None) -> IngestSummary:
    """Ingest the items of the RSS or Atom feed at ``url`` that are not stored yet.

    An item whose link names a stored release is reported ``known`` and neither fetched nor
    extracted. ``should_stop()`` is asked before each item; once true, the items read so far are
    stored and the rest left for the next poll. Counts are added to ``summary`` when one is given.
    Raises :class:`ReadError` when the feed itself cannot be read.
    """
    summary = summary or IngestSummary()
    summary.known = summary.known or 0
    fetcher = fetcher or Fetcher(max_bytes=max_bytes)
    feed = read_feed(url, fetcher=fetcher, timezone_name=timezone_name)

    def items() -> Iterator[Release | ReadError | Known]:
        listed: set[URIRef] = set()  # a feed that lists an item twice gets it read once
        for item in feed.items:
            if should_stop():
                return
            identity = item_identity(item)
            iri = release_iri(identity) if identity is not None else None
            if iri is not None and (iri in listed or store.has_graph(iri)):
                yield Known(item.source)
                continue
            listed.add(iri)
            try:
                yield item_release(item, fetcher=fetcher, max_bytes=max_bytes, publisher=publisher,
                                   publisher_country=publisher_country)
            except ReadError as e:
                yield e

    return ingest_releases(items(), store, batch_size=batch_size, on_progress=on_progress, summary=summary)


def ingest_releases(items: Iterable[Release | ReadError | Known], store: GraphStore, *,
                    batch_size: int = BATCH_SIZE, on_progress: Callable[[str, str], None] | None = None,
                    summary: IngestSummary | None = None) -> IngestSummary:
    """Extract, map and store releases as read; each ReadError counts as failed, each Known as known."""
    summary = summary or IngestSummary()
    report = on_progress or (lambda source, status: None)
    missing = [reference_graph(name) for name in REFERENCE_GRAPHS if not store.has_graph(name)]
    if missing:
        store.write_graphs(missing)

    batch: dict[URIRef, tuple[str, Graph, str, str]] = {}  # iri → (source, graph, status, content hash)

    def flush() -> None:
        if not batch:
            return
        try:
            store.write_graphs(graph for _, graph, _, _ in batch.values())
        except DipgraphError as e:
            for source, *_ in batch.values():
                summary.failed.append((source, str(e)))
                report(source, "failed")
        else:
            for source, _, status, _ in batch.values():
                setattr(summary, status, getattr(summary, status) + 1)
                report(source, status)
        batch.clear()

    for item in items:
        if isinstance(item, Known):
            summary.known = (summary.known or 0) + 1
            report(item.source, "known")
            continue
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

