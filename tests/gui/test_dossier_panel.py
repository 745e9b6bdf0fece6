"""DossierPanel: notes, deleting, moving, empty state and the mismatch badge."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from dossier.core.commands import EditClip
from dossier.gui.dialogs import section_name
from dossier.gui.mime import MIME_SELECTION
from dossier.gui.widgets.dossier_panel import DossierPanel


@pytest.fixture
def panel(session, qtbot):
    widget = DossierPanel(session)
    qtbot.addWidget(widget)
    widget.resize(360, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def clip_two(session, article):
    start = article.text.index("Putin")
    first = session.clip_selection(article, start, start + 5, 0)
    second = session.clip_selection(article, 0, 60, 0)
    return first, second


def test_empty_state_until_first_clip(panel, session, article):
    assert panel.empty_label.isVisible()
    assert "Ctrl+1" in panel.empty_label.text()
    assert panel.stats_label.text() == "No clips yet"
    clip = session.clip_selection(article, 0, 20, 1)
    assert not panel.empty_label.isVisible()
    assert panel.stats_label.text() == "1 clip from 1 source"
    assert panel.tree.isExpanded(panel.model.index(1, 0))
    session.undo_stack.undo()
    assert panel.empty_label.isVisible()
    assert clip.quote


def test_note_editing_is_one_merged_undo_step(panel, session, article, qtbot):
    first, second = clip_two(session, article)
    steps = session.undo_stack.count()
    panel.select_clip(second.id)
    assert panel.detail.isVisible()
    assert not panel.badge_label.isVisible()
    assert article.title in panel.source_label.text()
    qtbot.keyClicks(panel.note_edit, "Key claim")
    assert second.note == "Key claim"
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.undoText() == "Edit note"
    panel.select_clip(first.id)
    assert panel.note_edit.toPlainText() == ""
    panel.select_clip(second.id)
    assert panel.note_edit.toPlainText() == "Key claim"
    session.undo_stack.undo()
    assert second.note == ""
    assert panel.note_edit.toPlainText() == ""  # the editor follows the undo
    assert session.undo_stack.count() == steps + 1  # undone, not gone: redo brings it back
    session.undo_stack.redo()
    assert panel.note_edit.toPlainText() == "Key claim"


def test_delete_key_removes_clip_with_undo(panel, session, article, qtbot):
    first, second = clip_two(session, article)
    panel.select_clip(first.id)
    panel.focus_tree()
    panel.activateWindow()
    qtbot.waitUntil(lambda: panel.tree.hasFocus())
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert [c.id for c in session.dossier.sections[0].clips] == [second.id]
    session.undo_stack.undo()
    assert [c.id for c in session.dossier.sections[0].clips] == [first.id, second.id]


def test_delete_section_and_clips_is_one_step(panel, session, article):
    first, _ = clip_two(session, article)
    steps = session.undo_stack.count()
    selection = panel.tree.selectionModel()
    panel.select(panel.model.index(0, 0))
    selection.select(panel.model.clip_index(first.id), selection.SelectionFlag.Select)
    panel.delete_selected()
    assert [s.title for s in session.dossier.sections] == ["Demands", "Reactions"]
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    assert len(session.dossier.sections[0].clips) == 2


def test_move_clip_across_sections_and_sections(panel, session, article):
    first, second = clip_two(session, article)
    panel.select_clip(second.id)
    panel.move_current(+1)
    assert session.dossier.sections[1].clips == [second]
    assert panel.current_clip() is second
    assert panel.current_section_row() == 1
    panel.select(panel.model.index(1, 0))
    panel.move_current(-1)
    assert [s.title for s in session.dossier.sections] == ["Demands", "Agenda", "Reactions"]


def test_mismatch_badge_for_a_doctored_clip(panel, session, article, qtbot):
    first, _ = clip_two(session, article)
    panel.select_clip(first.id)
    assert not panel.badge_label.isVisible()
    session.push(EditClip(first.id, {"quote": "words the article never said"}))
    assert panel.badge_label.isVisible()
    assert "no longer matches" in panel.badge_label.text().lower()
    assert panel.model.data(panel.model.clip_index(first.id), Qt.ItemDataRole.DecorationRole) is not None
    assert session.dossier.clip(first.id)  # flagged, never dropped


def test_clip_activated_on_click(panel, session, article, qtbot):
    first, _ = clip_two(session, article)
    index = panel.model.clip_index(first.id)
    rect = panel.tree.visualRect(index)
    with qtbot.waitSignal(panel.clip_activated) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [first]


def test_title_edit_pushes_set_info(panel, session, qtbot):
    panel.title_edit.setText("Talks briefing")
    panel.title_edit.editingFinished.emit()
    assert session.dossier.title == "Talks briefing"
    session.undo_stack.undo()
    assert panel.title_edit.text() == "Untitled dossier"


def test_add_section_interactively(panel, session, monkeypatch):
    monkeypatch.setattr(section_name, "ask", lambda *a, **k: "Background")
    panel.select(panel.model.index(0, 0))
    assert panel.add_section_interactively() == 1
    assert session.dossier.sections[1].title == "Background"
    assert panel.current_section_row() == 1
    monkeypatch.setattr(section_name, "ask", lambda *a, **k: None)
    assert panel.add_section_interactively() is None


def test_reader_selection_dropped_on_a_section_row(panel, session, article):
    """A drag from the reader (copy only), entered, moved and dropped onto "Reactions"."""
    start = article.text.index("Putin")
    mime = QMimeData()
    payload = json.dumps({"article_id": article.id, "start": start, "end": start + 5})
    mime.setData(MIME_SELECTION, QByteArray(payload.encode()))
    pos = QPointF(panel.tree.visualRect(panel.model.index(2, 0)).center())
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    viewport = panel.tree.viewport()
    for event in (QDragEnterEvent(pos.toPoint(), *args), QDragMoveEvent(pos.toPoint(), *args)):
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted()
    QApplication.sendEvent(viewport, QDropEvent(pos, *args))
    assert [c.quote for c in session.dossier.sections[2].clips] == ["Putin"]
    assert not panel.empty_label.isVisible()
