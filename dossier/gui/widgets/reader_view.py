"""The page of the reader: a read-only text view with ¶ numbers in its margin.

It keeps the :class:`~dossier.gui.widgets.article_document.PositionMap` of the article on
it, so a selection becomes an exact span of ``article.text`` and a drag carries that span
(:data:`~dossier.gui.mime.MIME_SELECTION`). Highlights are extra selections in layers:
clipped passages, search matches, the current match, the clip just opened.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QWidget

from dossier.core.library import Article
from dossier.gui import theme
from dossier.gui.mime import MIME_SELECTION
from dossier.gui.widgets.article_document import DETAILS_LINK, HEADER_BLOCKS, PositionMap, highlight_format, render

MARGIN_MIN = 64  # room for the ¶ numbers
RIGHT_MIN = 28
Span = tuple[int, int]
#: Drawing order: later layers paint over earlier ones.
LAYERS = ("clipped", "matches", "current", "focus")


def layer_color(name: str) -> QColor:
    """The tint of a highlight layer in the scheme in use."""
    return {
        "clipped": theme.CLIPPED,
        "matches": theme.MATCH,
        "current": theme.CURRENT_MATCH,
        "focus": theme.FOCUSED_CLIP,
    }[name]


class ReaderView(QTextBrowser):
    clip_requested = Signal(int)  # section row; -1: a new section
    details_requested = Signal()  # the header's "Add details…" link

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ReaderView")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.document().setDocumentMargin(24)
        self._number_font = QFont(theme.UI_FAMILY)
        self._number_font.setPointSize(8)
        self.article: Article | None = None
        self.map = PositionMap([])
        self._layers: dict[str, list[Span]] = {name: [] for name in LAYERS}
        self.section_titles: Callable[[], list[str]] = list
        self.clip_shortcuts: Callable[[int], str] = lambda row: ""

    # ------------------------------------------------------------ content
    def show_article(self, article: Article | None, *, boilerplate: bool = False) -> None:
        self.article = article
        if article is None:
            self.document().clear()
            self.map = PositionMap([])
        else:
            self.map = render(self.document(), article, boilerplate=boilerplate)
        self.setTextCursor(QTextCursor(self.document()))  # at the top, nothing selected
        self._fit_column()
        self._apply_layers()

    def set_layer(self, name: str, spans: list[Span]) -> None:
        self._layers[name] = list(spans)
        self._apply_layers()

    def _apply_layers(self) -> None:
        selections = []
        doc = self.document()
        for name in LAYERS:
            fmt = highlight_format(layer_color(name), underline=(name == "focus"))
            for start, end in self._layers[name]:
                for ds, de in self.map.document_ranges(start, end):
                    sel = QTextEdit.ExtraSelection()
                    cursor = QTextCursor(doc)
                    cursor.setPosition(ds)
                    cursor.setPosition(de, QTextCursor.MoveMode.KeepAnchor)
                    sel.cursor, sel.format = cursor, fmt
                    selections.append(sel)
        self.setExtraSelections(selections)

    # ------------------------------------------------------------ selection
    def selected_span(self) -> Span | None:
        """The selection as an exact ``(start, end)`` of ``article.text``, or None."""
        cursor = self.textCursor()
        if self.article is None or not cursor.hasSelection():
            return None
        start = self.map.to_article(cursor.selectionStart(), forward=True)
        end = self.map.to_article(cursor.selectionEnd(), forward=False)
        if start is None or end is None or end <= start:
            return None
        return start, end

    def select_span(self, start: int, end: int) -> None:
        """Select article span ``[start, end)`` (as far as it is on the page)."""
        ranges = self.map.document_ranges(start, end)
        if not ranges:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(ranges[0][0])
        cursor.setPosition(ranges[-1][1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def scroll_to_offset(self, offset: int, *, fraction: float = 0.3) -> None:
        """Scroll so that article ``offset`` stands about ``fraction`` down the page."""
        if not self.map:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.nearest_document(offset))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - int(self.viewport().height() * fraction))

    def is_offset_visible(self, offset: int) -> bool:
        pos = self.map.to_document(offset)
        if pos is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        rect = self.cursorRect(cursor)
        return rect.top() >= 0 and rect.bottom() <= self.viewport().height()

    def first_visible_offset(self) -> int | None:
        pos = self.cursorForPosition(self.viewport().rect().topLeft()).position()
        return self.map.to_article(pos, forward=True)

    def createMimeDataFromSelection(self) -> QMimeData:
        mime = super().createMimeDataFromSelection()
        mime.setText(mime.text().replace("\u2028", "\n").replace("\u2029", "\n\n"))
        span = self.selected_span()
        if span is not None and self.article is not None:
            payload = {"article_id": self.article.id, "start": span[0], "end": span[1]}
            mime.setData(MIME_SELECTION, json.dumps(payload).encode("utf-8"))
        return mime

    # ------------------------------------------------------------ context menu
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_context_menu(self, pos) -> QMenu:
        """Clip to ▸ first (what the reader is for), then the standard entries that apply."""
        menu = self.createStandardContextMenu(pos)
        for action in menu.actions():
            if not action.isEnabled() and not action.isSeparator() and "Link" in action.text():
                menu.removeAction(action)  # "Copy Link Location" off a link says nothing
        clip_menu = QMenu("Clip to", menu)
        if menu.actions():
            first = menu.actions()[0]
            menu.insertMenu(first, clip_menu)
            menu.insertSeparator(first)
        else:
            menu.addMenu(clip_menu)
        clip_menu.setObjectName("ClipToMenu")
        can_clip = self.selected_span() is not None
        clip_menu.setEnabled(can_clip)
        for row, title in enumerate(self.section_titles()):
            action = clip_menu.addAction(title)
            shortcut = self.clip_shortcuts(row)
            if shortcut:
                action.setShortcut(shortcut)  # shown only; the window owns the real shortcut
            action.triggered.connect(lambda _=False, r=row: self.clip_requested.emit(r))
        clip_menu.addSeparator()
        clip_menu.addAction("New section…").triggered.connect(lambda: self.clip_requested.emit(-1))
        return menu

    # ------------------------------------------------------------ layout and painting
    def _fit_column(self) -> None:
        """A text column of about 70 characters, centred, with room for ¶ numbers on the left."""
        width = self.viewport().width()
        column = QFontMetricsF(theme.reader_font()).averageCharWidth() * theme.READER_COLUMN_CHARS
        spare = max(0.0, width - column)
        left = max(MARGIN_MIN, spare / 2)
        right = max(RIGHT_MIN, spare - left)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - left) < 1 and abs(fmt.rightMargin() - right) < 1:
            return
        fmt.setLeftMargin(left)
        fmt.setRightMargin(right)
        fmt.setTopMargin(28)
        fmt.setBottomMargin(48)
        frame.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_column()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.map:
            return
        painter = QPainter(self.viewport())
        layout = self.document().documentLayout()
        offset_y = self.verticalScrollBar().value()
        offset_x = self.horizontalScrollBar().value()
        frame = self.document().rootFrame().frameFormat()
        left = frame.leftMargin()
        meta = layout.blockBoundingRect(self.document().findBlockByNumber(HEADER_BLOCKS - 1))
        rule_y = meta.bottom() + 11 - offset_y  # in the block's bottom margin
        painter.setPen(theme.FAINT)
        right = self.viewport().width() - frame.rightMargin()
        painter.drawLine(QPointF(left - offset_x, rule_y), QPointF(right - offset_x, rule_y))
        painter.setFont(self._number_font)
        painter.setPen(theme.MUTED)
        height = self.viewport().height()
        block_of = self.document().findBlockByNumber
        metrics = QFontMetricsF(self._number_font)
        for placed in self.map.placed:
            number = placed.paragraph.number
            if number is None:
                continue
            block = block_of(placed.block_number)
            rect = layout.blockBoundingRect(block)
            if rect.top() - offset_y > height:
                break
            if rect.bottom() - offset_y < 0 or block.layout().lineCount() == 0:
                continue
            line = block.layout().lineAt(0)
            baseline = block.layout().position().y() + line.y() + line.ascent() - offset_y
            label = f"¶ {number}"
            x = left - 18 - metrics.horizontalAdvance(label) - offset_x
            painter.drawText(QPointF(x, baseline), label)
        painter.end()

    def _open_link(self, url: QUrl) -> None:
        if url.toString() == DETAILS_LINK:
            self.details_requested.emit()
        elif url.scheme() in ("http", "https", "file"):
            QDesktopServices.openUrl(url)
