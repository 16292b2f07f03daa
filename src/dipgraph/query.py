"""Query: bundled and own SPARQL, parameters bound as values, one result type, W3C result formats.

Parameters are never pasted into the query text as text: each value becomes an RDF term (escaped by
rdflib's serialiser) in a ``VALUES`` block at the start of the query's WHERE clause, which is plain
SPARQL 1.1 and so binds the same way on the embedded store and on any remote endpoint.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from dipgraph.errors import QueryError
from dipgraph.namespace import CAMEO, DIP, GRAPH, ID, OA, PLOVER
from dipgraph.resources import queries_dir

PREFIXES: dict[str, str] = {
    "dip": str(DIP._NS),
    "dipid": str(ID),
    "dipg": str(GRAPH),
    "country": str(ID) + "country/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "schema": str(SDO),
    "dcterms": str(DCTERMS),
    "oa": str(OA._NS),
    "cameo": str(CAMEO),
    "plover": str(PLOVER),
}
"""Prefixes every query may use without declaring them."""


class ResultFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


@dataclass(frozen=True)
class Parameter:
    name: str
    required: bool
    type: str
    """``string`` (default), ``iri``, ``date``, ``integer`` or ``iso3`` (a country code, upper-cased)."""
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with the description and parameters its header comment declares."""

    name: str
    text: str
    description: str = ""
    parameters: tuple[Parameter, ...] = ()


@dataclass
class QueryResult:
    """A SELECT's variables and rows (rdflib terms or None), an ASK's boolean, or a graph's triples."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] | None = None

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.variables, row)) for row in self.rows]


# ---------------------------------------------------------------- finding queries

_PARAM_LINE = re.compile(r"^#\s*@param\s+(\w+)\s*(?:\(([^)]*)\))?\s*(.*)$")


def parse_header(name: str, text: str) -> NamedQuery:
    """Read the ``# …`` header: the description lines and ``# @param NAME (optional, TYPE) text`` lines.

    A line holding only ``#`` ends the description: the comment lines after it are notes for whoever
    reads the query (how it is written), not part of what ``dipgraph queries`` prints.
    """
    description: list[str] = []
    params: list[Parameter] = []
    notes = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _PARAM_LINE.match(stripped)
        if m:
            flags = [f.strip() for f in (m[2] or "").split(",") if f.strip()]
            types = [f for f in flags if f in ("string", "iri", "date", "integer", "iso3")]
            params.append(Parameter(m[1], "optional" not in flags, types[0] if types else "string", m[3].strip()))
        elif stripped == "#":
            notes = True
        elif not notes:
            description.append(stripped.lstrip("#").strip())
    return NamedQuery(name, text, " ".join(d for d in description if d).strip(), tuple(params))


def bundled_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``queries/``, by name (file name without ``.rq``)."""
    return {p.stem: parse_header(p.stem, p.read_text(encoding="utf-8")) for p in sorted(queries_dir().glob("*.rq"))}


def load_query(spec: str) -> NamedQuery:
    """A bundled query by name, or a ``.rq`` file by path."""
    path = Path(spec)
    if path.suffix == ".rq" or path.exists():
        try:
            return parse_header(path.stem, path.read_text(encoding="utf-8"))
        except OSError as e:
            raise QueryError(f"cannot read the query file {spec}: {e.strerror or e}") from None
    queries = bundled_queries()
    if spec in queries:
        return queries[spec]
    raise QueryError(f"no bundled query named {spec!r} and no such file; bundled queries: {', '.join(queries)}")


# ---------------------------------------------------------------- binding

def _term(param: Parameter, value: str):
    try:
        if param.type == "iri":
            import pyoxigraph as ox

            return URIRef(ox.NamedNode(value.strip().strip("<>")).value)  # raises on anything not an IRI
        if param.type == "date":
            return Literal(date.fromisoformat(value.strip()).isoformat(), datatype=XSD.date)
        if param.type == "integer":
            return Literal(int(value), datatype=XSD.integer)
        if param.type == "iso3":
            if not re.fullmatch(r"[A-Za-z]{3}", value.strip()):
                raise ValueError("expected an ISO 3166-1 alpha-3 code such as KOR")
            return Literal(value.strip().upper())
    except Exception as e:  # noqa: BLE001 - each parser raises its own kind
        raise QueryError(f"parameter {param.name}={value!r} is not a valid {param.type}: {e}") from None
    return Literal(value)


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the query's WHERE clause, skipping comments, strings and IRIs."""
    i, n, depth = 0, len(text), 0
    first_brace = where_seen = None
    iri = re.compile(r"<[^<>\"{}|^`\\\s]*>")
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<" and (m := iri.match(text, i)):
            i = m.end()
            continue
        if depth == 0 and text[i:i + 5].upper() == "WHERE" and not (text[i - 1:i].isalnum()):
            where_seen = True
        if c == "{":
            if depth == 0:
                if where_seen:
                    return i
                if first_brace is None:
                    first_brace = i
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    if first_brace is None:
        raise QueryError("the query has no WHERE clause to bind parameters in")
    return first_brace


def with_prefixes(text: str) -> str:
    """The query with dipgraph's prefixes declared first (the query's own declarations still win)."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return head + text


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def bind(query: NamedQuery, params: dict[str, str]) -> str:
    """The query's text, with prefixes, and ``params`` bound as a VALUES block."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown and query.parameters:
        raise QueryError(f"query {query.name!r} takes no parameter {', '.join(unknown)}; "
                         f"it takes: {', '.join(declared) or 'none'}")
    missing = [p.name for p in query.parameters if p.required and p.name not in params]
    if missing:
        raise QueryError(f"query {query.name!r} needs the parameter(s) {', '.join(missing)}")
    text = with_prefixes(query.text)
    if not params:
        return text
    names = list(params)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name (letters, digits and _)")
    terms = [_term(declared.get(n) or Parameter(n, False, "string", ""), params[n]) for n in names]
    values = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(t.n3() for t in terms)}) }}\n"
    at = _where_brace(text) + 1
    return text[:at] + "\n  " + values + text[at:]


# ---------------------------------------------------------------- running

class _Converted(dict):
    """Terms converted by ``convert`` on first sight; a dict lookup after that (None stays None)."""

    def __init__(self, convert) -> None:
        super().__init__({None: None})
        self._convert = convert

    def __missing__(self, term):
        value = self[term] = self._convert(term)
        return value


def run_local(store, sparql: str) -> QueryResult:
    """Run a query on a :class:`~dipgraph.store.GraphStore`."""
    import pyoxigraph as ox

    from dipgraph.store import from_ox

    result = store.query(sparql)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        # the same value recurs down a column (a country, a kind, a date): convert each once
        converted = _Converted(from_ox)
        rows = [tuple(map(converted.__getitem__, solution)) for solution in result]
        return QueryResult(variables=variables, rows=rows)
    return QueryResult(triples=[(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result])


def run(query: NamedQuery, params: dict[str, str] | None = None, *, store=None, endpoint=None) -> QueryResult:
    """Bind and run ``query`` on the embedded ``store`` or on a remote ``endpoint``."""
    sparql = bind(query, params or {})
    if endpoint is not None:
        from dipgraph.remote import run_remote

        return run_remote(endpoint, sparql)
    return run_local(store, sparql)


# ---------------------------------------------------------------- formats

def _plain(term) -> str:
    if term is None:
        return ""
    return str(term)


def _short(term, width: int = 60) -> str:
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(iri) and prefix not in ("dipid",):
                text = f"{prefix}:{text[len(iri):]}"
                break
        else:
            if text.startswith(str(ID)):
                text = text[len(str(ID)):]
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def format_result(result: QueryResult, fmt: ResultFormat | str) -> str:
    """The result in a W3C SPARQL results format (json, csv, tsv) or as a readable table."""
    fmt = ResultFormat(fmt)
    if result.boolean is not None:
        if fmt is ResultFormat.JSON:
            return json.dumps({"head": {}, "boolean": result.boolean}, indent=2)
        return "true" if result.boolean else "false"
    if result.triples is not None:
        return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in result.triples)
    if fmt is ResultFormat.JSON:
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          indent=2, ensure_ascii=False)
    if fmt is ResultFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([_plain(t) for t in row] for row in result.rows)
        return out.getvalue().rstrip("\r\n")
    if fmt is ResultFormat.TSV:
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
        return "\n".join(lines)
    return _table(result)


def _table(result: QueryResult) -> str:
    cells = [[_short(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(result.variables), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out)
