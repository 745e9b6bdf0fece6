"""How a row of the dossier tree is drawn: its text, and at its right a section's clip count,
a pen mark on a clip with a note, a quotation mark on a clip the brief cites."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dossier.gui import theme
from dossier.gui.models.dossier_model import CitedRole, ClipRole, CountRole


def draw_pen(painter: QPainter, rect: QRectF) -> None:
    """A pen mark, in the muted ink: the title can be edited."""
    painter.setPen(theme.MUTED)
    font = painter.font()
    font.setPixelSize(max(1, int(rect.height() * 0.8)))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "✎")


class ItemDelegate(QStyledItemDelegate):
    """Draws a section's clip count, or a pen mark on a clip with a note, at the right of the row."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        count, clip = index.data(CountRole), index.data(ClipRole)
        mark = str(count) if count is not None else ("✎" if clip is not None and clip.note else "")
        if index.data(CitedRole):
            mark = f"❝ {mark}".strip()  # quoted in the brief
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # all but the text
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget).adjusted(4, 0, -4, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        faint = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        painter.save()
        painter.setFont(opt.font)
        if mark:
            painter.setPen(opt.palette.color(faint))
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, mark)
            rect.setRight(rect.right() - opt.fontMetrics.horizontalAdvance(mark) - 8)
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        elided = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()
