"""Library & search: the field, the count, the results, the empty state.

Typing searches as you type: each keystroke restarts a short timer; when it fires the query
runs in a worker (:class:`~dossier.gui.tasks.LatestOnly`), so an answer to an older query
that comes back late is dropped. With no query the whole library is listed, sortable.
A query the index cannot read shows a short line under the field, never a dialog.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dossier.core.errors import DamagedIndex, DossierError
from dossier.core.quoting import quoted
from dossier.gui.models.library_model import (
    SORT_KEYS,
    LibraryEntry,
    ResultsModel,
    Role,
    library_entries,
    sort_proxy,
)
from dossier.gui.tasks import LatestOnly, run_task
from dossier.gui.widgets.query_help import EMPTY_HINT, FOOTER_TIP, HelpPopover, help_icon, syntax_tooltip
from dossier.gui.widgets.result_delegate import ResultDelegate

log = logging.getLogger(__name__)

PAGE = 50
DEBOUNCE_MS = 120


class SearchPanel(QWidget):
    article_selected = Signal(str)  # the current result changed: show it
    article_activated = Signal(str)  # Enter or double-click: show it and move to the reader
    results_shown = Signal()  # a search or the library listing is on screen
    rebuild_requested = Signal()  # the user asked to rebuild a damaged index

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SidePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._workspace = workspace
        self._ready = False
        self._shown_query = ""
        self._total = 0
        self._page = 1
        self._library_cache: list | None = None
        self._runner = LatestOnly(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_query)

        self.field = QLineEdit(self)
        self.field.setObjectName("SearchField")
        self.field.setPlaceholderText('Search articles — ceasefire, "power plants", title:peace')
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(syntax_tooltip())
        self.field.textEdited.connect(self._on_text_edited)
        self.field.installEventFilter(self)
        self.help_action = QAction(help_icon(), "Search syntax", self.field)
        self.help_action.setToolTip("Search syntax")
        self.help_action.triggered.connect(self.show_help)
        self.field.addAction(self.help_action, QLineEdit.ActionPosition.TrailingPosition)
        self._popover: HelpPopover | None = None

        self.count_label = QLabel(self)
        self.count_label.setObjectName("CountLabel")
        self.sort_combo = QComboBox(self)
        self.sort_combo.addItems([label for label, _, _ in SORT_KEYS])
        self.sort_combo.setToolTip("Sort the library")
        self.sort_combo.currentIndexChanged.connect(self._apply_sort)
        self.message = QLabel(self)
        self.message.setObjectName("InlineMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.linkActivated.connect(self._on_message_link)
        self.message.hide()

        self.model = ResultsModel(self)
        self.proxy = sort_proxy(self.model, self)
        self.view = QListView(self)
        self.view.setObjectName("Results")
        self.view.setModel(self.proxy)
        delegate = ResultDelegate(self.view)
        delegate.copies_clicked.connect(self.toggle_copies)
        self.view.setItemDelegate(delegate)
        self.view.setUniformItemSizes(True)
        self.view.setMouseTracking(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.activated.connect(self._on_activated)
        self.view.installEventFilter(self)

        self.empty = QLabel(self)
        self.empty.setObjectName("EmptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(18, 28, 18, 18)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.more_button = QPushButton("Show more results", self)
        self.more_button.setFlat(True)
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        self.tip = QLabel(FOOTER_TIP, self)
        self.tip.setObjectName("SearchTip")
        self.tip.setWordWrap(True)
        self.tip.setTextFormat(Qt.TextFormat.RichText)
        self.tip.setContentsMargins(12, 8, 12, 10)

        top = QVBoxLayout()
        top.setContentsMargins(10, 10, 10, 4)
        top.setSpacing(6)
        top.addWidget(self.field)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.sort_combo)
        top.addLayout(row)
        top.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.more_button)
        layout.addWidget(self.tip)
        self._show_empty("Preparing the library…")

    # ------------------------------------------------------------ public
    def set_ready(self, ready: bool = True) -> None:
        """The library and index can be searched (after start-up or an import)."""
        self._ready = ready
        if ready:
            self.refresh()

    def refresh(self) -> None:
        """Run the current query again (the library or its metadata changed)."""
        self._library_cache = None
        library = self._workspace.library
        run_task(
            lambda job: library.changed_pages(),
            on_done=self.model.set_changed,
            parent=self,
            on_error=lambda exc: log.debug("changed pages not read: %s", exc),
        )
        self._run_query()

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_query(self, text: str) -> None:
        """Search for ``text`` now, as if typed."""
        self.field.setText(text)
        self._timer.stop()
        self._run_query()

    def shown_query(self) -> str:
        """The query whose results are on screen ("" for the library listing)."""
        return self._shown_query

    def current_article_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(Role.ARTICLE_ID) if index.isValid() else None

    def select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def is_busy(self) -> bool:
        return self._timer.isActive() or self._runner.busy()

    def show_help(self) -> None:
        if self._popover is None:
            self._popover = HelpPopover(self)
        self._popover.show_below(self.field)

    # ------------------------------------------------------------ running queries
    def _on_text_edited(self, text: str) -> None:
        if text.strip():
            self._timer.start()
        else:  # cleared: back to the library at once
            self._timer.stop()
            self._run_query()

    def _run_query(self) -> None:
        if not self._ready:
            self._show_empty("Preparing the library…")
            return
        text = self.field.text().strip()
        self._page = 1
        if not text:
            self._list_library()
            return
        workspace = self._workspace
        self._runner.run(
            lambda job: workspace.search(text, limit=PAGE, page=1),
            on_done=partial(self._on_results, text, False),
            on_error=self._on_failed,
        )

    def load_more(self) -> None:
        text, page = self._shown_query, self._page + 1
        if not text:
            return
        workspace = self._workspace
        self._runner.run(
            lambda job: workspace.search(text, limit=PAGE, page=page),
            on_done=partial(self._on_results, text, True),
            on_error=self._on_failed,
        )

    def _list_library(self) -> None:
        if self._library_cache is not None:
            self._on_library(self._library_cache)
            return
        library = self._workspace.library
        self._runner.run(
            lambda job: library_entries(library.articles()), on_done=self._on_library, on_error=self._on_failed
        )

    # ------------------------------------------------------------ answers
    def _on_results(self, text: str, append: bool, results) -> None:
        previous = self.current_article_id()
        if append:
            self._page = results.page
            self.model.append_hits(results.hits)
        else:
            self.model.set_hits(results.hits)
        self.proxy.sort(-1)
        self._shown_query, self._total = text, results.total
        self.sort_combo.hide()
        self._set_message(results.message)
        shown = self.model.rowCount()
        if results.total == 0:
            self.count_label.setText("No articles match")
            self._show_empty(f"Nothing matches {quoted(text)}.\n\n{EMPTY_HINT}")
        else:
            noun = "article matches" if results.total == 1 else "articles match"
            more = f" · showing {shown:,}" if shown < results.total else ""
            self.count_label.setText(f"{results.total:,} {noun}{more}")
            self.stack.setCurrentWidget(self.view)
        self.more_button.setVisible(shown < results.total)
        self.more_button.setText(f"Show {min(PAGE, results.total - shown):,} more")
        self._restore_current(previous)
        self.results_shown.emit()

    def _on_library(self, entries: list) -> None:
        previous = self.current_article_id()
        self._library_cache = entries
        self.model.set_library(entries)
        self._apply_sort()
        self._shown_query, self._total = "", len(entries)
        self.sort_combo.show()
        self.more_button.hide()
        self._set_message(None)
        if entries:
            self.count_label.setText(f"{len(entries):,} article{'s' if len(entries) != 1 else ''} in the library")
            self.stack.setCurrentWidget(self.view)
        else:
            self.count_label.setText("The library is empty")
            self._show_empty("No articles yet.\n\nImport .txt, .md or .html articles with File ▸ Import Articles…")
        self._restore_current(previous)
        self.results_shown.emit()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DamagedIndex):
            self._set_message(f"{exc} <a href='rebuild'>Rebuild the search index</a>")
        elif isinstance(exc, DossierError):
            self._set_message(str(exc))
        else:
            log.error("search failed", exc_info=exc)
            self._set_message("The search failed unexpectedly; the details are in the log.")
        self.results_shown.emit()

    def _restore_current(self, article_id: str | None) -> None:
        if article_id is None:
            return
        row = self.model.row_of(article_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            blocked = self.view.selectionModel().blockSignals(True)
            self.view.setCurrentIndex(index)
            self.view.selectionModel().blockSignals(blocked)
            self.view.viewport().update()

    # ------------------------------------------------------------ small things
    def _apply_sort(self) -> None:
        if not self.model.is_library():
            return
        _, role, order = SORT_KEYS[max(0, self.sort_combo.currentIndex())]
        self.proxy.setSortRole(role)
        self.proxy.sort(0, order)

    def _set_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)
        if not self._ready:
            self.count_label.setText("")
            self.sort_combo.hide()

    def _on_message_link(self, link: str) -> None:
        if link == "rebuild":
            self._set_message("Rebuilding the search index…")
            self.rebuild_requested.emit()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.article_selected.emit(current.data(Role.ARTICLE_ID))

    def toggle_copies(self, index: QModelIndex) -> None:
        """Show a hit's copies under it, or fold them back (a click on "+2 copies", or → and ←)."""
        row = self.proxy.mapToSource(index).row() if index.isValid() else -1
        if row < 0 or not getattr(self.model.entry(row), "copies", None):
            return
        if self.model.unfolded(row):
            self.model.hide_copies(row)
            return
        found = self._workspace.library.get_many(self.model.entry(row).copies)
        self.model.show_copies(
            row, [LibraryEntry.from_article(found[i]) for i in self.model.entry(row).copies if i in found]
        )

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.article_activated.emit(index.data(Role.ARTICLE_ID))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the field, Down moves into the results, Enter opens the first one. In the list, →
        shows the copies folded under a hit and ← folds them again."""
        if (
            watched is getattr(self, "view", None)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            index = self.view.currentIndex()
            if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Left) and index.isValid() and index.data(Role.COPIES):
                row = self.proxy.mapToSource(index).row()
                if self.model.unfolded(row) == (event.key() == Qt.Key.Key_Left):
                    self.toggle_copies(index)
                return True
        if watched is self.field and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Down and self.proxy.rowCount():
                self.view.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.view.currentIndex().isValid():
                    self.select_row(0)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self._timer.stop()
                    self._run_query()
                elif self.proxy.rowCount():
                    index = self.view.currentIndex()
                    index = index if index.isValid() else self.proxy.index(0, 0)
                    self.view.setCurrentIndex(index)
                    self._on_activated(index)
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.field.clear()
                self._on_text_edited("")
                return True
        return super().eventFilter(watched, event)
