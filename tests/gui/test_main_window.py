"""The whole window, driven as a person would: search, read, clip, undo, save, reopen, import."""

from __future__ import annotations

import json
import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QPushButton

from dossier.core.commands import AddClip
from dossier.core.dossier import Clip
from dossier.gui.app import create_window
from dossier.gui.dialogs import section_name
from dossier.gui.dialogs.export_dialog import ExportChoice
from dossier.gui.dialogs.prompts import Answer, Prompts
from dossier.gui.mime import MIME_SELECTION
from dossier.gui.models.library_model import Role
from tests.gui.crash import crash


class FakePrompts(Prompts):
    """Answers every question from ``answers`` and records what the window told the person."""

    def __init__(self, **answers):
        self.answers = {"save_changes": Answer.DISCARD, "recover": False, **answers}
        self.errors: list[BaseException] = []
        self.reports: list = []
        self.asked: list[str] = []

    def _answer(self, name):
        self.asked.append(name)
        return self.answers.get(name)

    def open_dossier_path(self, parent, folder):
        return self._answer("open")

    def save_dossier_path(self, parent, suggested):
        return self._answer("save_as")

    def import_files(self, parent, folder):
        return self._answer("import_files") or []

    def import_folder(self, parent, folder):
        return self._answer("import_folder")

    def export_choice(self, parent, suggested):
        answer = self._answer("export")
        return ExportChoice(answer, "pdf", "notes") if isinstance(answer, Path) else answer

    def ask_save_changes(self, parent, name):
        return self._answer("save_changes")

    def offer_recovery(self, parent, origin):
        return self._answer("recover")

    def confirm_export_anyway(self, parent, problems):
        self.problems = problems
        return self._answer("export_anyway")

    def edit_metadata(self, parent, article):
        return self._answer("metadata")

    def show_error(self, parent, exc, title=None):
        self.errors.append(exc)

    def show_import_report(self, parent, results):
        self.reports.append(results)

    def show_about(self, parent):
        self.asked.append("about")

    def progress(self, parent, title, label):
        self.dialog = super().progress(parent, title, label)
        return self.dialog


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def open_window(qtbot, data_dir):
    """Opens windows over the same library; closes them (discarding changes) at the end."""
    from dossier.core.workspace import Workspace

    windows = []

    def make(prompts: FakePrompts | None = None, path=None):
        window = create_window(Workspace(data_dir), prompts or FakePrompts())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.search_panel.results_shown, timeout=15000):
            window.start(path)
        windows.append(window)
        return window

    yield make
    for window in windows:
        close(window)


def close(window) -> None:
    if window.isVisible():
        window.prompts.answers["save_changes"] = Answer.DISCARD
        window.close()
    window.ops.wait()
    QThreadPool.globalInstance().waitForDone(5000)
    window.workspace.close()


def search(qtbot, window, text: str) -> None:
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.is_busy() and not window.ops.is_busy(), timeout=10000)
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.field.clear()
        qtbot.keyClicks(panel.field, text)


def open_result(qtbot, window, row: int = 0):
    window.search_panel.select_row(row)
    qtbot.waitUntil(lambda: window.reader.article is not None)
    return window.reader.article


def select_words(window, words: str) -> tuple[int, int]:
    """Select the first place ``words`` occur in the reader's article, one letter short at each
    end (the clip snaps to whole words)."""
    text = window.reader.article.text
    start = text.index(words)
    window.reader.select_span(start + 1, start + len(words) - 1)
    return start, start + len(words)


def test_type_a_query_and_see_results(qtbot, open_window):
    window = open_window()
    assert window.search_panel.count_label.text() == "2 articles in the library"
    search(qtbot, window, "ceasefire")
    panel = window.search_panel
    assert panel.count_label.text() == "2 articles match"
    assert panel.proxy.index(0, 0).data(Role.SNIPPET_SPANS)


def test_open_a_result_and_see_highlighted_matches(qtbot, open_window):
    window = open_window()
    search(qtbot, window, "ceasefire")
    article = open_result(qtbot, window)
    reader = window.reader
    qtbot.waitUntil(lambda: reader.match_count() > 1)
    assert all(article.text[s:e].casefold() == "ceasefire" for s, e in reader.matches())
    window.activateWindow()
    qtbot.waitActive(window)
    reader.view.setFocus()
    qtbot.keyClick(reader.view, Qt.Key.Key_F3)
    assert reader.current_match() == 1
    qtbot.keyClick(reader.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.current_match() == 0


def test_clip_with_the_context_menu_snaps_to_words(qtbot, open_window):
    window = open_window()
    search(qtbot, window, "ceasefire")
    article = open_result(qtbot, window)
    start, end = select_words(window, "30-day ceasefire proposal")
    menu = window.reader.view.build_context_menu(window.reader.view.rect().center())
    clip_to = next(a.menu() for a in menu.actions() if a.text() == "Clip to")
    demands = next(a for a in clip_to.actions() if a.text() == "Demands")
    demands.trigger()
    clips = window.session.dossier.sections[1].clips
    assert [(c.quote, c.start, c.end) for c in clips] == [("30-day ceasefire proposal", start, end)]
    assert article.text[clips[0].start : clips[0].end] == clips[0].quote
    tinted = [s.cursor.selectedText() for s in window.reader.view.extraSelections()]
    assert "30-day ceasefire proposal" in tinted


def test_clip_with_ctrl_1_then_undo_and_redo(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.activateWindow()
    qtbot.waitActive(window)
    assert not window.isWindowModified()
    qtbot.keyClick(window.reader.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    agenda = window.session.dossier.sections[0]
    assert [c.quote for c in agenda.clips] == ["power plants"]
    assert window.isWindowModified() and window.windowTitle().endswith("[*] — Dossier")
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert agenda.clips == [] and not window.isWindowModified()
    window.acts.redo.trigger()
    assert [c.quote for c in agenda.clips] == ["power plants"]


def test_clip_with_the_toolbar_into_the_selected_section(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    panel = window.dossier_panel
    panel.select(panel.model.section_index(2))
    select_words(window, "dividing up certain assets")
    window.clip_button.click()
    assert [c.quote for c in window.session.dossier.sections[2].clips] == ["dividing up certain assets"]


def test_clip_into_a_new_section(qtbot, open_window, monkeypatch):
    window = open_window()
    open_result(qtbot, window)
    monkeypatch.setattr(section_name, "ask", lambda *a, **k: "Background")
    select_words(window, "Keir Starmer")
    window.reader.clip_requested.emit(-1)
    titles = [s.title for s in window.session.dossier.sections]
    assert "Background" in titles
    assert [c.quote for c in window.session.dossier.sections[titles.index("Background")].clips] == ["Keir Starmer"]


def test_drag_a_selection_onto_a_section(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    select_words(window, "Steve Witkoff")
    mime = window.reader.view.createMimeDataFromSelection()
    assert json.loads(bytes(mime.data(MIME_SELECTION)))["article_id"] == window.reader.article.id
    model = window.dossier_panel.model
    dropped = QMimeData()
    dropped.setData(MIME_SELECTION, mime.data(MIME_SELECTION))
    assert model.dropMimeData(dropped, Qt.DropAction.CopyAction, -1, 0, model.section_index(2))
    assert [c.quote for c in window.session.dossier.sections[2].clips] == ["Steve Witkoff"]


def test_rename_and_delete_a_section(qtbot, open_window):
    window = open_window()
    panel, sections = window.dossier_panel, window.session.dossier.sections
    assert panel.model.setData(panel.model.section_index(0), "Background", Qt.ItemDataRole.EditRole)
    assert sections[0].title == "Background"
    window.update_clip_actions()
    assert window.acts.clip_to[0].text() == "Clip to “Background”"
    panel.select(panel.model.section_index(1))
    panel.delete_selected()
    assert [s.title for s in sections] == ["Background", "Reactions"]
    window.update_clip_actions()
    assert not window.acts.clip_to[2].isVisible()
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert [s.title for s in sections] == ["Agenda", "Demands", "Reactions"]


def test_close_and_reopen_and_find_everything(qtbot, open_window, tmp_path):
    target = tmp_path / "briefing.dossier"
    first = open_window(FakePrompts(save_as=target, save_changes=Answer.SAVE))
    search(qtbot, first, "zaporizhzhia")
    article = open_result(qtbot, first)
    select_words(first, "Zaporizhzhia")
    first.clip_to_section(1)
    first.close()
    assert not first.isVisible() and target.is_file()
    assert "save_changes" in first.prompts.asked

    second = open_window()
    assert second.session.path == target.resolve()
    clip = second.session.dossier.sections[1].clips[0]
    assert clip.quote == "Zaporizhzhia" and not second.isWindowModified()
    second.dossier_panel.clip_activated.emit(clip)
    assert second.reader.article.id == article.id
    focus = [s.cursor.selectedText() for s in second.reader.view.extraSelections()]
    assert "Zaporizhzhia" in focus
    settings = QSettings()
    assert settings.value("window/geometry") is not None and settings.value("window/splitter") is not None


def test_closing_with_unsaved_work_can_be_cancelled(qtbot, open_window):
    window = open_window(FakePrompts(save_changes=Answer.CANCEL))
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    window.close()
    assert window.isVisible() and window.session.is_modified()


def test_after_a_crash_the_autosave_is_offered_back(qtbot, open_window):
    crashed = open_window()
    open_result(qtbot, crashed)
    select_words(crashed, "power plants")
    crashed.clip_to_section(0)
    crashed.session.flush_autosave()  # what the timer does; then the process "dies"
    crash(crashed.session)
    crashed.hide()
    again = open_window(FakePrompts(recover=True))
    assert "recover" in again.prompts.asked
    assert [c.quote for c in again.session.dossier.sections[0].clips] == ["power plants"]
    assert again.isWindowModified()


def test_import_a_folder_with_one_bad_file(qtbot, open_window, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for n in range(3):
        (folder / f"good{n}.txt").write_text(f"Good Article {n}\n\nThe quokka number {n} was seen in Perth.\n")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    window = open_window(FakePrompts(import_folder=folder))
    window.import_folder()
    qtbot.waitUntil(lambda: bool(window.prompts.reports), timeout=15000)
    results = window.prompts.reports[0]
    assert sorted(r.status for r in results) == ["added", "added", "added", "failed"]
    bad = next(r for r in results if r.status == "failed")
    assert "broken.txt" in bad.path and "binary" in bad.message
    search(qtbot, window, "quokka")
    assert window.search_panel.count_label.text() == "3 articles match"


def test_an_import_can_be_cancelled(qtbot, open_window, tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(300):
        (folder / f"a{n:03}.txt").write_text(f"Article {n}\n\nBody text number {n} about wombats.\n")
    window = open_window(FakePrompts(import_folder=folder))
    library = window.workspace.library
    add_batch, pressed = library._add_batch, threading.Event()

    def import_after_cancel_is_pressed(items, stored=None):  # the import cannot finish before the click
        pressed.wait(10)
        return add_batch(items, stored)

    monkeypatch.setattr(library, "_add_batch", import_after_cancel_is_pressed)
    window.import_folder()
    window.prompts.dialog.findChild(QPushButton).click()  # the person presses Cancel at once
    pressed.set()
    qtbot.waitUntil(lambda: bool(window.prompts.reports), timeout=15000)
    results = window.prompts.reports[0]
    added = sum(r.status == "added" for r in results)
    assert added < 300
    assert any(r.status == "skipped" and "cancelled" in r.message for r in results)
    assert len(window.workspace.library) == 2 + added  # what was imported stays, and is searchable
    assert not window.ops.is_busy()


def test_edit_article_details_is_undoable_apart_from_the_dossier(qtbot, open_window):
    window = open_window(
        FakePrompts(metadata={"publisher": "The Test Wire", "published": "2025-03-17", "reliability": "B"})
    )
    article = open_result(qtbot, window)
    with qtbot.waitSignal(window.ops.library_changed, timeout=5000):
        window.edit_metadata()
    assert window.workspace.library.get(article.id).meta.publisher == "The Test Wire"
    assert window.workspace.library.get(article.id).meta.reliability == "B"
    assert "The Test Wire · 17 March 2025" in window.reader.view.toPlainText()
    # a library edit: the dossier is not changed, and its undo does not undo the article edit
    assert window.session.undo_stack.count() == 0 and not window.isWindowModified()
    window.session.undo_stack.undo()
    assert window.workspace.library.get(article.id).meta.publisher == "The Test Wire"
    with qtbot.waitSignal(window.ops.library_changed, timeout=5000):
        window.ops.undo_stack.undo()
    assert window.workspace.library.get(article.id).meta.publisher is None
    assert "The Test Wire" not in window.reader.view.toPlainText()


def test_export_offers_export_anyway_on_mismatch(qtbot, open_window, tmp_path):
    target = tmp_path / "out.pdf"
    window = open_window(FakePrompts(export=target, export_anyway=True))
    article = open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    wrong = Clip(article.id, article.version, "words this article never said", 0, 29)
    window.session.push(AddClip(window.session.dossier.sections[1].id, wrong))
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        window.export_pdf()
    assert [c.clip.id for c in window.prompts.problems] == [wrong.id]
    assert done.args[0] is not None and target.is_file() and target.read_bytes().startswith(b"%PDF")


def test_nothing_to_export_says_so(qtbot, open_window):
    window = open_window(FakePrompts(export=None))
    window.export_pdf()
    assert "export" not in window.prompts.asked
    assert "Nothing to export" in window.statusBar().currentMessage()


def test_a_damaged_dossier_is_explained_not_fatal(qtbot, open_window, tmp_path):
    broken = tmp_path / "broken.dossier"
    broken.write_text("{ not json")
    window = open_window(FakePrompts(open=broken))
    window.open_dossier()
    assert len(window.prompts.errors) == 1
    assert "could not be opened" in str(window.prompts.errors[0])
    assert window.session.path is None


def test_uncaught_errors_are_logged_and_shown_calmly(qtbot, monkeypatch):
    from dossier.gui.dialogs import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = errors.setup_logging()
    shown: list = []
    errors.install_excepthook(show=shown.append)
    handled: list = []
    errors._reporter.crashed.connect(handled.append, Qt.ConnectionType.QueuedConnection)  # after the reporter's
    try:
        for _ in range(3):  # a burst: one dialog, three log entries
            try:
                raise RuntimeError("boom")
            except RuntimeError:
                sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: len(handled) == 3)  # the reporter has seen all three
        assert len(shown) == 1 and str(shown[0]) == "boom"
        assert path.read_text().count("RuntimeError: boom") == 3
        assert errors.describe(OSError(28, "No space left on device"))[0] == "The disk is full"
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_dossier", False)]:
            root.removeHandler(handler)
            handler.close()


def test_the_app_starts_shows_the_library_and_quits(qtbot, qapp, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dossier.gui import app as dossier_app
    from dossier.gui.main_window import MainWindow

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    seen: dict = {}

    def watch() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].search_panel.model.rowCount() == 2:
            seen["title"] = windows[0].windowTitle()
            windows[0].close()
        else:
            QTimer.singleShot(20, watch)

    QTimer.singleShot(0, watch)
    try:
        assert dossier_app.run() == 0
    finally:
        qapp.setStyleSheet("")
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_dossier", False)]:
            root.removeHandler(handler)
            handler.close()
    assert seen["title"] == "Untitled dossier[*] — Dossier"
    assert qapp.applicationName() == "Dossier"


def test_the_timeline_opens_from_the_window_and_shows_a_clip(qtbot, open_window):
    window = open_window(FakePrompts())
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    window.acts.timeline.trigger()
    dialog = window.timeline_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    clip = window.session.dossier.sections[0].clips[0]
    with qtbot.waitSignal(dialog.clip_activated):
        dialog.view.activated.emit(dialog.model.index(0, 3))
    assert window.dossier_panel.current_clip() is clip
    dialog.close()
