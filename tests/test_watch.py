"""Following feeds: the configuration, the polling schedule and backoff, stopping, restarting, the CLI."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipgraph.cli import cli
from dipgraph.errors import ConfigError
from dipgraph.store import GraphStore
from dipgraph.watch import MAX_BACKOFF, WatchConfig, WatchedFeed, backoff, load_config, watch

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{name}</title>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{link}</link><guid>{link}</guid>
<pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>{title}: the ministers met and discussed cooperation.</p>]]></content:encoded></item>"""


def rss(name: str, *titles: str, base: str = "https://mofa.example/press") -> str:
    items = "\n".join(ITEM.format(title=t, link=f"{base}/{n}") for n, t in enumerate(titles, 1))
    return RSS.format(name=name, items=items)


class FakeTime:
    """A clock that moves only when slept on: a day of polling runs in an instant."""

    def __init__(self):
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def write_config(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the configuration

def test_a_configuration_is_read_with_its_labels(tmp_path):
    path = write_config(tmp_path / "feeds.toml", """
interval = 15
delay = 0.5

[[feeds]]
url = "https://www.state.gov/rss-feed/press-releases/feed/"
publisher = "U.S.  Department of State"
publisher_country = "usa"
timezone = "America/New_York"

[[feeds]]
url = "https://mofa.example/rss"
""")
    assert load_config(path) == WatchConfig(
        feeds=(WatchedFeed("https://www.state.gov/rss-feed/press-releases/feed/", "U.S. Department of State", "USA",
                           "America/New_York"),
               WatchedFeed("https://mofa.example/rss")),
        interval=15.0, delay=0.5, timeout=30.0)
    assert [f.name for f in load_config(path).feeds] == ["U.S. Department of State", "mofa.example"]


@pytest.mark.parametrize("text, problem", [
    ('interval = 5\n', "feeds: list the feeds to follow as [[feeds]] tables, each with a url"),
    ('feeds = []\n', "feeds: list the feeds to follow as [[feeds]] tables, each with a url"),
    ('intervall = 5\n[[feeds]]\nurl = "https://a.example/rss"\n',
     "intervall: unknown setting (known: interval, delay, timeout, feeds)"),
    ('interval = 0\n[[feeds]]\nurl = "https://a.example/rss"\n',
     "interval: must be a number, more than 0 (minutes between polls of each feed), not 0"),
    ('delay = "1"\n[[feeds]]\nurl = "https://a.example/rss"\n',
     "delay: must be a number, 0 or more (seconds between requests to one site), not '1'"),
    ('[[feeds]]\nurl = "ftp://a.example/rss"\n', "feed 1: url must be an http(s) URL, not 'ftp://a.example/rss'"),
    ('[[feeds]]\npublisher = "Ministry"\n', "feed 1: url must be an http(s) URL, not ''"),
    ('[[feeds]]\nurl = "https://a.example/rss"\ncountry = "KOR"\n',
     "feed 1: unknown key 'country' (known: url, publisher, publisher_country, timezone)"),
    ('[[feeds]]\nurl = "https://a.example/rss"\n[[feeds]]\nurl = "https://b.example/rss"\npublisher_country = "XX"\n',
     "feed 2: publisher_country 'XX' is not an ISO 3166-1 alpha-3 code"),
    ('[[feeds]]\nurl = "https://a.example/rss"\ntimezone = "Mars/Olympus"\n',
     "feed 1: timezone 'Mars/Olympus' is not an IANA time zone name (like Europe/Paris)"),
    ('[[feeds]]\nurl = "https://a.example/rss"\npublisher = 3\n', "feed 1: publisher must be a non-empty string"),
    ('[[feeds]]\nurl = "https://a.example/rss"\n[[feeds]]\nurl = "https://a.example/rss"\n',
     "feed 2: https://a.example/rss is listed twice"),
])
def test_configuration_mistakes_name_the_file_and_the_setting(tmp_path, text, problem):
    path = write_config(tmp_path / "feeds.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: {problem}"


def test_a_configuration_that_is_not_toml_or_not_there(tmp_path):
    with pytest.raises(ConfigError, match=r"feeds.toml: is not valid TOML: "):
        load_config(write_config(tmp_path / "feeds.toml", "[[feeds]\nurl = 1"))
    with pytest.raises(ConfigError, match=r"missing.toml: cannot be read: No such file or directory$"):
        load_config(tmp_path / "missing.toml")


# ---------------------------------------------------------------- polling

def test_backoff_doubles_up_to_a_ceiling():
    assert [backoff(600, n) for n in range(7)] == [600, 1200, 2400, 4800, 9600, 19200, MAX_BACKOFF]
    assert backoff(8 * 3600, 3) == 8 * 3600  # never more often than the interval


def test_a_feed_that_is_down_backs_off_while_the_others_go_on(web, tmp_path, closed_port):
    web.expect_request("/a").respond_with_data(rss("A", "First Release", "Second Release"),
                                               content_type="application/rss+xml")
    up = WatchedFeed(web.url_for("/a"), publisher="Ministry A", publisher_country="KOR")
    down = WatchedFeed(f"http://127.0.0.1:{closed_port}/rss", publisher="Ministry B")
    config = WatchConfig(feeds=(up, down), interval=10, delay=0)
    t = FakeTime()
    when: list[float] = []
    with GraphStore(tmp_path / "store") as store:
        polls = watch(config, store, rounds=6, clock=t.clock, sleep=t.sleep, on_poll=lambda p: when.append(t.now))
    refused = "cannot be fetched: Connection refused"
    assert [(p.feed.name, at, len(p.new), p.known, p.error, p.next_in) for p, at in zip(polls, when)] == [
        ("Ministry A", 0, 2, 0, None, 600),
        ("Ministry B", 0, 0, 0, refused, 1200),
        ("Ministry A", 600, 0, 2, None, 600),
        ("Ministry A", 1200, 0, 2, None, 600),
        ("Ministry B", 1200, 0, 0, refused, 2400),
        ("Ministry A", 1800, 0, 2, None, 600),
        ("Ministry A", 2400, 0, 2, None, 600),
        ("Ministry A", 3000, 0, 2, None, 600),
    ]
    assert polls[0].new == ("https://mofa.example/press/1", "https://mofa.example/press/2")


def test_a_feed_that_comes_back_is_polled_at_the_interval_again(web, tmp_path):
    web.expect_request("/rss").respond_with_data("busy", status=503)
    feed = WatchedFeed(web.url_for("/rss"))
    t = FakeTime()

    def on_poll(poll):
        if poll.error:  # the site recovers after its first failure
            web.clear_all_handlers()
            web.expect_request("/rss").respond_with_data(rss("A", "Back Online"), content_type="text/xml")

    with GraphStore(tmp_path / "store") as store:
        polls = watch(WatchConfig(feeds=(feed,), interval=5, delay=0), store, rounds=3, clock=t.clock,
                      sleep=t.sleep, on_poll=on_poll)
    assert [(bool(p.error), len(p.new), p.next_in) for p in polls] == [(True, 0, 600), (False, 1, 300),
                                                                       (False, 0, 300)]
    assert polls[0].error.startswith("HTTP 503 ")


def test_a_restart_ingests_nothing_again(web, tmp_path):
    web.expect_request("/a").respond_with_data(rss("A", "One", "Two", "Three"), content_type="application/rss+xml")
    config = WatchConfig(feeds=(WatchedFeed(web.url_for("/a")),), interval=30, delay=0)
    with GraphStore(tmp_path / "store") as store:
        first = watch(config, store, rounds=1)
    with GraphStore(tmp_path / "store") as store:
        again = watch(config, store, rounds=1)
    assert [(len(p.new), p.known) for p in first + again] == [(3, 0), (0, 3)]


def test_an_item_without_a_link_is_recognised_by_its_content(web, tmp_path):
    unlinked = RSS.format(name="A", items="<item><title>Statement Without A Page</title>"
                                          "<description>Only here.</description>"
                                          "<content:encoded><![CDATA[<p>The ministry welcomes the ceasefire.</p>]]>"
                                          "</content:encoded></item>")
    web.expect_request("/a").respond_with_data(unlinked, content_type="application/rss+xml")
    config = WatchConfig(feeds=(WatchedFeed(web.url_for("/a"), publisher="Ministry A"),), delay=0)
    with GraphStore(tmp_path / "store") as store:
        t = FakeTime()
        polls = watch(config, store, rounds=2, clock=t.clock, sleep=t.sleep)
    assert [(p.new, p.known) for p in polls] == [((f"{web.url_for('/a')}#Statement Without A Page",), 0), ((), 1)]


def test_stop_is_asked_between_polls_and_items(web, tmp_path):
    web.expect_request("/a").respond_with_data(rss("A", "One", "Two"), content_type="application/rss+xml")
    web.expect_request("/b").respond_with_data(rss("B", "Three", base="https://b.example"),
                                               content_type="application/rss+xml")
    config = WatchConfig(feeds=(WatchedFeed(web.url_for("/a")), WatchedFeed(web.url_for("/b"))), delay=0)
    answers = iter([False, False, True])  # the loop, feed A, A's first item: then stop
    with GraphStore(tmp_path / "store") as store:
        polls = watch(config, store, should_stop=lambda: next(answers, True))
    assert [(p.feed.url, len(p.new)) for p in polls] == [(web.url_for("/a"), 0)]


# ---------------------------------------------------------------- the command line

def _lines(output: str) -> list[str]:
    """Log lines without their timestamps."""
    return [re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", "", line) for line in output.splitlines()]


def test_cli_watch_once_logs_each_poll(web, tmp_path, closed_port):
    web.expect_request("/a").respond_with_data(rss("A", "One", "Two"), content_type="application/rss+xml")
    config = write_config(tmp_path / "feeds.toml", f"""
delay = 0
[[feeds]]
url = "{web.url_for('/a')}"
publisher = "Ministry A"
publisher_country = "KOR"
[[feeds]]
url = "http://127.0.0.1:{closed_port}/rss"
""")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["watch", str(config), "--once", "--store", str(store)], catch_exceptions=False)
    assert result.exit_code == 1  # a feed was down
    assert _lines(result.output) == [
        f"watching 2 feeds every 30 min (store: {store})",
        "Ministry A: 2 new, 0 already stored, 0 updated, 0 failed",
        "  new: https://mofa.example/press/1",
        "  new: https://mofa.example/press/2",
        f"127.0.0.1:{closed_port}: down: cannot be fetched: Connection refused",
    ]
    write_config(config, f'delay = 0\n[[feeds]]\nurl = "{web.url_for("/a")}"\npublisher = "Ministry A"\n')
    again = CliRunner().invoke(cli, ["watch", str(config), "--once", "--store", str(store), "--interval", "5"])
    assert again.exit_code == 0, again.output
    assert _lines(again.output) == [f"watching 1 feed every 5 min (store: {store})",
                                    "Ministry A: 0 new, 2 already stored, 0 updated, 0 failed"]


def test_cli_watch_refuses_a_bad_configuration(tmp_path):
    config = write_config(tmp_path / "feeds.toml", '[[feeds]]\nurl = "https://a.example/rss"\ncountry = "KOR"\n')
    result = CliRunner().invoke(cli, ["watch", str(config), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "unknown key 'country' (known: url, publisher, publisher_country, timezone)" in result.output
    assert not (tmp_path / "s").exists()


def test_ctrl_c_stops_watch_cleanly_and_a_restart_re_ingests_nothing(web, tmp_path):
    web.expect_request("/a").respond_with_data(rss("A", "One", "Two", "Three"), content_type="application/rss+xml")
    config = write_config(tmp_path / "feeds.toml",
                          f'interval = 30\ndelay = 0\n[[feeds]]\nurl = "{web.url_for("/a")}"\npublisher = "A"\n')
    store = tmp_path / "store"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "dipgraph", "watch", str(config), "--store", str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "new: " in line and line.rstrip().endswith("/3"):
                break  # the first poll is logged; the watch now sleeps
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    logged = _lines("".join(lines) + out)
    assert logged[1] == "A: 3 new, 0 already stored, 0 updated, 0 failed; next poll in 30 min"
    assert logged[-2:] == ["stopping (Ctrl-C again to stop at once)", "stopped"]
    again = CliRunner().invoke(cli, ["watch", str(config), "--once", "--store", str(store)], catch_exceptions=False)
    assert _lines(again.output)[1] == "A: 0 new, 3 already stored, 0 updated, 0 failed"
