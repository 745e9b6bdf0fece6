"""The library & search panel, driven as a person would: type, wait, read the list."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from dossier.core.index import Hit, SearchResults
from dossier.gui import tasks
from dossier.gui.models.library_model import SORT_KEYS, LibraryEntry, ResultsModel, Role, sort_proxy
from dossier.gui.widgets.result_delegate import flatten
from dossier.gui.widgets.search_panel import SearchPanel


@pytest.fixture
def workspace(tmp_path):
    from dossier.core.workspace import Workspace

    ws = Workspace(tmp_path / "data")
    ws.ensure_ready()
    yield ws
    ws.close()


@pytest.fixture
def panel(qtbot, workspace):
    panel = SearchPanel(workspace)
    qtbot.addWidget(panel)
    panel.resize(380, 700)
    panel.show()
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.set_ready(True)
    yield panel
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=5000)


def titles(panel) -> list[str]:
    return [panel.proxy.index(r, 0).data(Role.TITLE) for r in range(panel.proxy.rowCount())]


def type_query(qtbot, panel, text: str) -> None:
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.field, text)


def test_empty_query_lists_the_whole_library(panel):
    assert panel.proxy.rowCount() == 2
    assert panel.count_label.text() == "2 articles in the library"
    assert panel.sort_combo.isVisible()
    assert titles(panel) == sorted(titles(panel), key=str.casefold)


def test_library_sorts_by_title_date_and_publisher(qtbot, panel, workspace):
    first, second = sorted(workspace.library.articles(), key=lambda a: a.title.casefold())
    workspace.library.update_metadata(first.id, published="2025-01-02", publisher="Zeta News")
    workspace.library.update_metadata(second.id, published="2025-03-01", publisher="Alpha Wire")
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.refresh()
    panel.sort_combo.setCurrentIndex([k[0] for k in SORT_KEYS].index("Newest first"))
    assert titles(panel) == [second.title, first.title]
    panel.sort_combo.setCurrentIndex([k[0] for k in SORT_KEYS].index("Publisher"))
    assert titles(panel) == [second.title, first.title]
    panel.sort_combo.setCurrentIndex(0)
    assert titles(panel) == [first.title, second.title]


def test_typing_searches_and_shows_highlighted_snippets(qtbot, panel):
    type_query(qtbot, panel, "ceasefire")
    assert panel.shown_query() == "ceasefire"
    assert panel.count_label.text() == "2 articles match"
    assert not panel.sort_combo.isVisible()
    index = panel.proxy.index(0, 0)
    snippet, spans = index.data(Role.SNIPPET), index.data(Role.SNIPPET_SPANS)
    assert spans and all(snippet[s:e].casefold() == "ceasefire" for s, e in spans)
    assert index.data(Role.META_LINE) == ""  # the seeds have no publisher, author or date


def test_no_match_shows_an_empty_state_that_explains_what_to_type(qtbot, panel):
    type_query(qtbot, panel, "zebrafish")
    assert panel.count_label.text() == "No articles match"
    assert panel.stack.currentWidget() is panel.empty
    assert "zebrafish" in panel.empty.text() and "quotes" in panel.empty.text()


def test_a_bad_query_shows_a_short_line_not_a_dialog(qtbot, panel, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("no dialog for a bad query"))
    type_query(qtbot, panel, '"power plants')
    assert panel.message.isVisible()
    assert "quotation mark" in panel.message.text()
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    assert not panel.message.isVisible()


def test_clearing_the_field_goes_back_to_the_library(qtbot, panel):
    type_query(qtbot, panel, "zaporizhzhia")
    assert panel.proxy.rowCount() == 1
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.field.selectAll()
        qtbot.keyClick(panel.field, Qt.Key.Key_Backspace)
    assert panel.shown_query() == "" and panel.proxy.rowCount() == 2


def test_choosing_a_result_names_its_article(qtbot, panel):
    type_query(qtbot, panel, "zaporizhzhia")
    with qtbot.waitSignal(panel.article_selected) as chosen:
        qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    assert chosen.args == [panel.proxy.index(0, 0).data(Role.ARTICLE_ID)]
    with qtbot.waitSignal(panel.article_activated):
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)


def test_help_popover_shows_the_syntax(qtbot, panel):
    assert "title:peace" in panel.field.toolTip()
    panel.help_action.trigger()
    assert panel._popover is not None and panel._popover.isVisible()
    panel._popover.close()


class SlowWorkspace:
    """Searches that take as long as the query says (``slow`` 300 ms), counted."""

    def __init__(self):
        self.library = SimpleNamespace(articles=lambda: iter(()))
        self.queries: list[str] = []
        self.answered: list[str] = []
        self.lock = threading.Lock()

    def search(self, query, *, limit=20, page=1):
        with self.lock:
            self.queries.append(query)
        time.sleep(0.3 if query.startswith("slow") else 0.0)
        with self.lock:
            self.answered.append(query)
        hit = Hit(query, f"Answer to {query}", None, None, None, 1.0, "text", 0, [], [], False, False)
        return SearchResults(query, 1, [hit], page, limit)


def test_a_late_answer_to_an_older_query_is_dropped(qtbot):
    ws = SlowWorkspace()
    panel = SearchPanel(ws)
    qtbot.addWidget(panel)
    panel.set_ready(True)
    qtbot.waitUntil(lambda: not panel.is_busy())
    panel.set_query("slow query")  # runs at once, answers in 300 ms
    qtbot.waitUntil(lambda: len(ws.queries) == 1)
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.set_query("fast query")
    assert titles(panel) == ["Answer to fast query"]
    qtbot.waitUntil(lambda: "slow query" in ws.answered)
    qtbot.waitUntil(lambda: not tasks._LIVE)  # the slow answer came back to the GUI thread, and was dropped
    assert titles(panel) == ["Answer to fast query"] and panel.shown_query() == "fast query"


def test_typing_fast_runs_one_search(qtbot):
    ws = SlowWorkspace()
    panel = SearchPanel(ws)
    qtbot.addWidget(panel)
    panel.set_ready(True)
    qtbot.waitUntil(lambda: not panel.is_busy())
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.field, "kursk")
    assert ws.queries == ["kursk"]


def test_results_model_passes_the_model_tester(qtmodeltester):
    model = ResultsModel()
    model.set_library(
        [
            LibraryEntry("a", "Beta", "P", None, "2025-01-01", "one two", [(0, 3)]),
            LibraryEntry("b", "alpha", None, None, None, "three"),
        ]
    )
    qtmodeltester.check(model)
    proxy = sort_proxy(model)
    proxy.setSortRole(Role.SORT_TITLE)
    proxy.sort(0)
    assert [proxy.index(r, 0).data() for r in range(2)] == ["alpha", "Beta"]
    assert model.index(1, 0).data(Role.META_LINE) == ""
    assert model.index(0, 0).data(Role.META_LINE) == "P · 1 January 2025"


def test_snippets_flatten_line_breaks_and_keep_spans_on_their_words():
    text, spans = flatten("war\n\n  in   Ukraine", [(0, 3), (12, 19)])
    assert text == "war · in Ukraine"
    assert [text[s:e] for s, e in spans] == ["war", "Ukraine"]


def test_the_results_say_the_language_of_an_article_not_in_english():
    model = ResultsModel()
    model.set_library(
        [
            LibraryEntry("a", "Переговоры", None, None, "2025-03-17", "…", language="ru"),
            LibraryEntry("b", "Talks", None, None, None, "…", language="en"),
        ]
    )
    assert model.index(0, 0).data(Role.META_LINE) == "17 March 2025 · Russian"
    assert model.index(1, 0).data(Role.META_LINE) == ""
