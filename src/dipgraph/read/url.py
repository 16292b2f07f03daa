"""Releases fetched over HTTP(S): the URL is the release's identity."""
from __future__ import annotations

import gzip
import urllib.error
import urllib.request
import zlib
from datetime import datetime, timezone

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.decode import MAX_BYTES

TIMEOUT = 30.0


def user_agent() -> str:
    from dipgraph import __version__

    return f"dipgraph/{__version__} (+https://w3id.org/dipgraph; diplomatic press release reader)"


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int | None = MAX_BYTES) -> tuple[bytes, str | None, str, str]:
    """``(body, charset, content type, final URL)``; redirects followed, gzip and deflate undone."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate",
                                                   "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            limit = None if max_bytes is None else max_bytes + 1
            data = response.read(limit) if limit else response.read()
            encoding = (response.headers.get("Content-Encoding") or "").lower()
            charset = response.headers.get_content_charset()
            ctype = response.headers.get_content_type()
            final = response.geturl()
    except urllib.error.HTTPError as e:
        raise ReadError(url, f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise ReadError(url, f"cannot be fetched: {e.reason}") from None
    except TimeoutError:
        raise ReadError(url, f"timed out after {timeout:g} s") from None
    except OSError as e:
        raise ReadError(url, f"cannot be fetched: {e}") from None
    try:
        if encoding == "gzip":
            data = gzip.decompress(data)
        elif encoding == "deflate":
            data = zlib.decompress(data)
    except (OSError, zlib.error) as e:
        raise ReadError(url, f"sent a broken {encoding} body: {e}") from None
    return data, charset, ctype, final


def read_url(url: str, *, max_bytes: int | None = MAX_BYTES, timeout: float = TIMEOUT, **known) -> Release:
    from dipgraph.read import read_bytes

    data, charset, ctype, _final = fetch(url, timeout=timeout, max_bytes=max_bytes)
    kind = "text" if ctype == "text/plain" else "html"
    retrieved = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    known = {**known, "url": known.get("url") or url, "retrieved": retrieved}
    return read_bytes(data, url, kind=kind, charset=charset, max_bytes=max_bytes, **known)
