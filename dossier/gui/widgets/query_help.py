"""The query syntax, as a tooltip and as a small popover under the search field."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QFont, QIcon, QPainter, QPen
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dossier.gui import icons, theme

#: (what to type, what it finds)
SYNTAX: tuple[tuple[str, str], ...] = (
    ("ceasefire talks", "all of the words, in any form (talk finds talks)"),
    ('"power plants"', "the words together, in this order"),
    ("putin AND (land OR nato)", "boolean logic with AND, OR, NOT and brackets"),
    ("kursk NOT troops", "leave out articles with a word"),
    ("title:peace", "search one field: title, publisher, author, tags, date"),
    ("lang:ru", "articles in one language (ISO code: en, ru, uk, ar, zh …)"),
    ("date:2025", "a year (or a month: date:2025-03)"),
    ("date:[2025-01-01 to 2025-03-31]", "a range of dates"),
    ("ceasefir*", "any word that starts so"),
    ("Zaporizhia~", "spelled about so (one or two letters off)"),
)

EMPTY_HINT = (
    "Type a few words to search every article.\n"
    "Put a phrase in quotes, use AND, OR, NOT, or title:, publisher:, date:2025.\n"
    "Click ? beside the field for the whole syntax."
)


FOOTER_TIP = (
    '<b>Tip</b> &nbsp;<code>"power plants"</code> a phrase · <code>title:peace</code> · '
    "<code>date:2025</code> · <code>ceasefir*</code> · <code>putin NOT nato</code> — "
    "F1 for all of it"
)


def syntax_html() -> str:
    rows = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><code>{escape(q)}</code></td>"
        f"<td style='padding:3px 0; color:#57606a'>{escape(what)}</td></tr>"
        for q, what in SYNTAX
    )
    return f"<p style='margin-bottom:6px'><b>Search syntax</b></p><table cellspacing='0'>{rows}</table>"


def syntax_tooltip() -> str:
    return "<p style='white-space:nowrap'>" + syntax_html() + "</p>"


class HelpPopover(QFrame):
    """A frameless popup that closes on any click outside it (or Esc)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("HelpPopover")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        label = QLabel(syntax_html(), self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.addWidget(label)

    def show_below(self, anchor: QWidget) -> None:
        self.adjustSize()
        self.move(anchor.mapToGlobal(QPoint(0, anchor.height() + 4)))
        self.show()


def _draw_help(painter: QPainter, rect: QRectF) -> None:
    """A circled question mark in the theme's muted ink."""
    size = min(rect.width(), rect.height())
    pen = QPen(theme.MUTED)
    pen.setWidthF(size / 14)
    painter.setPen(pen)
    inset = size / 8
    painter.drawEllipse(QRectF(rect.x() + inset, rect.y() + inset, size - 2 * inset, size - 2 * inset))
    font = QFont(theme.UI_FAMILY)
    font.setPixelSize(max(1, int(size * 0.5)))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(rect.x(), rect.y(), size, size), Qt.AlignmentFlag.AlignCenter, "?")


def help_icon() -> QIcon:
    """A small circled question mark, drawn at whatever size and scale it is shown."""
    return icons.drawn(_draw_help)
