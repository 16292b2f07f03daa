"""Store: the embedded, persistent, transactional quad store (Oxigraph through pyoxigraph).

Each release's facts live in a named graph named by the release's IRI; country reference data in
:data:`~dipgraph.mapping.COUNTRIES_GRAPH`. Writes go through :meth:`GraphStore.write_graphs`, which
applies a whole batch in one transaction: after a crash every release is either wholly present or
absent.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from dipgraph.errors import StoreError, StoreLockedError
from dipgraph.lock import WriterLock, in_use_message, lock_holder
from dipgraph.namespace import DIP
from dipgraph.storeinfo import check_compatible

STORE_ENV = "DIPGRAPH_STORE"
DEFAULT_STORE = "dipgraph-store"
"""The store folder used when neither ``--store`` nor ``$DIPGRAPH_STORE`` names one (in the working directory)."""


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


# ---------------------------------------------------------------- rdflib ⇄ pyoxigraph terms

def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term):
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # the lexical form as stored: rdflib would otherwise rewrite some ("…Z" as "…+00:00")
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype), normalize=False)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


def graph_quads(graph: Graph) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as quads in the graph named by its identifier."""
    name = to_ox(graph.identifier)
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


def quads_graph(name: URIRef | None, quads: Iterable[ox.Quad]) -> Graph:
    """Quads as an rdflib graph named ``name`` (their own graph names are ignored)."""
    g = Graph(identifier=name) if name is not None else Graph()
    for quad in quads:
        g.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return g


def same_quads(quads: list[ox.Quad], graph: Graph) -> bool:
    """Whether ``quads`` are exactly ``graph``'s triples in the graph it names, term for term."""
    return len(quads) == len(graph) and set(quads) == set(graph_quads(graph))


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
        node = to_ox(release)
        for quad in self._store.quads_for_pattern(node, to_ox(DIP.contentHash), None, node):
            return quad.object.value
        return None

    def quads(self, name: URIRef) -> list[ox.Quad]:
        """The quads of one named graph, exactly as stored."""
        return list(self._store.quads_for_pattern(None, None, None, to_ox(name)))

    def holds(self, graph: Graph) -> bool:
        """Whether the store's graph of the same name holds exactly ``graph``'s triples."""
        return same_quads(self.quads(graph.identifier), graph)

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
        """Write ``graphs`` in one transaction, each replacing any graph of the same name, and drop
        the graphs named in ``remove`` in the same transaction.

        Either every change is made or none is.
        """
        self._check_writable()
        graphs = list(graphs)
        remove = [n for n in remove if n not in {g.identifier for g in graphs}]
        if not graphs and not remove:
            return
        quads = []
        for g in graphs:
            try:
                quads.append(list(graph_quads(g)))
            except (TypeError, ValueError, UnicodeError) as e:
                raise StoreError(f"cannot store {g.identifier}: {e}") from None
        existing = [g for g in graphs if replace and self.has_graph(g.identifier)]
        try:
            if not existing and not remove:
                self._store.extend(q for qs in quads for q in qs)
            else:
                # Dropping and re-inserting in one SPARQL Update keeps the replacement atomic.
                operations = [f"DROP SILENT GRAPH {to_ox(n)}" for n in remove]
                operations += [_replace_operation(g.identifier, qs) for g, qs in zip(graphs, quads)]
                self._store.update(" ;\n".join(operations))
        except (OSError, RuntimeError, SyntaxError, ValueError) as e:
            raise StoreError(f"writing to the store at {self.path} failed, nothing was written: {e}") from None

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


def _replace_operation(name: URIRef, quads: list[ox.Quad]) -> str:
    # pyoxigraph terms print in N-Triples syntax, escaped: safe to embed in an update.
    node = to_ox(name)
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n{body}\n}} }}"


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
