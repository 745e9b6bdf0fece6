"""The Export dialog: where to write the briefing, in which format, cited in which style.

The format follows the file name's extension and the other way round: choosing "Word"
turns ``Briefing.pdf`` into ``Briefing.docx``, typing ``notes.md`` picks Markdown. The
format and style chosen last are remembered (QSettings) and offered the next time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

FORMAT_KEY, STYLE_KEY = "export/format", "export/style"

#: (format, label, extension, file-dialog filter); the core's formats, in the order offered.
FORMATS = [
    ("pdf", "PDF briefing", ".pdf", "PDF briefings (*.pdf)"),
    ("docx", "Word document (footnotes)", ".docx", "Word documents (*.docx)"),
    ("md", "Markdown", ".md", "Markdown (*.md *.markdown)"),
    ("html", "Web page (HTML)", ".html", "Web pages (*.html *.htm)"),
]
#: (style, label, what it looks like).
STYLES = [
    ("notes", "Notes (Dossier)", "Numbered notes; a full note the first time a source is cited."),
    ("author-date", "Author and date (Dossier)", "(Who, Year, ¶ 7) after each quote."),
    ("chicago-note", "Chicago, notes and bibliography", "Full note first, short after; a bibliography."),
    ("apa", "APA 7th edition", "(Vandermeer, 2025, para. 2) and a reference list."),
    ("mla", "MLA 9th edition", "(Vandermeer, para. 2) and a list of works cited."),
    ("harvard", "Harvard (Cite Them Right)", "(Vandermeer, 2025, para. 2) and a reference list."),
]
_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    format: str
    style: str


def remembered() -> tuple[str, str]:
    """The format and style chosen last (PDF and notes at first)."""
    settings = QSettings()
    fmt, style = str(settings.value(FORMAT_KEY, "pdf")), str(settings.value(STYLE_KEY, "notes"))
    return (fmt if fmt in {f[0] for f in FORMATS} else "pdf", style if style in {s[0] for s in STYLES} else "notes")


def remember(choice: ExportChoice) -> None:
    settings = QSettings()
    settings.setValue(FORMAT_KEY, choice.format)
    settings.setValue(STYLE_KEY, choice.style)


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None, suggested: Path):
        super().__init__(parent)
        self.setWindowTitle("Export Briefing")
        fmt, style = remembered()
        self.path_edit = QLineEdit(str(suggested.with_suffix(_extension(fmt))), self)
        self.path_edit.setAccessibleName("File")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.format_box = QComboBox(self)
        self.format_box.setAccessibleName("Format")
        for name, label, _ext, _filter in FORMATS:
            self.format_box.addItem(label, name)
        self.style_box = QComboBox(self)
        self.style_box.setAccessibleName("Citation style")
        for name, label, _about in STYLES:
            self.style_box.addItem(label, name)
        self.about_style = QLabel(self)
        self.about_style.setWordWrap(True)
        form = QFormLayout()
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        form.addRow("F&ormat:", self.format_box)
        form.addRow("Citation &style:", self.style_box)
        form.addRow("", self.about_style)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.style_box.currentIndexChanged.connect(self._on_style_changed)
        self.path_edit.textEdited.connect(self._on_path_edited)
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))
        self.style_box.setCurrentIndex(self.style_box.findData(style))
        self._on_format_changed()
        self._on_style_changed()
        self.resize(560, self.sizeHint().height())

    def choice(self) -> ExportChoice:
        path = Path(self.path_edit.text().strip()).expanduser()
        fmt = str(self.format_box.currentData())
        if path.suffix.lower() not in _EXTENSIONS or _EXTENSIONS[path.suffix.lower()] != fmt:
            path = path.with_name(path.name + _extension(fmt)) if path.name else path
        return ExportChoice(path, fmt, str(self.style_box.currentData()))

    def accept(self) -> None:
        if not self.path_edit.text().strip():
            self.path_edit.setFocus()
            return
        remember(self.choice())
        super().accept()

    # ------------------------------------------------------------ slots
    def _on_format_changed(self) -> None:
        fmt = str(self.format_box.currentData())
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower() in _EXTENSIONS:
                self.path_edit.setText(str(path.with_suffix(_extension(fmt))))

    def _on_style_changed(self) -> None:
        self.about_style.setText(STYLES[max(0, self.style_box.currentIndex())][2])

    def _on_path_edited(self, text: str) -> None:
        fmt = _EXTENSIONS.get(Path(text.strip()).suffix.lower())
        if fmt and fmt != self.format_box.currentData():
            with QSignalBlocker(self.format_box):
                self.format_box.setCurrentIndex(self.format_box.findData(fmt))
            self._on_format_changed()

    def _browse(self) -> None:
        fmt = str(self.format_box.currentData())
        filters = ";;".join(f[3] for f in FORMATS)
        current = next(f[3] for f in FORMATS if f[0] == fmt)
        name, chosen = QFileDialog.getSaveFileName(self, "Export Briefing", self.path_edit.text(), filters, current)
        if name:
            picked = next((f[0] for f in FORMATS if f[3] == chosen), fmt)
            path = Path(name)
            if path.suffix.lower() not in _EXTENSIONS:
                path = path.with_name(path.name + _extension(picked))
            self.path_edit.setText(str(path))
            self._on_path_edited(str(path))


def _extension(fmt: str) -> str:
    return next(f[2] for f in FORMATS if f[0] == fmt)


def ask_export(parent: QWidget | None, suggested: Path) -> ExportChoice | None:
    """Ask where and how to export; None when the person cancels."""
    dialog = ExportDialog(parent, suggested)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice()
