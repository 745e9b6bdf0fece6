"""Starting the Qt application: names, fonts, logging, the excepthook, the window.

The window shows at once; the library gets ready (seeds on first run, index sync) in the
background with its progress in the status bar, and the last dossier reopens (or the
autosave of a run that crashed is offered back).
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

ORGANISATION = "Dossier"
APP_NAME = "Dossier"


def configure(app) -> None:
    """Names (QSettings, paths), icon, fonts and style for a QApplication."""
    from PySide6.QtCore import QSettings

    from dossier import __version__, paths
    from dossier.gui import icons, theme

    folder = paths.settings_dir()
    if folder is not None:  # DOSSIER_HOME: settings stay in it too
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("dossier")  # matches packaging/dossier.desktop
    icon = icons.app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    theme.apply(app)


def open_workspace(data_dir: Path | None = None):
    """The Workspace, or None when its library is damaged and the person chose to quit."""
    from PySide6.QtWidgets import QMessageBox

    from dossier import paths
    from dossier.core.errors import DamagedLibrary
    from dossier.core.workspace import Workspace

    while True:
        try:
            return Workspace(data_dir)
        except DamagedLibrary as exc:
            log.error("damaged library: %s", exc)
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "The library could not be read",
                f"{exc}\n\nDossier can put the damaged file aside (it is kept, renamed) "
                "and start an empty library; your dossier files are not touched.",
            )
            fresh = box.addButton("Start an Empty Library", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not fresh:
                return None
            db = paths.library_db(Path(data_dir) if data_dir else None)
            db.rename(db.with_name(f"{db.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))


def create_window(workspace, prompts=None):
    """A session and its main window over ``workspace`` (not shown, not started)."""
    from dossier.gui.main_window import MainWindow
    from dossier.gui.session import DossierSession

    return MainWindow(workspace, DossierSession(workspace), prompts)


def run(path: Path | None = None) -> int:
    from PySide6.QtCore import QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from dossier.core.locking import set_program_name
    from dossier.gui.dialogs.errors import install_excepthook, setup_logging

    set_program_name("Dossier window")  # how other windows and commands name this one when it holds a file
    app = QApplication.instance() or QApplication(sys.argv)
    configure(app)
    log_path = setup_logging()
    install_excepthook()
    log.info("Dossier starting; log at %s", log_path)
    workspace = open_workspace()
    if workspace is None:
        return 1
    window = create_window(workspace)
    window.show()
    QTimer.singleShot(0, lambda: window.start(Path(path) if path else None))
    code = app.exec()
    window.ops.wait()
    QThreadPool.globalInstance().waitForDone(10000)
    workspace.close()
    return code
