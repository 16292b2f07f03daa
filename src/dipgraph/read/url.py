"""Releases fetched over HTTP(S), politely: robots.txt obeyed, one request per site at a time.

The URL given is the release's identity, also after redirects: it is what a user typed or a feed
listed, so whether a release is already stored can be known before anything is fetched, and a
site that moves its pages (http → https, a new path) does not give one release two identities.

One :class:`Fetcher` serves a whole run, so the per-site delay and the robots.txt cache span every
URL and feed of the run.
"""
from __future__ import annotations

import codecs
import http.client
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import Message

from protego import Protego

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.decode import MAX_BYTES

TIMEOUT = 30.0
"""Seconds to wait for a server to connect or send more of its answer."""
DELAY = 1.0
"""Seconds between the start of two requests to one site (raised by the site's robots.txt Crawl-delay)."""
MAX_CRAWL_DELAY = 60.0
"""The most a robots.txt Crawl-delay may slow dipgraph down per request."""
MAX_REDIRECTS = 10
ROBOTS_TTL = 24 * 3600.0
"""How long a robots.txt is trusted (RFC 9309 §2.4: at most 24 hours)."""
ROBOTS_RETRY = 300.0
"""How long a robots.txt that could not be had blocks its site before it is asked for again."""
ROBOTS_AGENT = "dipgraph"
"""The product token robots.txt rules name to address dipgraph."""

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_LATIN = {"iso8859-1", "ascii", "cp1252"}

log = logging.getLogger(__name__)


def user_agent() -> str:
    from dipgraph import __version__

    return f"dipgraph/{__version__} (+https://w3id.org/dipgraph; diplomatic press release reader)"


@dataclass(frozen=True)
class Response:
    """What a server answered, its body already un-gzipped."""

    url: str
    """The URL asked for."""
    final_url: str
    """Where the answer came from after redirects."""
    status: int
    body: bytes
    content_type: str
    charset: str | None
    """The charset the HTTP headers declare, if any."""
    headers: Message


@dataclass
class _Robots:
    rules: Protego | None
    """None when robots.txt could not be had: nothing on the site is fetched (RFC 9309 §2.3.1.4)."""
    problem: str | None
    """Why, when rules is None: the reason every page of the site fails with for now."""
    expires: float


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else a :class:`ReadError`."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ReadError(url, "is not an http(s) URL")
    return url.strip()


class Fetcher:
    """HTTP(S) GET for dipgraph: a clear User-Agent, robots.txt, a delay per site, gzip, size limits.

    ``clock`` and ``sleep`` are injectable so schedules can be checked without waiting.
    """

    def __init__(self, *, delay: float = DELAY, timeout: float = TIMEOUT, max_bytes: int | None = MAX_BYTES,
                 obey_robots: bool = True, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] = time.sleep):
        self.delay = delay
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.obey_robots = obey_robots
        self.clock = clock
        self.sleep = sleep
        self.user_agent = user_agent()
        self._last: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}

    # -- politeness

    def site_delay(self, url: str) -> float:
        """Seconds kept between two requests to ``url``'s site: ours, or the site's Crawl-delay if longer."""
        robots = self._robots.get(_origin(url))
        asked = robots.rules.crawl_delay(ROBOTS_AGENT) if robots and robots.rules else None
        return max(self.delay, min(float(asked or 0), MAX_CRAWL_DELAY))

    def _wait_for(self, url: str) -> None:
        origin = _origin(url)
        last = self._last.get(origin)
        if last is not None:
            pause = last + self.site_delay(url) - self.clock()
            if pause > 0:
                self.sleep(pause)
        self._last[origin] = self.clock()

    def check_robots(self, url: str) -> None:
        """Raise :class:`ReadError` unless the site's robots.txt lets dipgraph fetch ``url``."""
        if not self.obey_robots:
            return
        origin = _origin(url)
        robots = self._robots.get(origin)
        if robots is None or robots.expires <= self.clock():
            robots = self._robots[origin] = self._read_robots(origin)
        if robots.rules is None:
            raise ReadError(url, robots.problem)
        if not robots.rules.can_fetch(url, ROBOTS_AGENT):
            raise ReadError(url, f"not fetched: {origin}/robots.txt disallows it for {ROBOTS_AGENT}")

    def _read_robots(self, origin: str) -> _Robots:
        robots_url = origin + "/robots.txt"
        try:
            response = self._get(robots_url, accept="text/plain", robots=False)
        except _HTTPStatus as e:
            if 400 <= e.code < 500 and e.code != 429:  # no robots.txt: all may be fetched (RFC 9309 §2.3.1.3)
                return _Robots(Protego.parse(""), None, self.clock() + ROBOTS_TTL)
            problem = (f"not fetched: {robots_url} answered HTTP {e.code}, and a site whose robots.txt fails "
                       "is not crawled (RFC 9309); try again later")
        except ReadError as e:  # the site is unreachable: the page would fail the same way
            problem = e.reason
        else:
            text = response.body.decode(response.charset or "utf-8", errors="replace")
            return _Robots(Protego.parse(text), None, self.clock() + ROBOTS_TTL)
        return _Robots(None, problem, self.clock() + ROBOTS_RETRY)

    # -- fetching

    def get(self, url: str, *, accept: str = _ACCEPT_PAGE, headers: dict[str, str] | None = None) -> Response:
        """GET ``url``, following redirects (each hop checked against robots.txt and the site delay).

        Raises :class:`ReadError` naming the URL for anything short of a usable answer.
        """
        try:
            return self._get(url, accept=accept, headers=headers, robots=self.obey_robots)
        except _HTTPStatus as e:
            raise ReadError(url, e.explain()) from None

    def _get(self, url: str, *, accept: str, headers: dict[str, str] | None = None, robots: bool) -> Response:
        url = check_url(url)
        if robots:
            self.check_robots(url)
        self._wait_for(url)
        request = urllib.request.Request(url, headers={
            "User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate", **(headers or {})})
        opener = urllib.request.build_opener(_Redirects(self, url, robots))
        try:
            with opener.open(request, timeout=self.timeout) as answer:
                declared = answer.headers.get("Content-Length", "")
                if self.max_bytes is not None and declared.isdigit() and int(declared) > self.max_bytes:
                    raise ReadError(url, _too_big(int(declared), self.max_bytes))
                body = answer.read() if self.max_bytes is None else answer.read(self.max_bytes + 1)
                status, final, info = answer.status, answer.geturl(), answer.headers
        except urllib.error.HTTPError as e:
            e.close()
            raise _HTTPStatus(e.code, e.reason, e.headers) from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise ReadError(url, f"timed out after {self.timeout:g} s") from None
            raise ReadError(url, f"cannot be fetched: {getattr(reason, 'strerror', None) or reason}") from None
        except TimeoutError:
            raise ReadError(url, f"timed out after {self.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as e:  # connection reset, a body cut short…
            raise ReadError(url, f"cannot be fetched: {type(e).__name__}: {e}".rstrip(": ")) from None
        body = _decompress(body, (info.get("Content-Encoding") or "").strip().lower(), url, self.max_bytes)
        if self.max_bytes is not None and len(body) > self.max_bytes:
            raise ReadError(url, _too_big(len(body), self.max_bytes))
        return Response(url=url, final_url=final, status=status, body=body,
                        content_type=info.get_content_type(), charset=info.get_content_charset(), headers=info)


class _HTTPStatus(Exception):
    """An HTTP error status, before it is told to the user as a ReadError."""

    def __init__(self, code: int, reason: str, headers):
        super().__init__(code)
        self.code, self.reason, self.headers = code, reason, headers

    def explain(self) -> str:
        text = f"HTTP {self.code} {self.reason}".rstrip()
        if self.code == 404 or self.code == 410:
            return f"{text}: the page does not exist (or no longer)"
        if self.code in (401, 403):
            return f"{text}: the server refuses it to dipgraph"
        if self.code == 429 or self.code >= 500:
            retry = (self.headers or {}).get("Retry-After")
            return f"{text}: the server failed or is busy; try again later" + (
                f" (it asks to wait {retry} s)" if retry and retry.isdigit() else "")
        return text


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects like urllib, but only to http(s), at most MAX_REDIRECTS, each hop polite."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, fetcher: Fetcher, url: str, robots: bool):
        super().__init__()
        self.fetcher, self.url, self.robots = fetcher, url, robots

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urljoin(req.full_url, newurl)
        if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
            raise ReadError(self.url, f"redirects to {target}, which is not an http(s) URL")
        if self.robots:
            try:
                self.fetcher.check_robots(target)
            except ReadError as e:
                raise ReadError(self.url, f"redirects to {target}, {e.reason}") from None
        self.fetcher._wait_for(target)
        return super().redirect_request(req, fp, code, msg, headers, target)

    def http_error_302(self, req, fp, code, msg, headers):
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as e:
            if 300 <= e.code < 400:  # urllib gives up on a loop or on too many redirects
                raise ReadError(self.url, f"redirects in a loop or more than {MAX_REDIRECTS} times") from None
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _too_big(size: int, limit: int) -> str:
    return f"is {size:,} bytes, over the limit of {limit:,} bytes (raise it with --max-size)"


def _decompress(body: bytes, encoding: str, url: str, max_bytes: int | None) -> bytes:
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ReadError(url, f"sent its page in an encoding dipgraph cannot undo: {encoding}")
    # gzip header, or zlib header; servers that say deflate sometimes send raw deflate
    attempts = (16 + zlib.MAX_WBITS,) if encoding != "deflate" else (zlib.MAX_WBITS, -zlib.MAX_WBITS)
    for wbits in attempts:
        inflater = zlib.decompressobj(wbits)
        try:
            # max_length bounds the output, so a small "zip bomb" cannot fill the memory
            data = inflater.decompress(body, (max_bytes + 1) if max_bytes is not None else 0)
        except zlib.error as e:
            problem = e
            continue
        return data
    raise ReadError(url, f"sent a broken {encoding} body: {problem}")


def page_charset(body: bytes, declared: str | None, source: str = "page") -> str | None:
    """The charset to read a page with: the one declared in the headers, else in the page, that fits its bytes.

    A declared charset that is unknown or cannot decode the bytes is passed over (and logged);
    a page declared Latin-1 whose bytes are valid UTF-8 with non-ASCII characters is UTF-8 (the
    commonest wrong declaration). None leaves the choice to :func:`~dipgraph.read.decode.decode_text`.
    """
    head = body[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    in_page = found[1].decode("ascii") if found else None
    for label in dict.fromkeys(x for x in (declared, in_page) if x):
        try:
            name = codecs.lookup(label).name
        except LookupError:
            log.warning("%s: declared charset %r is unknown; guessing", source, label)
            continue
        if name in _LATIN:
            name = "cp1252"  # what browsers read for these labels (WHATWG Encoding)
            if not body.isascii() and _is_utf8(body):
                log.warning("%s: declared charset %r, but the bytes are UTF-8: read as UTF-8", source, label)
                return "utf-8"
        try:
            body.decode(name)
        except UnicodeDecodeError:
            log.warning("%s: declared charset %r does not fit the bytes; guessing", source, label)
            continue
        return name
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_url(url: str, *, fetcher: Fetcher | None = None, max_bytes: int | None = MAX_BYTES, **known) -> Release:
    """The release at ``url``, read like a saved page; ``url`` stays its identity after redirects.

    ``known`` fields (title, date, publisher…) win over what the page says.
    """
    from dipgraph.read import read_bytes

    fetcher = fetcher or Fetcher(max_bytes=max_bytes)
    response = fetcher.get(url)
    if response.content_type not in PAGE_TYPES:
        raise ReadError(url, f"is {response.content_type}, not a web page (dipgraph reads HTML and plain text)")
    kind = "text" if response.content_type == "text/plain" else "html"
    retrieved = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    known = {**known, "url": known.get("url") or url, "retrieved": retrieved}
    return read_bytes(response.body, url, kind=kind, charset=page_charset(response.body, response.charset, url),
                      max_bytes=max_bytes, **known)
