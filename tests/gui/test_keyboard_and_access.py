"""Keyboard and assistive technology: every interactive widget has a name, Tab goes through the
window in reading order, shortcuts move between the panes, the mismatch warning is not colour-only,
and icons are drawn sharp at 200 %."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from dossier.core.commands import AddClip
from dossier.core.dossier import Clip
from dossier.gui import accessibility
from tests.gui import test_main_window as window_tests

data_dir, open_window = window_tests.data_dir, window_tests.open_window  # fixtures
open_result, select_words = window_tests.open_result, window_tests.select_words


def names(widgets) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r} in {type(w.parent()).__name__}" for w in widgets]


def test_every_interactive_widget_has_a_name(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    window.dossier_panel.select(window.dossier_panel.model.section_index(0))
    assert names(accessibility.unnamed(window)) == []
    assert accessibility.spoken_name(window.search_panel.field) == "Search articles"
    assert accessibility.spoken_name(window.clip_button)


def focus_trail(qtbot, window, start, presses: int) -> list:
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    trail = [QApplication.focusWidget()]
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        trail.append(QApplication.focusWidget())
    return trail


def test_tab_goes_through_the_window_in_reading_order(qtbot, open_window):
    window = open_window()
    window.activateWindow()
    qtbot.waitActive(window)
    open_result(qtbot, window)
    panel = window.dossier_panel
    window.session.push(AddClip(window.session.dossier.sections[0].id, Clip("x", 1, "words", 0, 5)))
    panel.select(panel.model.index(0, 0, panel.model.section_index(0)))
    sp, reader = window.search_panel, window.reader
    trail = focus_trail(qtbot, window, sp.field, 14)
    wanted = [sp.field, sp.view, reader.view, panel.title_edit, panel.add_section_button, panel.tree, panel.note_edit]
    places = [trail.index(w) for w in wanted]
    assert places == sorted(places), names(trail)
    assert trail[-1] is not panel.note_edit or trail.count(panel.note_edit) == 1  # Tab leaves the note


def test_shortcuts_move_between_the_panes(qtbot, open_window):
    window = open_window()
    window.activateWindow()
    qtbot.waitActive(window)
    open_result(qtbot, window)
    sp, reader, panel = window.search_panel, window.reader, window.dossier_panel
    window.acts.focus_reader.trigger()
    assert QApplication.focusWidget() is reader.view
    window.acts.focus_dossier.trigger()
    assert QApplication.focusWidget() is panel.tree
    window.acts.focus_library.trigger()
    assert QApplication.focusWidget() is sp.field
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert seen == [reader.view, panel.tree, sp.field]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is panel.tree
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is reader.view
    shortcuts = {
        a.shortcut().toString()
        for a in (window.acts.focus_library, window.acts.focus_reader, window.acts.focus_dossier)
    }
    assert shortcuts == {"Alt+1", "Alt+2", "Alt+3"}


def test_a_mismatch_is_said_in_words_and_a_symbol(qtbot, open_window):
    window = open_window()
    article = open_result(qtbot, window)
    wrong = Clip(article.id, article.version, "words this article never said", 0, 29)
    window.session.push(AddClip(window.session.dossier.sections[0].id, wrong))
    model = window.dossier_panel.model
    index = model.clip_index(wrong.id)
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None  # a warning sign, not only red
    spoken = model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Does not match its source:")
    assert "no longer matches" in model.data(index, Qt.ItemDataRole.AccessibleDescriptionRole)
    window.dossier_panel.select(index)
    badge = window.dossier_panel.badge_label
    assert badge.isVisibleTo(window) and badge.text().startswith("⚠ No longer matches its source")


def test_icons_are_drawn_sharp_at_200_percent(qapp):
    from dossier.gui.icons import app_icon
    from dossier.gui.widgets.query_help import help_icon

    app = app_icon()
    assert {s.width() for s in app.availableSizes()} >= {16, 32, 48, 64}
    for icon in (help_icon(), app):
        for logical in (16, 24, 32):
            pixmap = icon.pixmap(QSize(logical, logical), 2.0)
            assert pixmap.size() == QSize(2 * logical, 2 * logical) and pixmap.devicePixelRatio() == 2.0
    # drawn at 32 device pixels, the mark has the detail of 32 pixels, not of 16 scaled up
    sharp = help_icon().pixmap(QSize(16, 16), 2.0).toImage()
    half_tones = {sharp.pixelColor(x, 16).alpha() for x in range(32)} - {0, 255}
    assert len(half_tones) < 12


def test_no_two_actions_share_a_shortcut(qtbot, open_window):
    from PySide6.QtGui import QAction

    window = open_window()
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            continue  # a widget's own keys (the tree's F2, Delete) only work inside it
        for key in action.shortcuts():
            owners.setdefault(key.toString(), []).append(action.text())
    shared = {key: texts for key, texts in owners.items() if len(set(texts)) > 1}
    assert shared == {}
