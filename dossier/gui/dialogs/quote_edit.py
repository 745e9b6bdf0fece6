"""Editing a clip's quote as editors do: leave words out (…) and add words in brackets ([ ]).

The source stands beside the quote, the words kept highlighted in it. Any other change —
a word retyped, words reordered — is refused as it is typed, with the word that differs
shown; OK is enabled only while every kept word stands in the source, in order.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dossier.core.dossier import Clip
from dossier.core.errors import QuoteNotFound
from dossier.core.integrity import edit_changes
from dossier.core.library import Article
from dossier.core.quote_edits import ELLIPSIS
from dossier.gui import theme


class QuoteEditDialog(QDialog):
    def __init__(self, article: Article, clip: Clip, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("QuoteEditDialog")
        self.setWindowTitle("Edit Quote")
        self.article, self.clip = article, clip
        self._changes: dict[str, object] | None = None
        paragraphs = [p for p in article.paragraphs if p.end > clip.start and p.start < clip.end]
        self._lo = min([clip.start] + [p.start for p in paragraphs])
        self._hi = max([clip.end] + [p.end for p in paragraphs])

        self.source = QTextBrowser(self)
        self.source.setObjectName("QuoteSource")
        self.source.setAccessibleName("The source, the words kept highlighted")
        self.editor = QPlainTextEdit(clip.printed, self)
        self.editor.setObjectName("QuoteEditor")
        self.editor.setAccessibleName("The quote as printed")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setObjectName("QuoteEditStatus")
        omit = QPushButton(f"Leave Out Selection ({ELLIPSIS})", self)
        omit.setToolTip("Replace the selected words with an ellipsis")
        omit.clicked.connect(self.leave_out_selection)
        insert = QPushButton("Insert [ ]", self)
        insert.setToolTip("Add words of your own, in brackets, or replace the selected words with them")
        insert.clicked.connect(self.insert_brackets)
        sic = QPushButton("[sic]", self)
        sic.setToolTip("Mark an error that stands in the original")
        sic.clicked.connect(lambda: self._insert(" [sic]"))
        restore = QPushButton("Restore", self)
        restore.setToolTip("Back to the source's words, unedited")
        restore.clicked.connect(lambda: self.editor.setPlainText(clip.quote))

        tools = QHBoxLayout()
        for button in (omit, insert, sic):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(restore)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Quote as printed: leave words out with …, add your own in [brackets]", right))
        column.addWidget(self.editor, 1)
        column.addLayout(tools)
        left = QWidget(self)
        source_column = QVBoxLayout(left)
        source_column.setContentsMargins(0, 0, 0, 0)
        source_column.addWidget(QLabel(f"Source: {html.escape(article.title)}", left))
        source_column.addWidget(self.source, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(860, 420)
        self.editor.textChanged.connect(self.validate)
        self.validate()

    def changes(self) -> dict[str, object] | None:
        """What to change in the clip (for ``EditClip``); None while the edit does not stand."""
        return self._changes

    def leave_out_selection(self) -> None:
        """Replace the selection, and the spaces around it, with one spaced ellipsis."""
        cursor = self.editor.textCursor()
        text = self.editor.toPlainText()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        while start > 0 and text[start - 1] == " ":
            start -= 1
        while end < len(text) and text[end] == " ":
            end += 1
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self._insert((" " if start else "") + ELLIPSIS + (" " if end < len(text) else ""))

    def insert_brackets(self) -> None:
        cursor = self.editor.textCursor()
        chosen = cursor.selectedText()
        cursor.insertText(f"[{chosen}]")
        cursor.movePosition(QTextCursor.MoveOperation.Left)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def _insert(self, text: str) -> None:
        cursor = self.editor.textCursor()
        cursor.insertText(text)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def validate(self) -> None:
        """Check the edit as it stands; show the kept words in the source, or the word at fault."""
        text = self.editor.toPlainText().strip()
        try:
            self._changes = edit_changes(self.article, self.clip, text) if text else None
            why = "" if text else "The quote keeps no words of the source."
        except QuoteNotFound as exc:
            self._changes, why = None, str(exc).split(": ", 1)[-1]
        ok = self._changes is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if ok:
            self.status.setText(
                f'<span style="color:{theme.GOOD.name()}">Every word kept stands in the source, in order.</span>'
            )
        else:
            self.status.setText(f'<span style="color:{theme.ALARM.name()}">⚠ {html.escape(why)}</span>')
        self._show_source()

    def _show_source(self) -> None:
        changes = self._changes or {}
        spans = list(changes.get("spans") or [])
        if changes and not spans:
            spans = [(changes["start"], changes["end"])]
        text, pos, out = self.article.text, self._lo, []
        for start, end in sorted(spans):
            out += [
                html.escape(text[pos:start]),
                f'<span style="background:{theme.MATCH.name()}">{html.escape(text[start:end])}</span>',
            ]
            pos = end
        out.append(html.escape(text[pos : self._hi]))
        self.source.setHtml("<div style='white-space: pre-wrap'>" + "".join(out) + "</div>")
