"""Fetching pages over HTTP from a real local server: statuses, redirects, robots.txt, delays, charsets, gzip."""
from __future__ import annotations

import gzip
import time
import zlib

import pytest
from werkzeug import Response

from dipgraph.errors import ReadError
from dipgraph.read import read_sources
from dipgraph.read.url import Fetcher, page_charset, read_url

PAGE = """<!doctype html>
<html><head><meta charset="{charset}">
<title>Talks in Séoul | Ministry</title>
<meta property="og:title" content="Minister Holds Talks In Séoul">
<meta property="article:published_time" content="2024-03-05T09:30:00+09:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Minister Holds Talks In Séoul</h1>
<p>The Foreign Minister met her counterpart in Séoul on 5 March and “discussed trade”.</p>
<p>Both sides agreed to meet again next year in Paris to continue the talks.</p>
</body></html>"""
BODY = "The Foreign Minister met her counterpart in Séoul on 5 March and “discussed trade”."


class FakeTime:
    """A clock that moves only when slept on, to check waits without waiting."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def page(charset: str = "utf-8", encoding: str | None = None) -> bytes:
    return PAGE.format(charset=charset).encode(encoding or charset)


def serve_page(web, path: str = "/news/1", body: bytes | None = None, **kwargs):
    web.expect_request(path).respond_with_data(page() if body is None else body,
                                               content_type=kwargs.pop("content_type", "text/html; charset=utf-8"),
                                               **kwargs)
    return web.url_for(path)


def fetcher(**kwargs) -> Fetcher:
    return Fetcher(delay=kwargs.pop("delay", 0), timeout=kwargs.pop("timeout", 5), **kwargs)


def paths(web) -> list[str]:
    return [request.path for request, _ in web.log]


def test_a_page_is_read_with_its_metadata_and_its_url_as_identity(web):
    url = serve_page(web)
    release = read_url(url, fetcher=fetcher())
    assert (release.source, release.url) == (url, url)
    assert release.title == "Minister Holds Talks In Séoul"
    assert release.date == "2024-03-05"
    assert BODY in release.text
    assert release.retrieved and release.retrieved.endswith("+00:00")
    assert paths(web) == ["/robots.txt", "/news/1"]
    agent = web.log[1][0].headers["User-Agent"]
    assert agent.startswith("dipgraph/") and "https://w3id.org/dipgraph" in agent


def test_a_redirect_is_followed_and_the_url_given_stays_the_identity(web):
    web.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/news/1"})
    serve_page(web)
    release = read_url(web.url_for("/old"), fetcher=fetcher())
    assert release.url == release.source == web.url_for("/old")
    assert BODY in release.text
    response = fetcher().get(web.url_for("/old"))
    assert response.final_url == web.url_for("/news/1") and response.url == web.url_for("/old")


def test_a_redirect_loop_is_a_clear_error(web):
    web.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    web.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(ReadError) as info:
        read_url(web.url_for("/a"), fetcher=fetcher())
    assert str(info.value) == f"{web.url_for('/a')}: redirects in a loop or more than 10 times"


@pytest.mark.parametrize("status, meaning", [
    (404, "the page does not exist (or no longer)"),
    (410, "the page does not exist (or no longer)"),
    (403, "the server refuses it to dipgraph"),
    (500, "the server failed or is busy; try again later"),
    (503, "the server failed or is busy; try again later"),
])
def test_http_errors_name_the_url_the_status_and_what_it_means(web, status, meaning):
    url = serve_page(web, body=b"<html><body>error</body></html>", status=status)
    with pytest.raises(ReadError) as info:
        read_url(url, fetcher=fetcher())
    assert str(info.value).startswith(f"{url}: HTTP {status} ")
    assert str(info.value).endswith(f": {meaning}")


def test_retry_after_is_passed_on(web):
    url = serve_page(web, body=b"busy", status=503, headers={"Retry-After": "120"})
    with pytest.raises(ReadError, match=r"try again later \(it asks to wait 120 s\)$"):
        read_url(url, fetcher=fetcher())


def test_a_slow_server_times_out(web):
    def slow(request):
        time.sleep(1.5)
        return Response(page(), content_type="text/html")

    web.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(ReadError) as info:
        read_url(web.url_for("/slow"), fetcher=fetcher(timeout=0.3))
    assert str(info.value) == f"{web.url_for('/slow')}: timed out after 0.3 s"


def test_a_server_that_is_down_is_a_clear_error(closed_port):
    url = f"http://127.0.0.1:{closed_port}/news/1"
    with pytest.raises(ReadError) as info:
        read_url(url, fetcher=fetcher())
    assert str(info.value) == f"{url}: cannot be fetched: Connection refused"


@pytest.mark.parametrize("header, declared_in_page, encoding", [
    ("utf-8", "utf-8", "cp1252"),          # the server says UTF-8 but sends Windows-1252
    ("x-no-such-charset", "windows-1252", "cp1252"),  # an unknown charset: the page's own declaration
    ("iso-8859-1", "iso-8859-1", "utf-8"),  # declared Latin-1, sent as UTF-8
    (None, "windows-1252", "cp1252"),       # no charset in the headers: the page's
    (None, "utf-8", "utf-16"),              # UTF-16 with its byte-order mark
])
def test_a_wrong_or_missing_charset_still_reads_the_text(web, header, declared_in_page, encoding):
    body = PAGE.format(charset=declared_in_page).encode(encoding)
    ctype = f"text/html; charset={header}" if header else "text/html"
    url = serve_page(web, body=body, content_type=ctype)
    release = read_url(url, fetcher=fetcher())
    assert BODY in release.text
    assert release.title == "Minister Holds Talks In Séoul"


def test_a_wrong_charset_is_reported_with_the_url(web, caplog):
    url = serve_page(web, body=page(encoding="cp1252"), content_type="text/html; charset=utf-8")
    with caplog.at_level("WARNING", logger="dipgraph.read.url"):
        release = read_url(url, fetcher=fetcher())
    assert BODY in release.text
    assert caplog.messages == [f"{url}: declared charset 'utf-8' does not fit the bytes; guessing"]


def test_page_charset_prefers_a_declaration_that_fits():
    cp1252 = "Séoul “talks”".encode("cp1252")
    assert page_charset(cp1252, "utf-8") is None  # nothing declared fits: left to guessing
    assert page_charset(b'<meta charset="windows-1252">' + cp1252, "utf-8") == "cp1252"
    assert page_charset("Séoul".encode("utf-8"), "latin-1") == "utf-8"
    assert page_charset(b"plain ascii", "latin-1") == "cp1252"
    assert page_charset(b'<?xml version="1.0" encoding="ISO-8859-2"?><p>\xb1</p>', None) == "iso8859-2"


def test_binary_served_as_html_is_refused(web):
    url = serve_page(web, body=bytes(range(256)) * 8)
    with pytest.raises(ReadError, match="looks like a binary file, not text$"):
        read_url(url, fetcher=fetcher())


def test_what_is_not_a_page_is_refused(web):
    url = serve_page(web, body=b"%PDF-1.7 ...", content_type="application/pdf")
    with pytest.raises(ReadError) as info:
        read_url(url, fetcher=fetcher())
    assert str(info.value) == f"{url}: is application/pdf, not a web page (dipgraph reads HTML and plain text)"


@pytest.mark.parametrize("encoding, pack", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
])
def test_compressed_pages_are_unpacked(web, encoding, pack):
    url = serve_page(web, body=pack(page()), headers={"Content-Encoding": encoding})
    release = read_url(url, fetcher=fetcher())
    assert BODY in release.text
    assert web.log[-1][0].headers["Accept-Encoding"] == "gzip, deflate"


def test_a_broken_gzip_body_is_a_clear_error(web):
    url = serve_page(web, body=b"\x1f\x8b\x08\x00 not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(ReadError, match=r": sent a broken gzip body: "):
        read_url(url, fetcher=fetcher())


def test_pages_over_the_size_limit_are_refused_even_when_they_unpack_large(web):
    url = serve_page(web, body=gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>"),
                     headers={"Content-Encoding": "gzip"})
    with pytest.raises(ReadError, match=r"over the limit of 100,000 bytes \(raise it with --max-size\)$"):
        read_url(url, fetcher=fetcher(max_bytes=100_000), max_bytes=100_000)
    big = serve_page(web, "/big", body=b"<p>" + b"b" * 200_000 + b"</p>")
    with pytest.raises(ReadError, match=r"is 200,007 bytes, over the limit of 100,000 bytes"):
        read_url(big, fetcher=fetcher(max_bytes=100_000), max_bytes=100_000)


def test_only_http_urls_are_fetched():
    with pytest.raises(ReadError, match="^ftp://example.org/x: is not an http\\(s\\) URL$"):
        read_url("ftp://example.org/x", fetcher=fetcher())


# ---------------------------------------------------------------- robots.txt

ROBOTS = """User-agent: *
Disallow: /private/

User-agent: dipgraph
Disallow: /
Allow: /news/
Disallow: /*?print=
"""


def test_robots_txt_is_obeyed_with_longest_match_rules(web):
    web.expect_request("/robots.txt").respond_with_data(ROBOTS, content_type="text/plain")
    serve_page(web, "/news/1")
    serve_page(web, "/about")
    f = fetcher()
    assert BODY in read_url(web.url_for("/news/1"), fetcher=f).text  # Allow: /news/ is longer than Disallow: /
    for path in ("/about", "/news/1?print=1"):
        with pytest.raises(ReadError) as info:
            read_url(web.url_for(path), fetcher=f)
        assert str(info.value) == (f"{web.url_for(path)}: not fetched: "
                                   f"{web.url_for('/robots.txt')} disallows it for dipgraph")
    assert paths(web) == ["/robots.txt", "/news/1"]  # robots.txt read once; refused pages never asked for


def test_a_redirect_into_a_disallowed_path_is_not_followed(web):
    web.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    web.expect_request("/go").respond_with_data("", status=301, headers={"Location": "/private/x"})
    serve_page(web, "/private/x")
    with pytest.raises(ReadError) as info:
        read_url(web.url_for("/go"), fetcher=fetcher())
    assert str(info.value) == (f"{web.url_for('/go')}: redirects to {web.url_for('/private/x')}, "
                               f"not fetched: {web.url_for('/robots.txt')} disallows it for dipgraph")
    assert paths(web) == ["/robots.txt", "/go"]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_failing_robots_txt_keeps_the_site_closed_a_missing_one_opens_it(web, status):
    web.expect_request("/robots.txt").respond_with_data("oops", status=status)
    url = serve_page(web)
    with pytest.raises(ReadError) as info:
        read_url(url, fetcher=fetcher())
    assert str(info.value) == (f"{url}: not fetched: {web.url_for('/robots.txt')} answered HTTP {status}, and a "
                               "site whose robots.txt fails is not crawled (RFC 9309); try again later")
    web.clear_all_handlers()
    url = serve_page(web)  # robots.txt now 404: everything may be fetched
    assert BODY in read_url(url, fetcher=fetcher()).text


def test_robots_txt_is_asked_again_once_its_answer_is_old(web):
    web.expect_request("/robots.txt").respond_with_data("busy", status=503)
    url = serve_page(web)
    t = FakeTime()
    f = Fetcher(delay=0, clock=t.clock, sleep=t.sleep)
    with pytest.raises(ReadError):
        read_url(url, fetcher=f)
    web.clear_all_handlers()
    web.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /news/\n")
    serve_page(web)
    t.now += 299  # a failure blocks the site for 5 minutes
    with pytest.raises(ReadError, match="answered HTTP 503"):
        read_url(url, fetcher=f)
    t.now += 2
    with pytest.raises(ReadError, match="disallows it for dipgraph$"):
        read_url(url, fetcher=f)
    web.clear_all_handlers()
    serve_page(web)  # robots.txt gone: a day later everything may be fetched
    t.now += 24 * 3600 - 1
    with pytest.raises(ReadError, match="disallows it for dipgraph$"):
        read_url(url, fetcher=f)
    t.now += 2
    assert BODY in read_url(url, fetcher=f).text
    assert paths(web).count("/robots.txt") == 3


def test_robots_can_be_ignored_when_asked(web):
    web.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    url = serve_page(web)
    assert BODY in read_url(url, fetcher=fetcher(obey_robots=False)).text
    assert paths(web) == ["/news/1"]


# ---------------------------------------------------------------- the delay per site

def test_requests_to_one_site_are_spaced_by_the_delay(web, closed_port):
    for n in (1, 2, 3):
        serve_page(web, f"/news/{n}")
    t = FakeTime()
    f = Fetcher(delay=2.0, clock=t.clock, sleep=t.sleep)
    for n in (1, 2):
        read_url(web.url_for(f"/news/{n}"), fetcher=f)
    assert t.sleeps == [2.0, 2.0]  # before /news/1 (after robots.txt), before /news/2
    t.now += 0.5  # time passes between two requests: only the rest of the delay is waited
    read_url(web.url_for("/news/3"), fetcher=f)
    assert t.sleeps == [2.0, 2.0, 1.5]
    with pytest.raises(ReadError):  # another site does not wait for this one
        read_url(f"http://127.0.0.1:{closed_port}/x", fetcher=f)
    assert t.sleeps == [2.0, 2.0, 1.5]


def test_a_crawl_delay_in_robots_txt_lengthens_the_delay(web):
    web.expect_request("/robots.txt").respond_with_data("User-agent: dipgraph\nCrawl-delay: 5\nDisallow:\n")
    serve_page(web, "/news/1")
    t = FakeTime()
    f = Fetcher(delay=1.0, clock=t.clock, sleep=t.sleep)
    read_url(web.url_for("/news/1"), fetcher=f)
    read_url(web.url_for("/news/1"), fetcher=f)
    assert t.sleeps == [5.0, 5.0]
    assert f.site_delay(web.url_for("/")) == 5.0


def test_urls_in_a_batch_share_one_fetcher(web):
    web.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow:\n")
    urls = [serve_page(web, f"/news/{n}") for n in (1, 2)]
    items = list(read_sources([*urls, web.url_for("/missing")]))
    assert [type(i).__name__ for i in items] == ["Release", "Release", "ReadError"]
    assert items[2].reason.startswith("HTTP 404 ")
    assert paths(web).count("/robots.txt") == 1
