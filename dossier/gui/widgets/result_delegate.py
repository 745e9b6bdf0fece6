"""How one result is drawn: title, publisher and date, and a snippet with the matches marked."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetricsF, QMouseEvent, QPainter, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dossier.gui import theme
from dossier.gui.models.library_model import Role

PAD_X, PAD_Y, GAP = 12.0, 9.0, 3.0
SNIPPET_LINES = 3
ELLIPSIS = "…"
PARAGRAPH_BREAK = " · "
COPY_INDENT = 16.0


def flatten(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Collapse runs of white space to one space (a paragraph break to " · "), moving the
    spans with the words they cover."""
    out: list[str] = []
    where: list[int] = []  # for each character of ``text``, its place in ``out``
    run_start = -1  # where the current run of white space began in ``text``
    for n, ch in enumerate(text):
        if ch.isspace():
            if run_start < 0:
                run_start = n
            where.append(len(out))
            continue
        if run_start >= 0 and out:
            out.extend(PARAGRAPH_BREAK if text.count("\n", run_start, n) >= 2 else " ")
        run_start = -1
        where.append(len(out))
        out.append(ch)
    where.append(len(out))
    flat = "".join(out)
    moved = []
    for start, end in spans:
        if end <= start or start >= len(text):
            continue
        s, e = where[start], min(where[min(end, len(text)) - 1] + 1, len(flat))
        if e > s:
            moved.append((s, e))
    return flat, moved


class ResultDelegate(QStyledItemDelegate):
    """Draws a result in three parts; every row has the same height (fast scrolling). A hit
    with copies folded under it shows "+2 copies" at the end of its second line; a click
    there asks for them (:attr:`copies_clicked`), and a copy shown under its hit is indented."""

    copies_clicked = Signal(QModelIndex)

    def __init__(self, parent=None):
        super().__init__(parent)
        base = theme.ui_font()
        self._title_font = QFont(base)
        self._title_font.setPointSizeF(base.pointSizeF() + 0.5)
        self._title_font.setWeight(QFont.Weight.DemiBold)
        self._meta_font = QFont(base)
        self._meta_font.setPointSizeF(base.pointSizeF() - 1)
        self._snippet_font = QFont(base)
        self._snippet_font.setPointSizeF(base.pointSizeF() - 0.5)
        self._match = QTextCharFormat()
        self._match.setFontWeight(QFont.Weight.Bold)

    def _heights(self) -> tuple[float, float, float]:
        return (
            QFontMetricsF(self._title_font).height(),
            QFontMetricsF(self._meta_font).height(),
            QFontMetricsF(self._snippet_font).lineSpacing(),
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title, meta, line = self._heights()
        height = PAD_Y * 2 + title + GAP + meta + GAP + line * SNIPPET_LINES
        return QSize(max(200, option.rect.width()), int(height + 0.5))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        rect = QRectF(option.rect)
        painter.setClipRect(rect)  # nothing runs under the scroll bar or into the next card
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, theme.SELECTED_ROW)
            painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), theme.ACCENT)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, theme.PANEL.darker(103))
        painter.setPen(theme.FAINT)
        painter.drawLine(QPointF(rect.left() + PAD_X, rect.bottom()), QPointF(rect.right() - PAD_X, rect.bottom()))
        title_h, meta_h, line_h = self._heights()
        indent = COPY_INDENT if index.data(Role.COPY_OF) else 0.0
        width = rect.width() - 2 * PAD_X - indent
        x, y = rect.left() + PAD_X + indent, rect.top() + PAD_Y

        painter.setFont(self._title_font)
        painter.setPen(theme.INK)
        title = QFontMetricsF(self._title_font).elidedText(
            str(index.data(Role.TITLE) or "Untitled"), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(
            QRectF(x, y, width, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        y += title_h + GAP

        painter.setFont(self._meta_font)
        badge = self._badge_rect(option, index)
        if badge is not None:
            painter.setPen(theme.ACCENT)
            painter.drawText(
                badge, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(index.data(Role.COPIES))
            )
        painter.setPen(theme.MUTED)
        meta = QFontMetricsF(self._meta_font).elidedText(
            str(index.data(Role.META_LINE) or ""),
            Qt.TextElideMode.ElideRight,
            width - (badge.width() + PAD_X if badge is not None else 0),
        )
        painter.drawText(QRectF(x, y, width, meta_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, meta)
        y += meta_h + GAP

        left, right = index.data(Role.TRUNCATED) or (False, False)
        text, spans = flatten(str(index.data(Role.SNIPPET) or ""), list(index.data(Role.SNIPPET_SPANS) or []))
        if left and text:
            text, spans = ELLIPSIS + " " + text, [(s + 2, e + 2) for s, e in spans]
        self._draw_snippet(painter, text, spans, bool(right), QPointF(x, y), width, line_h)
        painter.restore()

    def _badge_rect(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QRectF | None:
        """Where "+2 copies" is drawn (None for a row without copies)."""
        text = index.data(Role.COPIES)
        if not text:
            return None
        title_h, meta_h, _ = self._heights()
        rect = QRectF(option.rect)
        w = QFontMetricsF(self._meta_font).horizontalAdvance(str(text)) + 2
        return QRectF(rect.right() - PAD_X - w, rect.top() + PAD_Y + title_h + GAP, w, meta_h)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            badge = self._badge_rect(option, index)
            if badge is not None and badge.adjusted(-6, -4, 6, 4).contains(event.position()):
                self.copies_clicked.emit(QModelIndex(index))  # type: ignore[arg-type]  # a view passes a QModelIndex
                return True
        return super().editorEvent(event, model, option, index)

    def _draw_snippet(
        self, painter: QPainter, text: str, spans, more: bool, origin: QPointF, width: float, line_h: float
    ) -> None:
        if not text:
            return
        layout = QTextLayout(text, self._snippet_font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # "=====" breaks too
        layout.setTextOption(option)
        self._match.setBackground(theme.MATCH)
        ranges = []
        for start, end in spans:
            fr = QTextLayout.FormatRange()
            fr.start, fr.length, fr.format = start, end - start, self._match
            ranges.append(fr)
        layout.setFormats(ranges)
        ellipsis_w = QFontMetricsF(self._snippet_font).horizontalAdvance(ELLIPSIS + " ")
        layout.beginLayout()
        lines = []
        y = 0.0
        for n in range(SNIPPET_LINES):
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width - (ellipsis_w if n == SNIPPET_LINES - 1 else 0))
            line.setPosition(QPointF(0, y))
            y += line_h
            lines.append(line)
        layout.endLayout()
        painter.setPen(theme.INK.lighter(140))
        layout.draw(painter, origin)
        if lines:
            last = lines[-1]
            cut = last.textStart() + last.textLength() < len(text)
            if cut or more:
                painter.setFont(self._snippet_font)
                pos = QPointF(origin.x() + last.naturalTextWidth(), origin.y() + last.y() + last.ascent())
                painter.drawText(pos, " " + ELLIPSIS)
