"""File ▸ Import from URL…: one or many web addresses pasted, or feeds; and the report
after Library ▸ Check Sources for Changes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dossier.core.sources.fetch import is_url
from dossier.core.sources.refresh import CHANGED, FAILED, RefreshResult, summary

_ADDRESS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
#: Refresh lines listed in the message itself; all are in the details.
LISTED = 8


def links_in(text: str) -> list[str]:
    """The http(s) addresses in pasted text, in order, each once (trailing punctuation dropped)."""
    found = (m.group(0).rstrip(".,;:!?)]}’”") for m in _ADDRESS.finditer(text))
    return list(dict.fromkeys(url for url in found if is_url(url)))


class UrlDialog(QDialog):
    """Paste addresses, one per line (or any text holding them); OK imports them."""

    def __init__(self, parent: QWidget | None = None, text: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Import from URL")
        self.setMinimumWidth(520)
        label = QLabel(
            "Web addresses of articles or PDFs to import, one per line. "
            "Each page is fetched, archived as it was, and added to the library.",
            self,
        )
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlaceholderText("https://www.example.com/news/article.html")
        self.edit.setPlainText(text)
        self.edit.setAccessibleName("Web addresses")
        label.setBuddy(self.edit)
        self.feeds = QCheckBox("These are &feeds (RSS or Atom): import the page of each item", self)
        self.count = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.edit, self.feeds, self.count, buttons):
            layout.addWidget(widget)
        self.edit.textChanged.connect(self._update)
        self._update()

    def links(self) -> list[str]:
        return links_in(self.edit.toPlainText())

    def _update(self) -> None:
        n = len(self.links())
        self.ok_button.setEnabled(n > 0)
        self.count.setText("No web address yet." if n == 0 else f"{n} address{'es' if n != 1 else ''} to import.")


def ask_urls(parent: QWidget | None, text: str = "") -> tuple[list[str], bool] | None:
    """The addresses to import and whether they are feeds; None when cancelled."""
    dialog = UrlDialog(parent, text)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.links():
            return None
        return dialog.links(), dialog.feeds.isChecked()
    finally:
        dialog.deleteLater()


def show_refresh_report(parent: QWidget | None, results: Sequence[RefreshResult]) -> None:
    """What Check Sources for Changes found: the changed and failed sources are listed."""
    results = list(results)
    notable = [r for r in results if r.status in (CHANGED, FAILED)]
    icon = QMessageBox.Icon.Warning if notable else QMessageBox.Icon.Information
    text = summary(results)
    if notable:
        lines = [
            f"• {r.line().split(maxsplit=2)[-1] if r.status == CHANGED else r.title + ': ' + r.message}"
            for r in notable[:LISTED]
        ]
        if len(notable) > LISTED:
            lines.append(f"… and {len(notable) - LISTED} more (see the details).")
        text += "\n\n" + "\n".join(lines)
    box = QMessageBox(icon, "Sources checked", text, QMessageBox.StandardButton.Ok, parent)
    if any(r.status == CHANGED for r in results):
        box.setInformativeText(
            "A changed page is kept as a new version beside the old one; clips that quote "
            "the old version keep quoting it until they are re-anchored to the new one."
        )
    if results:
        box.setDetailedText("\n".join(r.line() for r in results))
    box.exec()
