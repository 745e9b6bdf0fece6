"""Limits with clear messages: query and title length, HTML pages, and quotes found whatever
the Unicode spelling of their accents."""

from __future__ import annotations

import unicodedata

import pytest

from dossier.core import limits
from dossier.core.commands import AddSection, RenameSection, SetInfo
from dossier.core.errors import TooLong, UnreadableFile
from dossier.core.integrity import OK, check_clip, clip_quote
from dossier.core.textio import parse_html
from dossier.core.workspace import Workspace


def test_a_too_long_query_is_refused_with_the_limit(tmp_path):
    with Workspace(tmp_path / "data") as ws:
        ws.ensure_ready()
        results = ws.search("walrus " * 20_000)
        assert results.total == 0 and "too long (140,000 characters; the limit is 2,000)" in results.message
        assert ws.index.match_spans("land " * 1000, next(iter(ws.library.current_ids()))) == []
        assert ws.search("land").total >= 1


@pytest.mark.parametrize(
    "make", [lambda t: AddSection(t), lambda t: RenameSection("s1", t), lambda t: SetInfo(title=t)]
)
def test_a_too_long_title_is_refused(make):
    make("x" * limits.MAX_TITLE_CHARS)
    with pytest.raises(TooLong, match="the limit is 1,000"):
        make("x" * (limits.MAX_TITLE_CHARS + 1))


def test_an_html_page_with_too_many_elements_is_refused_at_once():
    page = b"<html><body><article><p>Real text.</p>" + b"<p></p>" * 400_000 + b"</article></body></html>"
    with pytest.raises(UnreadableFile, match="more than 20,000 elements"):
        parse_html(page, "flood.html")


def test_an_nfc_quote_matches_an_nfd_article_and_keeps_its_text(library):
    nfd = unicodedata.normalize("NFD", "Café talks\n\nThe café in Zürich hosted the délégation on Monday.\n")
    result = library.add_bytes(nfd.encode("utf-8"), name="nfd.txt")
    article = library.get(result.article_id)
    quote = unicodedata.normalize("NFC", "café in Zürich hosted the délégation")
    clip = clip_quote(article, quote)
    assert clip.quote == unicodedata.normalize("NFD", quote)  # the article's own text, as printed
    assert article.text[clip.start : clip.end] == clip.quote
    assert check_clip(clip, article).status == OK
    nfc_article = library.get(library.add_bytes(unicodedata.normalize("NFC", nfd).encode(), name="nfc.txt").article_id)
    assert clip_quote(nfc_article, clip.quote).quote == quote  # and the other way round
