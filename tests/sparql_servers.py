"""Real SPARQL servers for the endpoint tests, started on 127.0.0.1 on free ports and stopped by pid.

Oxigraph's server comes with the ``oxigraph`` package (always there); Virtuoso from Debian's
``virtuoso-opensource`` (``.ci/run`` installs it; its tests skip where ``virtuoso-t`` is absent).
What the tests read back from a server goes through plain urllib and the Graph Store Protocol, not
through :mod:`dipgraph.remote`, so a client bug cannot hide itself.
"""
from __future__ import annotations

import base64
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

from dipgraph.remote import Endpoint
from dipgraph.serve import oxigraph_executable

TEST_GRAPHS = ("https://w3id.org/dipgraph/", "https://example.org/")
"""Graph IRIs the tests write; a server is emptied of these (only) between tests."""

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at once (exit code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def stop_pid(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.kill(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


# ---------------------------------------------------------------- plain HTTP, independent of dipgraph.remote

def http_select(query_url: str, sparql: str, auth: str | None = None) -> list[dict]:
    data = urllib.parse.urlencode({"query": sparql}).encode()
    headers = {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"}
    if auth:
        headers["Authorization"] = auth
    with urllib.request.urlopen(urllib.request.Request(query_url, data=data, headers=headers), timeout=60) as r:
        return json.load(r)["results"]["bindings"]


def http_update(update_url: str, sparql: str) -> None:
    data = urllib.parse.urlencode({"update": sparql}).encode()
    with urllib.request.urlopen(urllib.request.Request(update_url, data=data), timeout=60) as r:
        r.read()


@dataclass
class Server:
    name: str
    query_url: str
    update_url: str
    graph_store_url: str
    process: subprocess.Popen | None = None
    extra: dict = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def endpoint(self, *, graph_store: bool = True, **options) -> Endpoint:
        options.setdefault("backoff", 0.01)
        return Endpoint(self.query_url, update_url=self.update_url,
                        graph_store_url=self.graph_store_url if graph_store else None, **options)

    def graph_names(self) -> set[str]:
        """The test graphs the server holds."""
        filters = " || ".join(f'STRSTARTS(STR(?g), "{p}")' for p in TEST_GRAPHS)
        rows = http_select(self.query_url, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({filters}) }}")
        return {row["g"]["value"] for row in rows}

    def graph(self, name: str) -> set[str]:
        """One graph read back with a Graph Store GET, as a set of N-Triples lines."""
        url = f"{self.graph_store_url}?graph={urllib.parse.quote(name, safe='')}"
        request = urllib.request.Request(url, headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=60) as r:
            body = r.read()
        return {f"{t.subject} {t.predicate} {t.object} ."
                for t in ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=name)}

    def snapshot(self) -> dict[str, set[str]]:
        return {name: self.graph(name) for name in sorted(self.graph_names())}

    def clear(self) -> None:
        for name in self.graph_names():
            http_update(self.update_url, f"DROP SILENT GRAPH <{name}>")


# ---------------------------------------------------------------- Oxigraph

def start_oxigraph(location: Path, port: int | None = None) -> Server:
    port = port or free_port()
    process = subprocess.Popen([oxigraph_executable(), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, 30)
    except BaseException:
        stop_pid(process)
        raise
    base = f"http://127.0.0.1:{port}"
    return Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process,
                  {"location": location, "port": port})


# ---------------------------------------------------------------- Virtuoso

def virtuoso_missing() -> str | None:
    if not shutil.which("virtuoso-t") or not shutil.which("isql-vt") or not VIRTUOSO_INI.exists():
        return "Virtuoso is not installed here (Debian package virtuoso-opensource; .ci/run installs it)"
    return None


def start_virtuoso(folder: Path, http_port: int | None = None, isql_port: int | None = None,
                   max_rows: int = 10000) -> Server:
    """A private Virtuoso on loopback, database in ``folder`` (reused when it exists: a restart)."""
    http_port, isql_port = http_port or free_port(), isql_port or free_port()
    (folder / "db").mkdir(parents=True, exist_ok=True)
    ini = VIRTUOSO_INI.read_text()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/db/")
    lines = []
    for line in ini.splitlines():
        key = line.split("=")[0].strip()
        if key == "ServerPort" and line.split("=")[1].strip() == "1111":
            line = f"ServerPort = 127.0.0.1:{isql_port}"
        elif key == "ServerPort" and line.split("=")[1].strip() == "8890":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "ResultSetMaxRows":
            line = f"ResultSetMaxRows = {max_rows}"
        lines.append(line)
    (folder / "virtuoso.ini").write_text("\n".join(lines) + "\n")
    process = subprocess.Popen(["virtuoso-t", "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    server = Server("virtuoso", f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud", process,
                    {"folder": folder, "http_port": http_port, "isql_port": isql_port, "base": base})
    try:
        wait_for_port(http_port, process, 120)
        deadline = time.monotonic() + 60
        while True:  # the HTTP port opens before the SPARQL service answers
            try:
                http_select(f"{base}/sparql", "SELECT (1 AS ?one) WHERE { }")
                break
            except (urllib.error.URLError, ConnectionError, ValueError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        isql(isql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')  # anonymous updates: a test server only
    except BaseException:
        stop_virtuoso(server)
        raise
    return server


def isql(port: int, statement: str) -> None:
    subprocess.run(["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def stop_virtuoso(server: Server) -> None:
    if server.process.poll() is None:
        try:
            isql(server.extra["isql_port"], "shutdown;")
        except (subprocess.SubprocessError, OSError):
            pass
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    stop_pid(server.process)


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    yield server
    stop_pid(server.process)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    if reason := virtuoso_missing():
        pytest.skip(reason)
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-server"))
    yield server
    stop_virtuoso(server)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request) -> Server:
    """Each real server in turn, emptied of the tests' graphs."""
    found = request.getfixturevalue(f"{request.param}_server")
    found.clear()
    yield found
    found.clear()


# ---------------------------------------------------------------- a local HTTP proxy (auth, failures)

class Proxy:
    """A local http.server in front of a real server: it can demand basic auth or fail requests."""

    def __init__(self, target: str, *, user: str | None = None, password: str | None = None, fail_first: int = 0,
                 fail_status: int = 503):
        self.target = target.rstrip("/")
        self.expected = ("Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()) if user else None
        self.fail_left = fail_first
        self.fail_status = fail_status
        self.requests: list[tuple[str, str, int]] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer, headers = proxy.forward(self, body)
                proxy.requests.append((self.command, self.path, status))  # before the client hears back
                self.send_response(status)
                for k, v in headers.items():
                    if v:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def forward(self, handler, body: bytes) -> tuple[int, bytes, dict]:
        if self.expected and handler.headers.get("Authorization") != self.expected:
            return 401, b"who are you?", {"WWW-Authenticate": 'Basic realm="test"'}
        if self.fail_left:
            self.fail_left -= 1
            return self.fail_status, b"try again later", {}
        headers = {k: v for k, v in handler.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(self.target + handler.path, data=body or None, method=handler.command,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                return r.status, r.read(), {"Content-Type": r.headers.get("Content-Type", "")}
        except urllib.error.HTTPError as e:
            return e.code, e.read(), {}

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class SilentServer:
    """Accepts connections and never answers: a server that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


# ---------------------------------------------------------------- local stores to push, queries to compare

def params_for(query) -> list[dict]:
    """No parameters, then every parameter the query takes bound at once."""
    values = {"country": "KOR", "other": "RUS", "body": "UNSC", "planned": "false", "code": "042"}
    return [{}, {p.name: values[p.name] for p in query.parameters}]


def make_sample_store(path: Path):
    """A store folder holding the reference graphs (countries, event codes) and the hand-made sample release."""
    from conftest import sample_extraction
    from dipgraph.mapping import map_extraction, reference_graphs
    from dipgraph.store import GraphStore

    with GraphStore(path) as store:
        store.write_graphs([*reference_graphs(), map_extraction(sample_extraction())])
    return path


@pytest.fixture
def sample_store(tmp_path) -> Path:
    return make_sample_store(tmp_path / "sample-store")


@pytest.fixture(scope="session")
def dev_corpus(shared_dir) -> Path:
    return shared_dir / "corpus" / "dev"


@pytest.fixture
def dev_store(tmp_path, dev_corpus) -> tuple[Path, Path]:
    """A store of the dev corpus (ingested from a private copy of its texts) and that copy."""
    from dipgraph.pipeline import ingest
    from dipgraph.store import GraphStore

    texts = tmp_path / "dev"
    texts.mkdir()
    for source in sorted(dev_corpus.glob("*.txt")):
        shutil.copy(source, texts / source.name)
    path = tmp_path / "dev-store"
    with GraphStore(path) as store:
        summary = ingest([str(texts)], store)
    assert not summary.failed and summary.ingested == len(list(texts.glob("*.txt")))
    return path, texts
