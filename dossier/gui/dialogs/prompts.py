"""Every question the window asks a person, in one object.

The window never opens a dialog itself: it calls a :class:`Prompts`. Tests hand it a
subclass with the answers ready, so no modal dialog ever waits on a screen nobody sees.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from dossier.core.dossier import Clip
from dossier.core.library import Article, ImportResult
from dossier.core.proof_pdf import BriefingCheck
from dossier.core.sources.refresh import RefreshResult
from dossier.gui.dialogs import about, errors, progress, section_name, url_dialog
from dossier.gui.dialogs.briefing_check import show_briefing_check
from dossier.gui.dialogs.export_dialog import ExportChoice, ask_export
from dossier.gui.dialogs.metadata_dialog import MetadataDialog
from dossier.gui.dialogs.quote_edit import QuoteEditDialog

DOSSIER_FILTER = "Dossiers (*.dossier)"
ARTICLE_FILTER = (
    "Articles (*.txt *.text *.md *.markdown *.html *.htm *.xhtml *.pdf *.docx);;"
    "PDF documents (*.pdf);;Word documents (*.docx);;All files (*)"
)
BRIEFING_FILTER = "PDF briefings (*.pdf)"


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Prompts:
    """The real dialogs."""

    # ------------------------------------------------------------ files
    def open_dossier_path(self, parent: QWidget, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open Dossier", str(folder), DOSSIER_FILTER)
        return Path(name) if name else None

    def save_dossier_path(self, parent: QWidget, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, "Save Dossier As", str(suggested), DOSSIER_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix == ".dossier" else path.with_name(path.name + ".dossier")

    def import_files(self, parent: QWidget, folder: Path) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, "Import Articles", str(folder), ARTICLE_FILTER)
        return [Path(n) for n in names]

    def import_folder(self, parent: QWidget, folder: Path) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, "Import a Folder of Articles", str(folder))
        return Path(name) if name else None

    def import_urls(self, parent: QWidget, text: str = "") -> tuple[list[str], bool] | None:
        """Web addresses to import (pasted; ``text`` pre-filled) and whether they are feeds."""
        return url_dialog.ask_urls(parent, text)

    def export_choice(self, parent: QWidget, suggested: Path) -> ExportChoice | None:
        """Where, in which format and citation style to export (``suggested``: the file name without its format)."""
        return ask_export(parent, suggested)

    def briefing_to_verify(self, parent: QWidget, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Verify a Briefing", str(folder), BRIEFING_FILTER)
        return Path(name) if name else None

    # ------------------------------------------------------------ questions
    def ask_save_changes(self, parent: QWidget, name: str) -> Answer:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Save changes?",
            f"Do you want to save the changes to “{name}”?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText("If you don't save, your changes since the last save will be lost.")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        button = box.exec()
        if button == QMessageBox.StandardButton.Save:
            return Answer.SAVE
        if button == QMessageBox.StandardButton.Discard:
            return Answer.DISCARD
        return Answer.CANCEL

    def offer_recovery(self, parent: QWidget, origin: Path | None) -> bool:
        name = f"“{origin.name}”" if origin else "an unsaved dossier"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Recover your work?",
            f"Dossier did not close properly last time. Unsaved changes to {name} were kept.",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setInformativeText("Recover them now? If you discard them they are gone.")
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(recover)
        box.exec()
        return box.clickedButton() is recover

    def ask_section_title(self, parent: QWidget) -> str | None:
        return section_name.ask(parent)

    def confirm_delete_cited(self, parent: QWidget, parts: list[str]) -> bool:
        """Deleting clips the brief cites: True to delete them anyway."""
        where = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete a cited clip?",
            f"The brief cites it in {where}.",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setInformativeText(
            "The citation stays in the text, and the briefing cannot be exported until it "
            "cites another clip. Edit ▸ Undo brings the clip back."
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is delete

    def confirm_export_anyway(self, parent: QWidget, problems: list) -> bool:
        return progress.confirm_export_anyway(parent, problems)

    def edit_metadata(self, parent: QWidget, article: Article) -> dict | None:
        """The changed fields, or None when cancelled or nothing changed."""
        dialog = MetadataDialog(article, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.changes() or None
        finally:
            dialog.deleteLater()

    def edit_quote(self, parent: QWidget, article: Article, clip: Clip) -> dict | None:
        """The changes to the clip, or None when cancelled."""
        dialog = QuoteEditDialog(article, clip, parent)
        try:
            return dialog.changes() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    # ------------------------------------------------------------ telling
    def show_error(self, parent: QWidget, exc: BaseException, title: str | None = None) -> None:
        errors.show_error(parent, exc, title=title)

    def show_import_report(self, parent: QWidget, results: list[ImportResult]) -> None:
        progress.show_import_report(parent, results)

    def show_briefing_check(self, parent: QWidget, report: BriefingCheck) -> None:
        show_briefing_check(parent, report)

    def show_refresh_report(self, parent: QWidget, results: list[RefreshResult]) -> None:
        url_dialog.show_refresh_report(parent, results)

    def show_about(self, parent: QWidget) -> None:
        about.show_about(parent)

    def progress(self, parent: QWidget, title: str, label: str) -> progress.ProgressDialog:
        return progress.ProgressDialog(title, label, parent)
