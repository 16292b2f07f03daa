"""The one place that knows the order of the stages: read → extract → resolve → map → store.

Reading and triage (is this release new, changed or stored already?) happen in this process;
extraction in worker processes (:mod:`dipgraph.workers`); resolution, mapping and writing in this
process again, a batch at a time, because resolution needs to see every official of the batch
and the store before it names any.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from dipgraph.errors import DipgraphError, EndpointError, ReadError
from dipgraph.extract import extract
from dipgraph.mapping import content_hash, map_extraction, map_quads, reference_graphs, release_iri
from dipgraph.models import Extraction, Release
from dipgraph.read import MAX_BYTES, read_sources
from dipgraph.read.feed import item_identity, item_release, read_feed
from dipgraph.read.url import TIMEOUT, Fetcher
from dipgraph.resolve import Resolver, identify
from dipgraph.store import GraphStore
from dipgraph.storeinfo import current_info, info_graph
from dipgraph.workers import ExtractionFailure, Extractor

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
    renamed: int = 0
    """Releases of this run written again at its end, because a later one named their officials better."""

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
    """Extract and map one release on its own (no resolver): the graph stored under the release's IRI
    when no other release names its officials differently."""
    return map_extraction(extract(release))


def stamp(store: GraphStore) -> None:
    """Write the reference data (countries, event codes) and the store's versions, where the store
    does not hold them already."""
    missing = [g for g in (*reference_graphs(), info_graph(current_info())) if not store.holds(g)]
    store.write_graphs(missing)


def seeded_resolver(store: GraphStore) -> Resolver:
    """A :class:`Resolver` that knows every official the store names, as often as it names them."""
    resolver = Resolver()
    for name, country, mentions in store.officials_seen():
        resolver.observe(name, country, times=mentions)
    return resolver


@dataclass
class _Task:
    """One input on its way: what it counts as, and the release to extract when there is one."""

    source: str
    status: str
    """``known``, ``failed``, ``unchanged``; or ``ingested``/``updated`` once stored."""
    release: Release | None = None
    iri: URIRef | None = None
    digest: str | None = None
    reason: str | None = None


@dataclass
class _Pending:
    """Extracted releases waiting to be mapped and written in one transaction."""

    extractions: dict[URIRef, Extraction] = field(default_factory=dict)
    tasks: list[_Task] = field(default_factory=list)
    """In reading order; one release may come from several inputs (the last one read wins)."""

    def add(self, task: _Task, extraction: Extraction) -> None:
        self.extractions[task.iri] = extraction
        self.tasks.append(task)

    def __len__(self) -> int:
        return len(self.extractions)


def ingest(sources: Iterable[str], store: GraphStore, *, max_bytes: int | None = MAX_BYTES,
           publisher: str | None = None, publisher_country: str | None = None, timeout: float = TIMEOUT,
           batch_size: int = BATCH_SIZE, jobs: int | None = 1, on_progress: Callable[[str, str], None] | None = None,
           fetcher: Fetcher | None = None) -> IngestSummary:
    """Read, extract, map and store every release in ``sources``; unchanged releases are skipped.

    ``store`` is a :class:`GraphStore` or a :class:`dipgraph.remote.RemoteStore` (a SPARQL server).
    A new or changed release is written whole, with others, in one transaction of up to
    ``batch_size`` releases; a failure on one input never stops the rest. Extraction runs in
    ``jobs`` worker processes (None: one per CPU).
    ``on_progress(source, status)`` is called once per input with status ``ingested``,
    ``unchanged``, ``updated`` or ``failed``. URLs are fetched with ``fetcher``.
    """
    fetcher = fetcher or Fetcher(max_bytes=max_bytes, timeout=timeout)
    items = read_sources(sources, max_bytes=max_bytes, publisher=publisher, publisher_country=publisher_country,
                         fetcher=fetcher)
    return ingest_releases(items, store, batch_size=batch_size, jobs=jobs, on_progress=on_progress)


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
                    batch_size: int = BATCH_SIZE, jobs: int | None = 1,
                    on_progress: Callable[[str, str], None] | None = None,
                    summary: IngestSummary | None = None) -> IngestSummary:
    """Extract, resolve, map and store releases as read; each ReadError counts as failed, each Known as known.

    Extraction runs in ``jobs`` worker processes (None: one per CPU). Each batch of up to
    ``batch_size`` new or changed releases is resolved against the store and the batches before
    it (one IRI per person), mapped and written in one transaction.
    """
    summary = summary or IngestSummary()
    report = on_progress or (lambda source, status: None)
    stamp(store)
    resolver = seeded_resolver(store)
    handled: dict[URIRef, str] = {}  # content hash of every release read in this run, once extracted or queued

    def fail(source: str, reason: str) -> None:
        summary.failed.append((source, reason))
        report(source, "failed")

    def triage(item: Release | ReadError | Known) -> _Task:
        if isinstance(item, Known):
            return _Task(item.source, "known")
        if isinstance(item, ReadError):
            return _Task(item.source, "failed", reason=item.reason)
        try:
            iri = release_iri(item)
            digest = content_hash(item)
        except (ValueError, UnicodeError) as e:
            return _Task(item.source, "failed", reason=f"cannot be identified: {e}")
        known = handled.get(iri) or store.release_hash(iri)
        if known == digest:
            return _Task(item.source, "unchanged")
        handled[iri] = digest
        return _Task(item.source, "updated" if known else "ingested", item, iri, digest)

    # every release written in this run: its extraction (less the text, which the store keeps) and
    # the (state, key) its officials were named by, so the names can be checked at the end of the run
    written: dict[URIRef, tuple[Extraction, tuple]] = {}

    def write(graphs: dict[URIRef, list], tasks: list[_Task], named: dict[URIRef, tuple[Extraction, tuple]]) -> None:
        try:
            store.write_quads(graphs)
        except EndpointError:
            raise  # a server that stopped answering would fail every later batch the same way
        except DipgraphError as e:
            if len(graphs) > 1:  # find the release that cannot be stored; write the others
                for iri, quads in graphs.items():
                    write({iri: quads}, [t for t in tasks if t.iri == iri], named)
                return
            for task in tasks:
                fail(task.source, str(e))
            return
        written.update((iri, named[iri]) for iri in graphs)
        for task in tasks:
            setattr(summary, task.status, getattr(summary, task.status) + 1)
            report(task.source, task.status)

    def flush(batch: _Pending) -> None:
        resolver.observe_all(batch.extractions.values())
        graphs: dict[URIRef, list] = {}
        named: dict[URIRef, tuple[Extraction, tuple]] = {}
        for iri, extraction in batch.extractions.items():
            try:
                graphs[iri] = map_quads(extraction, resolver=resolver)
            except Exception as e:  # noqa: BLE001 - one release that cannot be mapped must not stop the batch
                for task in batch.tasks:
                    if task.iri == iri:
                        fail(task.source, f"cannot be mapped to RDF: {e}")
                continue
            named[iri] = (extraction.with_text(""), _identities(extraction, resolver))
        write(graphs, [t for t in batch.tasks if t.iri in graphs], named)

    pending = _Pending()
    with Extractor(jobs) as extractor:
        for task, extraction in extractor.map(map(triage, items), lambda t: t.release):
            if task.status == "known":
                summary.known = (summary.known or 0) + 1
                report(task.source, "known")
            elif task.status == "failed":
                fail(task.source, task.reason)
            elif task.status == "unchanged":
                summary.unchanged += 1
                report(task.source, "unchanged")
            elif isinstance(extraction, ExtractionFailure):
                handled.pop(task.iri, None)
                fail(task.source, f"extraction failed: {extraction.reason}")
            else:
                pending.add(task, extraction)
                if task.release.date is None:
                    summary.warnings.append((task.source, NO_DATE))
                if len(pending) >= batch_size:
                    flush(pending)
                    pending = _Pending()
        flush(pending)
    summary.renamed = rename(store, written, resolver, batch_size=batch_size)
    store.flush()
    return summary


def rename(store: GraphStore, written: dict[URIRef, tuple[Extraction, tuple]], resolver: Resolver, *,
           batch_size: int = BATCH_SIZE) -> int:
    """Map again, and replace, each release of ``written`` whose officials ``resolver`` now names
    otherwise than when it was written; returns how many were replaced.

    A batch is named by what was read before it: "Lavrov" in an early batch may have become
    "Sergey Lavrov" of RUS only once a later batch named him in full. After this, every release of
    the run names each person as the whole run (and the store before it) does.
    """
    stale = [iri for iri, (extraction, used) in written.items() if _identities(extraction, resolver) != used]
    for start in range(0, len(stale), batch_size):
        graphs = {}
        for iri in stale[start:start + batch_size]:
            text = store.release_text(iri)
            if text is None:
                continue  # removed meanwhile by another writer
            graphs[iri] = map_quads(written[iri][0].with_text(text), resolver=resolver)
        store.write_quads(graphs)
    return len(stale)


def _identities(extraction: Extraction, resolver: Resolver) -> tuple:
    """The (state, key) of each official, as :func:`dipgraph.mapping.map_quads` names them."""
    publisher_country = extraction.release.publisher_country
    return tuple(identify(official, resolver, publisher_country) for official in extraction.officials)
