"""HTML pages: headline and date from metadata, body text without hidden pop-ups."""
from __future__ import annotations

from dipgraph.read.html import read_html

PAGE = """<!doctype html><html><head><title>Talks • Site</title>
<meta property="og:title" content="Russian-Ruritanian talks"/>
<meta property="og:site_name" content="President of Russia"/></head>
<body><nav>Menu</nav><article><h1>Russian-Ruritanian talks</h1>
<div class="lead"><p>Vladimir Putin met with
President of Ruritania Ivan Dobrev.</p></div>
<time datetime="2017-02-27" itemprop="datePublished">February 27, 2017</time>
<div itemprop="articleBody"><p>The talks went well.<span class="tooltip hidden">Background information</span></p></div>
</article></body></html>"""


def test_metadata_and_text():
    r = read_html(PAGE, "page.html")
    assert r.title == "Russian-Ruritanian talks"
    assert r.date == "2017-02-27"
    assert r.publisher == "President of Russia" and r.publisher_country == "RUS"
    assert "Vladimir Putin met with President of Ruritania Ivan Dobrev." in r.text  # line breaks in markup are spaces
    assert "Background information" not in r.text
    assert r.text.count("Russian-Ruritanian talks") == 1
