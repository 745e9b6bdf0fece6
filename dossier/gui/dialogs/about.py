"""The About box."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from dossier import __version__, paths


def about_text() -> str:
    return (
        f"<h3>Dossier {__version__}</h3>"
        "<p>Turn a pile of news articles into a short, cited PDF briefing.</p>"
        "<p>Search the library, read, clip the passages that matter into sections, "
        "and export a briefing whose every quote is checked against its source.</p>"
        f"<p style='color:#6a737d'>PySide6 {pyside_version} · data in {paths.data_dir()}<br>"
        f"log in {paths.log_dir()}</p>"
    )


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, "About Dossier", about_text())
