"""How many distinct officials a corpus names before and after resolution.

    python benchmarks/officials_resolution.py                 # the bulk corpus (../shared/bulk)
    python benchmarks/officials_resolution.py --input my.jsonl.gz

Before: distinct (state, name key) pairs, as each release alone names its officials. After: distinct
identities once one Resolver has seen the whole corpus (what an ingest into an empty store, or a
rebuild, gives). Prints figures, never asserts.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = REPO.parent / "shared" / "bulk" / "releases.jsonl.gz"
FOLLOWED = ("Vladimir Putin", "Sergey Lavrov", "Antony Blinken")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args()
    if not args.input.exists():
        sys.exit(f"no input at {args.input} (give --input)")

    from dipgraph.read import read_sources
    from dipgraph.resolve import Resolver, person_key
    from dipgraph.workers import Extractor, ExtractionFailure

    mentions = []  # (name, state, publishing state) of every official
    with Extractor(args.jobs) as extractor:
        for release, extraction in extractor.map(read_sources([str(args.input)]), lambda r: r if hasattr(r, "text") else None):
            if extraction is None or isinstance(extraction, ExtractionFailure):
                continue
            publisher = extraction.release.publisher_country
            mentions += [(o.name, o.country, publisher) for o in extraction.officials]
    resolver = Resolver()
    for name, country, publisher in mentions:
        resolver.observe(name, country, publisher)
    before = {(country, person_key(name)) for name, country, _ in mentions}
    names_of: dict[tuple, set[str]] = {}
    for name, country, publisher in mentions:
        names_of.setdefault(resolver.identify(name, country, publisher), set()).add(name)
    print(f"{len(mentions):,} officials named; {len(before):,} distinct (state, name key) before resolution, "
          f"{len(names_of):,} after")
    for person in FOLLOWED:
        surname = person.split()[-1]
        ids = sorted(i for i, names in names_of.items() if any(n.split()[-1] == surname for n in names)
                     and i[1].endswith(person_key(surname)))
        print(f"people named {surname} ({person} and any other): {', '.join(f'{c}/{k} ({len(names_of[(c, k)])} spellings)' for c, k in ids)}")


if __name__ == "__main__":
    main()
