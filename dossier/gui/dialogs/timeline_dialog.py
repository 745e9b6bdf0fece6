"""The timeline: the dossier's clips in the order of their sources' dates (undated last), as
:func:`dossier.core.timeline.timeline` gives them. Double-click (or Enter) opens a clip."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from dossier.core.timeline import Entry

COLUMNS = ("Date", "Source", "Grade", "Quote", "Section")


class TimelineModel(QAbstractTableModel):
    """The timeline's entries, one row each (read-only)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        values = (e.date, e.source, e.grade, f"“{e.quote}”", e.section)
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.date} · {e.source}\n{e.title}\n\n“{e.quote}”"
        if role == Qt.ItemDataRole.UserRole:
            return e.clip_id
        return None


class TimelineDialog(QDialog):
    clip_activated = Signal(str)  # a clip's id: show it

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Timeline")
        self.resize(820, 460)
        self.model = TimelineModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("Timeline")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents,) * 3
            + (QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents)
        ):
            header.setSectionResizeMode(column, mode)
        self.view.activated.connect(lambda index: self.clip_activated.emit(index.data(Qt.ItemDataRole.UserRole)))
        self.note = QLabel(
            "Clips in the order of their sources' dates; undated sources last. Double-click a clip to show it.", self
        )
        self.note.setObjectName("CountLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)

    def set_entries(self, entries: list[Entry]) -> None:
        self.model.set_entries(entries)
        if not entries:
            self.note.setText("The dossier has no clips yet.")
