"""Where the ontology, bundled queries and reference data are, installed or in a checkout.

In a wheel they are shipped under ``dipgraph/_bundled``; in a source checkout (editable install or
tests) they are the repository's top-level ``ontology/``, ``queries/`` and ``data/`` folders.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def bundled(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``queries``, ``data``) as shipped or as checked out."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"dipgraph's bundled folder {name!r} is missing from this installation")


def ontology_file() -> Path:
    return bundled("ontology") / "dipgraph.ttl"


def queries_dir() -> Path:
    return bundled("queries")


def data_dir() -> Path:
    return bundled("data")
