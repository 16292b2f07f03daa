"""What wrote a store: the dipgraph, ontology and extractor versions and the store format.

They live in the store's own graph :data:`STORE_GRAPH`. A store whose format or ontology version
differs from this dipgraph's cannot be read as it is; ``dipgraph rebuild`` re-extracts its releases
with this version, from the text each release graph keeps.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF

from dipgraph.errors import StoreFormatError
from dipgraph.namespace import DIP, GRAPH

STORE_GRAPH = GRAPH["store"]
"""The graph that describes the store itself."""

STORE_FORMAT = 1
"""How releases are laid out in the store (one named graph per release, keeping its text).
Raise it whenever a store written before cannot be read the same way."""


@dataclass(frozen=True)
class StoreInfo:
    dipgraph_version: str
    ontology_version: str
    extractor_version: str
    store_format: int


@cache
def ontology_version() -> str:
    """The ``owl:versionInfo`` of the bundled ontology."""
    from dipgraph.resources import ontology_file

    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    ontology = ox.NamedNode(str(DIP._NS).rstrip("#"))
    for quad in store.quads_for_pattern(ontology, ox.NamedNode(str(OWL.versionInfo)), None):
        return quad.object.value
    raise LookupError("the bundled ontology has no owl:versionInfo")


def current_info() -> StoreInfo:
    """The versions of this dipgraph."""
    from dipgraph import __version__
    from dipgraph.extract import EXTRACTOR_VERSION

    return StoreInfo(__version__, ontology_version(), EXTRACTOR_VERSION, STORE_FORMAT)


def info_graph(info: StoreInfo) -> Graph:
    g = Graph(identifier=STORE_GRAPH)
    g.add((STORE_GRAPH, RDF.type, DIP.Store))
    g.add((STORE_GRAPH, DIP.dipgraphVersion, Literal(info.dipgraph_version)))
    g.add((STORE_GRAPH, DIP.ontologyVersion, Literal(info.ontology_version)))
    g.add((STORE_GRAPH, DIP.extractorVersion, Literal(info.extractor_version)))
    g.add((STORE_GRAPH, DIP.storeFormat, Literal(info.store_format)))
    return g


def read_info(store: ox.Store) -> StoreInfo | None:
    """What the store says wrote it, or None when it does not say (new, or written before versions were kept)."""
    graph = ox.NamedNode(str(STORE_GRAPH))
    values = {q.predicate.value: q.object.value for q in store.quads_for_pattern(graph, None, None, graph)}
    if str(DIP.storeFormat) not in values:
        return None
    try:
        store_format = int(values[str(DIP.storeFormat)])
    except ValueError:
        store_format = -1
    return StoreInfo(values.get(str(DIP.dipgraphVersion), "unknown"), values.get(str(DIP.ontologyVersion), "unknown"),
                     values.get(str(DIP.extractorVersion), "unknown"), store_format)


def check_compatible(store: ox.Store, location: object) -> None:
    """Raise :class:`StoreFormatError` when ``store`` was written by an incompatible dipgraph."""
    from dipgraph import __version__

    found = read_info(store)
    if found is None or (found.store_format, found.ontology_version) == (STORE_FORMAT, ontology_version()):
        return
    raise StoreFormatError(
        f"the store at {location} was written by dipgraph {found.dipgraph_version} (store format "
        f"{found.store_format}, ontology {found.ontology_version}); this dipgraph {__version__} uses store "
        f"format {STORE_FORMAT}, ontology {ontology_version()}: run `dipgraph rebuild --store {location}` "
        f"to re-extract its releases with this version")
