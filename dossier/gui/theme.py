"""Colours, fonts and the style sheet: one muted palette for every view."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication

from dossier import paths

log = logging.getLogger(__name__)

INK = QColor("#1f2328")  # body text
MUTED = QColor("#6a737d")  # metadata, counts, paragraph numbers
FAINT = QColor("#d0d7de")  # rules and borders
PAPER = QColor("#ffffff")  # reader background
PANEL = QColor("#f6f7f9")  # side panels
ACCENT = QColor("#2f5f8f")  # links, focus
SELECTED_ROW = QColor("#e3ebf5")

MATCH = QColor("#fbe7a1")  # a search match
CURRENT_MATCH = QColor("#f2b84b")  # the match F3 moved to
CLIPPED = QColor("#dcefe0")  # a passage already clipped into the dossier
FOCUSED_CLIP = QColor("#a9d8b4")  # the clip just opened from the dossier
BOILERPLATE = QColor("#8c959f")  # page furniture, when shown
WARNING = QColor("#9a5b13")  # inline problems (a query that could not be read)

READER_FAMILY = "DejaVu Serif"
UI_FAMILY = "DejaVu Sans"
READER_POINT_SIZE = 12
#: The reader's text column, in average characters: a comfortable line for reading.
READER_COLUMN_CHARS = 70


def load_fonts() -> None:
    """Register the bundled DejaVu fonts so every machine renders the same."""
    folder = paths.resources_dir() / "fonts"
    for path in sorted(folder.glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("could not load the font %s", path)


def reader_font() -> QFont:
    font = QFont(READER_FAMILY)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSize(READER_POINT_SIZE)
    return font


def ui_font() -> QFont:
    font = QFont(UI_FAMILY)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSize(10)
    return font


def css(color: QColor) -> str:
    return color.name()


STYLE_SHEET = f"""
QMainWindow::separator {{ background: {FAINT.name()}; width: 1px; height: 1px; }}
QSplitter::handle {{ background: {FAINT.name()}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QStatusBar {{ color: {MUTED.name()}; }}
QToolBar {{ spacing: 4px; border: none; border-bottom: 1px solid {FAINT.name()}; padding: 2px 6px; }}
#SidePanel {{ background: {PANEL.name()}; }}
#PanelTitle {{ color: {MUTED.name()}; font-weight: bold; font-size: 8pt; letter-spacing: 1px; }}
#CountLabel {{ color: {MUTED.name()}; }}
#InlineMessage {{ color: {WARNING.name()}; }}
#EmptyState {{ color: {MUTED.name()}; }}
#SearchTip {{ color: {MUTED.name()}; font-size: 8pt; border-top: 1px solid {FAINT.name()}; }}
#ReaderBar {{ background: {PAPER.name()}; border-bottom: 1px solid {FAINT.name()}; }}
#ReaderBar QLabel {{ color: {MUTED.name()}; }}
QListView#Results {{ background: {PANEL.name()}; border: none; }}
QLineEdit#SearchField {{ padding: 5px 6px; border: 1px solid {FAINT.name()}; border-radius: 4px; background: white; }}
QLineEdit#SearchField:focus {{ border-color: {ACCENT.name()}; }}
QFrame#HelpPopover {{ background: white; border: 1px solid {FAINT.name()}; border-radius: 6px; }}
"""


def apply(app: QGuiApplication) -> None:
    """Fonts and style sheet for the whole application."""
    load_fonts()
    app.setFont(ui_font())
    app.setStyleSheet(STYLE_SHEET)  # type: ignore[attr-defined]
