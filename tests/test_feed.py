"""RSS and Atom feeds served by a real local server: items, releases, idempotent polling, the CLI."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import SDO, XSD

from dipgraph.cli import cli
from dipgraph.errors import ReadError
from dipgraph.mapping import country_iri, release_iri
from dipgraph.models import Release
from dipgraph.namespace import DIP
from dipgraph.pipeline import ingest_feed
from dipgraph.read.feed import FeedItem, item_identity, item_release, parse_feed, read_feed
from dipgraph.read.url import Fetcher
from dipgraph.store import GraphStore

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Ministry of Foreign Affairs – Press releases</title>
  <link>{base}/press/</link>
  <item>
    <title>Minister Meets Counterpart From Peru</title>
    <link>/press/1</link>
    <guid isPermaLink="false">mofa-press-1</guid>
    <pubDate>Tue, 05 Mar 2024 23:30:00 +0000</pubDate>
    <description>A summary that is not the release.</description>
    <content:encoded><![CDATA[<p>The Minister met the Foreign Minister of Peru in Lima on 5 March.</p>
<p>They signed a memorandum on trade.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Joint Statement On Maritime Cooperation</title>
    <link>{base}/press/2</link>
    <guid>{base}/press/2</guid>
    <pubDate>Wed, 06 Mar 2024 08:00:00 +0000</pubDate>
    <description>Only a summary here: the release is on its page.</description>
  </item>
  <item>
    <title>A Release That Was Withdrawn</title>
    <link>{base}/press/3</link>
    <pubDate>Thu, 07 Mar 2024 08:00:00 +0000</pubDate>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Ministry news</title>
  <id>tag:ministry.example,2024:news</id>
  <updated>2024-03-07T09:00:00Z</updated>
  <entry>
    <title>Minister Receives Ambassador Of Chile</title>
    <link rel="alternate" href="{base}/news/a"/>
    <id>tag:ministry.example,2024:a</id>
    <published>2024-03-06T00:30:00+01:00</published>
    <updated>2024-03-06T12:00:00+01:00</updated>
    <content type="html">&lt;p&gt;The Minister received the Ambassador of Chile.&lt;/p&gt;&lt;p&gt;They spoke of trade.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Statement On The Elections In Senegal</title>
    <link href="{base}/news/b"/>
    <id>tag:ministry.example,2024:b</id>
    <updated>2024-03-07T09:00:00Z</updated>
    <summary>A summary only.</summary>
  </entry>
</feed>
"""

PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="article:published_time" content="{date}T10:00:00+09:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>
<p>{body}</p></article></body></html>"""
PAGE_BODY = "The two ministers issued a joint statement on maritime cooperation in the region."


def fetcher() -> Fetcher:
    return Fetcher(delay=0, timeout=5)


def serve(web, path: str, text: str, content_type: str = "application/rss+xml; charset=utf-8") -> str:
    web.expect_request(path).respond_with_data(text.replace("{base}", web.url_for("").rstrip("/")),
                                               content_type=content_type)
    return web.url_for(path)


def serve_page(web, path: str, title: str, date: str = "2024-03-07") -> str:
    return serve(web, path, PAGE.format(title=title, date=date, body=PAGE_BODY), "text/html; charset=utf-8")


def paths(web) -> list[str]:
    return [request.path for request, _ in web.log]


# ---------------------------------------------------------------- reading feeds

def test_rss_items_carry_their_metadata(web):
    base = web.url_for("").rstrip("/")
    feed = read_feed(serve(web, "/rss", RSS), fetcher=fetcher())
    assert feed.title == "Ministry of Foreign Affairs – Press releases"
    assert [(i.title, i.link, i.guid, i.published) for i in feed.items] == [
        ("Minister Meets Counterpart From Peru", f"{base}/press/1", "mofa-press-1", "2024-03-05"),
        ("Joint Statement On Maritime Cooperation", f"{base}/press/2", f"{base}/press/2", "2024-03-06"),
        ("A Release That Was Withdrawn", f"{base}/press/3", None, "2024-03-07"),
    ]
    assert feed.items[0].content.startswith("<p>The Minister met the Foreign Minister of Peru")
    assert [i.content for i in feed.items[1:]] == [None, None]  # a description is not the full content


def test_atom_entries_carry_their_metadata(web):
    base = web.url_for("").rstrip("/")
    feed = read_feed(serve(web, "/atom", ATOM, "application/atom+xml"), fetcher=fetcher())
    assert [(i.title, i.link, i.guid, i.published) for i in feed.items] == [
        ("Minister Receives Ambassador Of Chile", f"{base}/news/a", "tag:ministry.example,2024:a", "2024-03-06"),
        ("Statement On The Elections In Senegal", f"{base}/news/b", "tag:ministry.example,2024:b", "2024-03-07"),
    ]
    assert feed.items[0].content == ("<p>The Minister received the Ambassador of Chile.</p>"
                                     "<p>They spoke of trade.</p>")
    assert feed.items[1].content is None


def test_publication_dates_can_be_read_in_the_publishers_time_zone():
    data = RSS.replace("{base}", "https://mofa.example").encode()
    assert parse_feed(data, "https://mofa.example/rss").items[0].published == "2024-03-05"  # as the feed says: UTC
    assert parse_feed(data, "https://mofa.example/rss", timezone_name="Asia/Seoul").items[0].published == "2024-03-06"
    atom = ATOM.replace("{base}", "https://mofa.example").encode()
    assert parse_feed(atom, "https://x/atom", timezone_name="America/Lima").items[0].published == "2024-03-05"


def test_plain_text_content_and_unusual_dates_are_read():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
<entry><title>Talks Go On</title><link href="https://mofa.example/1"/><id>tag:mofa.example,2024:1</id>
<published>Tuesday, 5 March 2024 23:00</published>
<content type="text">If a &lt;b&gt; deal is near, the talks go on.

They meet again in May.</content></entry></feed>"""
    (item,) = parse_feed(atom, "https://mofa.example/atom").items
    assert item.published == "2024-03-05"
    assert item_release(item).text == "Talks Go On\n\nIf a <b> deal is near, the talks go on.\nThey meet again in May."


def test_what_is_not_a_feed_is_a_clear_error(web):
    url = serve(web, "/page", "<html><body><p>Hello</p></body></html>", "text/html")
    with pytest.raises(ReadError) as info:
        read_feed(url, fetcher=fetcher())
    assert str(info.value).startswith(f"{url}: is not an RSS or Atom feed")
    web.expect_request("/down").respond_with_data("oops", status=500)
    with pytest.raises(ReadError, match=": HTTP 500 .*try again later$") as info:
        read_feed(web.url_for("/down"), fetcher=fetcher())
    assert info.value.source == web.url_for("/down")


# ---------------------------------------------------------------- items as releases

def test_an_item_with_full_content_is_read_from_the_feed(web):
    base = web.url_for("").rstrip("/")
    item = read_feed(serve(web, "/rss", RSS), fetcher=fetcher()).items[0]
    release = item_release(item, fetcher=fetcher(), publisher="Ministry of Foreign Affairs", publisher_country="KOR")
    title = "Minister Meets Counterpart From Peru"
    assert release.text == (f"{title}\n\nThe Minister met the Foreign Minister of Peru in Lima on 5 March.\n"
                            "They signed a memorandum on trade.")
    assert release.text[release.body_start:].startswith("The Minister met")
    assert (release.source, release.url, release.id, release.title, release.date) == (
        f"{base}/press/1", f"{base}/press/1", "mofa-press-1", title, "2024-03-05")
    assert (release.publisher, release.publisher_country) == ("Ministry of Foreign Affairs", "KOR")
    assert "/press/1" not in paths(web)  # nothing fetched but the feed


def test_an_item_without_content_is_read_from_its_page(web):
    base = web.url_for("").rstrip("/")
    items = read_feed(serve(web, "/rss", RSS), fetcher=fetcher()).items
    serve_page(web, "/press/2", "Joint Statement | Ministry", date="2024-03-07")
    release = item_release(items[1], fetcher=fetcher())
    assert PAGE_BODY in release.text
    assert release.title == "Joint Statement On Maritime Cooperation"  # the feed's headline
    assert release.date == "2024-03-07"  # the page's own date wins over the feed's UTC time
    assert (release.url, release.id) == (f"{base}/press/2", f"{base}/press/2")
    with pytest.raises(ReadError) as info:
        item_release(items[2], fetcher=fetcher())
    assert str(info.value).startswith(f"{base}/press/3: HTTP 404 ")


def test_the_identity_of_an_item_is_known_before_it_is_read(web):
    items = read_feed(serve(web, "/rss", RSS), fetcher=fetcher()).items
    serve_page(web, "/press/2", "Joint Statement")
    for item in items[:2]:
        assert release_iri(item_identity(item)) == release_iri(item_release(item, fetcher=fetcher()))
    unlinked = FeedItem(feed="f", title="t", link=None, guid="g", published=None, content="<p>Text.</p>")
    assert item_identity(unlinked) is None
    assert item_release(unlinked).text == "t\n\nText."


# ---------------------------------------------------------------- ingesting, idempotently

def test_a_feed_is_ingested_once_and_stored_items_are_not_fetched_again(web, tmp_path):
    base = web.url_for("").rstrip("/")
    url = serve(web, "/rss", RSS)
    serve_page(web, "/press/2", "Joint Statement")
    progress: list[tuple[str, str]] = []
    with GraphStore(tmp_path / "store") as store:
        first = ingest_feed(url, store, fetcher=fetcher(), publisher="Ministry of Foreign Affairs",
                            publisher_country="KOR", on_progress=lambda s, status: progress.append((s, status)))
        assert str(first) == "2 ingested, 0 already stored, 0 unchanged, 0 updated, 1 failed"
        assert first.failed[0][0] == f"{base}/press/3" and first.failed[0][1].startswith("HTTP 404 ")
        assert paths(web) == ["/robots.txt", "/rss", "/press/2", "/press/3"]
        web.clear_log()
        progress.clear()
        second = ingest_feed(url, store, fetcher=fetcher(), on_progress=lambda s, status: progress.append((s, status)))
        assert str(second) == "0 ingested, 2 already stored, 0 unchanged, 0 updated, 1 failed"
        assert progress == [(f"{base}/press/1", "known"), (f"{base}/press/2", "known"), (f"{base}/press/3", "failed")]
        assert paths(web) == ["/robots.txt", "/rss", "/press/3"]  # only the item that failed is tried again
        iri = URIRef(release_iri(Release(source="", text="", url=f"{base}/press/1")))
        graph = store.graph(iri)
    assert (iri, DIP.sourceIdentifier, Literal("mofa-press-1")) in graph
    assert (iri, SDO.url, Literal(f"{base}/press/1", datatype=XSD.anyURI)) in graph
    assert (iri, SDO.datePublished, Literal("2024-03-05", datatype=XSD.date)) in graph
    assert (iri, DIP.publisherName, Literal("Ministry of Foreign Affairs")) in graph
    assert (iri, DIP.publisherCountry, country_iri("KOR")) in graph


def test_stopping_mid_feed_keeps_what_was_read_and_leaves_the_rest(web, tmp_path):
    url = serve(web, "/atom", ATOM, "application/atom+xml")
    serve_page(web, "/news/b", "Statement")
    asked = []

    def stop_after_one() -> bool:
        asked.append(1)
        return len(asked) > 1

    with GraphStore(tmp_path / "store") as store:
        assert str(ingest_feed(url, store, fetcher=fetcher(), should_stop=stop_after_one)) == (
            "1 ingested, 0 already stored, 0 unchanged, 0 updated, 0 failed")
        assert "/news/b" not in paths(web)
        assert str(ingest_feed(url, store, fetcher=fetcher())) == (
            "1 ingested, 1 already stored, 0 unchanged, 0 updated, 0 failed")


def _release_count(store: GraphStore) -> int:
    rows = store.query("PREFIX dip: <https://w3id.org/dipgraph/ns#> "
                       "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g { ?r a dip:Release } }")
    return int(next(iter(rows))["n"].value)


def test_two_real_polls_of_a_ministry_feed_store_13_releases(web, tmp_path, shared_dir):
    feeds = shared_dir / "corpus" / "feeds"
    polls = [(feeds / f"state-press-releases-poll{n}.rss").read_bytes() for n in (1, 2)]
    statuses: list[list[tuple[str, str]]] = []
    with GraphStore(tmp_path / "store") as store:
        for data in polls:
            web.clear_all_handlers()
            web.clear_log()
            web.expect_request("/feed").respond_with_data(data, content_type="application/rss+xml; charset=UTF-8")
            seen: list[tuple[str, str]] = []
            summary = ingest_feed(web.url_for("/feed"), store, fetcher=fetcher(), publisher_country="USA",
                                  on_progress=lambda s, status: seen.append((s, status)))
            statuses.append(seen)
            assert paths(web) == ["/robots.txt", "/feed"]  # full content in the feed: no page fetched
            assert not summary.failed
        assert _release_count(store) == 13
    first, second = statuses
    assert [status for _, status in first] == ["ingested"] * 10
    in_first, in_second = {s for s, _ in first}, {s for s, _ in second}
    assert len(in_first & in_second) == 7
    assert {s for s, status in second if status == "known"} == in_first & in_second
    assert {s for s, status in second if status == "ingested"} == in_second - in_first  # the 3 new ones
    assert len(second) == 10


# ---------------------------------------------------------------- the command line

def test_cli_ingests_a_feed_and_a_page(web, tmp_path):
    store = tmp_path / "store"
    feed = serve(web, "/atom", ATOM, "application/atom+xml")
    serve_page(web, "/news/b", "Statement On The Elections In Senegal")
    page = serve_page(web, "/other", "Minister Visits Brazil")
    runner = CliRunner()
    args = ["ingest", "--feed", feed, page, "--store", str(store), "--delay", "0", "--publisher-country", "fra"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"3 ingested, 0 already stored, 0 unchanged, 0 updated, 0 failed (store: {store})")
    again = runner.invoke(cli, args, catch_exceptions=False)
    assert again.output.splitlines()[-1] == (
        f"0 ingested, 2 already stored, 1 unchanged, 0 updated, 0 failed (store: {store})")


def test_cli_reports_a_feed_that_cannot_be_read(tmp_path, closed_port):
    url = f"http://127.0.0.1:{closed_port}/feed"
    result = CliRunner().invoke(cli, ["ingest", "--feed", url, "--store", str(tmp_path / "s"), "--delay", "0"])
    assert result.exit_code == 1
    assert f"dipgraph: failed: {url}: cannot be fetched: Connection refused" in result.output
    assert result.output.splitlines()[-1].startswith("0 ingested, 0 already stored, 0 unchanged, 0 updated, 1 failed")


def test_cli_ingest_needs_sources_or_a_feed(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "give SOURCES to read or a --feed URL" in result.output
    assert not Path(tmp_path / "s").exists()
