"""Shared fixtures. Tests that need ../shared (the annotated corpora) skip where it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sparql_servers"]  # real SPARQL servers and stores to push, for the endpoint tests

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "data" / "examples" / "kor-2016-06-13-lavrov-moscow.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only folder of annotated corpora beside the checkout; skip when it is not there."""
    if not (SHARED / "corpus" / "dev").is_dir():
        pytest.skip(f"the shared corpora are not at {SHARED} (only present beside a development checkout)")
    return SHARED


@pytest.fixture
def seed_path() -> Path:
    return SEED


def span_of(text: str, passage: str, *, start: int = 0) -> tuple[int, int]:
    """The offsets of the first ``passage`` in ``text`` at or after ``start`` (fails when absent)."""
    begin = text.index(passage, start)
    return begin, begin + len(passage)


def sample_extraction():
    """A small hand-made extraction (what the rules would find in a short readout), for the stages
    after extraction: their tests then do not depend on the extractor's rules. Every fact carries
    the span of the passage it came from."""
    from dipgraph.models import Agreement, Extraction, Meeting, Official, Release, Resolution

    text = ("Foreign Minister Meets Russian Counterpart\n\n"
            "Foreign Minister Yun Byung-se met Foreign Minister Sergey Lavrov of Russia in Moscow on June 13. "
            "They signed the plan of exchanges. Resolution 2270 should be implemented. "
            "Minister Lavrov will visit Seoul.")
    release = Release(source="sample.txt", text=text, title="Foreign Minister Meets Russian Counterpart",
                      date="2016-06-13", url="http://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=316644",
                      publisher="Ministry of Foreign Affairs, Republic of Korea", publisher_country="KOR",
                      body_start=44)
    body = release.body_start
    return Extraction(
        release=release,
        countries=("KOR", "RUS"),
        officials=(Official("Yun Byung-se", "Foreign Minister", "KOR",
                            span=span_of(text, "Foreign Minister Yun Byung-se", start=body)),
                   Official("Sergey Lavrov", "Foreign Minister", "RUS",
                            span=span_of(text, "Foreign Minister Sergey Lavrov", start=body))),
        meetings=(Meeting("meeting", "2016-06-13", "Moscow", ("Yun Byung-se", "Sergey Lavrov"), ("KOR", "RUS"), True,
                          span=span_of(text, "Foreign Minister Yun Byung-se met Foreign Minister Sergey Lavrov "
                                             "of Russia in Moscow on June 13.")),
                  Meeting("visit", None, None, ("Sergey Lavrov",), ("KOR", "RUS"), False,
                          span=span_of(text, "Minister Lavrov will visit Seoul."))),
        agreements=(Agreement("plan of exchanges", ("KOR", "RUS"), True, "2016-06-13",
                              span=span_of(text, "They signed the plan of exchanges.")),),
        resolutions=(Resolution("UNSC", "2270", span=span_of(text, "Resolution 2270")),),
    )


@pytest.fixture
def sample():
    return sample_extraction()


def officials_only(source: str, text: str, *officials, date: str = "2016-07-01"):
    """Another release (``source``, ``text``, ``date``) naming ``officials`` and no events; the
    sample's countries."""
    from dataclasses import replace

    from dipgraph.models import Release

    return replace(sample_extraction(), release=Release(source=source, text=text, date=date), officials=officials,
                   meetings=(), agreements=(), resolutions=())


def second_extraction():
    """A second hand-made release for the export tests: a trilateral phone call (2017), a summit
    (2018) and an agreement mentioned but not signed. Yun Byung-se is the official of the first."""
    from dipgraph.models import Agreement, Extraction, Meeting, Official, Release

    text = ("Trilateral Call and Summit\n\nForeign Minister Yun Byung-se spoke by phone with Foreign Minister "
            "Fumio Kishida and Secretary of State Rex Tillerson. Prime Minister Shinzo Abe and President "
            "Donald Trump will hold a summit. The trade framework remains under discussion.")
    release = Release(source="second.txt", text=text, title="Trilateral Call and Summit", date="2017-03-01",
                      url="https://example.org/releases/2017-03-01-trilateral", publisher="Example Ministry",
                      publisher_country="KOR", body_start=28)
    return Extraction(
        release=release,
        countries=("JPN", "KOR", "USA"),
        officials=(Official("Yun Byung-se", "Foreign Minister", "KOR"),
                   Official("Fumio Kishida", "Foreign Minister", "JPN"),
                   Official("Rex Tillerson", "Secretary of State", "USA"),
                   Official("Shinzo Abe", "Prime Minister", "JPN"),
                   Official("Donald Trump", "President", "USA")),
        meetings=(Meeting("phone call", "2017-03-01", None, ("Yun Byung-se", "Fumio Kishida", "Rex Tillerson"),
                          ("KOR", "JPN", "USA"), True),
                  Meeting("summit", "2018-05-05", "Washington", ("Shinzo Abe", "Donald Trump"), ("JPN", "USA"), True)),
        agreements=(Agreement("trade framework", ("USA", "JPN"), False, None),),
    )


def make_export_store(path=None):
    """A store holding the sample release and the second one, with the country names."""
    from dipgraph.mapping import countries_graph, map_extraction
    from dipgraph.store import GraphStore

    store = GraphStore(path)
    store.write_graphs([countries_graph(), map_extraction(sample_extraction()), map_extraction(second_extraction())])
    return store


@pytest.fixture(scope="module")
def export_store():
    """An in-memory store of the sample release and the second one (read only by the tests)."""
    return make_export_store()


GEXF_XSD = SHARED / "schemas" / "gexf" / "1.3" / "gexf.xsd"


@pytest.fixture(scope="session")
def check_gexf():
    """Validates GEXF (a path or the bytes) against the official GEXF 1.3 schema in ../shared; where the
    schema is not there, the tests that write GEXF still run and check what they read back."""
    if not GEXF_XSD.exists():
        return lambda gexf: None
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))

    def check(gexf) -> None:
        schema.assertValid(etree.fromstring(gexf) if isinstance(gexf, bytes) else etree.parse(str(gexf)))
    return check


@pytest.fixture(scope="session")
def _web_server():
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)  # threaded: a slow answer blocks no other
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def web(_web_server):
    """A real HTTP server on 127.0.0.1 (pytest-httpserver, in a thread), emptied for each test.

    Unregistered paths (robots.txt among them, unless a test serves one) answer 404.
    """
    _web_server.clear()
    _web_server.no_handler_status_code = 404  # what a web site answers for a page it does not have
    yield _web_server
    _web_server.clear()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a server that is down."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def one_extraction_time(monkeypatch):
    """Fix the extraction time graphs record ($SOURCE_DATE_EPOCH, which subprocesses inherit too), so
    that a stored graph can be compared term for term with the graph of a clean run."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
