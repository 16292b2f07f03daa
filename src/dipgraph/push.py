"""Push: copy the local store's named graphs to a SPARQL server, sending only what changed.

What was pushed where is kept in the store folder, one JSON file per endpoint under
``dipgraph-push/``: for each graph the SHA-256 of the exact N-Triples text the server acknowledged.
A graph is recorded only after the server answered 2xx for it, so the record never claims more than
the server has; a push cut short (by a failure or a kill) re-sends at most the graphs whose record had
not yet been saved, which is harmless because every write replaces a whole graph. Graphs that were
pushed earlier and have since left the store are removed from the server; graphs the server holds
from elsewhere are never touched.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from dipgraph.errors import EndpointError, StoreError, StoreLockedError
from dipgraph.remote import Endpoint
from dipgraph.store import GraphStore
from dipgraph.terms import nt_lines

STATE_DIR = "dipgraph-push"
"""The folder, inside the store folder, that holds one push record per endpoint."""

SAVE_EVERY = 100
"""Graphs acknowledged between two saves of the record (it is saved at the end and on failure too)."""
SAVE_SECONDS = 5.0


@dataclass
class PushSummary:
    sent: list[URIRef] = field(default_factory=list)
    unchanged: int = 0
    removed: list[URIRef] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.sent)} graphs sent, {self.unchanged} unchanged, {len(self.removed)} removed"


def state_path(store_path: Path, endpoint_url: str) -> Path:
    """Where the record of pushes from ``store_path`` to ``endpoint_url`` is kept."""
    readable = re.sub(r"[^A-Za-z0-9]+", "-", re.sub(r"^\w+://", "", endpoint_url)).strip("-")[:60]
    digest = hashlib.sha256(endpoint_url.encode("utf-8")).hexdigest()[:12]
    return Path(store_path) / STATE_DIR / f"{readable}-{digest}.json"


class PushRecord:
    """The graphs (and the digest of each) that an endpoint acknowledged, saved atomically.

    Holding it takes an exclusive lock, so two pushes from one store to one endpoint cannot interleave.
    """

    def __init__(self, path: Path, endpoint_url: str):
        self.path = path
        self.endpoint_url = endpoint_url
        self.graphs: dict[str, str] = {}
        self._lock = None
        self._unsaved = 0
        self._saved_at = time.monotonic()

    def __enter__(self) -> PushRecord:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.path.with_suffix(".lock"), "w")
        except OSError as e:
            raise StoreError(f"cannot keep the push record in {self.path.parent}: {e.strerror or e}") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            self._lock.close()
            if e.errno in (errno.EAGAIN, errno.EACCES):
                raise StoreLockedError(f"another push from this store to {self.endpoint_url} is running "
                                       f"(lock: {self.path.with_suffix('.lock')})") from None
            raise
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.graphs = dict(data["graphs"])
            except (OSError, ValueError, KeyError, TypeError) as e:
                self.__exit__()
                raise StoreError(f"the push record {self.path} is unreadable ({e}); "
                                 f"delete it and push with --all") from None
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.close()  # closing releases the lock
            self._lock = None

    def record(self, name: str, digest: str) -> None:
        self.graphs[name] = digest
        self._changed()

    def forget(self, name: str) -> None:
        self.graphs.pop(name, None)
        self._changed()

    def _changed(self) -> None:
        self._unsaved += 1
        if self._unsaved >= SAVE_EVERY or time.monotonic() - self._saved_at >= SAVE_SECONDS:
            self.save()

    def save(self) -> None:
        """Write the record to a temporary file, sync it and rename it over the old one."""
        data = {"endpoint": self.endpoint_url, "graphs": dict(sorted(self.graphs.items()))}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as e:
            Path(tmp).unlink(missing_ok=True)
            raise StoreError(f"cannot save the push record {self.path}: {e.strerror or e}") from None
        self._unsaved = 0
        self._saved_at = time.monotonic()


def graph_text(store: GraphStore, name: URIRef) -> list[str]:
    """One stored graph as sorted N-Triples lines: the body sent, and what its digest is taken of."""
    quads = store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
    return sorted(nt_lines(quads))


def digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def push(store: GraphStore, endpoint: Endpoint, *, force: bool = False, state_dir: Path | None = None,
         on_progress: Callable[[URIRef, str], None] | None = None) -> PushSummary:
    """Send every named graph of ``store`` that changed since the last push to ``endpoint``.

    ``force`` sends every graph. ``on_progress(graph, status)`` is called once per graph with status
    ``sent``, ``unchanged`` or ``removed``. A failure raises :class:`EndpointError`; what was sent
    before it stays on the server and in the record.
    """
    base = state_dir or store.path
    if base is None:
        raise StoreError("an in-memory store keeps no push record: push from a store folder")
    report = on_progress or (lambda name, status: None)
    summary = PushSummary()
    names = store.graph_names()
    with PushRecord(state_path(base, endpoint.url), endpoint.url) as record:
        try:
            for name in names:
                lines = graph_text(store, name)
                fingerprint = digest(lines)
                if not force and record.graphs.get(str(name)) == fingerprint:
                    summary.unchanged += 1
                    report(name, "unchanged")
                    continue
                endpoint.replace_graph(name, lines)
                record.record(str(name), fingerprint)
                summary.sent.append(name)
                report(name, "sent")
            local = {str(n) for n in names}
            for gone in sorted(set(record.graphs) - local):
                endpoint.drop_graph(URIRef(gone))
                record.forget(gone)
                summary.removed.append(URIRef(gone))
                report(URIRef(gone), "removed")
        except EndpointError as e:
            if not summary.sent:
                raise
            raise EndpointError(f"{e} ({len(summary.sent)} graphs sent before the failure are complete on "
                                f"the server and recorded; push again to send the rest)") from None
        finally:
            record.save()
    return summary
