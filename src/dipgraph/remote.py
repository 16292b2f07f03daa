"""Remote: SPARQL servers through the W3C protocols alone (SPARQL 1.1 Protocol, Update, Graph Store).

Queries and updates go through SPARQLWrapper; whole graphs are replaced with one Graph Store HTTP
Protocol ``PUT`` each, or, where the server has no graph store, with one SPARQL Update request
(``DROP SILENT GRAPH`` then ``INSERT DATA``). Every request has a timeout and is retried with
exponential backoff on 5xx answers and connection errors; a failure raises
:class:`~dipgraph.errors.EndpointError` with one line naming the URL, the operation and the HTTP status.

Credentials are never passed on the command line: they come from ``$DIPGRAPH_ENDPOINT_USER`` and
``$DIPGRAPH_ENDPOINT_PASSWORD``, else from the endpoint host's entry in ``~/.netrc`` (or ``$NETRC``).
HTTP basic or digest is chosen by the server's challenge.
"""
from __future__ import annotations

import ast
import http.client
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from dipgraph.errors import EndpointError, QueryError
from dipgraph.namespace import DIP
from dipgraph.query import QueryResult, with_prefixes
from dipgraph.terms import graph_quads, nt_lines

USER_ENV = "DIPGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "DIPGRAPH_ENDPOINT_PASSWORD"
NETRC_ENV = "NETRC"

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_PAGE_SIZE = 10_000
"""Rows fetched per request of a sorted SELECT: Virtuoso's default ``ResultSetMaxRows``."""

INSERT_CHUNK = 200
"""Triples per ``INSERT DATA`` operation: Virtuoso refuses one operation whose generated SQL grows too
long (error SP031 at about 1,000 triples); several operations still travel in one request."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# ---------------------------------------------------------------- credentials

def credentials_for(url: str) -> tuple[str, str] | None:
    """``(user, password)`` for ``url`` from the environment, else from netrc; None when neither has any."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password):
            raise EndpointError(f"set both ${USER_ENV} and ${PASSWORD_ENV} (only one is set)")
        return user, password
    path = Path(os.environ.get(NETRC_ENV) or Path.home() / ".netrc")
    if not path.is_file():
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as e:
        raise EndpointError(f"cannot read the credentials in {path}: {e}") from None
    if entry and entry[0] and entry[2] is not None:
        return entry[0], entry[2]
    return None


_CHALLENGE = re.compile(r"^\s*(\w+)(?:.*?\brealm=\"([^\"]*)\")?", re.IGNORECASE)


# ---------------------------------------------------------------- errors

class _ReadTimeout(Exception):
    """The server took the request but did not answer in time: not retried, it may still be at work."""


class _Transient(Exception):
    """A failure worth retrying: a 5xx answer, a refused or dropped connection, a timeout."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def _first_line(body: bytes | str | None, limit: int = 200) -> str:
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if re.match(r"\s*<(!doctype|html|\?xml)", text, re.IGNORECASE):  # some servers answer errors in HTML
        text = re.sub(r"<[^>]+>", "\n", text)
    for line in text.splitlines():
        line = line.strip()
        if line:
            line = " ".join(line.split())
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def _http_detail(status: int, reason: str, body: bytes | str | None) -> str:
    reason = reason or http.client.responses.get(status, "")
    message = _first_line(body)
    return f"HTTP {status} {reason}".rstrip() + (f": {message}" if message else "")


def _wrapper_body(error: Exception) -> bytes | None:
    """The server's answer that SPARQLWrapper keeps only inside its exception's message (as a repr)."""
    _, found, body = str(error).partition("\n\nResponse:\n")
    try:
        return ast.literal_eval(body) if found else None
    except (ValueError, SyntaxError):
        return body.encode("utf-8")


def _connection_detail(error: BaseException) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "no connection: timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "no response: connection refused"
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected, http.client.IncompleteRead)):
        return "no response: the server closed the connection"
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f"no response: {text}"


def _connection_failure(error: BaseException) -> Exception:
    # urllib wraps what fails while connecting and sending in URLError; a bare timeout comes later,
    # while waiting for the answer to a request the server has taken
    if isinstance(error, (TimeoutError, socket.timeout)):
        return _ReadTimeout()
    return _Transient(_connection_detail(error))


_CONNECTION_ERRORS = (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout,
                      http.client.HTTPException, OSError)


# ---------------------------------------------------------------- results

def binding_term(value: dict | None):
    """One SPARQL 1.1 JSON results binding as an rdflib term, the way the local store gives it."""
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if value.get("xml:lang"):
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype in (None, _XSD_STRING, _RDF_LANGSTRING):
            return Literal(value["value"])
        # rdflib normalises lexical forms ("1"^^xsd:boolean is true), as it does for the local store
        return Literal(value["value"], datatype=URIRef(datatype))
    raise EndpointError(f"the endpoint answered a binding of an unknown kind: {value!r}")


_TOKEN = re.compile(r"""
      (?P<skip> \#[^\n]*                                  # a comment
              | "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}   # long strings
              | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'       # strings
              | <[^<>"{}|^`\\\s]*>                          # an IRI
              | [?$]\w+ | [\w.-]*:[\w.-]* )                 # a variable, a prefixed name
    | (?P<word> [A-Za-z]+ )
    | (?P<open> \{ ) | (?P<close> \} )
    """, re.VERBOSE)


def top_level_words(sparql: str) -> list[str]:
    """The keywords outside every ``{ }`` group (upper-cased), skipping comments, strings and IRIs."""
    words, depth = [], 0
    for m in _TOKEN.finditer(sparql):
        if m["open"]:
            depth += 1
        elif m["close"]:
            depth -= 1
        elif m["word"] and depth == 0:
            words.append(m["word"].upper())
    return words


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "CREATE", "CLEAR", "DROP", "LOAD", "COPY", "MOVE", "ADD")


def query_form(sparql: str) -> str | None:
    """The form of a query (SELECT, ASK, CONSTRUCT, DESCRIBE) or an update's first operation (INSERT,
    DROP, …), read past comments, strings and IRIs. SPARQLWrapper's own reading takes a word from a
    comment for it when two comment lines follow each other ("# … would add …" makes an ADD)."""
    return _form(top_level_words(sparql))


def _form(words: list[str]) -> str | None:
    return next((w for w in words if w in _FORMS or w in _UPDATES), None)


def pageable(sparql: str) -> bool:
    """A SELECT sorted by ORDER BY, with no LIMIT, OFFSET or trailing VALUES of its own."""
    words = top_level_words(sparql)
    return _form(words) == "SELECT" and "ORDER" in words and not {"LIMIT", "OFFSET", "VALUES"} & set(words)


_PROLOGUE_ITEM = re.compile(r"\s*(?:#[^\n]*(?:\n|$)|PREFIX\s+[\w.-]*:\s*<[^<>]*>|BASE\s*<[^<>]*>)", re.IGNORECASE)


def _split_prologue(sparql: str) -> tuple[str, str]:
    at = 0
    while m := _PROLOGUE_ITEM.match(sparql, at):
        if m.end() == at:
            break
        at = m.end()
    return sparql[:at], sparql[at:]


def page_query(sparql: str, variables: list[str], limit: int, offset: int) -> str:
    """Page ``offset`` of a sorted SELECT: the query as a subquery, sliced outside.

    Virtuoso refuses ``ORDER BY … OFFSET n`` once ``n`` passes its row cap, but slices a sorted
    subquery; the explicit projection keeps the variables in the first page's order.
    """
    prologue, body = _split_prologue(sparql)
    projection = " ".join("?" + v for v in variables)
    return f"{prologue}\nSELECT {projection} WHERE {{\n{{\n{body.lstrip()}\n}}\n}}\nLIMIT {limit} OFFSET {offset}"


def _replace_update(name: URIRef, lines: list[str]) -> str:
    iri = f"<{name}>"
    operations = [f"DROP SILENT GRAPH {iri}"]
    for start in range(0, len(lines), INSERT_CHUNK):
        chunk = "\n".join(lines[start:start + INSERT_CHUNK])
        operations.append(f"INSERT DATA {{ GRAPH {iri} {{\n{chunk}\n}} }}")
    return " ;\n".join(operations)


def _check_iri(name: URIRef) -> URIRef:
    if not isinstance(name, URIRef) or re.search(r'[\s<>"{}|^`\\]', str(name)):
        raise EndpointError(f"not a graph name that can be sent: {name!r}")
    return name


# ---------------------------------------------------------------- the endpoint

class Endpoint:
    """A SPARQL server: its query URL, update URL and (optional) Graph Store Protocol URL.

    ``update_url`` defaults to ``url``, or to the ``…/update`` beside a ``…/query`` URL (Oxigraph,
    Fuseki). Without ``graph_store_url`` graphs are replaced with SPARQL Update.
    """

    def __init__(self, url: str, *, update_url: str | None = None, graph_store_url: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES, backoff: float = 0.5,
                 page_size: int = DEFAULT_PAGE_SIZE, on_note: Callable[[str], None] | None = None):
        for name, value in (("endpoint", url), ("update endpoint", update_url), ("graph store", graph_store_url)):
            if value is not None and urllib.parse.urlsplit(value).scheme not in ("http", "https"):
                raise EndpointError(f"{value}: the {name} must be an http:// or https:// URL")
        if page_size < 1:
            raise EndpointError(f"the page size must be at least 1, not {page_size}")
        self.url = url
        if update_url is None:
            update_url = url[: -len("/query")] + "/update" if url.endswith("/query") else url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.page_size = page_size
        self.on_note = on_note or (lambda message: None)
        self._auth: dict[str, tuple[str, str]] = {}  # url → (scheme, realm) learnt from a 401 challenge
        self._credentials: dict[str, tuple[str, str] | None] = {}

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r}, update_url={self.update_url!r}, graph_store_url={self.graph_store_url!r})"

    # -- plumbing

    def credentials(self, url: str) -> tuple[str, str] | None:
        if url not in self._credentials:
            self._credentials[url] = credentials_for(url)
        return self._credentials[url]

    def _retrying(self, url: str, operation: str, attempt: Callable[[], object]):
        delay = self.backoff
        tries = self.retries + 1
        for n in range(1, tries + 1):
            try:
                return attempt()
            except _ReadTimeout:
                raise EndpointError(f"{url}: {operation} failed: no answer within {self.timeout:g} s") from None
            except _Transient as e:
                if n == tries:
                    after = f" (after {tries} tries)" if tries > 1 else ""
                    raise EndpointError(f"{url}: {operation} failed: {e.detail}{after}") from None
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _fail(self, url: str, operation: str, detail: str, status: int | None = None):
        if status == 401:
            detail += (" (the server refused the credentials)" if self.credentials(url)
                       else f" (set ${USER_ENV} and ${PASSWORD_ENV}, or add the host to ~/.netrc)")
        raise EndpointError(f"{url}: {operation} failed: {detail}")

    def _challenge(self, url: str) -> tuple[str, str]:
        """The authentication scheme and realm a server asks for, read from an unauthenticated request."""
        request = urllib.request.Request(url, data=b"", method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.build_opener().open(request, timeout=self.timeout):
                pass
        except urllib.error.HTTPError as e:
            for header in e.headers.get_all("WWW-Authenticate") or []:
                if m := _CHALLENGE.match(header):
                    return m[1].lower(), m[2] or ""
        except _CONNECTION_ERRORS:
            pass
        return "basic", ""

    # -- SPARQL 1.1 Protocol (SPARQLWrapper)

    def _wrapper(self, url: str, text: str, *, update: bool, return_format: str | None):
        from SPARQLWrapper import BASIC, DIGEST, POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url, updateEndpoint=self.update_url)
        wrapper.setMethod(POST)  # no URL length limit; every SPARQL 1.1 server accepts a form POST
        wrapper.setOnlyConneg(True)  # only the protocol's own parameters: strict servers refuse others
        wrapper.setTimeout(max(1, round(self.timeout)))
        if return_format:
            wrapper.setReturnFormat(return_format)
        wrapper.setQuery(text)
        if form := query_form(text):
            wrapper.queryType = form  # SPARQLWrapper sends by it: an update to the update URL, as `update=`
        if wrapper.isSparqlUpdateRequest() != update:
            raise QueryError("dipgraph query runs queries; use push or ingest to change a server"
                             if not update else f"not a SPARQL Update: {_first_line(text)}")
        if url in self._auth and (creds := self.credentials(url)):
            scheme, realm = self._auth[url]
            wrapper.setHTTPAuth(DIGEST if scheme == "digest" else BASIC)
            wrapper.setCredentials(creds[0], creds[1], realm=realm or "SPARQL")
        return wrapper

    def _sparql(self, text: str, *, update: bool, operation: str, return_format: str | None = None):
        """Send a query or update through SPARQLWrapper: its raw result (with headers)."""
        from SPARQLWrapper.SPARQLExceptions import (
            EndPointInternalError, EndPointNotFound, QueryBadFormed, SPARQLWrapperException, Unauthorized,
            URITooLong,
        )

        url = self.update_url if update else self.url
        statuses = {QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414,
                    EndPointInternalError: 500}

        def attempt():
            wrapper = self._wrapper(url, text, update=update, return_format=return_format)
            # SPARQLWrapper does digest auth by installing a process-wide urllib opener, which would
            # lend these credentials to every later request: put back the one there was
            saved_opener = urllib.request._opener
            try:
                result = wrapper.query()
                if update:
                    result.response.read()
                    result.response.close()
                return result
            except SPARQLWrapperException as e:
                status = statuses.get(type(e), 0)
                detail = _http_detail(status, "", _wrapper_body(e))
                if status >= 500:
                    raise _Transient(detail) from None
                if status == 401 and url not in self._auth and self.credentials(url):
                    self._auth[url] = self._challenge(url)
                    return attempt()
                self._fail(url, operation, detail, status)
            except urllib.error.HTTPError as e:
                detail = _http_detail(e.code, e.reason, e.read())
                if e.code >= 500:
                    raise _Transient(detail) from None
                self._fail(url, operation, detail, e.code)
            except _CONNECTION_ERRORS as e:
                raise _connection_failure(e) from None
            finally:
                urllib.request.install_opener(saved_opener)

        return self._retrying(url, operation, attempt)

    def select_page(self, sparql: str) -> tuple[list[str], list[tuple], int | None]:
        """One request of a SELECT: variables, rows and the row cap the server says it applied."""
        from SPARQLWrapper import JSON

        result = self._sparql(sparql, update=False, operation="query", return_format=JSON)
        data = self._json(result)
        variables = list(data.get("head", {}).get("vars", []))
        rows = [tuple(binding_term(b.get(v)) for v in variables) for b in data.get("results", {}).get("bindings", [])]
        cap = result.info().get("x-sparql-maxrows")  # Virtuoso's sign that a result may have been cut
        return variables, rows, int(cap) if cap and cap.isdigit() else None

    def _json(self, result) -> dict:
        import json

        try:
            return json.loads(result.response.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise EndpointError(f"{self.url}: query failed: the answer is not SPARQL JSON results: {e}") from None
        except (TimeoutError, socket.timeout):
            raise EndpointError(f"{self.url}: query failed: no answer within {self.timeout:g} s") from None
        except _CONNECTION_ERRORS as e:
            raise EndpointError(f"{self.url}: query failed: {_connection_detail(e)}") from None

    def query(self, sparql: str) -> QueryResult:
        """Run a query; a sorted SELECT is fetched page by page so that no server's row cap cuts it."""
        from SPARQLWrapper import JSON, TURTLE

        kind = query_form(sparql)
        if kind in _UPDATES:
            raise QueryError("dipgraph query runs queries; use push or ingest to change a server")
        if kind in ("CONSTRUCT", "DESCRIBE"):
            result = self._sparql(sparql, update=False, operation="query", return_format=TURTLE)
            graph = Graph()
            try:
                graph.parse(data=result.response.read(), format="turtle")
            except Exception as e:  # noqa: BLE001 - rdflib raises many kinds on bad input
                raise EndpointError(f"{self.url}: query failed: the answer is not Turtle: {e}") from None
            return QueryResult(triples=sorted(graph, key=lambda t: tuple(x.n3() for x in t)))
        if kind == "ASK":
            data = self._json(self._sparql(sparql, update=False, operation="query", return_format=JSON))
            return QueryResult(boolean=bool(data.get("boolean")))
        if not pageable(sparql):
            variables, rows, cap = self.select_page(sparql)
            if cap is not None and len(rows) >= cap:
                self.on_note(f"warning: {self.url} cut this result at its limit of {cap} rows; "
                             f"add ORDER BY (and no LIMIT) so that it can be fetched page by page")
            return QueryResult(variables=variables, rows=rows)
        size = self.page_size
        variables, rows, cap = self.select_page(f"{sparql}\nLIMIT {size}")
        if cap is not None and len(rows) == cap < size:
            size = cap  # the server's cap is below the page size: page at its cap
        all_rows = list(rows)
        while len(rows) == size:
            previous = rows
            _, rows, _ = self.select_page(page_query(sparql, variables, size, len(all_rows)))
            if rows and rows == previous:
                raise EndpointError(f"{self.url}: query failed: the server answers the same page again "
                                    f"(it ignores OFFSET in a subquery); give --page-size above the row count")
            all_rows.extend(rows)
        return QueryResult(variables=variables, rows=all_rows)

    def update(self, sparql: str, *, operation: str = "update") -> None:
        self._sparql(sparql, update=True, operation=operation)

    # -- Graph Store HTTP Protocol (urllib)

    def _opener(self, url: str):
        handlers = []
        if creds := self.credentials(url):
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, *creds)
            handlers = [urllib.request.HTTPDigestAuthHandler(passwords),
                        urllib.request.HTTPBasicAuthHandler(passwords)]
        return urllib.request.build_opener(*handlers)

    def _graph_url(self, name: URIRef) -> str:
        sep = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{sep}graph={urllib.parse.quote(str(name), safe='')}"

    def _graph_store(self, method: str, name: URIRef, body: bytes | None, operation: str) -> int:
        """One Graph Store request: its HTTP status (2xx, or 404, 405 or 501 for the caller to judge)."""
        url = self._graph_url(name)
        headers = {"Content-Type": "text/turtle; charset=utf-8"} if body is not None else {}

        def attempt():
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with self._opener(self.graph_store_url).open(request, timeout=self.timeout) as response:
                    response.read()
                    return response.status
            except urllib.error.HTTPError as e:
                detail = _http_detail(e.code, e.reason, e.read())
                if e.code >= 500 and e.code != 501:
                    raise _Transient(detail) from None
                if e.code in (404, 405, 501):
                    return e.code
                self._fail(self.graph_store_url, operation, detail, e.code)
            except _CONNECTION_ERRORS as e:
                raise _connection_failure(e) from None

        return self._retrying(self.graph_store_url, operation, attempt)

    def _no_graph_store(self, status: int) -> None:
        self.on_note(f"{self.graph_store_url} answered HTTP {status} to a graph store request: "
                     f"writing with SPARQL Update at {self.update_url} instead")
        self.graph_store_url = None

    def replace_graph(self, name: URIRef, lines: list[str]) -> None:
        """Make the server's graph ``name`` hold exactly ``lines`` (N-Triples), in one request."""
        _check_iri(name)
        if self.graph_store_url:
            body = ("\n".join(lines) + "\n").encode("utf-8")
            status = self._graph_store("PUT", name, body, f"PUT graph <{name}>")
            if status < 300:
                return
            self._no_graph_store(status)
        self.update(_replace_update(name, lines), operation=f"update replacing graph <{name}>")

    def drop_graph(self, name: URIRef) -> None:
        """Remove the server's graph ``name`` (nothing happens when it has none)."""
        _check_iri(name)
        if self.graph_store_url:
            status = self._graph_store("DELETE", name, None, f"DELETE graph <{name}>")
            if status < 300 or status == 404:
                return
            self._no_graph_store(status)
        self.update(f"DROP SILENT GRAPH <{name}>", operation=f"update dropping graph <{name}>")


def as_endpoint(endpoint: Endpoint | str) -> Endpoint:
    return endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)


def run_remote(endpoint: Endpoint | str, sparql: str) -> QueryResult:
    """Run ``sparql`` on a remote endpoint: the same :class:`~dipgraph.query.QueryResult` as the local store."""
    return as_endpoint(endpoint).query(sparql)


# ---------------------------------------------------------------- a server as an ingest target

_RELEASE_HASHES = with_prefixes("""
SELECT ?release ?hash WHERE { GRAPH ?release { ?release a dip:Release ; dip:contentHash ?hash } }
ORDER BY ?release ?hash""")


class RemoteStore:
    """A SPARQL server in the role :func:`dipgraph.pipeline.ingest` gives the embedded store.

    Each graph is replaced in its own request, so a failure leaves every graph either as it was or
    wholly new. Stored content hashes are read once, so an unchanged release costs no request.
    """

    def __init__(self, endpoint: Endpoint | str):
        self.endpoint = as_endpoint(endpoint)
        self._hashes: dict[URIRef, str] | None = None

    def _known_hashes(self) -> dict[URIRef, str]:
        if self._hashes is None:
            result = self.endpoint.query(_RELEASE_HASHES)
            self._hashes = {release: str(h) for release, h in result.rows if isinstance(release, URIRef)}
        return self._hashes

    def release_hash(self, release: URIRef) -> str | None:
        return self._known_hashes().get(release)

    def holds(self, graph: Graph) -> bool:
        """Whether the server has a graph of ``graph``'s name (its contents are not fetched to compare)."""
        return self.has_graph(graph.identifier)

    def has_graph(self, name: URIRef) -> bool:
        return bool(self.endpoint.query(f"ASK {{ GRAPH <{_check_iri(name)}> {{ ?s ?p ?o }} }}").boolean)

    def release_text(self, release: URIRef) -> str | None:
        """The text the server keeps for ``release`` (``dip:text``), or None."""
        iri = f"<{_check_iri(release)}>"
        rows = self.endpoint.query(f"SELECT ?text WHERE {{ GRAPH {iri} {{ {iri} <{DIP.text}> ?text }} }}").rows
        return str(rows[0][0]) if rows else None

    def officials_seen(self) -> list[tuple[str, str | None, int]]:
        """``(name, state, mentions)`` for every name an official is stored under on the server."""
        from dipgraph.store import OFFICIALS_SEEN

        return [(str(name), str(country) if country else None, int(mentions))
                for name, country, mentions in self.endpoint.query(OFFICIALS_SEEN).rows if name is not None]

    def write_graphs(self, graphs: Iterable[Graph]) -> None:
        self.write_quads({g.identifier: list(graph_quads(g)) for g in graphs})

    def write_quads(self, graphs: Mapping[URIRef, list[ox.Quad]]) -> None:
        """Replace each named graph (name → its quads) on the server, one request each."""
        hashes = self._known_hashes()
        content_hash = str(DIP.contentHash)
        for name, quads in graphs.items():
            self.endpoint.replace_graph(name, sorted(nt_lines(quads)))
            for q in quads:
                if q.predicate.value == content_hash and q.subject.value == str(name):
                    hashes[name] = q.object.value

    def flush(self) -> None:
        """Nothing to do: every graph was sent when written."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc) -> None:
        pass
