"""The brief editor: typing undoes as one edit, citations by drop and by completion, marks in the tree, warnings."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QByteArray, QMimeData, Qt

from dossier.core.commands import AddSection, RenameSection
from dossier.gui.mime import MIME_DOSSIER_ITEMS
from dossier.gui.models.dossier_model import CitedRole, DossierModel
from dossier.gui.widgets.brief_editor import BriefEditor
from dossier.gui.widgets.dossier_panel import DossierPanel


@pytest.fixture
def editor(session, qtbot):
    widget = BriefEditor(session)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def clips(session, article):
    start = article.text.index("Putin")
    return session.clip_selection(article, start, start + 5, 0), session.clip_selection(article, 0, 60, 1)


def test_typing_the_bottom_line_is_one_undo_step(editor, session, qtbot):
    steps = session.undo_stack.count()
    qtbot.keyClicks(editor.bottom_line, "Land first.")
    assert session.dossier.bottom_line == "Land first."
    assert session.undo_stack.count() == steps + 1 and session.undo_stack.undoText() == "Edit bottom line"
    session.undo_stack.undo()
    assert session.dossier.bottom_line == "" and editor.bottom_line.toPlainText() == ""
    session.undo_stack.redo()
    assert editor.bottom_line.toPlainText() == "Land first."


def test_ctrl_z_in_the_editor_is_the_windows_undo(editor, session, qtbot):
    qtbot.keyClicks(editor.bottom_line, "Words")
    editor.bottom_line.setFocus()
    qtbot.keyClick(editor.bottom_line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.bottom_line.toPlainText() == "Words"  # the editor keeps no undo of its own
    assert session.undo_stack.canUndo()


def test_each_section_has_an_assessment_that_follows_the_dossier(editor, session, qtbot):
    sections = session.dossier.sections
    assert list(editor.assessments) == [s.id for s in sections]
    qtbot.keyClicks(editor.assessments[sections[1].id], "Demands *stay*.")
    assert sections[1].assessment == "Demands *stay*."
    assert session.undo_stack.undoText() == "Edit assessment"
    session.push(AddSection("Outlook"))
    assert len(editor.assessments) == len(sections) == 4
    session.push(RenameSection(sections[0].id, "What is on the table"))
    assert editor._titles[sections[0].id].text() == "What is on the table"
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert len(editor.assessments) == 3


def test_dropping_clips_cites_them(editor, session, article):
    first, second = clips(session, article)
    mime = QMimeData()
    mime.setData(MIME_DOSSIER_ITEMS, QByteArray(json.dumps({"clips": [first.id, second.id]}).encode()))
    target = editor.assessments[session.dossier.sections[0].id]
    assert target.canInsertFromMimeData(mime)
    target.insertFromMimeData(mime)
    assert session.dossier.sections[0].assessment == f"[@{first.id}; @{second.id}]"


def test_completer_offers_the_clips_after_a_bracket_and_at(editor, session, article, qtbot):
    first, second = clips(session, article)
    qtbot.keyClicks(editor.bottom_line, f"See [@{first.id[:3]}")
    completer = editor.bottom_line.completer
    assert completer.popup().isVisible() and completer.completionCount() >= 1
    index = completer.completionModel().index(0, 0)
    assert str(index.data()).startswith(first.id[:3]) and "“" in str(index.data())  # the id and the words
    chosen = str(index.data()).split(" ", 1)[0]
    completer.popup().setCurrentIndex(index)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert session.dossier.bottom_line == f"See [@{chosen}]"


def test_unknown_citations_are_named_under_the_text(editor, session, article, qtbot):
    clips(session, article)
    assert editor.problems_label.isHidden()
    qtbot.keyClicks(editor.bottom_line, "See [@ffff].")
    assert not editor.problems_label.isHidden()
    assert "The bottom line cites [@ffff], which is not a clip of this dossier." in editor.problems_label.text()


def test_cover_fields_are_commands_and_a_bad_date_is_refused(editor, session, qtbot):
    field = editor.cover["organisation"]
    field.setText("Eastern Europe desk")
    field.editingFinished.emit()
    assert session.dossier.organisation == "Eastern Europe desk"
    date = editor.cover["date"]
    date.setText("17 March")
    date.editingFinished.emit()
    assert session.dossier.date == "" and date.text() == ""
    assert "YYYY-MM-DD" in editor.problems_label.text()
    session.undo_stack.undo()
    assert session.dossier.organisation == "" and field.text() == ""


def test_cited_clips_are_marked_and_deleting_one_warns(session, article, qtbot):
    panel = DossierPanel(session)
    qtbot.addWidget(panel)
    first, second = clips(session, article)
    model: DossierModel = panel.model
    assert model.data(model.clip_index(first.id), CitedRole) is False
    editor = BriefEditor(session)
    qtbot.addWidget(editor)
    editor.bottom_line.insert_citation([first.id])
    assert model.data(model.clip_index(first.id), CitedRole) is True
    assert "Quoted in the bottom line" in model.data(model.clip_index(first.id), Qt.ItemDataRole.ToolTipRole)
    asked: list[list[str]] = []
    answer = [False]
    panel.confirm_delete_cited = lambda parts: asked.append(parts) or answer[0]
    panel.select_clip(first.id)
    panel.delete_selected()
    assert asked == [["the bottom line"]] and first in session.dossier.clips()
    answer[0] = True
    panel.delete_selected()
    assert first not in session.dossier.clips()
    assert "cites [@" in editor.problems_label.text()
    session.undo_stack.undo()
    assert first in session.dossier.clips() and editor.problems_label.isHidden()
    panel.select_clip(second.id)
    panel.delete_selected()  # not cited: no question
    assert len(asked) == 2


def test_completion_of_a_second_key_and_red_unknown_citations(editor, session, article, qtbot):
    first, second = clips(session, article)
    qtbot.keyClicks(editor.bottom_line, f"[@{first.id}; @{second.id[:2]}")
    assert editor.bottom_line.completer.popup().isVisible()
    assert editor.bottom_line.completer.completionPrefix() == second.id[:2]
    editor.bottom_line.set_markdown("[@ffff] and [@" + first.id + "]")
    editor.bottom_line.rehighlight()
    formats = editor.bottom_line.document().firstBlock().layout().formats()
    colours = {(f.start, f.format.foreground().color().name()) for f in formats}
    highlighter = editor.bottom_line.highlighter
    bad, good = highlighter.bad.foreground().color().name(), highlighter.cite.foreground().color().name()
    assert bad != good and (0, bad) in colours and (12, good) in colours


def test_a_clip_dragged_from_the_tree_drops_into_the_text(editor, session, article, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    first, _ = clips(session, article)
    panel = DossierPanel(session)
    qtbot.addWidget(panel)
    mime = panel.model.mimeData([panel.model.clip_index(first.id)])  # what the tree drags
    target = editor.bottom_line
    target.setPlainText("Land: ")
    viewport = target.viewport()
    point = QPointF(viewport.rect().center())
    move = Qt.DropAction.MoveAction  # the tree offers only a move; the clip stays where it is
    button, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(point.toPoint(), move, mime, button, keys),
        QDragMoveEvent(point.toPoint(), move, mime, button, keys),
        QDropEvent(point, move, mime, button, keys),
    ):
        QApplication.sendEvent(viewport, event)
    assert f"[@{first.id}]" in session.dossier.bottom_line
    assert first in session.dossier.clips()
