"""Small things a new user meets: the context menu, clipping twice or clipping nothing, what the
status bar says, naming a dossier, the section dialog, long lines in result cards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QRect, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QListView, QStyleOptionViewItem

from dossier.core.errors import QuoteNotFound
from dossier.core.integrity import make_clip
from dossier.gui.dialogs import section_name
from dossier.gui.models.library_model import LibraryEntry, ResultsModel
from dossier.gui.widgets.result_delegate import ResultDelegate
from tests.gui import test_main_window as window_tests

data_dir, open_window = window_tests.data_dir, window_tests.open_window  # fixtures
FakePrompts, open_result, select_words = window_tests.FakePrompts, window_tests.open_result, window_tests.select_words


def test_the_context_menu_puts_clip_to_first_and_no_dead_link_entry(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    select_words(window, "power plants")
    menu = window.reader.view.build_context_menu(window.reader.view.rect().center())
    entries = [a for a in menu.actions() if not a.isSeparator()]
    assert entries[0].text() == "Clip to" and entries[0].menu() is not None and entries[0].isEnabled()
    assert not any("Link" in a.text() for a in entries if not a.isEnabled())


def test_a_lone_dash_is_not_a_clip(workspace):
    article = next(a for a in workspace.library.articles() if " – " in a.text)
    start = article.text.index(" – ") + 1
    with pytest.raises(QuoteNotFound):
        make_clip(article, start, start + 1)
    assert make_clip(article, start - 3, start + 4).quote  # with words around it, it clips


def test_clipping_a_passage_twice_says_where_it_already_is(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    assert "also in" not in window.statusBar().currentMessage()
    select_words(window, "power plants")
    window.clip_to_section(1)
    assert window.statusBar().currentMessage().endswith("this passage is also in “Agenda”")


def test_undo_redo_and_save_say_what_they_did(qtbot, open_window, tmp_path):
    target = tmp_path / "gui.dossier"
    window = open_window(FakePrompts(save_as=target))
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    window.acts.undo.trigger()
    assert window.statusBar().currentMessage().startswith("Undone: ")
    window.acts.bar_redo.trigger()
    assert window.statusBar().currentMessage().startswith("Redone: ")
    window.save()
    assert window.statusBar().currentMessage() == f"Saved “gui” to {target}"


def test_an_untitled_dossier_is_named_after_its_file(qtbot, open_window, tmp_path):
    suggested = []

    class Asking(FakePrompts):
        def save_dossier_path(self, parent, proposed):
            suggested.append(proposed.name)
            return tmp_path / "gui.dossier"

    window = open_window(Asking())
    window.new_dossier()
    assert window.save_as()
    assert suggested == ["Briefing.dossier"]
    assert window.session.dossier.title == "gui" and window.dossier_panel.title_edit.text() == "gui"
    assert window.windowTitle().startswith("gui")
    window.session.dossier.set_info(title="Talks: the agenda")
    window.save_as()
    assert suggested[-1] == "Talks the agenda.dossier"


def test_the_title_looks_editable_and_has_a_shortcut(qtbot, open_window):
    window = open_window()
    window.activateWindow()
    qtbot.waitActive(window)
    title = window.dossier_panel.title_edit
    assert title.actions() and "rename" in title.toolTip()
    window.acts.rename_dossier.trigger()
    assert QApplication.focusWidget() is title and title.selectedText() == title.text()


def test_the_status_bar_does_not_repeat_the_article_count(qtbot, open_window):
    window = open_window()
    qtbot.waitUntil(lambda: not window.ops.is_busy())
    assert "articles" not in window.status_label.text()


def test_the_new_section_dialog_has_room(qtbot):
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        seen["width"] = dialog.width()
        dialog.setTextValue("  Background  ")
        dialog.accept()

    QTimer.singleShot(50, answer)
    assert section_name.ask(None) == "Background"
    assert seen["width"] >= section_name.MIN_WIDTH


def test_a_long_unbreakable_line_stays_inside_its_card(qtbot):
    model = ResultsModel()
    model.set_library([LibraryEntry("a", "Title", None, None, None, "=" * 400, [])])
    view = QListView()
    qtbot.addWidget(view)
    delegate = ResultDelegate(view)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 300, delegate.sizeHint(option, model.index(0, 0)).height())
    option.widget = view
    image = QImage(600, option.rect.height(), QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0, 0))
    painter.end()
    outside = {image.pixelColor(x, y).alpha() for x in range(300, 600) for y in range(0, image.height(), 3)}
    assert outside == {0}
    assert isinstance(model.index(0, 0), QModelIndex)
