"""The dossier side of the window: title, the tree of sections and clips, the note editor.

Every change made here is a core command pushed through the session; the panel itself
only follows the model (``DossierModel``) and the session.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dossier.core import brief
from dossier.core.citations import locator
from dossier.core.commands import (
    AddSection,
    Command,
    EditClip,
    MoveClip,
    MoveSection,
    RemoveClip,
    RemoveSection,
    SetInfo,
)
from dossier.core.dossier import Clip
from dossier.core.integrity import CHANGED, MISSING, ORPHANED, RELOCATED
from dossier.gui import icons
from dossier.gui.dialogs import section_name
from dossier.gui.models.dossier_model import PROBLEMS, DossierModel
from dossier.gui.widgets.clip_sources import ClipSources
from dossier.gui.widgets.dossier_delegate import ItemDelegate, draw_pen

if TYPE_CHECKING:
    from dossier.gui.session import DossierSession

EMPTY_HINT = (
    "<b>Nothing clipped yet.</b><br>Select text in an article and press <b>Ctrl+Return</b> to clip it "
    "into the selected section, <b>Ctrl+1</b> … <b>Ctrl+9</b> to clip it into the first, second … ninth "
    "section — or drag the selection onto a section here. "
    "Clips keep their exact words and where they came from."
)


class DossierPanel(QWidget):
    clip_activated = Signal(object)  #: Clip: open its article at its span

    def __init__(self, session: DossierSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = DossierModel(session, self)
        self._loading_note = False
        self._shown_clip_id: str | None = None
        #: Asked before deleting clips the brief cites, with where it cites them; True deletes.
        self.confirm_delete_cited: Callable[[list[str]], bool] = lambda parts: True
        self._build()
        self._build_actions()
        self._connect()
        self._refresh_header()
        self._refresh_state()
        self._show_clip(None)
        self.tree.expandAll()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.setObjectName("SidePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title_edit = QLineEdit(
            placeholderText="Untitled dossier",
            objectName="DossierTitle",
            toolTip="The briefing's title: click to rename the dossier (Ctrl+Shift+R)",
        )
        rename = self.title_edit.addAction(icons.drawn(draw_pen), QLineEdit.ActionPosition.TrailingPosition)
        rename.setToolTip("Rename the dossier")
        rename.triggered.connect(self.edit_title)
        self.stats_label = QLabel(objectName="CountLabel")
        self.add_section_button = QPushButton("+ Section", toolTip="Add a section to the dossier")

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setObjectName("DossierTree")
        self.tree.setFrameShape(QFrame.Shape.NoFrame)
        self.tree.setItemDelegate(ItemDelegate(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setExpandsOnDoubleClick(False)
        triggers = QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        self.tree.setEditTriggers(triggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        # The empty state sits in the tree, under the (still empty) sections one can drop on.
        self.empty_label = QLabel(EMPTY_HINT, self.tree.viewport(), wordWrap=True, objectName="EmptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setContentsMargins(18, 0, 18, 0)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.tree.viewport().installEventFilter(self)

        self.source_label = QLabel(wordWrap=True, openExternalLinks=False)
        self.source_label.setTextFormat(Qt.TextFormat.RichText)
        self.badge_label = QLabel(wordWrap=True, objectName="MismatchBadge")
        self.note_edit = QPlainTextEdit(placeholderText="Your note on this clip (why it matters, what to check)…")
        self.note_edit.setMaximumHeight(110)

        header = QHBoxLayout()  # the title has a line of its own; counts and + Section under it
        header.addWidget(self.stats_label, 1)
        header.addWidget(self.add_section_button)
        top = QVBoxLayout()
        top.setContentsMargins(10, 10, 10, 6)
        top.addWidget(self.title_edit)
        top.addLayout(header)
        self.detail = QWidget(objectName="ClipDetail")
        self.detail.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(10, 6, 10, 10)
        detail.addWidget(self.source_label)
        detail.addWidget(self.badge_label)
        self.sources = ClipSources(self.session, self.detail)
        detail.addWidget(self.sources)
        detail.addWidget(QLabel("NOTE", objectName="PanelTitle"))
        detail.addWidget(self.note_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcuts=()) -> QAction:
            act = QAction(text, self.tree)
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            act.triggered.connect(slot)
            self.tree.addAction(act)
            return act

        self.new_section_action = action("New Section…", self.add_section_interactively)
        self.rename_action = action("Rename", self.rename_current, ["F2"])
        self.delete_action = action("Delete", self.delete_selected, [QKeySequence.StandardKey.Delete, "Backspace"])
        separator = QAction(self.tree)
        separator.setSeparator(True)
        self.tree.addAction(separator)
        self.move_up_action = action("Move Up", lambda: self.move_current(-1), ["Ctrl+Up"])
        self.move_down_action = action("Move Down", lambda: self.move_current(+1), ["Ctrl+Down"])

    def _connect(self) -> None:
        self.add_section_button.clicked.connect(self.add_section_interactively)
        self.title_edit.editingFinished.connect(self._on_title_edited)
        self.note_edit.textChanged.connect(self._on_note_edited)
        self.source_label.linkActivated.connect(self._on_source_link_activated)
        self.tree.activated.connect(self._on_index_activated)
        if not self.tree.style().styleHint(QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick):
            self.tree.clicked.connect(self._on_index_activated)  # a click opens the source too
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.selectionModel().selectionChanged.connect(self._refresh_actions)
        self.model.info_changed.connect(self._refresh_header)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.dataChanged.connect(self._on_data_changed)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        for signal in (self.model.rowsRemoved, self.model.rowsMoved, self.model.modelReset):
            signal.connect(self._refresh_state)
        self.session.checks_changed.connect(self._refresh_current)

    # ------------------------------------------------------------------ API
    def current_section_row(self) -> int:
        """The section of the current item (a clip's own section); 0 when there is none."""
        section = self.model.section_at(self.tree.currentIndex())
        return self.session.dossier.sections.index(section) if section is not None else 0

    def current_clip(self) -> Clip | None:
        return self.model.clip_at(self.tree.currentIndex())

    def add_section_interactively(self) -> int | None:
        """Ask for a name and add a section after the current one; returns its row or None."""
        name = section_name.ask(self)
        if name is None:
            return None
        current = self.tree.currentIndex()
        row = self.current_section_row() + 1 if current.isValid() else len(self.session.dossier.sections)
        self.session.push(AddSection(name, row))
        self.select(self.model.section_index(row))
        return row

    def edit_title(self) -> None:
        """Put the keyboard in the dossier's title, all of it selected, to rename the dossier."""
        self.title_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.title_edit.selectAll()

    def focus_tree(self) -> None:
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def select(self, index: QModelIndex) -> None:
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().setCurrentIndex(index, flags)
        self.tree.scrollTo(index)

    def select_clip(self, clip_id: str) -> None:
        index = self.model.clip_index(clip_id)
        if index.isValid():
            self.select(index)

    # ------------------------------------------------------------------ actions
    def rename_current(self) -> None:
        index = self.tree.currentIndex()
        if self.model.is_section(index):
            self.tree.edit(index)

    def delete_selected(self) -> None:
        """Delete the selected sections and clips, as one undo step."""
        indexes = [QPersistentModelIndex(i) for i in self.tree.selectionModel().selectedRows()]
        sections = [s for i in indexes if self.model.is_section(i) and (s := self.model.section_at(i)) is not None]
        doomed = {s.id for s in sections}  # their clips go with them
        clips = [
            c
            for i in indexes
            if (c := self.model.clip_at(i)) is not None and getattr(self.model.section_at(i), "id", None) not in doomed
        ]
        commands: list[Command] = [RemoveClip(c.id) for c in clips]
        commands += [RemoveSection(s.id) for s in sections]
        if not commands:
            return
        doomed_clips = [c.id for c in clips] + [c.id for s in sections for c in s.clips]
        cited = brief.citing_parts(self.session.dossier, doomed_clips)
        if cited and not self.confirm_delete_cited(cited):
            return
        stack = self.session.undo_stack
        if len(commands) > 1:
            stack.beginMacro(f"Delete {len(commands)} items")
        for command in commands:
            self.session.push(command)
        if len(commands) > 1:
            stack.endMacro()

    def move_current(self, step: int) -> None:
        """Move the current section, or clip (across section borders), one place up or down."""
        index = self.tree.currentIndex()
        sections = self.session.dossier.sections
        if self.model.is_section(index):
            dest = index.row() + step
            if 0 <= dest < len(sections):
                self.session.push(MoveSection(sections[index.row()].id, dest))
            return
        clip = self.model.clip_at(index)
        if clip is None:
            return
        s, row = index.parent().row(), index.row()
        if 0 <= row + step < len(sections[s].clips):
            self.session.push(MoveClip(clip.id, sections[s].id, row + step))
        elif 0 <= s + step < len(sections):
            dest = len(sections[s + step].clips) if step < 0 else 0
            self.session.push(MoveClip(clip.id, sections[s + step].id, dest))
        self.select_clip(clip.id)

    # ------------------------------------------------------------------ slots
    def _on_title_edited(self) -> None:
        title = self.title_edit.text().strip()
        if title and title != self.session.dossier.title:
            self.session.push(SetInfo(title=title))

    def _on_note_edited(self) -> None:
        clip = self.current_clip()
        if self._loading_note or clip is None or clip.note == self.note_edit.toPlainText():
            return
        self.session.push(EditClip(clip.id, {"note": self.note_edit.toPlainText()}))

    def _on_index_activated(self, index: QModelIndex) -> None:
        clip = self.model.clip_at(index)
        if clip is not None:
            self.clip_activated.emit(clip)

    def _on_source_link_activated(self, _link: str) -> None:
        clip = self.current_clip()
        if clip is not None:
            self.clip_activated.emit(clip)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_clip(self.model.clip_at(current))
        self._refresh_actions()

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, _roles=()) -> None:
        current = self.tree.currentIndex()
        if current.isValid() and current.parent() == top.parent() and top.row() <= current.row() <= bottom.row():
            self._refresh_current()

    def _on_rows_inserted(self, parent: QModelIndex, first: int, _last: int) -> None:
        self.tree.expand(parent if parent.isValid() else self.model.index(first, 0))
        if parent.isValid():
            self.tree.scrollTo(self.model.index(first, 0, parent))
        self._refresh_state()

    def _on_model_reset(self) -> None:
        self.tree.expandAll()
        self._refresh_header()
        self._show_clip(None)

    def _refresh_current(self) -> None:
        self._show_clip(self.current_clip())

    # ------------------------------------------------------------------ showing
    def _refresh_header(self) -> None:
        if self.title_edit.text() != self.session.dossier.title:
            self.title_edit.setText(self.session.dossier.title)
            self.title_edit.setCursorPosition(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._place_empty_label()
        return super().eventFilter(watched, event)

    def _place_empty_label(self) -> None:
        """Under the last section row, across the viewport."""
        rows = self.model.rowCount()
        top = self.tree.visualRect(self.model.index(rows - 1, 0)).bottom() + 24 if rows else 24
        width = self.tree.viewport().width()
        self.empty_label.setGeometry(0, top, width, self.empty_label.heightForWidth(width))

    def _refresh_state(self) -> None:
        clips, sources, _ = self.session.dossier.stats()
        self.empty_label.setVisible(clips == 0)
        if clips == 0:
            self._place_empty_label()
        if clips:
            self.stats_label.setText(
                f"{clips} clip{'s' if clips != 1 else ''} from {sources} source{'s' if sources != 1 else ''}"
            )
        else:
            self.stats_label.setText("No clips yet")
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        has_item = self.tree.currentIndex().isValid()
        self.delete_action.setEnabled(bool(self.tree.selectionModel().selectedRows()))
        self.rename_action.setEnabled(self.model.is_section(self.tree.currentIndex()))
        self.move_up_action.setEnabled(has_item)
        self.move_down_action.setEnabled(has_item)

    def _show_clip(self, clip: Clip | None) -> None:
        self.detail.setVisible(clip is not None)
        shown, self._shown_clip_id = self._shown_clip_id, clip.id if clip is not None else None
        if clip is None:
            return
        article = self.session.article(clip.article_id)
        check = self.session.check(clip)
        where = locator(clip.paragraph)
        title = article.title if article is not None else "(article not in the library)"
        moved = " · <i>moved in the source</i>" if check.status == RELOCATED else ""
        self.source_label.setText(f'From <a href="open">{html.escape(title)}</a>{", " + where if where else ""}{moved}')
        self.badge_label.setVisible(check.status in PROBLEMS)
        if check.status == MISSING:
            self.badge_label.setText("⚠ The source article is missing from the library. The clip is kept.")
        elif check.status in (CHANGED, ORPHANED):
            self.badge_label.setText(
                f"⚠ {check.status.capitalize()}: {check.detail}. The clip is kept; see View ▸ Orphans."
            )
        elif check.status in PROBLEMS:
            self.badge_label.setText(
                f"⚠ No longer matches its source: {check.detail}. "
                "The clip is kept as it was; compare it with the article."
            )
        self.sources.show_clip(clip)
        if shown != clip.id or self.note_edit.toPlainText() != clip.note:
            self._loading_note = True
            self.note_edit.setPlainText(clip.note)
            self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)
            self._loading_note = False
