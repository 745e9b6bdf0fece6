"""A clip or a query that begins or ends with a quotation mark is shown with one pair of marks:
in the dossier tree, its tooltip, the status bar, the reader's match bar and the empty search."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui import test_main_window as window_tests

data_dir, open_window = window_tests.data_dir, window_tests.open_window  # fixtures
open_result = window_tests.open_result
search = window_tests.search


SPOKEN = "“I’ll be speaking to President Putin on Tuesday."


def test_a_clip_that_begins_with_a_mark_is_not_doubled(qtbot, open_window):
    window = open_window()
    search(qtbot, window, "speaking")
    article = open_result(qtbot, window)
    start = article.text.index(SPOKEN)
    window.reader.select_span(start, start + len(SPOKEN))
    window.clip_to_section(0)
    clip = window.session.dossier.sections[0].clips[0]
    assert clip.quote.startswith("“I’ll")
    model = window.dossier_panel.model
    shown = model.data(model.clip_index(clip.id), Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("“I’ll") and "““" not in shown
    assert "““" not in model.data(model.clip_index(clip.id), Qt.ItemDataRole.ToolTipRole)
    status = window.statusBar().currentMessage()
    assert "“I’ll be speaking" in status and "““" not in status


def test_a_phrase_query_is_shown_in_one_pair_of_marks(qtbot, open_window):
    window = open_window()
    search(qtbot, window, '"power plants"')
    open_result(qtbot, window)
    qtbot.waitUntil(lambda: window.reader.match_count() > 0)
    assert window.reader.match_label.text().endswith("· “power plants”")
    search(qtbot, window, '"no such words anywhere"')
    assert "Nothing matches “no such words anywhere”." in window.search_panel.empty.text()
