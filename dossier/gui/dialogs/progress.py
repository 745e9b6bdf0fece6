"""Progress of long work (import, export), with Cancel, and the reports after it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from dossier.core.library import ImportResult

#: Failures listed in the message itself; the rest are in the details.
LISTED = 6


class ProgressDialog(QProgressDialog):
    """Non-modal on purpose: the work runs in a worker, the window stays usable, and Qt does
    not spin a nested event loop on every update (it does for modal progress dialogs)."""

    cancel_requested = Signal()

    def __init__(self, title: str, label: str, parent: QWidget | None = None):
        super().__init__(label, "Cancel", 0, 0, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumDuration(400)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.canceled.connect(self._on_canceled)

    def update_progress(self, done: int, total: int, text: str = "") -> None:
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(done, total))
        if text:
            self.setLabelText(text if len(text) <= 70 else "…" + text[-69:])

    def _on_canceled(self) -> None:
        self.setLabelText("Cancelling…")
        self.cancel_requested.emit()

    def finish(self) -> None:
        self.canceled.disconnect(self._on_canceled)
        self.close()
        self.deleteLater()


def import_summary(results: list[ImportResult]) -> tuple[str, list[ImportResult]]:
    """("Imported 12 articles; 3 were already in the library.", failures)."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    added, updated = counts.get("added", 0), counts.get("updated", 0)
    parts = [f"Imported {added} new article{'s' if added != 1 else ''}"]
    if updated:
        parts.append(f"{updated} updated")
    if counts.get("unchanged"):
        parts.append(f"{counts['unchanged']} already in the library")
    failures = [r for r in results if r.status in ("failed", "skipped")]
    if failures:
        parts.append(f"{len(failures)} could not be imported")
    return "; ".join(parts) + ".", failures


def show_import_report(parent: QWidget | None, results: list[ImportResult]) -> None:
    """A message for an import that left files out (nothing for one that went well)."""
    summary, failures = import_summary(results)
    warned = [r for r in results if r.warning and r.ok]
    if not failures and not warned:
        return
    if not failures:
        show_import_warnings(parent, summary, warned)
        return
    lines = [f"• {failure_line(r)}" for r in failures[:LISTED]]
    if len(failures) > LISTED:
        lines.append(f"… and {len(failures) - LISTED} more (see the details).")
    lines += [f"• {warning_line(r)}" for r in warned[:LISTED]]
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Some files were not imported",
        summary + "\n\n" + "\n".join(lines),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setInformativeText("The other files were imported. Fix these and import them again.")
    box.setDetailedText("\n".join(r.line() for r in failures + warned))
    box.exec()


def show_import_warnings(parent: QWidget | None, summary: str, warned: list[ImportResult]) -> None:
    """Files imported with a doubt about them (an encoding guessed), each with the doubt."""
    lines = [f"• {warning_line(r)}" for r in warned[:LISTED]]
    if len(warned) > LISTED:
        lines.append(f"… and {len(warned) - LISTED} more (see the details).")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Check these articles",
        summary + "\n\n" + "\n".join(lines),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setInformativeText("They were imported; open them to check that their text reads right.")
    box.setDetailedText("\n".join(r.line() for r in warned))
    box.exec()


def warning_line(result: ImportResult) -> str:
    name = result.path.replace("\\", "/").rsplit("/", 1)[-1] or result.path
    return f"{name}: {result.warning}"


def failure_line(result: ImportResult) -> str:
    web = result.path.startswith(("http://", "https://"))  # a web address is shown whole
    name = result.path if web else result.path.replace("\\", "/").rsplit("/", 1)[-1] or result.path
    return f"{name}: {result.message or result.status}"


def confirm_export_anyway(parent: QWidget | None, problems: list) -> bool:
    """Offer to export although some clips no longer match their source (they are marked)."""
    lines = [f"• {c.line()}" for c in problems[:LISTED]]
    if len(problems) > LISTED:
        lines.append(f"… and {len(problems) - LISTED} more.")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Some quotes no longer match",
        f"{len(problems)} clip(s) no longer match their source word for word:\n\n" + "\n".join(lines),
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText("Fix or remove these clips, or export anyway: they will be marked in the briefing.")
    box.setDetailedText("\n".join(c.line() for c in problems))
    anyway = box.addButton("Export Anyway", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is anyway
