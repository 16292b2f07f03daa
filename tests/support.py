"""Helpers shared by the integrity tests: store dumps and synthetic release archives."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pyoxigraph as ox

from dipgraph.store import GraphStore

SEED = Path(__file__).resolve().parents[1] / "data" / "examples" / "kor-2016-06-13-lavrov-moscow.txt"


def nquads(store: GraphStore | Path | str, graph=None) -> list[str]:
    """The store's quads (or one graph's) as sorted N-Quads lines: equal lists mean equal stores."""
    if not isinstance(store, GraphStore):
        with GraphStore(store, read_only=True, check_format=False) as opened:
            return nquads(opened, graph)
    if graph is not None:
        return sorted(f"{q} ." for q in store.quads(graph))
    return sorted(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def graphs_by_name(store: GraphStore | Path | str) -> dict[str, list[str]]:
    """Each named graph's sorted N-Quads lines, by graph name."""
    result: dict[str, list[str]] = {}
    for line in nquads(store):
        name = line.rsplit(" ", 2)[-2]
        result.setdefault(name, []).append(line)
    return result


def synthetic_records(count: int, *, seed: int = 8) -> list[dict]:
    """``count`` archive records made by recombining the paragraphs of the shipped sample release,
    each with its own URL, id, date and title (no copy of any other text)."""
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    rng = random.Random(seed)
    records = []
    for i in range(count):
        body = "\n\n".join(rng.sample(paragraphs, k=min(3, len(paragraphs))))
        records.append({
            "id": f"synthetic:{i}",
            "url": f"https://example.org/releases/{i}",
            "publisher": "Ministry of Foreign Affairs",
            "date": f"{2010 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "title": f"Foreign Minister Meets Counterpart ({i})",
            "text": body,
        })
    return records


def write_jsonl(path: Path, records: list) -> Path:
    """Records (dicts, or raw lines as str) as a JSON Lines file."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def by_value(triple):
    """A triple whose literals compare by value: rdflib rewrites some lexical forms as it parses
    ("…Z" becomes "…+00:00"), where Oxigraph keeps the canonical XSD form."""
    from rdflib import Literal

    return tuple((type(t), t.datatype, t.language, t.value if t.value is not None else str(t))
                 if isinstance(t, Literal) else t for t in triple)


_NAMED = re.compile(r"<https://w3id\.org/dipgraph/id/(person|post|evidence)/[^>]*>")
_STATE_OF_NAMED = re.compile(r"^(<(?:person|post)> <https://w3id\.org/dipgraph/ns#country> )<[^>]*>")


def named_apart(lines: list[str]) -> list[str]:
    """N-Quads lines with the IRIs that depend on how officials are named (people, their posts, the
    evidence for both) replaced by their kind, and so the state they serve: two mappings of one
    release that differ only in how a resolver named its officials give the same lines."""
    return sorted({_STATE_OF_NAMED.sub(r"\1<country>", _NAMED.sub(r"<\1>", line)) for line in lines})
