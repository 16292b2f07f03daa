"""Store: the embedded, persistent, transactional quad store (Oxigraph through pyoxigraph).

Each release's facts live in a named graph named by the release's IRI; country reference data in
:data:`~dipgraph.mapping.COUNTRIES_GRAPH`. Writes go through :meth:`GraphStore.write_graphs`, which
applies a whole batch in one transaction: after a crash every release is either wholly present or
absent.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef

from dipgraph.errors import StoreError, StoreLockedError
from dipgraph.lock import WriterLock, in_use_message, lock_holder
from dipgraph.namespace import DIP
from dipgraph.storeinfo import check_compatible
from dipgraph.terms import from_ox, graph_quads, nt_lines, quads_graph, same_quads, to_ox  # noqa: F401 - re-exported

T = TypeVar("T")

STORE_ENV = "DIPGRAPH_STORE"
DEFAULT_STORE = "dipgraph-store"
"""The store folder used when neither ``--store`` nor ``$DIPGRAPH_STORE`` names one (in the working directory)."""


OFFICIALS_SEEN = """
SELECT ?name (STRAFTER(STR(?state), "/country/") AS ?country) (COUNT(*) AS ?mentions) WHERE {
  { SELECT * WHERE { GRAPH ?release { ?release <https://w3id.org/dipgraph/ns#mentionsOfficial> ?person } } }
  { SELECT * WHERE { GRAPH ?release { ?person <https://schema.org/name> ?name } } }
  OPTIONAL { SELECT * WHERE { GRAPH ?release { ?person <https://w3id.org/dipgraph/ns#country> ?state } } }
} GROUP BY ?name ?state
"""
"""How often each name of an official is stored, with the state: what a resolver is seeded with. (One
subquery per pattern, and states read once per group: 3.3 → 0.7 s on a store of 19,000 releases.)"""


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


# ---------------------------------------------------------------- the store

class GraphStore:
    """An Oxigraph store in a folder (or in memory when ``path`` is None).

    A writer first takes the store's :class:`~dipgraph.lock.WriterLock`, waiting up to ``wait``
    seconds for another writer to finish; readers (``read_only``) never wait and see the store as
    it was when they opened it. Unless ``check_format`` is false, a store written by an
    incompatible dipgraph is refused with a :class:`~dipgraph.errors.StoreFormatError`.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, create: bool = True,
                 wait: float = 0.0, check_format: bool = True):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._store = None
        self._lock = None
        if self.path is None:
            self._store = ox.Store()
        elif read_only:
            if not (self.path / "CURRENT").exists():
                raise StoreError(f"no dipgraph store at {self.path} (ingest releases first, "
                                 f"or name the store with --store or ${STORE_ENV})")
            self._store = _open_read_only(self.path)
        else:
            if not create and not (self.path / "CURRENT").exists():
                raise StoreError(f"no dipgraph store at {self.path}")
            deadline = time.monotonic() + wait
            self._lock = WriterLock(self.path, wait=wait)
            try:
                self._lock.acquire()
            except OSError as e:
                raise StoreError(f"cannot open the store at {self.path}: {e.strerror or e}") from None
            try:
                self._store = _open_read_write(self.path, deadline, wait)
            except BaseException:
                self._lock.release()
                raise
        if check_format:
            try:
                check_compatible(self._store, self.path)
            except StoreError:
                self.close()
                raise

    # -- reading

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._store

    def release_hash(self, release: URIRef) -> str | None:
        """The content hash stored for ``release``, or None when it is not in the store."""
        return self._release_value(release, DIP.contentHash)

    def release_text(self, release: URIRef) -> str | None:
        """The text stored for ``release`` (``dip:text``), or None when it is not in the store."""
        return self._release_value(release, DIP.text)

    def _release_value(self, release: URIRef, predicate: URIRef) -> str | None:
        node = to_ox(release)
        for quad in self._store.quads_for_pattern(node, to_ox(predicate), None, node):
            return quad.object.value
        return None

    def quads(self, name: URIRef) -> list[ox.Quad]:
        """The quads of one named graph, exactly as stored."""
        return list(self._store.quads_for_pattern(None, None, None, to_ox(name)))

    def holds(self, graph: Graph) -> bool:
        """Whether the store's graph of the same name holds exactly ``graph``'s triples."""
        return same_quads(self.quads(graph.identifier), graph)

    def officials_seen(self) -> list[tuple[str, str | None, int]]:
        """``(name, state, mentions)`` for every name an official is stored under."""
        return [(row["name"].value, row["country"].value if row["country"] is not None and row["country"].value else None,
                 int(row["mentions"].value)) for row in self.query(OFFICIALS_SEEN)]

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, name: URIRef) -> bool:
        return self._store.contains_named_graph(to_ox(name))

    def graph(self, name: URIRef | None) -> Graph:
        """A copy of one named graph (the default graph when ``name`` is None) as an rdflib graph."""
        return quads_graph(name, self._store.quads_for_pattern(
            None, None, None, to_ox(name) if name is not None else ox.DefaultGraph()))

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str):
        """Run SPARQL on the store; raw pyoxigraph results (see :mod:`dipgraph.query` for the friendly API)."""
        try:
            return self._store.query(sparql)
        except SyntaxError as e:
            from dipgraph.errors import QueryError

            raise QueryError(f"the query is not valid SPARQL: {e}") from None
        except (OSError, RuntimeError) as e:
            raise StoreError(f"the store at {self.path} could not be read: {e}") from None

    # -- writing

    def write_graphs(self, graphs: Iterable[Graph], *, replace: bool = True, remove: Iterable[URIRef] = ()) -> None:
        """Write rdflib ``graphs`` in one transaction, as :meth:`write_quads` does."""
        named = {}
        for g in graphs:
            try:
                named[g.identifier] = list(graph_quads(g))
            except (TypeError, ValueError, UnicodeError) as e:
                raise StoreError(f"cannot store {g.identifier}: {e}") from None
        self.write_quads(named, replace=replace, remove=remove)

    def write_quads(self, graphs: Mapping[URIRef, list[ox.Quad]], *, replace: bool = True,
                    remove: Iterable[URIRef] = ()) -> None:
        """Write named graphs (name → its quads) in one transaction, each replacing any graph of the
        same name, and drop the graphs named in ``remove`` in the same transaction.

        Either every change is made or none is.
        """
        self._check_writable()
        remove = [n for n in remove if n not in graphs]
        if not graphs and not remove:
            return
        existing = replace and any(self.has_graph(name) for name in graphs)
        try:
            if existing or remove:
                # One SPARQL Update keeps the replacement atomic; it carries only the difference,
                # which for a release extracted again is a few quads beside its unchanged text.
                operations = [f"DROP SILENT GRAPH {to_ox(n)}" for n in remove]
                operations += [self._difference(name, qs) for name, qs in graphs.items()]
                if operations := [op for op in operations if op]:
                    self._store.update(" ;\n".join(operations))
            elif self.path is not None:
                # New graphs only: Oxigraph's bulk loader writes them as sorted files that the database
                # takes in at commit, in one atomic ingestion; three times the speed of a transaction.
                self._store.bulk_extend(q for qs in graphs.values() for q in qs)
            else:
                self._store.extend(q for qs in graphs.values() for q in qs)
        except (OSError, RuntimeError, SyntaxError, ValueError) as e:
            raise StoreError(f"writing to the store at {self.path} failed, nothing was written: {e}") from None

    def _difference(self, name: URIRef, quads: list[ox.Quad]) -> str:
        """The SPARQL Update that turns the stored graph ``name`` into ``quads``."""
        node = to_ox(name)
        old, new = set(self._store.quads_for_pattern(None, None, None, node)), set(quads)
        operations = []
        if old - new:
            operations.append(f"DELETE DATA {{ GRAPH {node} {{\n{_data(old - new)}\n}} }}")
        if new - old:
            operations.append(f"INSERT DATA {{ GRAPH {node} {{\n{_data(new - old)}\n}} }}")
        return " ;\n".join(operations)

    def remove_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs in one transaction."""
        self.write_graphs([], remove=names)

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        if self._store is not None:
            self.flush()
            self._store = None  # dropping the last reference closes Oxigraph and frees its LOCK
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} was opened read-only")


def _data(quads: Iterable[ox.Quad]) -> str:
    return "\n".join(nt_lines(quads))


def read_store(path: Path | str, work: Callable[[GraphStore], T], *, attempts: int = 5) -> T:
    """``work(store)`` on a read-only view of the store at ``path``.

    A view reads the files the store had when it was opened; a writer that compacts the store
    meanwhile may delete some of them, and the read then fails with "No such file". The work is
    then done again on a fresh view, up to ``attempts`` times: readers never wait for writers.
    """
    for attempt in range(1, attempts + 1):
        with GraphStore(path, read_only=True) as store:
            try:
                return work(store)
            except (OSError, StoreError) as e:
                vanished = isinstance(e, FileNotFoundError) or "No such file" in str(e)
                if not vanished or attempt == attempts:
                    raise
    raise AssertionError("unreachable")


_OPEN_PATIENCE = 5.0
"""Seconds a reader keeps trying to open a store that a writer is changing under it."""


def _open_read_only(path: Path) -> ox.Store:
    # A reader opens the files the store's manifest lists at that moment; a writer may be creating
    # the store, or compacting it and deleting files that manifest still names. Oxigraph then
    # fails (RuntimeError or OSError); an attempt a moment later sees the next manifest.
    deadline = time.monotonic() + _OPEN_PATIENCE
    delay = 0.02
    while True:
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as e:
            if time.monotonic() + delay > deadline:
                raise StoreError(f"cannot open the store at {path}: {e}") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _open_read_write(path: Path, deadline: float, wait: float) -> ox.Store:
    # The writer lock keeps dipgraph writers apart; another program (``oxigraph serve``) holding
    # Oxigraph's own LOCK is waited for until the same deadline.
    while True:
        try:
            return ox.Store(str(path))
        except OSError as e:
            if "lock" not in str(e).lower():
                raise StoreError(f"cannot open the store at {path}: {e}") from None
            if time.monotonic() >= deadline:
                raise StoreLockedError(in_use_message(path, lock_holder(path / "LOCK"), wait)) from None
            time.sleep(0.1)
