"""The ``dipgraph`` command line: parses options, calls the library, maps errors to exit codes.

Exit codes: 0 success; 1 some inputs failed (the rest were processed) or a check failed;
2 usage error; 3 the store or an endpoint could not be used.
"""
from __future__ import annotations

import json
import sys

import click

from dipgraph import __version__
from dipgraph.errors import DipgraphError, ReadError
from dipgraph.read import MAX_BYTES

EXIT_PARTIAL = 1
EXIT_FATAL = 3


class _Group(click.Group):
    """Turns library errors into one clear line and an exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DipgraphError as e:
            click.echo(f"dipgraph: error: {e}", err=True)
            ctx.exit(EXIT_FATAL)


def _size(value: str) -> int | None:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = value.strip().lower().rstrip("b")
    if text in ("0", "none", "unlimited"):
        return None
    factor = units.get(text[-1:], 1)
    return int(float(text.rstrip("kmg")) * factor)


source_options = [
    click.argument("sources", nargs=-1, required=True),
    click.option("--publisher", help="Publisher name for inputs that do not say (text files)."),
    click.option("--publisher-country", metavar="ISO3", help="ISO 3166-1 alpha-3 code of the publishing state."),
    click.option("--max-size", default=str(MAX_BYTES // (1024 * 1024)) + "M", show_default=True,
                 help="Refuse inputs larger than this (e.g. 50M; 0 for no limit)."),
]


def with_source_options(func):
    for option in reversed(source_options):
        func = option(func)
    return func


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dipgraph")
def cli():
    """Turn diplomatic press releases into an RDF knowledge graph of bilateral relations."""


@cli.command()
@with_source_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="jsonl: one record per line; json: one pretty-printed array.")
def extract(sources, publisher, publisher_country, max_size, fmt):
    """Print what is extracted from SOURCES (files, folders, .jsonl[.gz], URLs or - for stdin).

    Nothing is stored. Records follow the extraction JSON schema.
    """
    from dipgraph.extract import extract as run_extract
    from dipgraph.read import read_sources

    failed = 0
    records = []
    for item in read_sources(sources, max_bytes=_size(max_size), publisher=publisher,
                             publisher_country=publisher_country and publisher_country.upper()):
        if isinstance(item, ReadError):
            failed += 1
            click.echo(f"dipgraph: skipped {item}", err=True)
            continue
        record = run_extract(item).to_record()
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            records.append(record)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(EXIT_PARTIAL)


def main():
    cli(prog_name="dipgraph")
