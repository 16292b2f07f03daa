"""Follow ministries' feeds: poll each every few minutes, store what is new, back off from feeds that are down.

The store is the only memory: an item whose release is stored is never fetched again, so a watch
that is stopped and started again picks up where it was. The feeds to follow are listed in a TOML
file (see :func:`load_config`).
"""
from __future__ import annotations

import dataclasses
import time
import tomllib
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dipgraph.errors import ConfigError, ReadError
from dipgraph.mapping import is_country_code
from dipgraph.pipeline import ingest_feed
from dipgraph.read.url import DELAY, TIMEOUT, Fetcher
from dipgraph.store import GraphStore

INTERVAL = 30.0
"""Minutes between two polls of a feed, unless the configuration says otherwise."""
MAX_BACKOFF = 6 * 3600.0
"""The longest wait, in seconds, before a feed that is down is tried again (unless the interval is longer)."""

_TOP_KEYS = {"interval": "minutes between polls of each feed", "delay": "seconds between requests to one site",
             "timeout": "seconds to wait for a server", "feeds": "the feeds to follow"}
_FEED_KEYS = ("url", "publisher", "publisher_country", "timezone")


@dataclass(frozen=True)
class WatchedFeed:
    url: str
    publisher: str | None = None
    """Labels the feed's releases (dip:publisherName)."""
    publisher_country: str | None = None
    """ISO 3166-1 alpha-3 code of the publishing state; labels the feed's releases."""
    timezone: str | None = None
    """IANA time zone of the publisher, to read feed times as local publication dates."""

    @property
    def name(self) -> str:
        return self.publisher or urllib.parse.urlsplit(self.url).netloc


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[WatchedFeed, ...]
    interval: float = INTERVAL
    """Minutes between two polls of each feed."""
    delay: float = DELAY
    timeout: float = TIMEOUT


@dataclass(frozen=True)
class Poll:
    """What one poll of one feed did."""

    feed: WatchedFeed
    new: tuple[str, ...] = ()
    """The items stored by this poll (their links)."""
    known: int = 0
    updated: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    """``(item, reason)`` for items that could not be read; they are tried again next poll."""
    error: str | None = None
    """Why the feed itself could not be read (it is then tried again after a backoff)."""
    next_in: float = 0.0
    """Seconds until this feed is polled again."""

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed


def load_config(path: Path | str) -> WatchConfig:
    """The watch configuration in the TOML file at ``path``; :class:`ConfigError` naming the file and key.

    ::

        interval = 30                      # minutes between polls of each feed
        [[feeds]]
        url = "https://example.org/press/feed/"
        publisher = "Ministry of Foreign Affairs"
        publisher_country = "KOR"          # ISO 3166-1 alpha-3
        timezone = "Asia/Seoul"            # optional
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot be read: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: is not valid TOML: {e}") from None

    def fail(where: str, problem: str):
        raise ConfigError(f"{path}: {where}: {problem}")

    for key in data:
        if key not in _TOP_KEYS:
            fail(key, f"unknown setting (known: {', '.join(_TOP_KEYS)})")
    numbers = {}
    for key, default in (("interval", INTERVAL), ("delay", DELAY), ("timeout", TIMEOUT)):
        value = data.get(key, default)
        least = "0 or more" if key == "delay" else "more than 0"
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                value >= 0 if key == "delay" else value > 0):
            fail(key, f"must be a number, {least} ({_TOP_KEYS[key]}), not {value!r}")
        numbers[key] = float(value)
    tables = data.get("feeds")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        fail("feeds", "list the feeds to follow as [[feeds]] tables, each with a url")
    feeds: list[WatchedFeed] = []
    for n, table in enumerate(tables, 1):
        where = f"feed {n}"
        for key in table:
            if key not in _FEED_KEYS:
                fail(where, f"unknown key {key!r} (known: {', '.join(_FEED_KEYS)})")
        for key, value in table.items():
            if not isinstance(value, str) or not value.strip():
                fail(where, f"{key} must be a non-empty string")
        url = table.get("url", "").strip()
        if urllib.parse.urlsplit(url).scheme not in ("http", "https") or not urllib.parse.urlsplit(url).netloc:
            fail(where, f"url must be an http(s) URL, not {url!r}")
        if url in (f.url for f in feeds):
            fail(where, f"{url} is listed twice")
        country = table.get("publisher_country", "").strip().upper() or None
        if country and not is_country_code(country):
            fail(where, f"publisher_country {country!r} is not an ISO 3166-1 alpha-3 code")
        zone = table.get("timezone", "").strip() or None
        if zone:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                fail(where, f"timezone {zone!r} is not an IANA time zone name (like Europe/Paris)")
        feeds.append(WatchedFeed(url=url, publisher=" ".join(table.get("publisher", "").split()) or None,
                                 publisher_country=country, timezone=zone))
    return WatchConfig(feeds=tuple(feeds), **numbers)


def backoff(interval: float, failures: int) -> float:
    """Seconds to wait before trying a feed that failed ``failures`` times in a row (0: just the interval)."""
    if failures <= 0:
        return interval
    return min(interval * 2 ** failures, max(MAX_BACKOFF, interval))


def poll(feed: WatchedFeed, store: GraphStore, fetcher: Fetcher, *,
         should_stop: Callable[[], bool] = lambda: False) -> Poll:
    """Ingest the feed's new items once; a feed that cannot be read is reported, not raised."""
    seen: dict[str, list[str]] = {"ingested": [], "updated": []}

    def note(source: str, status: str) -> None:
        if status in seen:
            seen[status].append(source)

    try:
        summary = ingest_feed(feed.url, store, fetcher=fetcher, publisher=feed.publisher,
                              publisher_country=feed.publisher_country, timezone_name=feed.timezone,
                              max_bytes=fetcher.max_bytes, on_progress=note, should_stop=should_stop)
    except ReadError as e:
        return Poll(feed, error=e.reason)
    # items without a link are recognised by their content instead: unchanged ones are already stored too
    return Poll(feed, new=tuple(seen["ingested"]), known=(summary.known or 0) + summary.unchanged,
                updated=tuple(seen["updated"]), failed=tuple(summary.failed))


def watch(config: WatchConfig, store: GraphStore, *, rounds: int | None = None, fetcher: Fetcher | None = None,
          clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], object] = time.sleep,
          should_stop: Callable[[], bool] = lambda: False,
          on_poll: Callable[[Poll], None] = lambda poll: None) -> list[Poll]:
    """Poll every feed when it is due, until ``should_stop()`` or after ``rounds`` wake-ups.

    A feed is due every ``config.interval`` minutes; one that is down is tried again after a
    doubling backoff while the others go on. ``sleep(seconds)`` waits for the next due feed: give one
    that returns early when asked to stop. Returns every poll made, also passed to ``on_poll``.
    """
    if not config.feeds:
        return []
    fetcher = fetcher or Fetcher(delay=config.delay, timeout=config.timeout, clock=clock, sleep=sleep)
    interval = config.interval * 60
    due = [clock()] * len(config.feeds)
    failures = [0] * len(config.feeds)
    polls: list[Poll] = []
    woken = 0
    while not should_stop():
        now = clock()
        for i, feed in enumerate(config.feeds):
            if should_stop():
                break
            if due[i] > now:
                continue
            result = poll(feed, store, fetcher, should_stop=should_stop)
            failures[i] = failures[i] + 1 if result.error else 0
            wait = backoff(interval, failures[i])
            due[i] = now + wait
            result = dataclasses.replace(result, next_in=wait)
            polls.append(result)
            on_poll(result)
        woken += 1
        if rounds is not None and woken >= rounds:
            break
        pause = min(due) - clock()
        if pause > 0 and not should_stop():
            sleep(pause)
    return polls
