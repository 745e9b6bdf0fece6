"""Errors a person understands, the log file, and the excepthook that keeps the app alive.

:func:`describe` turns an exception into a title and a sentence (the core's own errors carry
theirs; a full disk or a refused write gets one here). :func:`install_excepthook` logs every
uncaught exception to the log directory and shows one calm dialog instead of dying; a burst
of errors shows one dialog, not a storm of them.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dossier import paths
from dossier.core.errors import DamagedDossier, DamagedIndex, DamagedLibrary, DossierError

log = logging.getLogger("dossier")

LOG_NAME = "dossier.log"
#: At most one crash dialog in this many seconds; the rest only go to the log.
DIALOG_INTERVAL = 10.0


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file in the platform's log directory (and warnings to stderr)."""
    path = log_file()
    root = logging.getLogger()
    if not any(getattr(h, "_dossier", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._dossier = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(min(root.level or level, level))
    return path


def describe(exc: BaseException) -> tuple[str, str]:
    """(title, sentence) for an error, worded for the person at the keyboard."""
    if isinstance(exc, DamagedDossier):
        return "The dossier could not be opened", str(exc)
    if isinstance(exc, DamagedIndex):
        return "The search index is damaged", f"{exc} Dossier can rebuild it from the library."
    if isinstance(exc, DamagedLibrary):
        return "The library could not be read", str(exc)
    if isinstance(exc, DossierError):
        return "Dossier could not do that", str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return "The disk is full", (
                f"There is no space left on the disk{where}. Free some space, "
                "or save to another disk; nothing already saved was changed."
            )
        if isinstance(exc, PermissionError):
            return "Not allowed to write there", (f"Dossier may not write to this place{where}. Choose another folder.")
        if isinstance(exc, FileNotFoundError):
            return "File not found", f"The file or folder does not exist{where}."
        return "The file could not be read or written", f"{exc.strerror or exc}{where}."
    return "Something went wrong", (
        "Dossier ran into an unexpected problem and carried on. Your work is autosaved. "
        f"The details were written to the log ({log_file()})."
    )


def show_error(parent: QWidget | None, exc: BaseException, *, title: str | None = None) -> None:
    """A modal message for one error, with the technical details folded away."""
    heading, text = describe(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title or heading, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if not isinstance(exc, DossierError):
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()


class _CrashReporter(QObject):
    """Shows the dialog for uncaught exceptions, on the GUI thread, one at a time."""

    crashed = Signal(object)

    def __init__(self, show: Callable[[BaseException], None]):
        super().__init__()
        self._show = show
        self._last = 0.0
        self._showing = False
        self.crashed.connect(self._on_crashed, Qt.ConnectionType.QueuedConnection)

    def _on_crashed(self, exc: BaseException) -> None:
        now = time.monotonic()
        if self._showing or now - self._last < DIALOG_INTERVAL:
            return
        self._showing, self._last = True, now
        try:
            self._show(exc)
        finally:
            self._showing = False


_reporter: _CrashReporter | None = None


def install_excepthook(show: Callable[[BaseException], None] | None = None) -> None:
    """Log uncaught exceptions (any thread) and show a calm dialog; never exit."""
    global _reporter
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    _reporter = _CrashReporter(show or (lambda exc: show_error(QApplication.activeWindow(), exc)))
    _reporter.moveToThread(app.thread())

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QTimer.singleShot(0, QApplication.quit)
            return
        log.error("uncaught exception", exc_info=(kind, value, tb))
        if _reporter is not None:
            _reporter.crashed.emit(value)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
