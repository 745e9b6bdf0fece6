"""The long jobs of the window, each one a worker task with its progress, cancel and outcome.

* :class:`LibraryOperations`: getting the library ready at start-up, importing (files and
  web pages), checking web articles for changes, rebuilding the index, editing an article's
  details. Everything that writes the search index goes
  through its one :class:`~dossier.gui.tasks.SerialExecutor` (one writer at a time).
* :class:`ExportOperation`: the export (PDF, Word, Markdown, HTML), on a snapshot of the dossier.

They call the core and report back with signals; the window only shows what they say.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSettings, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from dossier.core import store
from dossier.core.dossier import Dossier
from dossier.core.errors import DamagedIndex, ExportCancelled, QuoteMismatch, UnknownCitation
from dossier.core.library import ImportResult, Library
from dossier.core.library_commands import EditArticle
from dossier.core.sources.refresh import RefreshResult
from dossier.core.sources.refresh import summary as refresh_summary
from dossier.gui.dialogs.progress import import_summary
from dossier.gui.dialogs.prompts import Prompts
from dossier.gui.tasks import Job, SerialExecutor, TaskHandle, run_task

log = logging.getLogger(__name__)

#: The settings key of the paper size PDFs are exported on ("a4" or "letter").
PAPER_KEY = "export/paper"


class EditMetadata(QUndoCommand):
    """An article's details changed: a library edit, on the library's own undo stack (never the
    dossier's, so that it neither marks the dossier changed nor undoes with it)."""

    def __init__(self, library: Library, command: EditArticle, changed: Callable[[str], None]):
        super().__init__(command.text)
        self._library, self.command, self._changed = library, command, changed

    def redo(self) -> None:
        self.command.do(self._library)
        self._changed(self.command.article_id)

    def undo(self) -> None:
        self.command.undo(self._library)
        self._changed(self.command.article_id)


class LibraryOperations(QObject):
    status = Signal(str)  # a line for the status bar
    progress = Signal(int, int, str)  # background progress for the status bar (start-up)
    ready = Signal()  # the library can be searched
    library_changed = Signal()  # articles were added or their details changed
    article_changed = Signal(str)  # one article's details changed (before the index has it)
    busy_changed = Signal(bool)

    def __init__(self, workspace, prompts: Prompts, window: QWidget):
        super().__init__(window)
        self.workspace = workspace
        self.prompts = prompts
        self.window = window
        self.writer = SerialExecutor(self)
        self.undo_stack = QUndoStack(self)  # library edits: apart from the dossier's
        self._jobs = 0
        self._handles: set[TaskHandle] = set()
        self.importing = False

    # ------------------------------------------------------------ start-up
    def prepare(self) -> None:
        """First run: the bundled articles; always: an index that matches the library."""
        workspace = self.workspace
        self.status.emit("Preparing the library…")
        self._submit(
            lambda job: workspace.ensure_ready(job.progress),
            self._on_prepared,
            self._on_prepare_failed,
            self.progress.emit,
        )

    def _on_prepared(self, report) -> None:
        self.status.emit(report.message or f"{len(self.workspace.library):,} articles ready")
        self.ready.emit()

    def _on_prepare_failed(self, exc: BaseException) -> None:
        self.prompts.show_error(self.window, exc)
        self.status.emit("The library is not ready: " + (str(exc) if isinstance(exc, DamagedIndex) else "see the log"))
        self.ready.emit()  # whatever can be searched, can

    def rebuild_index(self) -> None:
        index = self.workspace.index
        self.status.emit("Rebuilding the search index…")
        self._submit(
            lambda job: index.rebuild(job.progress, job.cancelled),
            self._on_rebuilt,
            lambda exc: self.prompts.show_error(self.window, exc),
            self.progress.emit,
        )

    def _on_rebuilt(self, report) -> None:
        self.status.emit(report.message or "The search index was rebuilt.")
        self.library_changed.emit()

    # ------------------------------------------------------------ import
    def import_paths(
        self,
        items: Sequence[Path | str],
        on_finished: Callable[[list[ImportResult]], None] | None = None,
        *,
        feeds: Sequence[str] = (),
    ) -> None:
        """Import files, folders and web pages (``http(s)://`` items, the pages of ``feeds``)
        with a progress dialog and Cancel; report what was left out."""
        if not items and not feeds:
            return
        workspace = self.workspace
        dialog = self.prompts.progress(self.window, "Import Articles", "Looking for articles…")
        self.importing = True

        def work(job: Job):
            phase = ["Reading"]

            def report(done: int, total: int, text: str) -> None:
                if text.endswith("…"):  # a step of its own ("Saving the index…"), not a file or title
                    job.progress(done, total, text)
                    return
                if phase[0] == "Reading" and done == total and not text:
                    phase[0] = "Indexing"
                job.progress(done, total, f"{phase[0]} {text}" if text else f"{phase[0]}…")

            return workspace.import_sources(items, feeds=feeds, progress=report, cancelled=job.cancelled)

        def done(outcome) -> None:
            results, sync = outcome
            self._close_import(dialog)
            summary, _ = import_summary(results)
            self.status.emit(summary + (f" {sync.message}" if sync.message else ""))
            self.library_changed.emit()
            self.prompts.show_import_report(self.window, results)
            if on_finished is not None:
                on_finished(results)

        def failed(exc: BaseException) -> None:
            self._close_import(dialog)
            self.library_changed.emit()
            self.prompts.show_error(self.window, exc, title="The import stopped")

        handle = self._submit(work, done, failed, dialog.update_progress)
        dialog.cancel_requested.connect(handle.stop)

    def refresh_sources(self, dossier: Dossier) -> None:
        """Fetch every web article again; a changed one becomes a new version, and the clips of
        ``dossier`` on it are followed into it (Library ▸ Check Sources for Changes)."""
        snapshot = store.from_dict(store.to_dict(dossier))  # the worker never sees later edits
        workspace = self.workspace
        dialog = self.prompts.progress(self.window, "Check Sources for Changes", "Fetching the web articles again…")
        self.importing = True

        def done(results: list[RefreshResult]) -> None:
            self._close_import(dialog)
            self.status.emit(refresh_summary(results))
            self.library_changed.emit()
            self.prompts.show_refresh_report(self.window, results)

        def failed(exc: BaseException) -> None:
            self._close_import(dialog)
            self.library_changed.emit()
            self.prompts.show_error(self.window, exc, title="The check stopped")

        handle = self._submit(
            lambda job: workspace.refresh_sources(dossiers=[snapshot], progress=job.progress, cancelled=job.cancelled),
            done,
            failed,
            dialog.update_progress,
        )
        dialog.cancel_requested.connect(handle.stop)

    def _close_import(self, dialog) -> None:
        self.importing = False
        dialog.finish()

    # ------------------------------------------------------------ article details
    def edit_metadata(self, article_id: str, changes: dict) -> None:
        """Change an article's details as one undoable step on :attr:`undo_stack`; the index
        and the copy groups (a date decides which copy is the original) follow in the writer."""
        self.undo_stack.push(EditMetadata(self.workspace.library, EditArticle(article_id, changes), self._reindex))

    def _reindex(self, article_id: str) -> None:
        self.article_changed.emit(article_id)
        workspace = self.workspace

        def work(job: Job) -> None:
            workspace.index.update_article(article_id)
            workspace.reprints.regroup(article_id)

        self._submit(
            work,
            lambda _: self.library_changed.emit(),
            lambda exc: self.status.emit(f"The search index was not updated: {exc}"),
        )

    # ------------------------------------------------------------ plumbing
    def _submit(self, fn, on_done, on_error, on_progress=None) -> TaskHandle:
        self._jobs += 1
        if self._jobs == 1:
            self.busy_changed.emit(True)

        handle: TaskHandle | None = None

        def finish(callback, value) -> None:
            self._jobs -= 1
            self._handles.discard(handle)
            if self._jobs == 0:
                self.busy_changed.emit(False)
            callback(value)

        handle = self.writer.submit(
            fn, on_done=lambda v: finish(on_done, v), on_error=lambda e: finish(on_error, e), on_progress=on_progress
        )
        self._handles.add(handle)
        return handle

    def stop_all(self) -> None:
        """Ask every queued or running job to stop (the window is closing)."""
        for handle in list(self._handles):
            handle.stop()

    def is_busy(self) -> bool:
        return self._jobs > 0

    def wait(self, msecs: int = 30000) -> bool:
        return self.writer.wait(msecs)


class ExportOperation(QObject):
    """Export the dossier as a briefing (PDF, Word, Markdown, HTML) in a worker; offer "Export anyway" on mismatches."""

    status = Signal(str)
    finished = Signal(object)  # ExportReport, or None when nothing was written

    def __init__(self, workspace, prompts: Prompts, window: QWidget):
        super().__init__(window)
        self.workspace = workspace
        self.prompts = prompts
        self.window = window
        self.running = False

    def start(
        self, dossier, path: Path, *, format: str | None = None, style: str = "notes", allow_mismatch: bool = False
    ) -> None:
        from dossier.core.export.formats import export  # reportlab loads only when exporting a PDF

        snapshot = store.from_dict(store.to_dict(dossier))  # the worker never sees later edits
        library = self.workspace.library
        dialog = self.prompts.progress(self.window, "Export Briefing", "Checking every quote against its source…")
        self.running = True

        paper = default_paper()

        def work(job: Job):
            return export(
                snapshot,
                library,
                path,
                format=format,
                style=style,
                allow_mismatch=allow_mismatch,
                paper=paper,
                progress=lambda message: job.progress(0, 0, message),
                cancelled=job.cancelled,
            )

        def done(report) -> None:
            self.running = False
            dialog.finish()
            marked = f" {len(report.marked)} clip(s) that no longer match are marked." if report.marked else ""
            pages = f"{report.pages} pages " if report.pages is not None else ""
            self.status.emit(f"Exported {pages}to {report.path}.{marked}")
            self.finished.emit(report)

        def failed(exc: BaseException) -> None:
            self.running = False
            dialog.finish()
            if isinstance(exc, QuoteMismatch):
                if self.prompts.confirm_export_anyway(self.window, exc.problems):
                    self.start(dossier, path, format=format, style=style, allow_mismatch=True)
                    return
                self.status.emit("Export cancelled: some quotes no longer match their source.")
            elif isinstance(exc, ExportCancelled):
                self.status.emit(str(exc))
            elif isinstance(exc, UnknownCitation):
                self.prompts.show_error(self.window, exc, title="The briefing cites a clip it does not hold")
                self.status.emit(f"Not exported: {exc}")
            else:
                self.prompts.show_error(self.window, exc, title="The briefing could not be written")
            self.finished.emit(None)

        handle = run_task(work, on_done=done, on_error=failed, on_progress=dialog.update_progress)
        dialog.cancel_requested.connect(handle.stop)


def default_paper() -> str:
    """The paper a PDF is printed on: ``export/paper`` in the settings, else Letter where the
    locale measures in inches (the United States), else A4."""
    chosen = QSettings().value(PAPER_KEY)
    if chosen in ("a4", "letter"):
        return str(chosen)
    return "letter" if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem else "a4"
