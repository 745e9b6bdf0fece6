"""The window's part in keeping quotes provable: editing a quote, following new versions of
sources (and the Orphans view), and File ▸ Verify a Briefing….

:class:`ProofControls` adds its actions to the window's menus and the dossier tree, and its
dock; each action calls the session (core commands on the undo stack) or a background task.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from dossier import paths
from dossier.core.commands import EditClip
from dossier.core.proof_pdf import BriefingCheck, verify_pdf
from dossier.gui.tasks import Job, run_task
from dossier.gui.widgets.orphans_panel import OrphansPanel

if TYPE_CHECKING:
    from dossier.gui.main_window import MainWindow

log = logging.getLogger(__name__)


class ProofControls(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.orphans = OrphansPanel(self.session, window)
        self.dock = QDockWidget("Orphans", window)
        self.dock.setObjectName("OrphansDock")
        self.dock.setWidget(self.orphans)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.orphans.clip_activated.connect(window.open_clip)

        self.edit_quote_action = QAction("Edit &Quote…", window)
        self.edit_quote_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.edit_quote_action.setStatusTip("Shorten the selected clip's quote with … or add words in [brackets]")
        self.edit_quote_action.triggered.connect(lambda _checked=False: self.edit_quote())
        window.addAction(self.edit_quote_action)
        window.dossier_panel.tree.addAction(self.edit_quote_action)
        self.verify_action = QAction("&Verify a Briefing…", window)
        self.verify_action.setStatusTip("Check the proof a PDF briefing carries against the library")
        self.verify_action.triggered.connect(lambda _checked=False: self.verify_briefing())
        self.orphans_action = self.dock.toggleViewAction()
        self.orphans_action.setText("&Orphans")
        self.orphans_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.orphans_action.setStatusTip("Clips whose source changed under them")
        window.addAction(self.orphans_action)
        self._add_to_menus()

        window.ops.library_changed.connect(self.follow_new_versions)
        self.session.dossier_replaced.connect(self.follow_new_versions)

    def _add_to_menus(self) -> None:
        acts = self.window.acts
        if acts.file_menu is not None:  # File: … Export PDF…, Verify a Briefing…, Quit
            acts.file_menu.insertAction(acts.quit, self.verify_action)
            acts.file_menu.insertSeparator(acts.quit)
        if acts.clip_menu is not None:
            acts.clip_menu.addSeparator()
            acts.clip_menu.addAction(self.edit_quote_action)
        if acts.view_menu is not None:
            acts.view_menu.addSeparator()
            acts.view_menu.addAction(self.orphans_action)

    # ------------------------------------------------------------ quotes
    def edit_quote(self) -> None:
        clip = self.window.dossier_panel.current_clip()
        if clip is None:
            self.window.show_status("Select a clip in the dossier first, then edit its quote.")
            return
        article = self.session.article(clip.article_id)
        if article is None:
            self.window.show_status("The clip's source is not in the library: its quote cannot be edited.")
            return
        changes = self.window.prompts.edit_quote(self.window, article, clip)
        if changes:
            command = EditClip(clip.id, changes)
            command.text = "Edit quote"
            self.session.push(command)

    # ------------------------------------------------------------ versions
    def follow_new_versions(self) -> None:
        """Re-anchor clips whose words moved in a newer version; show the ones that changed or went."""
        moved = self.session.follow_new_versions()
        problems = [c for c in self.session.problems() if c.versions is not None]
        said = []
        if moved:
            said.append(f"{moved} clip(s) now quote the newest version of their source (Undo puts them back).")
        if problems:
            self.dock.show()
            said.append(
                f"{len(problems)} clip(s) changed or orphaned in a newer version of their source: see View ▸ Orphans."
            )
        if said:  # after what the import or refresh said, not instead of it
            before = self.window.statusBar().currentMessage()
            self.window.show_status(" ".join([before, *said] if before else said))

    # ------------------------------------------------------------ briefings
    def verify_briefing(self, path: Path | None = None) -> None:
        folder = self.session.path.parent if self.session.path else paths.documents_dir()
        path = path or self.window.prompts.briefing_to_verify(self.window, folder)
        if path is None:
            return
        library = self.window.workspace.library
        self.window.show_status(f"Checking {path.name}…")

        def work(_job: Job) -> BriefingCheck:
            return verify_pdf(path, library)

        run_task(
            work,
            on_done=self._on_verified,
            parent=self,
            on_error=lambda exc: self.window.prompts.show_error(self.window, exc),
        )

    def _on_verified(self, report: BriefingCheck) -> None:
        self.window.show_status(report.lines()[-1] if report.lines() else "")
        self.window.prompts.show_briefing_check(self.window, report)
