"""Store: the embedded, persistent, transactional quad store (Oxigraph through pyoxigraph).

Each release's facts live in a named graph named by the release's IRI; country reference data in
:data:`~dipgraph.mapping.COUNTRIES_GRAPH`. Writes go through :meth:`GraphStore.write_graphs`, which
applies a whole batch in one transaction: after a crash every release is either wholly present or
absent.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from dipgraph.errors import StoreError, StoreLockedError
from dipgraph.namespace import DIP

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
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


def graph_quads(graph: Graph) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as quads in the graph named by its identifier."""
    name = to_ox(graph.identifier)
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


# ---------------------------------------------------------------- the store

class GraphStore:
    """An Oxigraph store in a folder (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, create: bool = True):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"no dipgraph store at {self.path} (ingest releases first, "
                                     f"or name the store with --store or ${STORE_ENV})")
                self._store = ox.Store.read_only(str(self.path))
            else:
                if not create and not self.path.exists():
                    raise StoreError(f"no dipgraph store at {self.path}")
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreLockedError(f"the store at {self.path} is in use by another writer: {e}") from None
            raise StoreError(f"cannot open the store at {self.path}: {e}") from None

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

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, name: URIRef) -> bool:
        return self._store.contains_named_graph(to_ox(name))

    def graph(self, name: URIRef | None) -> Graph:
        """A copy of one named graph (the default graph when ``name`` is None) as an rdflib graph."""
        g = Graph(identifier=name) if name is not None else Graph()
        for quad in self._store.quads_for_pattern(None, None, None, to_ox(name) if name is not None else ox.DefaultGraph()):
            g.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return g

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str):
        """Run SPARQL on the store; raw pyoxigraph results (see :mod:`dipgraph.query` for the friendly API)."""
        try:
            return self._store.query(sparql)
        except SyntaxError as e:
            from dipgraph.errors import QueryError

            raise QueryError(f"the query is not valid SPARQL: {e}") from None
        except OSError as e:
            raise StoreError(f"the store could not be read: {e}") from None

    # -- writing

    def write_graphs(self, graphs: Iterable[Graph], *, replace: bool = True) -> None:
        """Write ``graphs`` in one transaction, each replacing any graph of the same name.

        Either every graph is written or none is.
        """
        self._check_writable()
        graphs = list(graphs)
        if not graphs:
            return
        existing = [g for g in graphs if replace and self.has_graph(g.identifier)]
        try:
            if not existing:
                self._store.extend(q for g in graphs for q in graph_quads(g))
            else:
                # Dropping and re-inserting in one SPARQL Update keeps the replacement atomic.
                self._store.update(" ;\n".join(_replace_operation(g) for g in graphs))
        except OSError as e:
            raise StoreError(f"writing to the store at {self.path} failed, nothing was written: {e}") from None

    def remove_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs in one transaction."""
        self._check_writable()
        names = list(names)
        if names:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH {to_ox(n)}" for n in names))

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        self._store = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        if self._store is not None:
            self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} was opened read-only")


def _replace_operation(graph: Graph) -> str:
    # pyoxigraph terms print in N-Triples syntax, escaped: safe to embed in an update.
    name = to_ox(graph.identifier)
    body = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in graph)
    return f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"
