"""The Markdown and HTML briefings read back: quotes verbatim, footnotes, blockquotes, self-contained."""

from __future__ import annotations

import re

import lxml.html
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from dossier.core.briefing import prepare
from dossier.core.citations import plain
from dossier.core.export.html import render_html
from dossier.core.export.markdown import escape, render_markdown
from tests.core.briefing_data import EXTRA_URL, MARKUP_QUOTE, SCRIPTS_QUOTE, TITLE, make_dossier, make_library, printed


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = make_library(tmp_path_factory.mktemp("lib"))
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def briefing(library):
    return prepare(make_dossier(library), library)


def markdown_page(source: str):
    """Markdown rendered by a CommonMark parser with footnotes, as an HTML tree."""
    rendered = MarkdownIt("commonmark").use(footnote_plugin).render(source)
    return lxml.html.fromstring(f"<div>{rendered}</div>")


def squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------- Markdown


def test_markdown_quotes_render_verbatim_with_footnotes(library, briefing):
    page = markdown_page(render_markdown(briefing))
    quotes = page.findall(".//blockquote")
    clips = make_dossier(library).clips()
    assert len(quotes) == len(clips)
    for quote, clip in zip(quotes, clips):
        ref = quote.find(".//sup")
        assert ref is not None, clip.quote
        paragraphs = [squash(p.text_content()) for p in quote.findall("p")]
        assert paragraphs[:-1] == [squash(p) for p in printed(clip)[:-1]]
        assert paragraphs[-1].startswith(squash(printed(clip)[-1]))
    assert squash(quotes[2].text_content()).startswith(f"“{MARKUP_QUOTE[:40]}")
    numbers = [int(q.find(".//sup").text_content().strip("[]").split(":")[0]) for q in quotes]
    assert numbers == [1, 2, 3, 4, 5, 1, 6]
    items = page.findall(".//section[@class='footnotes']//li")
    assert [squash(li.text_content().replace("↩︎", "")) for li in items] == [plain(note.runs) for note in briefing.notes]


def test_markdown_structure_and_links(briefing):
    source = render_markdown(briefing)
    page = markdown_page(source)
    assert page.find(".//h1").text_content() == TITLE
    assert [h.text_content() for h in page.findall(".//h2")] == [
        "Contents",
        "Agenda",
        "Demands",
        "Background",
        "Sources",
    ]
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    internal = {a.get("href")[1:] for a in page.iter("a") if (a.get("href") or "").startswith("#")}
    assert {h for h in internal if not h.startswith("fn")} <= ids
    assert source.count("[^1]") == 3  # twice in the text, once defined
    assert f"<{EXTRA_URL}>" in source


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "1. not a list",
        "- nor this",
        "*a* _b_ `c` [d](e) <f> &amp;",
        "> not a quote",
        "back\\slash",
        "+ plus",
        "=====",
        "line one\nline two",
    ],
)
def test_markdown_escapes_every_piece_of_markup(text):
    from dossier.core.export.markdown import _block

    page = markdown_page(_block(text))
    assert page.text_content().strip() == text


# ---------------------------------------------------------------------- HTML


def test_html_is_self_contained_without_scripts(briefing):
    source = render_html(briefing)
    page = lxml.html.fromstring(source)
    assert page.find(".//script") is None and page.find(".//link") is None and page.find(".//iframe") is None
    assert not [e for e in page.iter() if e.get("src") or e.get("srcset")]
    assert not [k for e in page.iter() for k in e.attrib if k.startswith("on")]
    style = page.find(".//style").text
    assert "@media print" in style and "url(" not in style and "@import" not in style
    assert page.get("lang") == "en" and page.find(".//title").text == TITLE
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert {a.get("href")[1:] for a in page.iter("a") if a.get("href", "").startswith("#")} <= set(ids)


def test_html_blockquotes_cite_their_source_and_mark_other_scripts(library, briefing):
    page = lxml.html.fromstring(render_html(briefing))
    quotes = page.findall(".//blockquote")
    clips = make_dossier(library).clips()
    assert len(quotes) == len(clips)
    for quote, clip in zip(quotes, clips):
        parts = printed(clip)
        paragraphs = [squash(p.text_content()) for p in quote.findall("p")]
        assert len(paragraphs) == len(parts) and paragraphs[:-1] == [squash(p) for p in parts[:-1]]
        assert paragraphs[-1].startswith(squash(parts[-1]))
    markup, scripts = quotes[2], quotes[4]
    assert markup.get("cite") == EXTRA_URL and squash(markup.text_content()) == squash(printed(clips[2])[0]) + "3"
    # more Greek letters than Cyrillic, in an article the detector reads as Greek
    assert (scripts.get("lang"), scripts.get("dir")) == ("el", "ltr") and markup.get("lang") is None
    assert squash(scripts.text_content()) == f"“{SCRIPTS_QUOTE}”5"
    assert quotes[0].get("lang") is None and quotes[0].get("cite") is None  # a seed: no URL


def test_html_notes_link_back_to_every_quote_citing_them(briefing):
    page = lxml.html.fromstring(render_html(briefing))
    notes = page.findall(".//ol[@class='notes']/li")
    assert [n.get("id") for n in notes] == [f"note-{n}" for n in range(1, 7)]
    back = [a.get("href") for a in notes[0].iter("a") if a.text == "↩"]
    quotes = page.findall(".//blockquote")
    assert back == [f"#{quotes[0].get('id')}", f"#{quotes[5].get('id')}"]
    refs = [q.find(".//sup/a").get("href") for q in quotes]
    assert refs == ["#note-1", "#note-2", "#note-3", "#note-4", "#note-5", "#note-1", "#note-6"]
    assert re.sub(r"\s+", " ", notes[2].text_content()).startswith(
        "Ilse Vandermeer, “Markets & Talks”, The Daily Wire, 17 March 2025, ¶ 2, https://example.org/markets?a=1&b=2."
    )


def test_html_escapes_user_text(library):
    dossier = make_dossier(library)
    dossier.title = 'A <script>alert("x")</script> & co'
    source = render_html(prepare(dossier, library))
    page = lxml.html.fromstring(source)
    assert page.find(".//script") is None and page.find(".//h1").text_content() == dossier.title
    assert "&lt;b&gt;were&lt;/b&gt;" in source and "<b>" not in source


def test_markdown_escape_is_plain_for_plain_words():
    assert escape("Plain words, with “quotes” and ¶ 7.") == "Plain words, with “quotes” and ¶ 7."
