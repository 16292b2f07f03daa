"""Dump the whole store to an RDF file, and load RDF files (a colleague's dump) into it.

Both go straight through pyoxigraph's parsers and serialisers, which are fast enough for large
stores. Dataset formats (TriG, N-Quads, JSON-LD) keep every named graph, so a dump loaded into an
empty store gives back the same dataset. Turtle holds one graph: its dump is the union of all graphs.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from dipgraph.errors import LoadError, StoreError

DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
"""The formats ``dipgraph dump`` writes, by name."""

LOAD_FORMATS: dict[str, ox.RdfFormat] = {
    **DUMP_FORMATS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
"""The formats ``dipgraph load`` reads, by name (otherwise guessed from the file's extension)."""


def dump_prefixes() -> dict[str, str]:
    """The vocabulary prefixes (instance IRIs stay whole: ``dipid:release\\/…`` would read worse)."""
    from dipgraph.query import PREFIXES

    return {p: iri for p, iri in PREFIXES.items() if p not in ("dipid", "country")}


def dump_store(store, output: BinaryIO | str | Path, fmt: str = "trig") -> int:
    """Write every quad of ``store`` to ``output`` in ``fmt``; returns the number of statements written.

    For ``turtle`` the named graphs are merged into one graph (each triple once).
    """
    if fmt not in DUMP_FORMATS:
        raise LoadError(f"unknown dump format {fmt!r} (choose from {', '.join(DUMP_FORMATS)})")
    rdf_format = DUMP_FORMATS[fmt]
    target = str(output) if isinstance(output, Path) else output
    try:
        if rdf_format.supports_datasets:
            store.oxigraph.dump(target, rdf_format, prefixes=_prefixes_for(rdf_format))
            return len(store.oxigraph)
        triples = list(_union_triples(store.oxigraph))
        ox.serialize(triples, target, rdf_format, prefixes=dump_prefixes())
        return len(triples)
    except OSError as e:
        raise StoreError(f"writing the dump failed: {e}") from None


def _prefixes_for(rdf_format: ox.RdfFormat) -> dict[str, str] | None:
    # N-Quads has no prefixes; JSON-LD output stays plain expanded JSON-LD.
    return dump_prefixes() if rdf_format == ox.RdfFormat.TRIG else None


def _union_triples(store: ox.Store) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for quad in store:
        if quad.triple not in seen:
            seen.add(quad.triple)
            yield quad.triple


@dataclass(frozen=True)
class LoadSummary:
    quads: int
    graphs: int
    """Named graphs in the file."""
    replaced: int
    """Of those, how many replaced a graph of the same name already in the store."""

    def __str__(self) -> str:
        return (f"{self.quads:,} statements in {self.graphs:,} named graph(s) loaded"
                f" ({self.replaced:,} replaced)")


def guess_format(path: Path) -> ox.RdfFormat:
    suffix = path.suffix.lstrip(".").lower()
    found = ox.RdfFormat.from_extension(suffix) if suffix else None
    if suffix == "json":
        found = ox.RdfFormat.JSON_LD
    if found is None:
        raise LoadError(f"{path}: cannot tell the RDF format from the file name; "
                        f"name it with --format ({', '.join(LOAD_FORMATS)})")
    return found


def load_file(store, path: str | Path, *, fmt: str | None = None, graph: str | None = None) -> LoadSummary:
    """Read the RDF file ``path`` into ``store`` in one transaction.

    Each named graph in the file replaces the store's graph of the same name (as ingesting a
    release replaces its graph); triples outside named graphs go to ``graph`` when given, else to
    the default graph. Nothing is written when the file cannot be parsed.
    """
    path = Path(path)
    if store.read_only:
        raise StoreError(f"the store at {store.path} was opened read-only")
    if fmt is not None and fmt not in LOAD_FORMATS:
        raise LoadError(f"unknown format {fmt!r} (choose from {', '.join(LOAD_FORMATS)})")
    rdf_format = LOAD_FORMATS[fmt] if fmt else guess_format(path)
    target = ox.NamedNode(graph) if graph else None
    try:
        # Fresh blank-node ids, so the file's _:b0 never merges with a blank node already stored.
        parsed = ox.parse(path=str(path), format=rdf_format, rename_blank_nodes=True)
        quads = [q if not (target and isinstance(q.graph_name, ox.DefaultGraph)) else
                 ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except SyntaxError as e:
        raise LoadError(f"{path}: not valid {rdf_format.name}: {e}") from None
    except (OSError, ValueError) as e:
        raise LoadError(f"{path}: cannot be read: {e}") from None

    names = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    existing = [n for n in names if store.oxigraph.contains_named_graph(n)]
    try:
        if not existing:
            store.oxigraph.extend(quads)  # atomic: all or nothing
        else:
            # Dropping and re-inserting in one SPARQL Update keeps the replacement atomic; one
            # INSERT DATA keeps blank nodes shared between graphs shared.
            drops = "".join(f"DROP SILENT GRAPH {n} ;\n" for n in existing)
            body = "\n".join(_quad_pattern(q) for q in quads)
            store.oxigraph.update(f"{drops}INSERT DATA {{\n{body}\n}}")
        store.flush()
    except OSError as e:
        raise StoreError(f"writing to the store at {store.path} failed, nothing was written: {e}") from None
    return LoadSummary(quads=len(quads), graphs=len(names), replaced=len(existing))


def _quad_pattern(quad: ox.Quad) -> str:
    # pyoxigraph terms print in N-Triples syntax, escaped: safe to embed in an update.
    triple = f"{quad.subject} {quad.predicate} {quad.object} ."
    if isinstance(quad.graph_name, ox.DefaultGraph):
        return triple
    return f"GRAPH {quad.graph_name} {{ {triple} }}"
