"""The main window: library & search on the left, the reader in the centre, the dossier on
the right. It wires the panels to the session and the operations; it does not think."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QProgressBar, QSplitter, QTabWidget, QToolButton, QWidget

from dossier import paths
from dossier.core import file_names, store
from dossier.core import index as search_index
from dossier.core.commands import SetInfo
from dossier.core.dossier import Clip
from dossier.core.errors import ArticleNotFound, DossierError
from dossier.core.timeline import timeline
from dossier.gui import accessibility, appearance, screen_fit, status_messages
from dossier.gui import actions as window_actions
from dossier.gui import session as session_module
from dossier.gui.dialogs.prompts import Answer, Prompts
from dossier.gui.dialogs.timeline_dialog import TimelineDialog
from dossier.gui.links import LinkDrops, PasteLinks, clipboard_links
from dossier.gui.operations import ExportOperation, LibraryOperations
from dossier.gui.proof_controls import ProofControls
from dossier.gui.tasks import run_task
from dossier.gui.widgets.brief_editor import BriefEditor
from dossier.gui.widgets.dossier_panel import DossierPanel
from dossier.gui.widgets.reader import Reader
from dossier.gui.widgets.search_panel import SearchPanel

log = logging.getLogger(__name__)

STATUS_MS = 8000


class MainWindow(QMainWindow):
    def __init__(self, workspace, session, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.session = workspace, session
        self.prompts = prompts or Prompts()
        self.setObjectName("MainWindow")
        self.ops = LibraryOperations(workspace, self.prompts, self)
        self.exporter = ExportOperation(workspace, self.prompts, self)

        self.search_panel = SearchPanel(workspace, self)
        self.reader = Reader(workspace.index.match_spans, self)
        self.dossier_panel = DossierPanel(session, self)
        self.dossier_panel.setObjectName("DossierPanel")
        self.dossier_panel.confirm_delete_cited = lambda parts: self.prompts.confirm_delete_cited(self, parts)
        self.brief_editor = BriefEditor(session, self)
        self.centre = QTabWidget(self, objectName="CentreTabs", documentMode=True)
        self.centre.addTab(self.reader, "Article")
        self.centre.addTab(self.brief_editor, "Brief")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for n, panel in enumerate((self.search_panel, self.centre, self.dossier_panel)):
            panel.setMinimumWidth(260 if n != 1 else 360)
            self.splitter.addWidget(panel)
            self.splitter.setStretchFactor(n, 1 if n == 1 else 0)
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().setSizeGripEnabled(True)

        self.appearance = appearance.shared()
        self.clip_button: QToolButton | None = None  # the toolbar's, made with the actions
        self.link_drops = LinkDrops(self)
        self.paste_links = PasteLinks(self.search_panel.view)
        self.acts = window_actions.build(self)
        self.panes = accessibility.describe_window(self)
        status_messages.follow_undo(
            self.session.undo_stack,
            [self.acts.undo, self.acts.bar_undo],
            [self.acts.redo, self.acts.bar_redo],
            self.show_status,
        )
        self._connect()
        self.proof = ProofControls(self)  # after _connect: it follows new versions once checks are refreshed
        self.reader.view.section_titles = lambda: [s.title for s in self.session.dossier.sections]
        self.reader.view.clip_shortcuts = lambda row: f"Ctrl+{row + 1}" if row < window_actions.CLIP_KEYS else ""
        self.restore_settings()
        self._update_title()
        self.update_clip_actions()

    def _connect(self) -> None:
        s, sp, r = self.session, self.search_panel, self.reader
        sp.article_selected.connect(self.show_article)
        sp.article_activated.connect(self._on_article_activated)
        sp.results_shown.connect(lambda: r.set_query(sp.shown_query()) if r.article is not None else None)
        sp.rebuild_requested.connect(self.ops.rebuild_index)
        self.link_drops.dropped.connect(self.import_links)
        self.paste_links.pasted.connect(self.import_links)
        self.paste_links.nothing.connect(lambda: self.show_status("No web address or article file to paste."))
        r.clip_requested.connect(self.clip_to_section)
        r.details_requested.connect(self.edit_metadata)
        r.article_shown.connect(lambda _a: self._refresh_clip_tints())
        self.dossier_panel.clip_activated.connect(self.open_clip)
        s.undo_stack.cleanChanged.connect(self._update_title)
        s.undo_stack.indexChanged.connect(self._on_dossier_edited)
        s.path_changed.connect(self._update_title)
        s.dossier_replaced.connect(self._on_dossier_edited)
        self.ops.status.connect(self.show_status)
        self.ops.progress.connect(self._on_background_progress)
        self.ops.busy_changed.connect(self._on_busy_changed)
        self.ops.ready.connect(lambda: sp.set_ready(True))
        self.ops.library_changed.connect(self._on_library_changed)
        self.ops.article_changed.connect(self._on_article_changed)
        self.exporter.status.connect(self.show_status)
        self.appearance.changed.connect(r.restyle)

    # ------------------------------------------------------------ start and stop
    def start(self, path: Path | None = None) -> None:
        """Get the library ready in the background, then reopen the work of last time."""
        self.ops.prepare()
        if not search_index.FAST:  # another Whoosh than the tested one: said once, and kept in view
            self.statusBar().showMessage(search_index.WARNING)
        autosave = session_module.pending_recovery()
        if autosave is not None:
            if self.prompts.offer_recovery(self, session_module.autosave_origin(autosave)):
                self._try(lambda: self.session.recover(autosave))
                return
            session_module.discard_recovery(autosave)
        target = path or self.session.last_path()
        if target is not None:
            self._try(lambda: self.session.open(target))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self.ops.stop_all()
        self.ops.wait()
        self.session.close()
        event.accept()

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False if the person chose to stay."""
        if not self.session.is_modified():
            return True
        answer = self.prompts.ask_save_changes(self, self._document_name())
        if answer is Answer.SAVE:
            return self.save()
        if answer is Answer.DISCARD:
            self.session.discard_autosave()
            return True
        return False

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("reader/boilerplate", self.acts.boilerplate.isChecked())

    def restore_settings(self) -> None:
        settings = QSettings()
        restored = {}
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/state", self.restoreState),
            ("window/splitter", self.splitter.restoreState),
        ):
            value = settings.value(key)
            restored[key] = isinstance(value, QByteArray) and not value.isEmpty() and restore(value)
        screen_fit.fit(self, restored["window/geometry"])
        if not restored["window/splitter"]:
            screen_fit.share_width(self.splitter, self.width())
        self.acts.boilerplate.setChecked(bool(settings.value("reader/boilerplate", False, type=bool)))

    # ------------------------------------------------------------ files
    def new_dossier(self) -> None:
        if self.maybe_save():
            self.session.new()

    def open_dossier(self, path: Path | None = None) -> None:
        if not self.maybe_save():
            return
        path = path or self.prompts.open_dossier_path(self, self._folder())
        if path is not None:
            self._try(lambda: self.session.open(path))

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self._try(lambda: self.session.save()) and self._say_saved()

    def save_as(self) -> bool:
        """Save under a name; an untitled dossier takes the name of its file as its title."""
        suggested = self._folder() / f"{file_names.file_stem(self.session.dossier.title)}.dossier"
        path = self.prompts.save_dossier_path(self, suggested)
        if path is None:
            return False
        if file_names.is_untitled(self.session.dossier.title):
            self.session.push(SetInfo(title=path.stem))
        return self._try(lambda: self.session.save(path)) and self._say_saved()

    def _say_saved(self) -> bool:
        if self.session.path is not None:
            self.show_status(status_messages.saved(self.session.path))
        return True

    def fill_recent_menu(self) -> None:
        menu = self.acts.recent_menu
        if menu is None:
            return
        menu.clear()
        for path in self.session.recent_files():
            menu.addAction(path.name, functools.partial(self.open_dossier, path)).setStatusTip(str(path))
        if menu.isEmpty():
            menu.addAction("No recent dossiers").setEnabled(False)

    def import_files(self) -> None:
        self.ops.import_paths(self.prompts.import_files(self, Path.home()))

    def import_folder(self) -> None:
        folder = self.prompts.import_folder(self, Path.home())
        if folder is not None:
            self.ops.import_paths([folder])

    def import_from_url(self) -> None:
        answer = self.prompts.import_urls(self, "\n".join(clipboard_links()))
        if answer is not None:
            urls, feeds = answer
            self.ops.import_paths([] if feeds else urls, feeds=urls if feeds else ())

    def import_links(self, urls: list[str], files: list[Path]) -> None:
        """Import what was dropped on the window or pasted into the library."""
        self.ops.import_paths([*files, *urls])

    def check_sources(self) -> None:
        self.ops.refresh_sources(self.session.dossier)

    def export_pdf(self) -> None:
        """Export the briefing, in the format and citation style the Export dialog asks for."""
        if not self.session.dossier.clips():
            self.show_status("Nothing to export yet: clip some passages first.")
            return
        base = self.session.path.with_suffix("") if self.session.path else self._folder() / "Briefing"
        choice = self.prompts.export_choice(self, base)
        if choice is not None:
            self.exporter.start(self.session.dossier, choice.path, format=choice.format, style=choice.style)

    # ------------------------------------------------------------ reading
    def show_article(self, article_id: str, focus: tuple[int, int] | None = None) -> None:
        try:
            article = self.workspace.library.get(article_id)
        except ArticleNotFound as exc:
            self.show_status(str(exc))
            return
        self.reader.show_article(article, query=self.search_panel.shown_query(), focus=focus)
        self.centre.setCurrentWidget(self.reader)

    def open_clip(self, clip: Clip) -> None:
        """Open a clip's article with the passage selected and in view."""
        check = self.session.check(clip)
        span = check.new_span or (clip.start, clip.end)
        self.show_article(clip.article_id, focus=span)

    def edit_metadata(self) -> None:
        article = self.reader.article
        if article is None:
            self.show_status("Open an article first to edit its details.")
            return
        changes = self.prompts.edit_metadata(self, article)
        if changes:
            self.ops.edit_metadata(article.id, changes)

    def show_timeline(self) -> None:
        """The clips by their sources' dates, in a window of their own (read in a worker)."""
        dialog = TimelineDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.clip_activated.connect(self.dossier_panel.select_clip)
        snapshot, library = store.from_dict(store.to_dict(self.session.dossier)), self.workspace.library
        run_task(
            lambda job: timeline(snapshot, library),
            on_done=dialog.set_entries,
            on_error=lambda exc: self.prompts.show_error(self, exc),
            parent=dialog,
        )
        dialog.show()
        self.timeline_dialog = dialog

    def show_about(self) -> None:
        self.prompts.show_about(self)

    # ------------------------------------------------------------ clipping
    def clip_to_current_section(self) -> None:
        self.clip_to_section(self.dossier_panel.current_section_row())

    def clip_to_section(self, row: int) -> None:
        """Clip the reader's selection into section ``row`` (-1: a new section, asked for)."""
        article, span = self.reader.article, self.reader.selection_span()
        if article is None or span is None:
            self.show_status("Select a passage in the article first, then clip it.")
            return
        if row < 0:
            added = self.dossier_panel.add_section_interactively()
            if added is None:
                return
            row = added
        elif row >= len(self.session.dossier.sections):
            self.show_status(f"There is no section {row + 1}.")
            return
        earlier = self.session.clips_of(article.id)
        try:
            clip = self.session.clip_selection(article, span[0], span[1], row)
        except DossierError as exc:
            self.show_status(str(exc))
            return
        self.show_status(status_messages.clipped(self.session.dossier, clip, earlier))

    def update_clip_actions(self) -> None:
        sections = self.session.dossier.sections
        for row, action in enumerate(self.acts.clip_to):
            action.setVisible(row < len(sections))
            if row < len(sections):
                action.setText(f"Clip to “{sections[row].title}”")

    def fill_clip_menu(self, menu: QMenu) -> None:
        menu.clear()
        self.update_clip_actions()
        menu.addActions([a for a in self.acts.clip_to if a.isVisible()])
        menu.addSeparator()
        menu.addAction(self.acts.new_section)

    # ------------------------------------------------------------ following changes
    def _on_dossier_edited(self, *_args) -> None:
        if not shiboken6.isValid(self.session.undo_stack):  # the session is being torn down
            return
        self._refresh_clip_tints()
        self.update_clip_actions()
        self._update_title()

    def _refresh_clip_tints(self) -> None:
        article = self.reader.article
        clips = self.session.clips_of(article.id) if article is not None else []
        # an edited quote tints only the words it keeps
        self.reader.set_clipped_spans([span for c in clips for span in (c.spans or [(c.start, c.end)])])

    def _on_library_changed(self) -> None:
        self.search_panel.refresh()
        self.dossier_panel.sources.forget()
        self.session.refresh_checks()

    def _on_article_changed(self, article_id: str) -> None:
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.show_article(article_id)

    def _on_article_activated(self, article_id: str) -> None:
        self.show_article(article_id)
        self.reader.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_background_progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setMaximum(max(total, 0))
        self.progress_bar.setValue(min(done, total))
        self.status_label.setText(f"Indexing {done:,} of {total:,}…" if total else text)

    def _on_busy_changed(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy and not self.ops.importing)
        if not busy:  # the library pane shows the count
            self.status_label.setText("")

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def _update_title(self, *_args) -> None:
        if not shiboken6.isValid(self.session.undo_stack):
            return
        self.setWindowTitle(f"{self._document_name()}[*] — Dossier")
        self.setWindowModified(self.session.is_modified())

    def _document_name(self) -> str:
        return self.session.path.stem if self.session.path else self.session.dossier.title or "Untitled dossier"

    def _folder(self) -> Path:
        return self.session.path.parent if self.session.path else paths.documents_dir()

    def _try(self, work) -> bool:
        """Run a file operation; show a failure in words and return False."""
        try:
            work()
        except (DossierError, OSError, ValueError) as exc:
            log.warning("file operation failed: %s", exc)
            self.prompts.show_error(self, exc)
            return False
        return True
