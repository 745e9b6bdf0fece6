"""The Orphans view: clips whose source changed under them, and what to do about each.

A clip whose words were reworded in a newer version of its source (``changed``) shows the
old wording against the new as a redline; one whose passage is gone (``orphaned``) says so.
Neither is ever dropped: the clip keeps quoting the version that says it until the person
takes the new wording, keeps the old version on purpose, or deletes the clip. Clips that
no longer match their own version, or whose source is missing, are listed too.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dossier.core.commands import EditClip, ReanchorClips
from dossier.core.integrity import CHANGED, MISSING, ORPHANED, ClipCheck
from dossier.core.quoting import quoted
from dossier.core.versions import ADDED, REMOVED, Redline, reanchored
from dossier.gui import theme

if TYPE_CHECKING:
    from dossier.gui.session import DossierSession

LABELS = {CHANGED: "Changed", ORPHANED: "Orphaned", MISSING: "Source missing"}
EMPTY = "No orphans: every clip stands in the newest version of its source."


def redline_html(lines: Redline) -> str:
    """A redline as HTML: words gone struck through in red, words come underlined in green."""
    out = []
    for kind, words in lines:
        text = html.escape(words)
        if kind == REMOVED:
            out.append(f'<s style="color:{theme.ALARM.name()}">{text}</s>')
        elif kind == ADDED:
            out.append(f'<u style="color:{theme.GOOD.name()}">{text}</u>')
        else:
            out.append(text)
    return " ".join(out)


class OrphansPanel(QWidget):
    clip_activated = Signal(object)  #: Clip: show it in its article

    def __init__(self, session: DossierSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("OrphansPanel")
        self.session = session
        self.list = QListWidget(self)
        self.list.setObjectName("OrphansList")
        self.list.setAccessibleName("Clips whose source changed")
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("OrphanDetail")
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("What changed in the source")
        self.empty = QLabel(EMPTY, self)
        self.empty.setWordWrap(True)
        self.use_new = QPushButton("Use the New Wording", self)
        self.use_new.setToolTip("Quote the newest version of the source, as it now reads")
        self.keep = QPushButton("Keep Quoting This Version", self)
        self.keep.setToolTip("The clip quotes the version it was taken from, on purpose; the citation names it")
        self.show_button = QPushButton("Show", self)
        self.show_button.setToolTip("Open the clip's article at the passage")
        buttons = QHBoxLayout()
        for button in (self.use_new, self.keep, self.show_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail, 2)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemActivated.connect(lambda _item: self.show_clip())
        self.use_new.clicked.connect(self.use_new_wording)
        self.keep.clicked.connect(self.keep_version)
        self.show_button.clicked.connect(self.show_clip)
        session.checks_changed.connect(self.refresh)
        session.dossier_replaced.connect(self.refresh)
        session.undo_stack.indexChanged.connect(self._on_undo_index_changed)  # a method: gone with the panel
        self.refresh()

    def _on_undo_index_changed(self, _index: int) -> None:
        self.refresh()

    def checks(self) -> list[ClipCheck]:
        return self.session.problems()

    def refresh(self) -> None:
        current = self.current_check()
        wanted = current.clip.id if current else None
        self.list.blockSignals(True)
        self.list.clear()
        for check in self.checks():
            label = LABELS.get(check.status, "Does not match")
            section = self.session.dossier.sections[self.session.dossier.find_clip(check.clip.id)[0]].title
            item = QListWidgetItem(f"{label}: {quoted(_short(check.clip.printed))} — {section}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, check.clip.id)
            item.setToolTip(check.detail)
            if check.clip.id == wanted:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)
        self._show_current()

    def current_check(self) -> ClipCheck | None:
        item = self.list.currentItem()
        if item is None:
            return None
        clip_id = item.data(Qt.ItemDataRole.UserRole)
        return next((c for c in self.checks() if c.clip.id == clip_id), None)

    def _show_current(self) -> None:
        check = self.current_check()
        versions = check.versions if check else None
        self.use_new.setEnabled(versions is not None and versions.status == CHANGED)
        self.keep.setEnabled(versions is not None)
        self.show_button.setEnabled(check is not None)
        self.detail.setVisible(check is not None)
        if check is None:
            return
        self.detail.setHtml(self._detail_html(check))

    @staticmethod
    def _detail_html(check: ClipCheck) -> str:
        clip, versions = check.clip, check.versions
        quote = html.escape(clip.printed)
        if versions is None:
            return (
                f"<p><b>{html.escape(LABELS.get(check.status, 'Does not match its source'))}</b>: "
                f"{html.escape(check.detail)}</p><p>“{quote}”</p>"
            )
        old, new = versions.old.version, versions.new.version
        if versions.status == ORPHANED:
            return (
                f"<p><b>Orphaned.</b> The passage is no longer in version {new} of “"
                f"{html.escape(versions.new.title)}”. The clip still quotes version {old}, which says:</p>"
                f"<p>“{quote}”</p>"
            )
        return (
            f"<p><b>Changed</b> in version {new} of “{html.escape(versions.new.title)}” "
            f"(similarity {versions.score:.0f} %).</p>"
            f"<p><b>Version {old}:</b> “{html.escape(clip.quote)}”</p>"
            f"<p><b>Version {new}:</b> “{html.escape(versions.closest)}”</p>"
            f"<p><b>Redline:</b> {redline_html(versions.redline)}</p>"
        )

    # ------------------------------------------------------------------ actions
    def use_new_wording(self) -> None:
        check = self.current_check()
        if check is None or check.versions is None or check.versions.status != CHANGED:
            return
        changes = {check.clip.id: reanchored(check.versions, wording=True)}
        self.session.push(ReanchorClips(changes, text="Use the new wording of a source"))

    def keep_version(self) -> None:
        check = self.current_check()
        if check is not None and check.versions is not None:
            self.session.push(EditClip(check.clip.id, {"keep_version": True}))

    def show_clip(self) -> None:
        check = self.current_check()
        if check is not None:
            self.clip_activated.emit(check.clip)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["OrphansPanel", "redline_html"]
