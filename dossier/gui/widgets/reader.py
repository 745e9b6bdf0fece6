"""The reader in the centre: a bar (matches, next/previous, page furniture) over the page.

It shows one article, lights up the matches of the query the search panel ran (found in a
worker, :meth:`SearchIndex.match_spans`), tints the passages already clipped, and hands the
selection out as an exact span of the article text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from dossier.core.library import Article
from dossier.core.quoting import quoted
from dossier.gui.tasks import LatestOnly
from dossier.gui.widgets.article_document import boilerplate_count
from dossier.gui.widgets.reader_view import ReaderView

log = logging.getLogger(__name__)

Span = tuple[int, int]
MatchFinder = Callable[[str, str], list[Span]]

EMPTY_TEXT = (
    "Choose an article on the left to read it here.\n\n"
    "Select a passage, then right-click ▸ Clip to, press Ctrl+1 … Ctrl+9,\n"
    "or drag it onto a section of the dossier."
)


class Reader(QWidget):
    clip_requested = Signal(int)  # section row, -1 for a new section
    matches_changed = Signal()  # the match list or the current match changed
    article_shown = Signal(object)  # the Article now on the page (or None)
    details_requested = Signal()  # the person wants to edit the article's details

    def __init__(self, match_finder: MatchFinder | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._find_matches = match_finder
        self._runner = LatestOnly(self)
        self._query = ""
        self._matches: list[Span] = []
        self._current = -1
        self._focus: Span | None = None
        self._boilerplate = False

        self.view = ReaderView(self)
        self.view.clip_requested.connect(self.clip_requested)
        self.view.details_requested.connect(self.details_requested)
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setObjectName("EmptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("ReaderStack")
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)

        self.bar = QWidget(self)
        self.bar.setObjectName("ReaderBar")
        self.bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.match_label = QLabel(self.bar)
        self.prev_button = QToolButton(self.bar)
        self.prev_button.setText("▲")
        self.prev_button.setToolTip("Previous match (Shift+F3)")
        self.prev_button.setAutoRaise(True)
        self.prev_button.clicked.connect(self.previous_match)
        self.next_button = QToolButton(self.bar)
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (F3)")
        self.next_button.setAutoRaise(True)
        self.next_button.clicked.connect(self.next_match)
        self.boilerplate_box = QCheckBox("Show page furniture", self.bar)
        self.boilerplate_box.setToolTip(
            "Show the share buttons, contact lines and other page furniture that is hidden from reading and search"
        )
        self.boilerplate_box.toggled.connect(self.set_boilerplate_visible)
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(12, 4, 12, 4)
        bar.setSpacing(4)
        bar.addWidget(self.match_label)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.boilerplate_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stack, 1)
        self._update_bar()

    # ------------------------------------------------------------ what is shown
    @property
    def article(self) -> Article | None:
        return self.view.article

    def show_article(self, article: Article | None, *, query: str = "", focus: Span | None = None) -> None:
        """Put ``article`` on the page; light up ``query``; select and scroll to ``focus``."""
        same = article is not None and self.article is not None and article.id == self.article.id
        self._focus = focus
        if not same:
            self._matches, self._current, self._query = [], -1, ""
            self.view.set_layer("matches", [])
            self.view.set_layer("current", [])
            self.view.show_article(article, boilerplate=self._boilerplate)
            self.view.verticalScrollBar().setValue(0)
        elif article is not None and self.article is not None and article.meta != self.article.meta:  # new details
            place = self.view.verticalScrollBar().value()
            self.view.show_article(article, boilerplate=self._boilerplate)
            self.view.verticalScrollBar().setValue(place)
        self.stack.setCurrentWidget(self.view if article is not None else self.empty)
        self.view.set_layer("focus", [focus] if focus else [])
        if focus:
            self.view.scroll_to_offset(focus[0])
        self.set_query(query)
        self._update_bar()
        if not same:
            self.article_shown.emit(article)

    def clear(self) -> None:
        self.show_article(None)

    def set_query(self, query: str) -> None:
        """Light up the matches of ``query`` (found in a worker)."""
        query = query.strip()
        if query == self._query and self._matches:
            return
        self._query = query
        article = self.article
        if not query or article is None or self._find_matches is None:
            self._runner.cancel()
            self._on_matches([])
            return
        finder, article_id = self._find_matches, article.id
        self._runner.run(lambda job: finder(query, article_id), on_done=self._on_matches, on_error=self._on_failed)

    def set_clipped_spans(self, spans: list[Span]) -> None:
        self.view.set_layer("clipped", spans)

    def set_boilerplate_visible(self, visible: bool) -> None:
        if visible == self._boilerplate:
            return
        self._boilerplate = visible
        if self.boilerplate_box.isChecked() != visible:
            self.boilerplate_box.setChecked(visible)
        self._render_again()

    def restyle(self) -> None:
        """Lay the page out again in the colours of the scheme now in use, at the same place."""
        self._render_again()

    def _render_again(self) -> None:
        if self.article is None:
            return
        anchor = self.view.first_visible_offset()
        self.view.show_article(self.article, boilerplate=self._boilerplate)
        if anchor is not None:
            self.view.scroll_to_offset(anchor, fraction=0.0)

    def selection_span(self) -> Span | None:
        return self.view.selected_span()

    def select_span(self, start: int, end: int) -> None:
        self.view.select_span(start, end)

    # ------------------------------------------------------------ matches
    def match_count(self) -> int:
        return len(self._matches)

    def current_match(self) -> int:
        return self._current

    def matches(self) -> list[Span]:
        return list(self._matches)

    def next_match(self) -> None:
        self._go_to_match(self._current + 1)

    def previous_match(self) -> None:
        self._go_to_match(self._current - 1 if self._current >= 0 else -1)

    def _go_to_match(self, n: int) -> None:
        if not self._matches:
            return
        self._current = n % len(self._matches)
        span = self._matches[self._current]
        self.view.set_layer("current", [span])
        if not self.view.is_offset_visible(span[0]):
            self.view.scroll_to_offset(span[0], fraction=0.35)
        self._update_bar()
        self.matches_changed.emit()

    def _on_matches(self, spans: list) -> None:
        self._matches = [tuple(s) for s in spans]
        self._current = -1
        self.view.set_layer("matches", self._matches)
        self.view.set_layer("current", [])
        if self._matches and self._focus is None:
            self._go_to_match(0)
        self._update_bar()
        self.matches_changed.emit()

    def _on_failed(self, exc: BaseException) -> None:
        log.warning("could not find the matches in the article: %s", exc)
        self._on_matches([])

    def _update_bar(self) -> None:
        count = len(self._matches)
        if self.article is None:
            text = ""
        elif not self._query:
            text = "No search" if not self._focus else "Clipped passage"
        elif count == 0:
            text = f"No matches for {quoted(self._query)}"
        else:
            where = f"{self._current + 1} of {count}" if self._current >= 0 else f"{count}"
            text = f"Match {where} · {quoted(self._query)}"
        self.match_label.setText(text)
        self.prev_button.setEnabled(count > 0)
        self.next_button.setEnabled(count > 0)
        self.prev_button.setVisible(self.article is not None)
        self.next_button.setVisible(self.article is not None)
        furniture = boilerplate_count(self.article) if self.article is not None else 0
        self.boilerplate_box.setVisible(furniture > 0)
        self.boilerplate_box.setText(f"Show page furniture ({furniture})")
