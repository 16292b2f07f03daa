"""The ``dipgraph`` command line: parses options, calls the library, maps errors to exit codes.

Exit codes: 0 success; 1 some inputs failed (the rest were processed) or a check failed;
2 usage error; 3 the store or an endpoint could not be used.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from dipgraph import __version__
from dipgraph.errors import DipgraphError, ReadError
from dipgraph.models import MEETING_KINDS
from dipgraph.read import MAX_BYTES
from dipgraph.read.url import DELAY, TIMEOUT

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


def _progress(desc: str, quiet: bool, total: Callable[[], int | None] = lambda: None):
    """A progress bar on a terminal (None elsewhere) and the callback that advances it.

    ``total()`` counts what is to come, when that is quick to know: the bar then shows an ETA.
    """
    progress = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(total=total(), unit=" releases", desc=desc, file=sys.stderr, dynamic_ncols=True,
                        smoothing=0.05)

    def report(item: str, status: str) -> None:
        if progress is not None:
            progress.update(1)

    return progress, report


jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                           help="Worker processes that extract releases  [default: one per CPU]")

source_options = [
    click.argument("sources", nargs=-1, required=True),
    click.option("--publisher", help="Publisher name for inputs that do not say (text files)."),
    click.option("--publisher-country", metavar="ISO3", callback=_country_code,
                 help="ISO 3166-1 alpha-3 code of the publishing state."),
    click.option("--max-size", default=str(MAX_BYTES // (1024 * 1024)) + "M", show_default=True,
                 help="Refuse inputs (and archive records) larger than this (e.g. 50M; 0 for no limit)."),
    click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=TIMEOUT, show_default=True,
                 metavar="SECONDS", help="Give up on a web site or SPARQL server that has not answered after this long."),
]


def with_source_options(func=None, *, sources_required: bool = True):
    def apply(func):
        options = source_options if sources_required else [
            click.argument("sources", nargs=-1, required=False), *source_options[1:]]
        for option in reversed(options):
            func = option(func)
        return func

    return apply(func) if func is not None else apply


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dipgraph")
def cli():
    """Turn diplomatic press releases into an RDF knowledge graph of bilateral relations."""


@cli.command()
@with_source_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="jsonl: one record per line; json: one pretty-printed array.")
@jobs_option
def extract(sources, publisher, publisher_country, max_size, timeout, fmt, jobs):
    """Print what is extracted from SOURCES (files, folders, .jsonl[.gz], URLs or - for stdin).

    Nothing is stored. Records follow the extraction JSON schema, in the order of the inputs.
    """
    from dipgraph.read import read_sources
    from dipgraph.workers import ExtractionFailure, Extractor

    failed = 0
    records = []
    items = read_sources(sources, max_bytes=_size(max_size), publisher=publisher,
                         publisher_country=publisher_country, timeout=timeout)
    with Extractor(jobs) as extractor:
        for item, result in extractor.map(items, lambda item: None if isinstance(item, ReadError) else item):
            if isinstance(item, ReadError):
                failed += 1
                click.echo(f"dipgraph: skipped {item}", err=True)
                continue
            if isinstance(result, ExtractionFailure):
                failed += 1
                click.echo(f"dipgraph: failed: {item.source}: extraction failed: {result.reason}", err=True)
                continue
            record = result.to_record()
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


def _endpoint_option(help_text: str, required: bool = False):
    return click.option("--endpoint", metavar="URL", required=required, help=help_text)


graph_store_option = click.option(
    "--graph-store", metavar="URL",
    help="The server's Graph Store HTTP Protocol URL (one PUT per graph); without it, SPARQL Update.")
update_endpoint_option = click.option(
    "--update-endpoint", metavar="URL",
    help="The server's SPARQL Update URL when not the endpoint itself (default: …/update beside …/query).")
timeout_option = click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True,
                              metavar="SECONDS", help="Give up on a request to the server after this long.")


def _remote(url: str, *, update_endpoint: str | None = None, graph_store: str | None = None,
            timeout: float = 60, page_size: int | None = None):
    """An :class:`~dipgraph.remote.Endpoint` whose notes and warnings go to standard error."""
    from dipgraph.remote import DEFAULT_PAGE_SIZE, Endpoint

    return Endpoint(url, update_url=update_endpoint, graph_store_url=graph_store, timeout=timeout,
                    page_size=page_size or DEFAULT_PAGE_SIZE,
                    on_note=lambda message: click.echo(f"dipgraph: {message}", err=True))


@cli.command()
@with_source_options(sources_required=False)
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS or Atom feed whose items to ingest (repeatable); stored items are not fetched again.")
@click.option("--delay", type=click.FloatRange(min=0), default=DELAY, show_default=True, metavar="SECONDS",
              help="Seconds between two requests to one web site.")
@store_option
@wait_option
@jobs_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-input lines.")
@_endpoint_option("Write to this SPARQL server instead of the local store (see push for the URLs).")
@graph_store_option
@update_endpoint_option
def ingest(sources, feeds, delay, publisher, publisher_country, max_size, timeout, store_path, wait, jobs, quiet,
           endpoint, graph_store, update_endpoint):
    """Extract SOURCES and store their facts; releases already stored unchanged are skipped.

    SOURCES are files (.txt, .html, .jsonl, .jsonl.gz), folders, URLs or - for stdin. Pages are fetched
    politely (robots.txt, a delay per site); a URL stays the release's identity. Each --feed URL adds
    the feed's items: their full content when the feed carries it, else their pages. Prints a summary:
    ingested, already stored (feed items not fetched again), unchanged, updated, failed. Exit code 1
    when any input failed; nothing stored before is changed by an input that fails. With --endpoint
    the release graphs go straight to a SPARQL server (the local store is not used).
    """
    from dipgraph.pipeline import IngestSummary, ingest_feed
    from dipgraph.pipeline import ingest as run_ingest
    from dipgraph.read import count_releases
    from dipgraph.read.url import Fetcher
    from dipgraph.store import GraphStore

    if not sources and not feeds:
        raise click.UsageError("give SOURCES to read or a --feed URL")

    progress, report = _progress("ingest", quiet, lambda: None if feeds else count_releases(sources))
    max_bytes = _size(max_size)
    country = publisher_country
    fetcher = Fetcher(delay=delay, max_bytes=max_bytes, timeout=timeout)
    if endpoint:
        from dipgraph.remote import RemoteStore

        target = RemoteStore(_remote(endpoint, update_endpoint=update_endpoint, graph_store=graph_store,
                                     timeout=timeout))
        where, batch = f"endpoint: {endpoint}", {"batch_size": 25}  # each graph is one request anyway
    else:
        target, where, batch = GraphStore(store_path, wait=wait), f"store: {store_path}", {}
    try:
        with target as store:
            summary = IngestSummary()
            if sources:
                summary = run_ingest(sources, store, max_bytes=max_bytes, publisher=publisher,
                                     publisher_country=country, on_progress=report, fetcher=fetcher, jobs=jobs,
                                     **batch)
            for feed in feeds:
                try:
                    ingest_feed(feed, store, fetcher=fetcher, max_bytes=max_bytes, publisher=publisher,
                                publisher_country=country, on_progress=report, summary=summary)
                except ReadError as e:
                    summary.failed.append((e.source, e.reason))
    finally:
        if progress is not None:
            progress.close()
    for source, reason in summary.warnings:
        click.echo(f"dipgraph: warning: {source}: {reason}", err=True)
    for source, reason in summary.failed:
        click.echo(f"dipgraph: failed: {source}: {reason}", err=True)
    click.echo(f"{summary} ({where})")
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
@_endpoint_option("Run the query on this SPARQL endpoint (its query URL) instead of the local store.")
@click.option("--page-size", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="ROWS",
              help="With --endpoint: rows fetched per request of a sorted SELECT (keep it at or below the "
                   "server's result cap, e.g. Virtuoso's ResultSetMaxRows).")
@timeout_option
def query(query, expression, params, fmt, store_path, endpoint, page_size, timeout):
    """Run QUERY (a bundled query's name or a .rq file) or -e SPARQL on the store.

    The ontology's prefixes (dip:, schema:, prov:, org:, skos:, …) are predeclared.
    `dipgraph queries` lists the bundled queries and their parameters. With --endpoint the query runs
    on a SPARQL server, with the same parameters and output; a sorted SELECT is fetched page by page.
    """
    from dipgraph.query import format_result, load_query, parse_header, run
    from dipgraph.store import read_store

    if bool(query) == bool(expression):
        raise click.UsageError("give either QUERY or -e SPARQL")
    named = parse_header("expression", expression) if expression else load_query(query)
    if endpoint:
        result = run(named, _params(params), endpoint=_remote(endpoint, timeout=timeout, page_size=page_size))
    else:
        result = read_store(store_path, lambda store: run(named, _params(params), store=store))
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


# Spelt out here so that `dipgraph --help` need not import networkx; tests/test_export_cli.py checks
# them against dipgraph.export.FORMATS and EVENT_KINDS.
_EXPORT_FORMATS = ("gexf", "graphml", "json", "csv")
_EVENT_KINDS = (*MEETING_KINDS, "agreement")


@cli.command()
@click.argument("fmt", metavar="[FORMAT]", required=False, type=click.Choice(_EXPORT_FORMATS))
@click.option("--projection", type=click.Choice(["countries", "officials", "bipartite", "full"]),
              help="countries (default): countries joined by shared events; officials: officials joined by "
                   "shared meetings; bipartite: countries and officials joined to their events; full: every "
                   "entity, edges labelled by relation.")
@click.option("--query", "query_spec", metavar="FILE.rq",
              help="Build the network from a SELECT of ?source ?target (optional ?weight ?start ?end ?label ?kind).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a --query parameter (repeatable).")
@click.option("--directed", is_flag=True, help="--query: keep the direction from ?source to ?target.")
@click.option("--since", metavar="DATE", help="Only events on or after this day (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only events on or before this day (YYYY-MM-DD).")
@click.option("--country", "countries", multiple=True, metavar="ISO3",
              help="Only events this country took part in (repeatable: any of them).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_EVENT_KINDS),
              help="Only events of this kind (repeatable).")
@click.option("--occurred-only", is_flag=True, help="Leave out meetings reported as only planned.")
@click.option("--dynamic", is_flag=True, help="gexf: write time spells so Gephi's timeline plays the relations.")
@click.option("--metrics", is_flag=True,
              help="Add weighted degree, betweenness, eigenvector centrality and Louvain community to the nodes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              help="File to write (- for standard output); its suffix names the format when FORMAT is not given.")
@click.option("--nodes", "nodes_output", type=click.Path(dir_okay=False), help="csv: also write the node table here.")
@store_option
def export(fmt, projection, query_spec, params, directed, since, until, countries, kinds, occurred_only, dynamic,
           metrics, output, nodes_output, store_path):
    """Write a network of the graph as FORMAT: gexf (Gephi), graphml (yEd, Cytoscape), json (node-link,
    for d3 and sigma.js) or csv (edge list, for R and igraph).

    The network is a projection (--projection, narrowed by --since, --until, --country, --kind and
    --occurred-only) or the result of a SPARQL SELECT (--query FILE.rq). Without FORMAT, the output
    file's suffix (.gexf, .graphml, .json, .csv) names it; standard output gets gexf.
    """
    from dipgraph.errors import ExportError
    from dipgraph.export import SUFFIXES, WRITERS, Filters, add_metrics, projection as build, query_projection
    from dipgraph.query import load_query
    from dipgraph.store import read_store

    if fmt is None:
        suffix = Path(output).suffix.lower()
        if output != "-" and suffix not in SUFFIXES:
            raise click.UsageError(f"cannot tell the format from {output!r}: give FORMAT ({', '.join(_EXPORT_FORMATS)})")
        fmt = SUFFIXES.get(suffix, "gexf")
    if query_spec and projection:
        raise click.UsageError("give either --projection or --query")
    filtering = since or until or countries or kinds or occurred_only
    if query_spec and filtering:
        raise click.UsageError("--since, --until, --country, --kind and --occurred-only narrow projections; "
                               "put conditions for --query in the query")
    if not query_spec and (params or directed):
        raise click.UsageError("--param and --directed go with --query")
    if dynamic and fmt != "gexf":
        raise click.UsageError("--dynamic is for gexf (the other formats always carry the spells)")
    if nodes_output and fmt != "csv":
        raise click.UsageError("--nodes is for csv")
    filters = dict(since=since, until=until, country=countries, kind=kinds, occurred_only=occurred_only)
    try:
        Filters.of(**filters)  # checked here, so that a bad value is a usage error
    except ExportError as e:
        raise click.BadParameter(str(e)) from None

    def project(store):
        if query_spec:
            return query_projection(store, load_query(query_spec), _params(params), directed=directed)
        return build(store, projection or "countries", **filters)

    graph = read_store(store_path, project)
    if metrics:
        add_metrics(graph)
    options = {"dynamic": True} if dynamic else {"nodes": nodes_output} if nodes_output else {}
    if output == "-":
        WRITERS[fmt](graph, sys.stdout.buffer, **options)
    else:
        WRITERS[fmt](graph, output, **options)
        click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", err=True)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(store_path, fmt):
    """Count what the store holds: releases, triples, countries, officials, meetings, agreements, resolutions."""
    from dipgraph.stats import store_stats
    from dipgraph.store import read_store

    counts = read_store(store_path, store_stats)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            click.echo(f"{key.ljust(width)}  {value:>10,}")


@cli.command()
@store_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
def validate(store_path, quiet):
    """Check the store against the SHACL shapes (ontology/shapes.ttl) with pySHACL.

    Each release graph is validated with the countries and codes it links to, then each reference
    graph. Prints every violation (focus node, property, message, value, the release it came from)
    and a summary line. Exit code 0 when the store conforms, 1 when it does not.
    """
    from dipgraph.store import GraphStore
    from dipgraph.validate import compact, validate_store

    with GraphStore(store_path, read_only=True) as store:
        graphs = len(store.graph_names())
        progress = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=graphs, unit=" graphs", desc="validate", file=sys.stderr, dynamic_ncols=True)
        report = validate_store(store, on_progress=(lambda _: progress.update(1)) if progress is not None else None)
    if progress is not None:
        progress.close()
    text = report.text(short=compact)
    click.echo(text.splitlines()[-1] if quiet else text)
    if not report.conforms:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "jsonld"]), default="trig",
              show_default=True, help="trig, nquads and jsonld keep the named graphs; turtle merges them into one.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              help="File to write (- for standard output).")
@store_option
def dump(fmt, output, store_path):
    """Write the whole store, with its named graphs, as RDF (TriG, N-Quads, JSON-LD or Turtle)."""
    from dipgraph.rdf_io import dump_store
    from dipgraph.store import GraphStore

    if fmt == "turtle":
        click.echo("dipgraph: turtle holds one graph: the named graphs are merged "
                   "(use trig, nquads or jsonld to keep them)", err=True)
    with GraphStore(store_path, read_only=True) as store:
        if output == "-":
            count = dump_store(store, sys.stdout.buffer, fmt)
            sys.stdout.buffer.flush()
        else:
            count = dump_store(store, output, fmt)
    if output != "-":
        click.echo(f"wrote {output}: {count:,} statements ({fmt})", err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=False))
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "jsonld", "ntriples", "rdfxml"]),
              help="The file's RDF format (default: guessed from its extension).")
@click.option("--graph", metavar="IRI", help="Named graph for triples outside any named graph (default: the default graph).")
@store_option
def load(file, fmt, graph, store_path):
    """Read the RDF file FILE (e.g. a colleague's dump) into the store, in one transaction.

    Each named graph in FILE replaces the store's graph of the same name. Exit code 1 when FILE
    cannot be read (nothing is written then).
    """
    from dipgraph.errors import LoadError
    from dipgraph.rdf_io import load_file
    from dipgraph.store import GraphStore

    with GraphStore(store_path) as store:
        try:
            summary = load_file(store, file, fmt=fmt, graph=graph)
        except LoadError as e:
            click.echo(f"dipgraph: error: {e}", err=True)
            sys.exit(EXIT_PARTIAL)
    click.echo(f"{summary} (store: {store_path})")


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    if seconds >= 60:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"


def _log(message: str) -> None:
    from datetime import datetime

    click.echo(f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S} {message}")


@cli.command()
@click.argument("config", type=click.Path(dir_okay=False))
@store_option
@click.option("--interval", type=click.FloatRange(min=0, min_open=True), metavar="MINUTES",
              help="Minutes between polls of each feed (instead of the configuration's interval).")
@click.option("--once", is_flag=True, help="Poll every feed once, then stop (exit code 1 when any failed).")
def watch(config, store_path, interval, once):
    """Follow the feeds listed in CONFIG (a TOML file): poll each every few minutes, store new releases.

    Each poll logs its new items. A feed that is down is tried again after a growing wait while the
    others go on. Ctrl-C stops after the release being read; starting again re-reads nothing stored.
    CONFIG lists [[feeds]] tables with url, publisher, publisher_country (ISO 3166-1 alpha-3) and
    optionally timezone (IANA name), which label the releases; `interval` (minutes), `delay` and
    `timeout` (seconds) may be set at the top.
    """
    import dataclasses
    import signal
    import threading

    from dipgraph.errors import ConfigError
    from dipgraph.store import GraphStore
    from dipgraph.watch import load_config, watch as run_watch

    try:
        settings = load_config(config)
    except ConfigError as e:
        raise click.BadParameter(str(e), param_hint="CONFIG") from None
    if interval:
        settings = dataclasses.replace(settings, interval=interval)
    stop = threading.Event()

    def on_sigint(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        _log("stopping (Ctrl-C again to stop at once)")

    def on_poll(poll) -> None:
        name = poll.feed.name
        if poll.error:
            _log(f"{name}: down: {poll.error}" + ("" if once else f"; next try in {_duration(poll.next_in)}"))
            return
        _log(f"{name}: {len(poll.new)} new, {poll.known} already stored, {len(poll.updated)} updated, "
             f"{len(poll.failed)} failed" + ("" if once else f"; next poll in {_duration(poll.next_in)}"))
        for source in poll.new:
            _log(f"  new: {source}")
        for source in poll.updated:
            _log(f"  updated: {source}")
        for source, reason in poll.failed:
            _log(f"  failed: {source}: {reason}")

    feeds = len(settings.feeds)
    with GraphStore(store_path) as store:
        _log(f"watching {feeds} feed{'s' * (feeds != 1)} every {_duration(settings.interval * 60)} "
             f"(store: {store_path})" + ("" if once else "; Ctrl-C stops"))
        in_main = threading.current_thread() is threading.main_thread()  # only there can signals be caught
        previous = signal.signal(signal.SIGINT, on_sigint) if in_main else None
        try:
            polls = run_watch(settings, store, rounds=1 if once else None, sleep=stop.wait,
                              should_stop=stop.is_set, on_poll=on_poll)
        except KeyboardInterrupt:
            polls = []
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
    if stop.is_set():
        _log("stopped")
    if once and not all(p.ok for p in polls):
        sys.exit(EXIT_PARTIAL)


@cli.command()
@_endpoint_option("The server's SPARQL endpoint (query URL), e.g. http://localhost:7878/query for Oxigraph "
                  "or http://localhost:8890/sparql for Virtuoso.", required=True)
@graph_store_option
@update_endpoint_option
@click.option("--all", "send_all", is_flag=True, help="Send every graph, even those unchanged since the last push.")
@store_option
@timeout_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def push(endpoint, graph_store, update_endpoint, send_all, store_path, timeout, quiet):
    """Copy the store's release graphs and reference data to a SPARQL server.

    Each named graph replaces the server's graph of the same name in one request (Graph Store
    Protocol PUT with --graph-store, else SPARQL Update). Only graphs changed since the last push
    to that endpoint are sent; graphs pushed before and since removed from the store are removed.
    Credentials come from $DIPGRAPH_ENDPOINT_USER and $DIPGRAPH_ENDPOINT_PASSWORD or ~/.netrc.
    """
    from dipgraph.push import push as run_push
    from dipgraph.store import GraphStore

    target = _remote(endpoint, update_endpoint=update_endpoint, graph_store=graph_store, timeout=timeout)
    with GraphStore(store_path, read_only=True) as store:
        progress = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=len(store.graph_names()), unit=" graphs", desc="push", file=sys.stderr,
                            dynamic_ncols=True)
        try:
            summary = run_push(store, target, force=send_all,
                               on_progress=(lambda name, status: progress.update(1)) if progress else None)
        finally:
            if progress is not None:
                progress.close()
    click.echo(f"{summary} (from {store_path} to {endpoint})")


@cli.command()
@store_option
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="The port on 127.0.0.1 (0: any free port).")
@click.option("--refresh", type=click.FloatRange(min=0), default=2.0, show_default=True, metavar="SECONDS",
              help="How often to look for new writes to the store and reopen it (0: never).")
def serve(store_path, port, refresh):
    """Serve the store read-only as a SPARQL 1.1 Protocol endpoint on 127.0.0.1, until Ctrl-C.

    SPARQLWrapper, curl and browsers can query it; ingesting into the same store meanwhile works,
    and the server reopens the store to serve what was written.
    """
    import signal
    import threading
    import time

    from dipgraph.errors import StoreError
    from dipgraph.serve import ReadOnlyServer

    def stop(signum, frame):
        raise KeyboardInterrupt

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if main_thread else None
    try:
        with ReadOnlyServer(store_path, port) as server:
            base = server.url.rsplit("/", 1)[0]
            click.echo(f"serving {store_path} read-only at {server.url} (SPARQL 1.1 Protocol; "
                       f"query page {base}/); Ctrl-C stops it")
            sys.stdout.flush()
            try:
                while True:
                    time.sleep(refresh or 1.0)
                    if not server.alive():
                        raise StoreError(f"the SPARQL server on {base} stopped")
                    if refresh and server.refresh():
                        click.echo("dipgraph: the store changed: reopened it", err=True)
            except KeyboardInterrupt:
                pass
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    click.echo("stopped")


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
@jobs_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def rebuild(store_path, wait, jobs, quiet):
    """Extract every stored release again with this dipgraph and replace the graphs that changed.

    Run it after upgrading dipgraph (its extractor or ontology), or when the store says it was
    written by an incompatible version. Each release's text is kept in the store, so the original
    files are not needed. Every official is named again as the whole store names them: a person
    first read by surname only, before any release of the store gave the full name, joins the
    full name's IRI. Prints how many graphs changed; exit code 1 when any release failed.
    """
    from dipgraph.rebuild import rebuild as run_rebuild
    from dipgraph.store import GraphStore

    progress, report = _progress("rebuild", quiet)
    with GraphStore(store_path, create=False, wait=wait, check_format=False) as store:
        summary = run_rebuild(store, jobs=jobs, on_progress=report)
    if progress is not None:
        progress.close()
    for release, reason in summary.failed:
        click.echo(f"dipgraph: failed: {release}: {reason}", err=True)
    click.echo(f"{summary} (store: {store_path})")
    if summary.failed:
        sys.exit(EXIT_PARTIAL)


def main():
    cli(prog_name="dipgraph")
