"""RSS 2.0 and Atom feeds (parsed by feedparser): their items, and each item as a release.

Reading a feed yields :class:`FeedItem` metadata only; :func:`item_release` then builds the release:
from the full content when the feed carries it (``content:encoded``, Atom ``content``), else from the
item's page, fetched. The item's link is the release's URL and so its identity: a caller can tell
from :func:`item_identity` whether an item is already stored before anything is fetched.
"""
from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from dipgraph.errors import ReadError
from dipgraph.models import Release
from dipgraph.read.decode import MAX_BYTES
from dipgraph.read.page import fragment_text
from dipgraph.read.url import Fetcher, read_url

ACCEPT_FEED = "application/rss+xml, application/atom+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, as the feed describes it."""

    feed: str
    """The URL of the feed it came from."""
    title: str | None
    link: str | None
    guid: str | None
    published: str | None
    """The publication date, ``YYYY-MM-DD``, in the time zone the feed states (or the one asked for)."""
    content: str | None
    """The full HTML body, when the feed carries it."""

    @property
    def source(self) -> str:
        """How the item is named in messages: its link, else the feed and its guid or title."""
        return self.link or f"{self.feed}#{self.guid or self.title or '?'}"


@dataclass(frozen=True)
class Feed:
    url: str
    title: str | None
    items: tuple[FeedItem, ...]


def read_feed(url: str, *, fetcher: Fetcher | None = None, timezone_name: str | None = None) -> Feed:
    """Fetch and parse the feed at ``url``; :class:`ReadError` when it cannot be had or is no feed."""
    fetcher = fetcher or Fetcher()
    response = fetcher.get(url, accept=ACCEPT_FEED)
    headers = {"content-location": response.final_url, "content-type": response.headers.get("Content-Type", "")}
    return parse_feed(response.body, url, headers=headers, timezone_name=timezone_name)


def parse_feed(data: bytes, url: str, *, headers: dict[str, str] | None = None,
               timezone_name: str | None = None) -> Feed:
    """The feed in ``data`` (read from ``url``); relative links are resolved against ``url``.

    ``timezone_name`` (an IANA name such as ``America/New_York``) turns publication times into the
    publisher's local dates; without it a date is read in the offset the feed gives.
    """
    import feedparser  # only when feeds are read

    parsed = feedparser.parse(data, response_headers=headers or {"content-location": url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ReadError(url, "is not an RSS or Atom feed" + (f": {problem}" if problem else ""))
    zone = ZoneInfo(timezone_name) if timezone_name else None
    items = tuple(FeedItem(feed=url, title=_clean(entry.get("title")), link=_clean(entry.get("link")),
                           guid=_clean(entry.get("id")), published=_published(entry, zone),
                           content=_content(entry))
                  for entry in parsed.entries)
    return Feed(url=url, title=_clean(parsed.feed.get("title")), items=items)


def _clean(value) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _content(entry) -> str | None:
    """The longest body of the entry (RSS content:encoded, Atom content) as HTML, if any."""
    bodies = []
    for content in entry.get("content", ()):
        value = content.get("value", "")
        if value.strip():
            plain = content.get("type") == "text/plain"  # Atom type="text": "<" is a character, not a tag
            bodies.append("".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n")) if plain else value)
    return max(bodies, key=len) if bodies else None


def _published(entry, zone: ZoneInfo | None) -> str | None:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            when = parsedate_to_datetime(raw)  # RFC 822, as RSS writes it
        except (TypeError, ValueError, IndexError):
            try:
                when = dateparser.isoparse(raw.strip())  # RFC 3339, as Atom writes it
            except (ValueError, OverflowError):
                parsed = entry.get(f"{key}_parsed")  # the many other forms feedparser knows, in UTC
                if not parsed:
                    continue
                when = datetime(*parsed[:6], tzinfo=timezone.utc)
        if zone is not None:
            when = (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(zone)
        return when.date().isoformat()
    return None


def item_identity(item: FeedItem) -> Release | None:
    """A release carrying only what identifies the item's release (its link), or None without a link.

    ``mapping.release_iri`` of it is the IRI the release is stored under.
    """
    return Release(source=item.source, text="", url=item.link) if item.link else None


def item_release(item: FeedItem, *, fetcher: Fetcher | None = None, max_bytes: int | None = MAX_BYTES,
                 publisher: str | None = None, publisher_country: str | None = None) -> Release:
    """The release an item announces, with the item's title, link and guid.

    From the feed's full content when it has one, else from the item's page: then the page's own
    date wins (a page states its local publication date; feed times are often in UTC) and the
    item's date fills in when the page has none. ``publisher`` and ``publisher_country`` label it.
    """
    labels = {"publisher": publisher, "publisher_country": publisher_country}
    labels = {k: v for k, v in labels.items() if v is not None}
    body = fragment_text(item.content) if item.content else ""
    if body:
        title = item.title
        text = f"{title}\n\n{body}" if title else body
        retrieved = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        return Release(source=item.source, text=text, title=title, date=item.published, url=item.link,
                       id=item.guid, retrieved=retrieved, body_start=len(title) + 2 if title else 0, **labels)
    if not item.link:
        raise ReadError(item.source, "has neither content nor a link to its page")
    release = read_url(item.link, fetcher=fetcher, max_bytes=max_bytes, **labels)
    return dataclasses.replace(release, source=item.source, title=item.title or release.title,
                               date=release.date or item.published, id=item.guid or release.id)
