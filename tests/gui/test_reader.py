"""The reader: what it shows, and that a selection maps back to the exact article text."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from dossier.gui.mime import MIME_SELECTION
from dossier.gui.widgets.reader import Reader

ARTICLE = """A Quiet Morning in Kursk

Talks on a ceasefire began at dawn.
The envoys met in a small room.

Share.

Nobody expected the ceasefire to hold, said one official.

A third paragraph, about nothing in particular.
"""


def regex_finder(query: str, article_text: dict):
    def find(q: str, article_id: str):
        return [m.span() for m in re.finditer(re.escape(q), article_text[article_id], re.IGNORECASE)]

    return find


@pytest.fixture
def article(library):
    result = library.add_bytes(ARTICLE.encode(), name="kursk.txt")
    return library.get(result.article_id)


@pytest.fixture
def long_article(library):
    body = "\n\n".join(f"Paragraph {n} says something about the talks." for n in range(1, 81))
    result = library.add_bytes(
        ("Long Report\n\n" + body + "\n\nThe ceasefire word is here at the end.\n").encode(), name="long.txt"
    )
    return library.get(result.article_id)


@pytest.fixture
def reader(qtbot, article, long_article):
    texts = {article.id: article.text, long_article.id: long_article.text}
    reader = Reader(regex_finder("", texts))
    qtbot.addWidget(reader)
    reader.resize(800, 600)
    reader.show()
    yield reader
    qtbot.waitUntil(lambda: not reader._runner.busy(), timeout=5000)


def select_doc(reader, start: int, end: int) -> None:
    cursor = QTextCursor(reader.view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    reader.view.setTextCursor(cursor)


def test_empty_state_until_an_article_is_chosen(reader, article):
    assert reader.stack.currentWidget() is reader.empty
    assert "Ctrl+1" in reader.empty.text()
    reader.show_article(article)
    assert reader.stack.currentWidget() is reader.view


def test_header_body_and_hidden_boilerplate(reader, article):
    reader.show_article(article)
    page = reader.view.toPlainText()
    assert page.startswith("A Quiet Morning in Kursk\nno date")
    assert page.count("A Quiet Morning in Kursk") == 1  # the title paragraph is the header
    assert "Share." not in page
    assert [p.paragraph.number for p in reader.view.map.placed] == [1, 2, 3]
    assert reader.boilerplate_box.text() == "Show page furniture (1)"
    reader.boilerplate_box.setChecked(True)
    assert "Share." in reader.view.toPlainText()
    assert [p.paragraph.number for p in reader.view.map.placed] == [1, None, 2, 3]


def test_every_paragraph_maps_back_to_the_exact_text(reader, article):
    reader.set_boilerplate_visible(True)
    reader.show_article(article)
    for placed in reader.view.map.placed:
        select_doc(reader, placed.doc_start, placed.doc_end)
        start, end = reader.selection_span()
        assert article.text[start:end] == article.text[placed.paragraph.start : placed.paragraph.end]
    # a line break inside a paragraph is one character on the page too
    first = reader.view.map.placed[0]
    select_doc(reader, first.doc_start + 11, first.doc_end)
    start, end = reader.selection_span()
    assert article.text[start:end] == "ceasefire began at dawn.\nThe envoys met in a small room."


def test_a_selection_over_hidden_boilerplate_keeps_the_exact_span(reader, article):
    reader.show_article(article)
    first, second = reader.view.map.placed[:2]
    select_doc(reader, first.doc_end - 5, second.doc_start + 6)
    start, end = reader.selection_span()
    assert article.text[start:end].startswith("room.") and article.text[start:end].endswith("Nobody")
    assert "Share." in article.text[start:end]


def test_a_selection_in_the_header_is_not_a_passage(reader, article):
    reader.show_article(article)
    select_doc(reader, 0, 5)
    assert reader.selection_span() is None


def test_matches_are_lit_and_f3_moves_between_them(qtbot, reader, article):
    reader.show_article(article, query="ceasefire")
    qtbot.waitUntil(lambda: reader.match_count() == 2)
    assert [article.text[s:e] for s, e in reader.matches()] == ["ceasefire", "ceasefire"]
    assert reader.current_match() == 0
    assert reader.match_label.text() == "Match 1 of 2 · “ceasefire”"
    formats = [sel.format.background().color().name() for sel in reader.view.extraSelections()]
    assert len(formats) == 3  # two matches and the current one
    reader.next_match()
    assert reader.current_match() == 1
    reader.next_match()
    assert reader.current_match() == 0  # wraps
    reader.previous_match()
    assert reader.current_match() == 1


def test_clipped_passages_are_tinted(reader, article):
    reader.show_article(article)
    start = article.text.index("Nobody")
    reader.set_clipped_spans([(start, start + 20)])
    selections = reader.view.extraSelections()
    assert len(selections) == 1
    assert selections[0].cursor.selectedText() == article.text[start : start + 20]


def test_opening_a_clip_scrolls_it_into_view_and_marks_it(qtbot, reader, long_article):
    start = long_article.text.index("The ceasefire word")
    reader.show_article(long_article, focus=(start, start + 13))
    view = reader.view
    assert view.verticalScrollBar().value() > 0
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.map.to_document(start))
    assert view.viewport().rect().contains(view.cursorRect(cursor).center())
    assert [s.cursor.selectedText() for s in view.extraSelections()] == ["The ceasefire"]
    assert reader.match_label.text() == "Clipped passage"


def test_boilerplate_toggle_keeps_the_place(qtbot, reader, long_article):
    reader.show_article(long_article)
    reader.view.scroll_to_offset(long_article.text.index("Paragraph 40 "), fraction=0.0)
    before = reader.view.first_visible_offset()
    reader.set_boilerplate_visible(True)
    after = reader.view.first_visible_offset()
    assert abs(after - before) < 120


def test_a_drag_carries_the_exact_span(reader, article):
    reader.show_article(article)
    first = reader.view.map.placed[0]
    select_doc(reader, first.doc_start, first.doc_end)
    mime = reader.view.createMimeDataFromSelection()
    payload = json.loads(bytes(mime.data(MIME_SELECTION)).decode())
    assert payload == {"article_id": article.id, "start": first.art_start, "end": first.art_end}
    assert mime.text() == "Talks on a ceasefire began at dawn.\nThe envoys met in a small room."


def test_context_menu_offers_the_sections(qtbot, reader, article):
    reader.view.section_titles = lambda: ["Agenda", "Demands", "Reactions"]
    reader.view.clip_shortcuts = lambda row: f"Ctrl+{row + 1}"
    reader.show_article(article)
    menu = reader.view.build_context_menu(QPoint(10, 10))
    clip_to = next(a.menu() for a in menu.actions() if a.text() == "Clip to")
    assert not clip_to.isEnabled()  # nothing selected
    first = reader.view.map.placed[0]
    select_doc(reader, first.doc_start, first.doc_start + 5)
    menu = reader.view.build_context_menu(QPoint(10, 10))
    clip_to = next(a.menu() for a in menu.actions() if a.text() == "Clip to")
    assert clip_to.isEnabled()
    entries = [a.text() for a in clip_to.actions() if not a.isSeparator()]
    assert entries == ["Agenda", "Demands", "Reactions", "New section…"]
    assert clip_to.actions()[1].shortcut().toString() == "Ctrl+2"
    with qtbot.waitSignal(reader.clip_requested) as requested:
        clip_to.actions()[1].trigger()
    assert requested.args == [1]
    with qtbot.waitSignal(reader.clip_requested) as requested:
        clip_to.actions()[-1].trigger()
    assert requested.args == [-1]


def test_an_arabic_article_reads_right_to_left_and_says_its_language(reader, library):
    from PySide6.QtCore import Qt

    from tests.core.multilingual import ARTICLES

    arabic = library.get(library.add_bytes(ARTICLES["ar"].encode(), name="ar.txt").article_id)
    english = library.get(library.add_bytes(ARTICLES["en"].encode(), name="en.txt").article_id)
    reader.show_article(arabic)
    assert reader.view.toPlainText().split("\n")[1].startswith("no date · Arabic")
    blocks = [reader.view.document().findBlock(p.doc_start) for p in reader.view.map.placed]
    assert blocks and all(b.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft for b in blocks)
    placed = reader.view.map.placed[0]  # a selection still maps to the exact characters
    select_doc(reader, placed.doc_start, placed.doc_end)
    start, end = reader.selection_span()
    assert arabic.text[start:end] == arabic.text[placed.paragraph.start : placed.paragraph.end]
    reader.show_article(english)
    block = reader.view.document().findBlock(reader.view.map.placed[0].doc_start)
    assert block.blockFormat().layoutDirection() != Qt.LayoutDirection.RightToLeft
    assert "English" not in reader.view.toPlainText().split("\n")[1]
