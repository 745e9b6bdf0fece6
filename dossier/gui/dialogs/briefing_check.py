"""What File ▸ Verify a Briefing… found, in a message box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from dossier.core.proof_pdf import BriefingCheck


def show_briefing_check(parent: QWidget, report: BriefingCheck) -> None:
    lines = report.lines()
    if report.ok:
        icon, title, text = QMessageBox.Icon.Information, "The briefing holds", lines[-1]
    elif report.proof is None:
        icon, title, text = QMessageBox.Icon.Warning, "No proof to check", lines[0].removeprefix("FAILED  proof — ")
    else:
        icon, title, text = QMessageBox.Icon.Warning, "The briefing does not hold", lines[-1]
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("BriefingCheckBox")
    if not report.ok:
        box.setInformativeText("Each failure is listed under Show Details.")
    if not report.ok or report.notes:
        box.setDetailedText("\n".join(lines))
    box.exec()
