"""DossierModel follows the dossier through commands, undo, and drag and drop."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from dossier.core.commands import AddClip, AddSection, EditClip, MoveClip, MoveSection, RemoveClip, RemoveSection
from dossier.gui.mime import MIME_DOSSIER_ITEMS, MIME_SELECTION
from dossier.gui.models.dossier_model import ClipRole, CountRole, DossierModel, NoteRole, SectionRole, StatusRole

MOVE = Qt.DropAction.MoveAction


@pytest.fixture
def model(session, qtmodeltester):
    m = DossierModel(session)
    qtmodeltester.check(m)
    return m


def fill(session, article) -> list:
    """Clips a0, a1, a2 in section 0 and b0 in section 1 (spans of different words)."""
    words = [i for i in range(len(article.text)) if article.text[i].isalpha() and article.text[i - 1] == " "][:4]
    rows = [0, 0, 0, 1]
    clips = [session.clip_selection(article, w, w + 1, r) for w, r in zip(words, rows)]
    return clips


def quotes(model, section_row: int) -> list[str]:
    parent = model.index(section_row, 0)
    return [model.data(model.index(r, 0, parent), ClipRole).id for r in range(model.rowCount(parent))]


def ids(session, section_row: int) -> list[str]:
    return [c.id for c in session.dossier.sections[section_row].clips]


def selection_mime(article_id: str, start: int, end: int) -> QMimeData:
    mime = QMimeData()
    payload = json.dumps({"article_id": article_id, "start": start, "end": end}).encode()
    mime.setData(MIME_SELECTION, QByteArray(payload))
    return mime


def test_model_passes_qtmodeltester_with_clips(session, article, qtmodeltester):
    fill(session, article)
    model = DossierModel(session)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.rowCount(model.index(0, 0)) == 3
    section = model.index(0, 0)
    assert model.data(section) == "Agenda"
    assert model.data(section, CountRole) == 3
    clip = model.index(0, 0, section)
    assert model.data(clip).startswith("“")
    assert model.data(clip, StatusRole) == "ok"
    assert model.data(clip, SectionRole).title == "Agenda"
    assert article.title in model.data(clip, Qt.ItemDataRole.ToolTipRole)
    assert model.parent(clip) == section
    assert not model.flags(clip) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(section) & Qt.ItemFlag.ItemIsEditable


def test_commands_keep_model_and_persistent_indexes_in_sync(session, article, model, qtmodeltester):
    a0, a1, a2, b0 = fill(session, article)
    filled = session.undo_stack.index()
    keep = QPersistentModelIndex(model.clip_index(a2.id))
    keep_section = QPersistentModelIndex(model.index(2, 0))

    session.push(MoveClip(a2.id, session.dossier.sections[1].id, 0))
    assert keep.parent().row() == 1 and keep.row() == 0
    assert quotes(model, 1) == ids(session, 1) == [a2.id, b0.id]

    session.push(MoveSection(session.dossier.sections[2].id, 0))
    assert keep_section.row() == 0
    assert keep.parent().row() == 2  # its section moved down one
    assert model.data(keep, ClipRole) is a2

    session.push(RemoveClip(a0.id))
    assert quotes(model, 1) == [a1.id]
    session.push(RemoveSection(session.dossier.sections[2].id))
    assert not keep.isValid()
    session.push(AddSection("Later", 0))
    assert model.data(model.index(0, 0)) == "Later"
    qtmodeltester.check(model)

    while session.undo_stack.index() > filled:
        session.undo_stack.undo()
        qtmodeltester.check(model)
    assert quotes(model, 0) == [a0.id, a1.id, a2.id]
    while session.undo_stack.canRedo():
        session.undo_stack.redo()
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["Later", "Reactions", "Agenda"]


def test_moves_down_within_a_section(session, article, model):
    a0, a1, a2, _ = fill(session, article)
    keep = QPersistentModelIndex(model.clip_index(a0.id))
    session.push(MoveClip(a0.id, session.dossier.sections[0].id, 2))
    assert quotes(model, 0) == [a1.id, a2.id, a0.id]
    assert keep.row() == 2
    session.undo_stack.undo()
    assert quotes(model, 0) == [a0.id, a1.id, a2.id]
    assert keep.row() == 0


def test_drag_clip_to_another_section(session, article, model):
    a0, a1, a2, b0 = fill(session, article)
    data = model.mimeData([model.clip_index(a1.id)])
    assert json.loads(bytes(data.data(MIME_DOSSIER_ITEMS).data())) == {"clips": [a1.id]}
    target = model.index(1, 0)
    assert model.canDropMimeData(data, MOVE, 0, 0, target)
    assert model.dropMimeData(data, MOVE, 0, 0, target)
    assert not model.removeRows(0, 1, model.index(0, 0))  # what a view does after a move: nothing
    assert ids(session, 0) == [a0.id, a2.id]
    assert ids(session, 1) == [a1.id, b0.id]
    assert model.data(model.index(1, 0), CountRole) == 2
    session.undo_stack.undo()
    assert ids(session, 0) == [a0.id, a1.id, a2.id]


def test_drag_clips_within_a_section(session, article, model):
    a0, a1, a2, _ = fill(session, article)
    section = model.index(0, 0)
    model.dropMimeData(model.mimeData([model.clip_index(a0.id)]), MOVE, 3, 0, section)  # below the last
    assert ids(session, 0) == [a1.id, a2.id, a0.id]
    model.dropMimeData(model.mimeData([model.clip_index(a0.id)]), MOVE, 1, 0, section)  # between a1 and a2
    assert ids(session, 0) == [a1.id, a0.id, a2.id]
    before = session.undo_stack.count()
    model.dropMimeData(model.mimeData([model.clip_index(a0.id)]), MOVE, 2, 0, section)  # where it is
    assert session.undo_stack.count() == before
    two = [model.clip_index(a2.id), model.clip_index(a1.id)]
    model.dropMimeData(model.mimeData(two), MOVE, 0, 0, model.index(2, 0))  # onto an empty section
    assert ids(session, 2) == [a1.id, a2.id]  # in dossier order, one undo step
    session.undo_stack.undo()
    assert ids(session, 0) == [a1.id, a0.id, a2.id]


def test_drop_onto_a_clip_places_after_it(session, article, model):
    a0, a1, a2, b0 = fill(session, article)
    model.dropMimeData(model.mimeData([model.clip_index(b0.id)]), MOVE, -1, 0, model.clip_index(a0.id))
    assert ids(session, 0) == [a0.id, b0.id, a1.id, a2.id]


def test_clip_dropped_between_sections_ends_the_one_above(session, article, model):
    a0, a1, a2, b0 = fill(session, article)
    model.dropMimeData(model.mimeData([model.clip_index(a0.id)]), MOVE, 2, 0, QModelIndex())  # above "Reactions"
    assert ids(session, 1) == [b0.id, a0.id]
    model.dropMimeData(model.mimeData([model.clip_index(a0.id)]), MOVE, 0, 0, QModelIndex())  # above the first
    assert ids(session, 0) == [a0.id, a1.id, a2.id]
    model.dropMimeData(model.mimeData([model.clip_index(a0.id)]), MOVE, -1, 0, QModelIndex())  # empty space below
    assert ids(session, 2) == [a0.id]


def test_section_reorder_by_drop(session, model):
    titles = lambda: [s.title for s in session.dossier.sections]  # noqa: E731
    data = model.mimeData([model.index(0, 0)])
    assert model.canDropMimeData(data, MOVE, 3, 0, QModelIndex())
    model.dropMimeData(data, MOVE, 3, 0, QModelIndex())
    assert titles() == ["Demands", "Reactions", "Agenda"]
    model.dropMimeData(model.mimeData([model.index(2, 0)]), MOVE, 1, 0, QModelIndex())
    assert titles() == ["Demands", "Agenda", "Reactions"]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert titles() == ["Agenda", "Demands", "Reactions"]


def test_selection_drop_creates_a_clip(session, article, model):
    a0, a1, a2, _ = fill(session, article)
    start = article.text.index("Putin")
    data = selection_mime(article.id, start + 1, start + 3)
    section = model.index(0, 0)
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, 1, 0, section)
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.CopyAction, 1, 0, section)
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, section)
    clips = session.dossier.sections[0].clips
    assert next(c.id for c in clips) == a0.id and clips[1].quote == "Putin"
    assert model.data(model.index(1, 0, section), ClipRole) is clips[1]
    model.dropMimeData(
        selection_mime(article.id, start, start + 5), Qt.DropAction.CopyAction, -1, 0, model.clip_index(a2.id)
    )
    assert session.dossier.sections[0].clips[-1].quote == "Putin"
    assert not model.dropMimeData(selection_mime("nope", 0, 4), Qt.DropAction.CopyAction, 0, 0, section)


def test_rename_via_set_data_is_undoable(session, model, qtbot):
    section = model.index(1, 0)
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(section, "What they want", Qt.ItemDataRole.EditRole)
    assert model.data(section, Qt.ItemDataRole.EditRole) == "What they want"
    assert not model.setData(section, "   ", Qt.ItemDataRole.EditRole)
    session.undo_stack.undo()
    assert model.data(section) == "Demands"


def test_note_role_and_mismatch_status(session, article, model, qtbot):
    a0, *_ = fill(session, article)
    index = model.clip_index(a0.id)
    assert model.setData(index, "why it matters", NoteRole)
    assert model.data(index, NoteRole) == "why it matters"
    with qtbot.waitSignal(model.dataChanged):
        session.push(EditClip(a0.id, {"quote": "never said"}))
    assert model.data(index, StatusRole) == "mismatch"
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None
    assert "Does not match" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_reset_on_open(session, article, model, tmp_path, qtbot):
    fill(session, article)
    path = session.save(tmp_path / "d.dossier")
    session.new()
    assert model.rowCount(model.index(0, 0)) == 0
    with qtbot.waitSignal(model.modelReset):
        session.open(path)
    assert model.rowCount(model.index(0, 0)) == 3


def test_add_clip_command_at_row(session, article, model):
    a0, *_ = fill(session, article)
    from dossier.core.integrity import make_clip

    clip = make_clip(article, 0, 5)
    session.push(AddClip(session.dossier.sections[0].id, clip, 0))
    assert model.data(model.index(0, 0, model.index(0, 0)), ClipRole) is clip
