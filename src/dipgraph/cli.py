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
from dipgraph.read.url import TIMEOUT

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
    try:
        size = int(float(text.rstrip("kmg")) * factor)
    except ValueError:
        size = -1
    if size <= 0:
        raise click.BadParameter(f"{value!r} is not a size such as 50M (or 0 for no limit)", param_hint="--max-size")
    return size


def _country_code(ctx, param, value: str | None) -> str | None:
    from dipgraph.mapping import is_country

    if value is not None and not is_country(value.strip().upper()):
        raise click.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-3 code such as KOR")
    return value and value.strip().upper()


def _progress(desc: str, quiet: bool):
    """A progress bar on a terminal (None elsewhere) and the callback that advances it."""
    progress = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(unit=" releases", desc=desc, file=sys.stderr, dynamic_ncols=True)

    def report(item: str, status: str) -> None:
        if progress is not None:
            progress.update(1)

    return progress, report


source_options = [
    click.argument("sources", nargs=-1, required=True),
    click.option("--publisher", help="Publisher name for inputs that do not say (text files)."),
    click.option("--publisher-country", metavar="ISO3", callback=_country_code,
                 help="ISO 3166-1 alpha-3 code of the publishing state."),
    click.option("--max-size", default=str(MAX_BYTES // (1024 * 1024)) + "M", show_default=True,
                 help="Refuse inputs (and archive records) larger than this (e.g. 50M; 0 for no limit)."),
    click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=TIMEOUT, show_default=True,
                 metavar="SECONDS", help="Give up on a URL that has not answered after this long."),
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
def extract(sources, publisher, publisher_country, max_size, timeout, fmt):
    """Print what is extracted from SOURCES (files, folders, .jsonl[.gz], URLs or - for stdin).

    Nothing is stored. Records follow the extraction JSON schema.
    """
    from dipgraph.extract import extract as run_extract
    from dipgraph.read import read_sources

    failed = 0
    records = []
    for item in read_sources(sources, max_bytes=_size(max_size), publisher=publisher,
                             publisher_country=publisher_country, timeout=timeout):
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


store_option = click.option(
    "--store", "store_path", type=click.Path(file_okay=False), envvar="DIPGRAPH_STORE", show_envvar=True,
    default="dipgraph-store", show_default=True, help="The store folder.")
WAIT = 30.0
wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=WAIT, show_default=True, metavar="SECONDS",
    help="How long to wait for another process writing to the store to finish before giving up.")


@cli.command()
@with_source_options
@store_option
@wait_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-input lines.")
def ingest(sources, publisher, publisher_country, max_size, timeout, store_path, wait, quiet):
    """Extract SOURCES and store their facts; releases already stored unchanged are skipped.

    SOURCES are files (.txt, .html, .jsonl, .jsonl.gz), folders, URLs or - for stdin. Prints a summary:
    ingested, unchanged, updated, failed. Exit code 1 when any input failed; nothing stored before
    is changed by an input that fails.
    """
    from dipgraph.pipeline import ingest as run_ingest
    from dipgraph.store import GraphStore

    progress, report = _progress("ingest", quiet)
    max_bytes = _size(max_size)
    with GraphStore(store_path, wait=wait) as store:
        summary = run_ingest(sources, store, max_bytes=max_bytes, publisher=publisher,
                             publisher_country=publisher_country, timeout=timeout, on_progress=report)
    if progress is not None:
        progress.close()
    for source, reason in summary.warnings:
        click.echo(f"dipgraph: warning: {source}: {reason}", err=True)
    for source, reason in summary.failed:
        click.echo(f"dipgraph: failed: {source}: {reason}", err=True)
    click.echo(f"{summary} (store: {store_path})")
    if summary.failed:
        sys.exit(EXIT_PARTIAL)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value
    return params


@cli.command()
@click.argument("query", required=False)
@click.option("-e", "--expression", help="SPARQL text to run instead of a named query or file.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); values are bound as data, never as SPARQL text.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="A readable table or a W3C SPARQL results format.")
@store_option
def query(query, expression, params, fmt, store_path):
    """Run QUERY (a bundled query's name or a .rq file) or -e SPARQL on the store.

    The ontology's prefixes (dip:, schema:, prov:, org:, skos:, …) are predeclared.
    `dipgraph queries` lists the bundled queries and their parameters.
    """
    from dipgraph.query import format_result, load_query, parse_header, run
    from dipgraph.store import GraphStore

    if bool(query) == bool(expression):
        raise click.UsageError("give either QUERY or -e SPARQL")
    named = parse_header("expression", expression) if expression else load_query(query)
    with GraphStore(store_path, read_only=True) as store:
        result = run(named, _params(params), store=store)
    click.echo(format_result(result, fmt))


@cli.command("queries")
def list_queries():
    """List the bundled queries with what they answer and their parameters."""
    from dipgraph.query import bundled_queries

    for name, q in bundled_queries().items():
        click.echo(f"{name}\n    {q.description}")
        for p in q.parameters:
            flag = "required" if p.required else "optional"
            click.echo(f"    --param {p.name}=…  ({flag}, {p.type}) {p.description}")


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["gexf", "graphml"]))
@click.option("--projection", type=click.Choice(["countries", "officials"]), default="countries", show_default=True,
              help="countries: countries joined by meetings; officials: officials joined by shared meetings.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              help="File to write (- for standard output).")
@store_option
def export(fmt, projection, output, store_path):
    """Write a projection of the graph as FORMAT (gexf for Gephi, graphml for yEd/Cytoscape)."""
    from dipgraph.export import WRITERS, projection as build
    from dipgraph.store import GraphStore

    with GraphStore(store_path, read_only=True) as store:
        graph = build(store, projection)
    if output == "-":
        WRITERS[fmt](graph, sys.stdout.buffer)
    else:
        WRITERS[fmt](graph, output)
        click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", err=True)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(store_path, fmt):
    """Count what the store holds: releases, triples, countries, officials, meetings, agreements, resolutions."""
    from dipgraph.stats import store_stats
    from dipgraph.store import GraphStore

    with GraphStore(store_path, read_only=True) as store:
        counts = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            click.echo(f"{key.ljust(width)}  {value:>10,}")


@cli.command()
@click.argument("releases", nargs=-1, required=True)
@store_option
@wait_option
def remove(releases, store_path, wait):
    """Remove RELEASES (each a release IRI, URL or source id) and whatever only they said.

    Officials, places and agreements that other releases also mention stay as those releases
    describe them. All the releases named are removed in one transaction. Exit code 1 when a
    reference names no stored release (or several).
    """
    from dipgraph.retract import remove_releases
    from dipgraph.store import GraphStore

    with GraphStore(store_path, create=False, wait=wait) as store:
        summary = remove_releases(store, list(releases))
    for reference, iri in summary.removed:
        click.echo(f"removed {iri} ({reference})" if reference != str(iri) else f"removed {iri}")
    for reference, reason in summary.failed:
        click.echo(f"dipgraph: failed: {reference}: {reason}", err=True)
    click.echo(f"{summary} (store: {store_path})")
    if summary.failed:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@store_option
@wait_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def rebuild(store_path, wait, quiet):
    """Extract every stored release again with this dipgraph and replace the graphs that changed.

    Run it after upgrading dipgraph (its extractor or ontology), or when the store says it was
    written by an incompatible version. Each release's text is kept in the store, so the original
    files are not needed. Prints how many graphs changed; exit code 1 when any release failed.
    """
    from dipgraph.rebuild import rebuild as run_rebuild
    from dipgraph.store import GraphStore

    progress, report = _progress("rebuild", quiet)
    with GraphStore(store_path, create=False, wait=wait, check_format=False) as store:
        summary = run_rebuild(store, on_progress=report)
    if progress is not None:
        progress.close()
    for release, reason in summary.failed:
        click.echo(f"dipgraph: failed: {release}: {reason}", err=True)
    click.echo(f"{summary} (store: {store_path})")
    if summary.failed:
        sys.exit(EXIT_PARTIAL)


def main():
    cli(prog_name="dipgraph")
