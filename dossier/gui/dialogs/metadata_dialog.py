"""Edit what the citations say about an article: title, publisher, author, date, URL, tags, and
the reliability grade of the source (A-F)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dossier.core.dates import date_problem, format_date, read_date
from dossier.core.grading import RELIABILITY
from dossier.core.library import Article

_URL = re.compile(r"^(https?|file)://\S+$", re.IGNORECASE)
_BARE_ADDRESS = re.compile(r"^[\w-]+(\.[\w-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.IGNORECASE)
FIELDS = ("title", "publisher", "author", "published", "url", "tags")
MIN_WIDTH, MAX_WIDTH = 600, 820


def normalised(values: dict[str, str]) -> dict[str, str]:
    """The values as they will be stored: a date typed in words as ISO, ``https://`` before a
    bare web address (www.example.com/page)."""
    out = dict(values)
    date = out.get("published", "").strip()
    if date:
        out["published"] = read_date(date) or date
    url = out.get("url", "").strip()
    if url and "://" not in url and _BARE_ADDRESS.match(url):
        out["url"] = "https://" + url
    return out


def problems(values: dict[str, str]) -> list[str]:
    """Everything wrong with the typed values, each in a sentence (all at once, not one by one)."""
    found = []
    if not values.get("title", "").strip():
        found.append("An article needs a title.")
    if wrong_date := date_problem(values.get("published", "")):
        found.append(wrong_date)
    url = normalised(values).get("url", "").strip()
    if url and not _URL.match(url):
        found.append(f"“{url}” is not a web address: it should look like https://example.com/page.")
    return found


def current_values(article: Article) -> dict[str, str]:
    meta = article.meta
    return {
        "title": meta.title or "",
        "publisher": meta.publisher or "",
        "author": meta.author or "",
        "published": meta.published or "",
        "url": meta.url or "",
        "tags": ", ".join(meta.tags or []),
        "reliability": meta.reliability or "",
    }


def changes_between(before: dict[str, str], after: dict[str, str]) -> dict:
    """The fields that changed, as :meth:`Library.update_metadata` takes them."""
    out: dict = {}
    for name in (*FIELDS, "reliability"):
        old, new = before.get(name, "").strip(), after.get(name, "").strip()
        if old == new:
            continue
        out[name] = [t.strip() for t in new.split(",") if t.strip()] if name == "tags" else new
    return out


def as_update(values: dict[str, str]) -> dict:
    """All fields, as :meth:`Library.update_metadata` takes them (to undo an edit)."""
    return {k: ([t.strip() for t in v.split(",") if t.strip()] if k == "tags" else v) for k, v in values.items()}


class MetadataDialog(QDialog):
    def __init__(self, article: Article, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Article details")
        self.setMinimumWidth(MIN_WIDTH)
        self._before = current_values(article)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        labels = {
            "title": "&Title",
            "publisher": "&Publisher",
            "author": "&Author",
            "published": "&Date",
            "url": "&URL",
            "tags": "Ta&gs",
        }
        hints = {
            "published": "2025-03-17 or 17 March 2025",
            "url": "https://… (added if left out)",
            "tags": "comma, separated",
            "publisher": "e.g. Reuters",
            "author": "e.g. Jane Smith",
        }
        for name in FIELDS:
            edit = QLineEdit(self._before[name], self)
            edit.setPlaceholderText(hints.get(name, ""))
            edit.setCursorPosition(0)
            edit.textChanged.connect(self._validate)
            self.edits[name] = edit
            form.addRow(labels[name], edit)
            if name == "published":
                self.date_note = QLabel(self, objectName="CountLabel")
                form.addRow("", self.date_note)
        self.reliability = QComboBox(self)
        self.reliability.addItem("Not graded", "")
        for grade, words in RELIABILITY.items():
            self.reliability.addItem(f"{grade} — {words}", grade)
        self.reliability.setCurrentIndex(max(0, self.reliability.findData(self._before["reliability"])))
        self.reliability.setToolTip(
            "How far the source can be trusted; with each clip's credibility (1-6) citations print it as B2"
        )
        form.addRow("&Reliability", self.reliability)
        note = QLabel("Citations in the exported briefing use these details.", self)
        note.setObjectName("CountLabel")
        self.message = QLabel(self)
        self.message.setObjectName("InlineMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, Qt.Orientation.Horizontal, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._validate()
        title_width = self.edits["title"].fontMetrics().horizontalAdvance(self._before["title"]) + 160
        self.resize(max(MIN_WIDTH, min(MAX_WIDTH, title_width)), self.sizeHint().height())

    def values(self) -> dict[str, str]:
        return {
            **{name: edit.text() for name, edit in self.edits.items()},
            "reliability": str(self.reliability.currentData() or ""),
        }

    def changes(self) -> dict:
        return changes_between(self._before, normalised(self.values()))

    def _validate(self) -> None:
        wrong = problems(self.values())
        self.message.setText("\n".join(wrong))
        self.message.setVisible(bool(wrong))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not wrong)
        date = self.edits["published"].text().strip()
        iso = read_date(date) if date else None
        self.date_note.setText(f"Read as {format_date(iso)}" if iso and iso != date else "")
