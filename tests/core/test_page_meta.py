"""Page details as outlets mark them up: JSON-LD graphs, author lists, meta tags, title suffixes."""

from __future__ import annotations

import pytest

from dossier.core.sources.page_meta import PageMeta, page_meta, strip_site_name


@pytest.mark.parametrize(
    "title, site, url, expected",
    [
        (
            "Senate passes the bill | CNN Politics",
            None,
            "https://edition.cnn.com/2025/03/17/politics/bill",
            "Senate passes the bill",
        ),
        ("Senate passes the bill - BBC News", "BBC News", None, "Senate passes the bill"),
        (
            "Senate passes the bill | World news | The Guardian",
            None,
            "https://www.theguardian.com/x",
            "Senate passes the bill",
        ),
        (
            "Putin - Trump talks end without a deal",
            None,
            "https://example.org/a",
            "Putin - Trump talks end without a deal",
        ),
        (
            "Q&A: what the ceasefire means – and what it does not",
            None,
            None,
            "Q&A: what the ceasefire means – and what it does not",
        ),
        (
            "Exclusive: grain talks stall — Reuters",
            None,
            "https://www.reuters.com/world/x",
            "Exclusive: grain talks stall",
        ),
    ],
)
def test_site_name_suffix_is_stripped(title, site, url, expected):
    assert strip_site_name(title, site, url) == expected


def test_json_ld_graph_with_person_and_organization():
    page = """<html><head><title>Ignored | Site</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Valmora Post"},
      {"@type": ["NewsArticle"], "headline": "Floods close the northern road",
       "datePublished": "2025-06-14T07:00:00Z", "dateModified": "2025-06-15T09:00:00Z",
       "author": {"@type": "Person", "name": "  Ana   Costa "},
       "publisher": {"@type": "NewsMediaOrganization", "name": "Valmora Post"},
       "mainEntityOfPage": "https://valmora.example/news/floods"}]}</script>
    </head><body><h1>Floods close the northern road</h1></body></html>"""
    meta = page_meta(page, "https://valmora.example/news/floods?utm=x")
    assert (meta.title, meta.author, meta.published, meta.publisher) == (
        "Floods close the northern road",
        "Ana Costa",
        "2025-06-14",
        "Valmora Post",
    )
    assert meta.url is None  # no canonical link, no og:url: the importer keeps the final address


def test_meta_tags_without_json_ld():
    page = """<html><head><title>Harbour reopens – Coast Herald</title>
    <meta property="og:site_name" content="Coast Herald">
    <meta property="og:url" content="https://coast.example/harbour">
    <meta name="author" content="Jon Silva"><meta name="author" content="https://coast.example/staff/jon">
    <meta name="date" content="2025-06-15"></head><body><p>x</p></body></html>"""
    meta = page_meta(page)
    assert (meta.title, meta.author, meta.published, meta.publisher, meta.url) == (
        "Harbour reopens",
        "Jon Silva",
        "2025-06-15",
        "Coast Herald",
        "https://coast.example/harbour",
    )


def test_h1_comes_before_the_title_tag_and_broken_json_is_ignored():
    page = """<html><head><title>Home page of a blog</title>
    <script type="application/ld+json">{ not json </script></head>
    <body><h1> The  harvest   report </h1><p>Text.</p></body></html>"""
    meta = page_meta(page)
    assert meta.title == "The harvest report" and meta.author is None and meta.published is None


def test_nothing_readable_gives_nothing():
    assert page_meta("") == PageMeta() and page_meta(b"\x00\x01") == PageMeta()
