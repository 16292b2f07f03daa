"""The one place that knows the order of the stages: read → extract → resolve → map → store."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from dipgraph.errors import DipgraphError, EndpointError, ReadError
from dipgraph.extract import extract
from dipgraph.mapping import content_hash, map_extraction, reference_graphs, release_iri
from dipgraph.models import Release
from dipgraph.read import MAX_BYTES, read_sources
from dipgraph.read.feed import item_identity, item_release, read_feed
from dipgraph.read.url import TIMEOUT, Fetcher
from dipgraph.store import GraphStore
from dipgraph.storeinfo import current_info, info_graph

BATCH_SIZE = 250
"""Releases written per transaction: large enough to amortise a commit, small enough to lose little on a crash."""

NO_DATE = "has no publication date; stored without one"


@dataclass
class IngestSummary:
    ingested: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(input, reason)`` for each input that could not be ingested."""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """``(input, reason)`` for each input stored with something missing (a release without a date)."""
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
    return map_extraction(extract(release))


def stamp(store: GraphStore) -> None:
    """Write the reference data (countries, event codes) and the store's versions, where the store
    does not hold them already."""
    missing = [g for g in (*reference_graphs(), info_graph(current_info())) if not store.holds(g)]
    store.write_graphs(missing)


@dataclass
class _Pending:
    """Releases waiting to be written in one transaction, and what each input will count as."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    hashes: dict[URIRef, str] = field(default_factory=dict)
    inputs: list[tuple[str, str, URIRef]] = field(default_factory=list)
    """``(input, status, release IRI)`` in reading order; one release may come from several inputs."""

    def add(self, source: str, status: str, iri: URIRef, graph: Graph, digest: str) -> None:
        self.graphs[iri] = graph
        self.hashes[iri] = digest
        self.inputs.append((source, status, iri))

    def __len__(self) -> int:
        return len(self.graphs)


def ingest(sources: Iterable[str], store: GraphStore, *, max_bytes: int | None = MAX_BYTES,
           publisher: str | None = None, publisher_country: str | None = None, timeout: float = TIMEOUT,
           batch_size: int = BATCH_SIZE, on_progress: Callable[[str, str], None] | None = None,
           fetcher: Fetcher | None = None) -> IngestSummary:
    """Read, extract, map and store every release in ``sources``; unchanged releases are skipped.

    ``store`` is a :class:`GraphStore` or a :class:`dipgraph.remote.RemoteStore` (a SPARQL server).
    A new or changed release is written whole, with others, in one transaction of up to
    ``batch_size`` releases; a failure on one input never stops the rest.
    ``on_progress(source, status)`` is called once per input with status ``ingested``,
    ``unchanged``, ``updated`` or ``failed``. URLs are fetched with ``fetcher``.
    """
    fetcher = fetcher or Fetcher(max_bytes=max_bytes, timeout=timeout)
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
    stamp(store)
    pending = _Pending()

    def fail(source: str, reason: str) -> None:
        summary.failed.append((source, reason))
        report(source, "failed")

    def write(batch: _Pending) -> None:
        try:
            store.write_graphs(batch.graphs.values())
        except EndpointError:
            raise  # a server that stopped answering would fail every later batch the same way
        except DipgraphError as e:
            if len(batch) > 1:  # find the release that cannot be stored; write the others
                for source, status, iri in batch.inputs:
                    single = _Pending()
                    single.add(source, status, iri, batch.graphs[iri], batch.hashes[iri])
                    write(single)
                return
            for source, _, _ in batch.inputs:
                fail(source, str(e))
            return
        for source, status, _ in batch.inputs:
            setattr(summary, status, getattr(summary, status) + 1)
            report(source, status)

    for item in items:
        if isinstance(item, Known):
            summary.known = (summary.known or 0) + 1
            report(item.source, "known")
            continue
        if isinstance(item, ReadError):
            fail(item.source, item.reason)
            continue
        try:
            iri = release_iri(item)
            new_hash = content_hash(item)
        except (ValueError, UnicodeError) as e:
            fail(item.source, f"cannot be identified: {e}")
            continue
        known = pending.hashes.get(iri) or store.release_hash(iri)
        if known == new_hash:
            summary.unchanged += 1
            report(item.source, "unchanged")
            continue
        try:
            graph = release_graph(item)
        except Exception as e:  # noqa: BLE001 - one bad release must not stop the batch
            fail(item.source, f"extraction failed: {type(e).__name__}: {e}")
            continue
        pending.add(item.source, "updated" if known else "ingested", iri, graph, new_hash)
        if item.date is None:
            summary.warnings.append((item.source, NO_DATE))
        if len(pending) >= batch_size:
            write(pending)
            pending = _Pending()
    write(pending)
    store.flush()
    return summary
