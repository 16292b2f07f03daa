"""Extraction in worker processes: releases in, extractions out, in input order.

Extraction is pure Python and CPU-bound, so it runs in processes, one per core by default. The
input is read only as fast as the workers keep up (a bounded number of chunks in flight), so a
corpus of any size streams through in constant memory. With one job everything runs in this
process. Either way a release gives the same extraction: the result never depends on ``jobs``.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from dipgraph.extract import extract
from dipgraph.models import Extraction, Release

T = TypeVar("T")

CHUNK_SIZE = 8
"""Releases sent to a worker at a time: enough to amortise the hand-over, few enough to balance the load."""
IN_FLIGHT = 512
"""Releases handed to the workers and not yet taken back: enough to keep them busy while this
process maps and writes a batch (:data:`dipgraph.pipeline.BATCH_SIZE`), few enough to stream."""


@dataclass(frozen=True)
class ExtractionFailure:
    """Why a release could not be extracted (exceptions themselves do not always cross processes)."""

    reason: str


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_one(release: Release) -> Extraction | ExtractionFailure:
    try:
        return extract(release)
    except Exception as e:  # noqa: BLE001 - one bad release must not stop the run
        return ExtractionFailure(f"{type(e).__name__}: {e}")


def _extract_chunk(releases: list[Release]) -> list[Extraction | ExtractionFailure]:
    results = []
    for release in releases:
        result = extract_one(release)
        if isinstance(result, Extraction) and result.release.text == release.text:
            # the text goes back to the caller, who has it already: don't copy it across again
            result = result.with_text("")
        results.append(result)
    return results


def _worker_start() -> None:
    # Ctrl-C is the parent's to handle: it stops the run and shuts the workers down cleanly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context():
    # forkserver: workers start from a clean process, so they inherit neither the store's open files
    # and locks nor the parent's threads; spawn where there is no forkserver.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["dipgraph.extract"])
    return context


class Extractor:
    """Extracts releases with ``jobs`` worker processes (``None``: one per CPU; 1: in this process).

    Use as a context manager, so the workers stop when the run ends, however it ends.
    """

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs if jobs is not None else default_jobs())
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Extractor:
        if self.jobs > 1:
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=_worker_start)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
            self._pool = None

    def _submit(self, releases: list[Release]) -> Future:
        if self._pool is not None:
            try:
                return self._pool.submit(_extract_chunk, releases)
            except BrokenProcessPool:  # workers that cannot start or were killed: go on without them
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
        done: Future = Future()
        done.set_result(_extract_chunk(releases))
        return done

    def map(self, items: Iterable[T], release_of: Callable[[T], Release | None]
            ) -> Iterator[tuple[T, Extraction | ExtractionFailure | None]]:
        """Each item with the extraction of ``release_of(item)``, in the order of ``items``.

        Items whose ``release_of`` is None pass through with None. ``release_of`` is called on each
        item once, in order, before the items after it are read.
        """
        if self.jobs == 1:
            for item in items:
                release = release_of(item)
                yield item, (None if release is None else extract_one(release))
            return
        pending: deque[tuple[list[tuple[T, Release | None]], Future | None]] = deque()
        limit = max(self.jobs * 2, IN_FLIGHT // CHUNK_SIZE)  # chunks
        for chunk in _chunks(((item, release_of(item)) for item in items), CHUNK_SIZE):
            releases = [release for _, release in chunk if release is not None]
            pending.append((chunk, self._submit(releases) if releases else None))
            while len(pending) > limit:
                yield from _results(*pending.popleft())
        while pending:
            yield from _results(*pending.popleft())


def _chunks(pairs: Iterator[tuple[T, Release | None]], size: int) -> Iterator[list[tuple[T, Release | None]]]:
    chunk: list[tuple[T, Release | None]] = []
    for pair in pairs:
        chunk.append(pair)
        if pair[1] is None or len(chunk) >= size:
            # an item that needs no extraction ends its chunk, so it is reported without waiting
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _results(chunk: list[tuple[T, Release | None]], future: Future | None
             ) -> Iterator[tuple[T, Extraction | ExtractionFailure | None]]:
    if future is None:
        results = iter(())
    else:
        try:
            results = iter(future.result())
        except BrokenProcessPool:  # the worker died under this chunk: extract it here instead
            results = iter(_extract_chunk([r for _, r in chunk if r is not None]))
    for item, release in chunk:
        if release is None:
            yield item, None
            continue
        result = next(results)
        if isinstance(result, Extraction) and not result.release.text and release.text:
            result = result.with_text(release.text)
        yield item, result


__all__ = ["Extractor", "ExtractionFailure", "default_jobs", "extract_one"]
