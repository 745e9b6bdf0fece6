"""The dossier as a two-level Qt item model: sections, and the clips in each.

The model holds no data of its own: it reads ``session.dossier`` and turns the dossier's
before/after events into ``begin…``/``end…`` calls. Edits made through the model (rename,
drag and drop, :mod:`.dossier_drops`) are pushed as commands on the session's undo stack;
the resulting events then update the view like any other change.

Indexes: a section's index has internal id 0; a clip's index carries a small serial number
naming its section (by section id), so it stays right while sections move.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QApplication, QStyle

from dossier.core import brief
from dossier.core.citations import locator
from dossier.core.commands import EditClip, RenameSection
from dossier.core.dossier import Clip, Event, Phase, Section
from dossier.core.dossier import EventKind as K
from dossier.core.integrity import CHANGED, MISMATCH, MISSING, MOVED, ORPHANED, RELOCATED
from dossier.core.quoting import clip_quoted
from dossier.gui import theme
from dossier.gui.mime import MIME_DOSSIER_ITEMS, MIME_SELECTION
from dossier.gui.models.dossier_drops import apply_drop, drop_plan

if TYPE_CHECKING:
    from dossier.gui.session import DossierSession

SHORT_QUOTE = 90
_Index = QModelIndex | QPersistentModelIndex


class Roles(IntEnum):
    ClipRole = Qt.ItemDataRole.UserRole + 1  #: the Clip (clips only)
    SectionRole = Qt.ItemDataRole.UserRole + 2  #: the Section (sections; for a clip, its section)
    StatusRole = Qt.ItemDataRole.UserRole + 3  #: check status: "ok", "relocated", "mismatch", "missing source"
    NoteRole = Qt.ItemDataRole.UserRole + 4  #: the clip's note (settable: pushes EditClip)
    CountRole = Qt.ItemDataRole.UserRole + 5  #: number of clips in a section
    DetailRole = Qt.ItemDataRole.UserRole + 6  #: why a check failed or moved, "" when ok
    CitedRole = Qt.ItemDataRole.UserRole + 7  #: True when the brief cites the clip


ClipRole, SectionRole, StatusRole, NoteRole, CountRole, DetailRole, CitedRole = (int(r) for r in Roles)
PROBLEMS = (MISMATCH, MISSING, CHANGED, ORPHANED)


class DossierModel(QAbstractItemModel):
    info_changed = Signal()  #: the dossier's title or author changed
    ClipRole, SectionRole, StatusRole, NoteRole, CountRole, DetailRole, CitedRole = (int(r) for r in Roles)

    def __init__(self, session: DossierSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.dossier = session.dossier
        self._serials: dict[str, int] = {}
        self._section_ids: dict[int, str] = {}
        self._in_change = False
        self._cited: set[str] | None = None
        self.dossier.subscribe(self._on_dossier_event)
        session.checks_changed.connect(self._on_checks_changed)

    # ------------------------------------------------------------------ structure
    def index(self, row: int, column: int = 0, parent: _Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.dossier.sections) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        section = self.dossier.sections[parent.row()]
        if row >= len(section.clips):
            return QModelIndex()
        return self.createIndex(row, 0, self._serial(section))

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        section_id = self._section_ids.get(index.internalId())
        try:
            return self.createIndex(self.dossier.section_row(section_id or ""), 0, 0)
        except KeyError:
            return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.dossier.sections)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self.dossier.sections[parent.row()].clips)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 1

    def _serial(self, section: Section) -> int:
        serial = self._serials.get(section.id)
        if serial is None:
            serial = self._serials[section.id] = len(self._serials) + 1
            self._section_ids[serial] = section.id
        return serial

    # ------------------------------------------------------------------ lookup
    def is_section(self, index: _Index) -> bool:
        return index.isValid() and index.internalId() == 0

    def is_clip(self, index: _Index) -> bool:
        return index.isValid() and index.internalId() != 0

    def section_at(self, index: _Index) -> Section | None:
        """The section of a section index, or the section holding a clip index."""
        if not index.isValid():
            return None
        row = index.row() if self.is_section(index) else index.parent().row()
        return self.dossier.sections[row] if 0 <= row < len(self.dossier.sections) else None

    def clip_at(self, index: _Index) -> Clip | None:
        if not self.is_clip(index):
            return None
        return self.dossier.sections[index.parent().row()].clips[index.row()]

    def section_index(self, row: int) -> QModelIndex:
        return self.index(row, 0)

    def clip_index(self, clip_id: str) -> QModelIndex:
        try:
            s, c = self.dossier.find_clip(clip_id)
        except KeyError:
            return QModelIndex()
        return self.index(c, 0, self.index(s, 0))

    # ------------------------------------------------------------------ data
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if self.is_section(index):
            return self._section_data(self.dossier.sections[index.row()], role)
        section = self.dossier.sections[index.parent().row()]
        return self._clip_data(section, section.clips[index.row()], role)

    def _section_data(self, section: Section, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return section.title
        if role == SectionRole:
            return section
        if role == CountRole:
            return len(section.clips)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            n = len(section.clips)
            return f"{section.title} — {n} clip{'s' if n != 1 else ''}"
        return None

    def _clip_data(self, section: Section, clip: Clip, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return clip_quoted(clip).short(SHORT_QUOTE)
        if role == ClipRole:
            return clip
        if role == SectionRole:
            return section
        if role == NoteRole:
            return clip.note
        if role == CitedRole:
            return clip.id in self.cited()
        if role in (StatusRole, DetailRole):
            check = self.session.check(clip)
            return check.status if role == StatusRole else check.detail
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._clip_tooltip(clip)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self._clip_spoken(clip, role)
        if role == Qt.ItemDataRole.DecorationRole and self.session.check(clip).status in PROBLEMS:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ForegroundRole and self.session.check(clip).status in PROBLEMS:
            return QBrush(theme.ALARM)
        return None

    def _clip_spoken(self, clip: Clip, role: int) -> str:
        """What a screen reader says of a clip: the warning in words first, never only in red."""
        check = self.session.check(clip)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = clip_quoted(clip).short(SHORT_QUOTE)
            return f"Does not match its source: {shown}" if check.status in PROBLEMS else shown
        if check.status == MISSING:
            return "The source article is missing from the library; the clip is kept."
        if check.status in PROBLEMS:
            return f"The clip no longer matches its source: {check.detail}."
        return f"Note: {clip.note}" if clip.note else ""

    def _clip_tooltip(self, clip: Clip) -> str:
        article = self.session.article(clip.article_id)
        source = f"{article.title}" if article else f"missing article {clip.article_id}"
        where = locator(clip.paragraph)
        lines = [clip_quoted(clip).text(), "", f"— {source}{', ' + where if where else ''}"]
        check = self.session.check(clip)
        if check.status in (CHANGED, ORPHANED):
            lines.append(f"⚠ The source has a newer version: {check.detail}")
        elif check.status in PROBLEMS:
            lines.append(f"⚠ Does not match its source: {check.detail}")
        elif check.status == MOVED:
            lines.append(f"The source has a newer version: {check.detail}")
        elif check.status == RELOCATED:
            lines.append(f"Source text moved: {check.detail}")
        if clip.note:
            lines += ["", f"Note: {clip.note}"]
        if clip.id in self.cited():
            lines += ["", f"❝ Quoted in {' and '.join(brief.citing_parts(self.dossier, [clip.id]))}"]
        return "\n".join(lines)

    def cited(self) -> set[str]:
        """The ids of the clips the brief cites (kept until the dossier changes)."""
        if self._cited is None:
            self._cited = brief.cited_clip_ids(self.dossier)
        return self._cited

    def _update_cited(self) -> None:
        """After an edit: tell the view which clips became cited or stopped being cited."""
        before, self._cited = self._cited, None
        changed = (before or set()) ^ self.cited() if before is not None else set()
        for clip_id in changed:
            index = self.clip_index(clip_id)
            if index.isValid():
                self.dataChanged.emit(index, index, [CitedRole, Qt.ItemDataRole.ToolTipRole])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return "Dossier"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        flags |= Qt.ItemFlag.ItemIsDropEnabled
        if self.is_section(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        else:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Renaming a section or editing a clip's note: pushed as a command."""
        if self.is_section(index) and role == Qt.ItemDataRole.EditRole:
            section = self.dossier.sections[index.row()]
            title = str(value).strip()
            if not title or title == section.title:
                return False
            self.session.push(RenameSection(section.id, title))
            return True
        if (clip := self.clip_at(index)) is not None and role == NoteRole:
            if str(value) == clip.note:
                return False
            self.session.push(EditClip(clip.id, {"note": str(value)}))
            return True
        return False

    # ------------------------------------------------------------------ drag and drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_DOSSIER_ITEMS, MIME_SELECTION]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # type: ignore[override]  # None: nothing to drag
        clips = sorted(
            (clip for i in indexes if (clip := self.clip_at(i)) is not None),
            key=lambda clip: self.dossier.find_clip(clip.id),
        )
        sections = [self.dossier.sections[i.row()] for i in indexes if self.is_section(i)]
        if clips:
            payload: dict[str, object] = {"clips": [c.id for c in clips]}
            text = "\n\n".join(c.quote for c in clips)
        elif sections:
            payload = {"section": sections[0].id}
            text = sections[0].title
        else:
            return None
        mime = QMimeData()
        mime.setData(MIME_DOSSIER_ITEMS, QByteArray(json.dumps(payload).encode("utf-8")))
        mime.setText(text)
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        return drop_plan(self, data, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        """Push the move (or, for a reader selection, the clip) command a drop means."""
        plan = drop_plan(self, data, row, parent)
        return plan is not None and apply_drop(self, plan)

    def removeRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:
        """Never: rows go only through commands. (A view calls this after a MoveAction drop;
        the move command has already moved the rows, so there is nothing left to remove.)"""
        return False

    # ------------------------------------------------------------------ core events
    def _on_dossier_event(self, event: Event) -> None:
        """Translate a core event into Qt's begin/end calls (a clip's parent is its section)."""
        before = event.phase is Phase.BEFORE
        self._in_change = before
        kind, parent = event.kind, self.index(event.section, 0)  # section -1: the root
        if kind is K.RESET:
            self.beginResetModel() if before else self._end_reset()
        elif kind is K.DOSSIER_CHANGE and not before:
            self.info_changed.emit()
        elif kind in (K.SECTION_INSERT, K.CLIP_INSERT):
            self.beginInsertRows(parent, event.row, event.row) if before else self.endInsertRows()
        elif kind in (K.SECTION_REMOVE, K.CLIP_REMOVE):
            self.beginRemoveRows(parent, event.row, event.row) if before else self.endRemoveRows()
        elif kind is K.SECTION_MOVE or (kind is K.CLIP_MOVE and event.section == event.dest_section):
            if before:
                self.beginMoveRows(parent, event.row, event.row, parent, _qt_dest(event.row, event.dest))
            else:
                self.endMoveRows()
        elif kind is K.CLIP_MOVE:
            if before:
                self.beginMoveRows(parent, event.row, event.row, self.index(event.dest_section, 0), event.dest)
            else:
                self.endMoveRows()
                self._count_changed(event.dest_section)
        elif kind in (K.SECTION_CHANGE, K.CLIP_CHANGE) and not before:
            index = self.index(event.row, 0, parent)
            self.dataChanged.emit(index, index)
        if not before and kind in (K.CLIP_INSERT, K.CLIP_REMOVE, K.CLIP_MOVE):
            self._count_changed(event.section)
        if not before and kind in (
            K.DOSSIER_CHANGE,
            K.SECTION_CHANGE,
            K.CLIP_INSERT,
            K.CLIP_REMOVE,
            K.RESET,
            K.SECTION_REMOVE,
            K.SECTION_INSERT,
        ):
            self._update_cited()

    def _end_reset(self) -> None:
        self._serials.clear()
        self._section_ids.clear()
        self.endResetModel()

    def _count_changed(self, section_row: int) -> None:
        index = self.index(section_row, 0)
        self.dataChanged.emit(index, index, [CountRole, Qt.ItemDataRole.ToolTipRole])

    def _on_checks_changed(self) -> None:
        if self._in_change:
            return  # the rows being inserted or changed are reported by their own event
        roles = [
            StatusRole,
            DetailRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
        ]
        for row, section in enumerate(self.dossier.sections):
            if section.clips:
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(section.clips) - 1, 0, parent), roles)


def _qt_dest(row: int, dest: int) -> int:
    """``list.insert`` index after removal -> Qt's destination row (counted before removal)."""
    return dest + 1 if dest > row else dest
