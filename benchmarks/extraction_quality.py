"""Extraction quality: run the shared scorer on the annotated dev and HTML corpora and print its tables.

Usage: python benchmarks/extraction_quality.py [--shared ../shared] [--show]

Needs the read-only ``shared`` folder beside the checkout (scorer and corpora); the figures of the last
run are kept in benchmarks/README.md under "Extraction quality".
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--show", action="store_true", help="list every miss and false hit")
    args = ap.parse_args()
    scorer = args.shared / "tools" / "score.py"
    if not scorer.exists():
        print(f"no scorer at {scorer}: the shared corpora are not beside this checkout", file=sys.stderr)
        return 2
    dipgraph = Path(sys.executable).with_name("dipgraph")
    for corpus in ("dev", "html"):
        folder = args.shared / "corpus" / corpus
        cmd = [sys.executable, str(scorer), str(folder), "--run", f"{dipgraph} extract {{dir}} --format jsonl"]
        if args.show:
            cmd.append("--show")
        started = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        print(f"## {corpus} ({time.perf_counter() - started:.1f} s)\n{out.stdout}{out.stderr}")
        if out.returncode:
            return out.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
