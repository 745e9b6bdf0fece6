"""A plain-text editor for the brief's Markdown: highlighting, citations by drag and drop or by completion.

:class:`MarkdownEdit` shows the analyst's Markdown as typed, with emphasis, strong text, list
markers, links and ``[@clip]`` citations highlighted (a citation that names no clip is
underlined in red). Dropping clips dragged from the dossier tree inserts ``[@id]`` where they
fall; typing ``[@`` offers the dossier's clips to complete. Its own undo is off: every change is
announced by :attr:`MarkdownEdit.edited` and becomes a core command on the session's stack, so
Ctrl+Z belongs to the window's Undo like every other edit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QKeySequence,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

from dossier.core.brief_text import KEY
from dossier.gui import theme
from dossier.gui.mime import MIME_DOSSIER_ITEMS

#: What the highlighter marks (for display only: the text is parsed by dossier.core.brief_text).
_STRONG = re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?!\s)[^*\n]+?\*(?!\*)|(?<![_\w])_(?!\s)[^_\n]+?_(?!\w)")
_LINK = re.compile(r"\[[^\]\n@][^\]\n]*\]\([^)\s]+\)")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_CITATION = re.compile(r"\[@[^\]\n]*\]")
#: "[@" (or "; @" after another key in the same brackets) and what follows it up to the cursor: the key being typed.
_TYPING_KEY = re.compile(r"(?:\[@|\[@[A-Za-z0-9_-]+(?:;\s*@[A-Za-z0-9_-]+)*;\s*@)([A-Za-z0-9_-]*)$")

Candidates = Callable[[], list[tuple[str, str]]]  # (clip id, how it reads) for the completer
Known = Callable[[str], bool]  # whether a citation key names exactly one clip


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, known: Known):
        super().__init__(document)
        self.known = known
        self.strong, self.emphasis, self.link, self.marker, self.cite, self.bad = (QTextCharFormat() for _ in range(6))
        self.strong.setFontWeight(QFont.Weight.Bold)
        self.emphasis.setFontItalic(True)
        self.cite.setFontWeight(QFont.Weight.DemiBold)
        self.bad.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)

    def _use_scheme(self) -> None:
        """The colours of the light or dark scheme in use (read each time: the scheme can change)."""
        self.link.setForeground(theme.ACCENT)
        self.marker.setForeground(theme.WARNING)
        self.cite.setForeground(theme.GOOD)
        self.bad.setUnderlineColor(theme.ALARM)
        self.bad.setForeground(theme.ALARM)

    def highlightBlock(self, text: str) -> None:
        self._use_scheme()
        if match := _LIST.match(text):
            self.setFormat(match.start(), match.end() - match.start(), self.marker)
        for pattern, fmt in ((_EMPHASIS, self.emphasis), (_STRONG, self.strong), (_LINK, self.link)):
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
        for match in _CITATION.finditer(text):
            keys = [k.strip() for k in match.group()[1:-1].split(";")]
            ok = all((m := KEY.fullmatch(k)) and self.known(m.group(1)) for k in keys)
            self.setFormat(match.start(), match.end() - match.start(), self.cite if ok else self.bad)


class MarkdownEdit(QPlainTextEdit):
    """The editor of one part of the brief (the bottom line, or a section's assessment)."""

    edited = Signal(str)  #: the whole text, after the analyst changed it

    def __init__(self, candidates: Candidates, known: Known, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self._loading = False
        self._candidates = candidates
        self.highlighter = MarkdownHighlighter(self.document(), known)
        self.completer = QCompleter(QStringListModel(self), self)
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.completer.activated[QModelIndex].connect(self._on_completed)  # type: ignore[index]  # the overload by type
        self.textChanged.connect(self._on_text_changed)

    # ------------------------------------------------------------------ the text
    def set_markdown(self, text: str) -> None:
        """Show ``text`` (after an undo, say) without announcing it as an edit; the cursor stays put."""
        if text == self.toPlainText():
            return
        position = self.textCursor().position()
        self._loading = True
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
        self._loading = False

    def insert_citation(self, clip_ids: list[str]) -> None:
        """Insert ``[@id]`` (or ``[@id1; @id2]``) at the cursor."""
        if clip_ids:
            self.textCursor().insertText("[" + "; ".join(f"@{i}" for i in clip_ids) + "]")

    def rehighlight(self) -> None:
        """Mark citations again (the clips changed)."""
        self.highlighter.rehighlight()

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.toPlainText())

    # ------------------------------------------------------------------ undo belongs to the window
    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):  # light or dark now
            self.highlighter.rehighlight()
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _is_undo(event):
            event.ignore()  # let the window's Undo/Redo shortcut have it
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_undo(event):
            event.ignore()
            return
        popup = self.completer.popup()
        if (
            popup is not None
            and popup.isVisible()
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
        ):
            event.ignore()  # the completer takes it
            return
        super().keyPressEvent(event)
        self._complete()

    # ------------------------------------------------------------------ completion
    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def _complete(self) -> None:
        before = self.textCursor().block().text()[: self.textCursor().positionInBlock()]
        match = _TYPING_KEY.search(before)
        if match is None:
            self._hide_popup()
            return
        rows = [f"{clip_id}  {reads}" for clip_id, reads in self._candidates()]
        model = self.completer.model()
        if isinstance(model, QStringListModel):
            model.setStringList(rows)
        self.completer.setCompletionPrefix(match.group(1))
        if self.completer.completionCount() == 0:
            self._hide_popup()
            return
        rect = self.cursorRect()
        rect.setWidth(min(640, max(360, self.viewport().width() // 2)))
        self.completer.complete(rect)

    def _on_completed(self, index: QModelIndex) -> None:
        clip_id = str(index.data()).split(" ", 1)[0]
        cursor = self.textCursor()
        typed = len(self.completer.completionPrefix())
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, typed)
        after = self.document().characterAt(cursor.position())
        cursor.insertText(clip_id + ("" if after == "]" else "]"))
        self.setTextCursor(cursor)

    # ------------------------------------------------------------------ drops from the dossier tree
    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(_dropped_clips(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        ids = _dropped_clips(source)
        if ids:
            self.insert_citation(ids)
        else:
            super().insertFromMimeData(source)


def _dropped_clips(source: QMimeData) -> list[str]:
    if source is None or not source.hasFormat(MIME_DOSSIER_ITEMS):
        return []
    try:
        payload = json.loads(bytes(source.data(MIME_DOSSIER_ITEMS).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    ids = payload.get("clips") if isinstance(payload, dict) else None
    return [str(i) for i in ids] if isinstance(ids, list) else []


def _is_undo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
