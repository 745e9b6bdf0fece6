"""Colours, fonts and the style sheet: one muted palette for every view, light or dark.

The colours of the scheme in use are the module's names (``theme.INK``, ``theme.MATCH``, …),
read when something is painted, so a switch of scheme (:func:`use`) reaches every view that
repaints. :mod:`dossier.gui.appearance` decides which scheme is in use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

from dossier import paths

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scheme:
    name: str
    ink: str  # body text
    muted: str  # metadata, counts, paragraph numbers
    faint: str  # rules and borders
    paper: str  # reader background
    panel: str  # side panels
    button: str  # buttons
    field: str  # text fields, check boxes, lists' base
    accent: str  # links, focus
    selected_row: str
    highlight: str  # the selection of lists and text
    match: str  # a search match
    current_match: str  # the match F3 moved to
    clipped: str  # a passage already clipped into the dossier
    focused_clip: str  # the clip just opened from the dossier
    boilerplate: str  # page furniture, when shown
    warning: str  # inline problems (a query that could not be read)
    good: str  # what checks out: a citation that names a clip, words kept from the source
    alarm: str  # a clip that no longer matches its source
    alarm_back: str
    alarm_border: str


LIGHT = Scheme(
    "light",
    ink="#1f2328",
    muted="#5f6a75",
    faint="#d0d7de",
    paper="#ffffff",
    panel="#f6f7f9",
    button="#eef0f3",
    field="#ffffff",
    accent="#2f5f8f",
    selected_row="#e3ebf5",
    highlight="#3d6fa3",
    match="#fbe7a1",
    current_match="#f2b84b",
    clipped="#dcefe0",
    focused_clip="#a9d8b4",
    boilerplate="#7a838c",
    warning="#9a5b13",
    good="#1a6e32",
    alarm="#8c1d18",
    alarm_back="#fdecea",
    alarm_border="#f2b8b5",
)
DARK = Scheme(
    "dark",
    ink="#e3e6ea",
    muted="#a3acb6",
    faint="#3b4149",
    paper="#1c1f23",
    panel="#24282d",
    button="#30353b",
    field="#2e333a",
    accent="#8ab8e6",
    selected_row="#2c3e54",
    highlight="#3d6a99",
    match="#5a4a14",
    current_match="#8f5a00",
    clipped="#244632",
    focused_clip="#2f6b45",
    boilerplate="#8c959f",
    warning="#e8ad62",
    good="#7fd89a",
    alarm="#ffb4ab",
    alarm_back="#3d2020",
    alarm_border="#8c3b35",
)

# The scheme in use, as colours (set by use()).
INK = MUTED = FAINT = PAPER = PANEL = BUTTON = FIELD = ACCENT = SELECTED_ROW = HIGHLIGHT = QColor()
MATCH = CURRENT_MATCH = CLIPPED = FOCUSED_CLIP = BOILERPLATE = WARNING = GOOD = QColor()
ALARM = ALARM_BACK = ALARM_BORDER = QColor()
_current = LIGHT

READER_FAMILY = "DejaVu Serif"
UI_FAMILY = "DejaVu Sans"
READER_POINT_SIZE = 12
#: The reader's text column, in average characters: a comfortable line for reading.
READER_COLUMN_CHARS = 70


def use(scheme: Scheme) -> None:
    """Make ``scheme`` the one the module's colour names stand for."""
    global _current
    _current = scheme
    for field in fields(Scheme):
        if field.name != "name":
            globals()[field.name.upper()] = QColor(getattr(scheme, field.name))


def current() -> Scheme:
    return _current


def is_dark() -> bool:
    return _current.name == "dark"


use(LIGHT)


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


def palette(scheme: Scheme) -> QPalette:
    """A whole Qt palette from ``scheme``, so standard widgets and dialogs match it."""
    c = QColor
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    pal = QPalette()
    for r, value in (
        (role.Window, scheme.panel),
        (role.WindowText, scheme.ink),
        (role.Base, scheme.field),
        (role.AlternateBase, scheme.panel),
        (role.Text, scheme.ink),
        (role.Button, scheme.button),
        (role.ButtonText, scheme.ink),
        (role.BrightText, scheme.alarm),
        (role.Highlight, scheme.highlight),
        (role.HighlightedText, "#ffffff"),
        (role.Link, scheme.accent),
        (role.LinkVisited, scheme.accent),
        (role.PlaceholderText, scheme.muted),
        (role.ToolTipBase, scheme.paper),
        (role.ToolTipText, scheme.ink),
        (role.Light, c(scheme.button).lighter(130).name()),
        (role.Midlight, c(scheme.button).lighter(115).name()),
        (role.Mid, scheme.faint),
        (role.Dark, c(scheme.button).darker(150).name()),
        (role.Shadow, "#000000"),
    ):
        pal.setColor(r, c(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, c(scheme.muted).darker(130) if scheme.name == "dark" else c("#9aa3ab"))
    return pal


def style_sheet() -> str:
    """The application's style sheet in the scheme in use."""
    return f"""
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
#ReaderStack QLabel {{ background: {PAPER.name()}; }}
#SearchTip {{ color: {MUTED.name()}; font-size: 8pt; border-top: 1px solid {FAINT.name()}; }}
#ReaderBar {{ background: {PAPER.name()}; border-bottom: 1px solid {FAINT.name()}; }}
#ReaderBar QLabel {{ color: {MUTED.name()}; }}
QTextBrowser#ReaderView {{ background: {PAPER.name()}; color: {INK.name()}; border: none; }}
QListView#Results {{ background: {PANEL.name()}; border: none; }}
QTreeView#DossierTree {{ background: {PANEL.name()}; }}
QWidget#ClipDetail {{ border-top: 1px solid {FAINT.name()}; }}
QLabel#MismatchBadge {{ background: {ALARM_BACK.name()}; color: {ALARM.name()}; border: 1px solid {ALARM_BORDER.name()};
    border-radius: 4px; padding: 4px 6px; }}
QLineEdit#DossierTitle {{ border: 1px solid transparent; border-radius: 4px; background: transparent;
    font-size: 15pt; font-weight: 600; padding: 1px 2px; }}
QLineEdit#DossierTitle:hover {{ border-color: {FAINT.name()}; }}
QLineEdit#DossierTitle:focus {{ border-color: {ACCENT.name()}; background: {FIELD.name()}; }}
QLineEdit#SearchField {{ padding: 5px 6px; border: 1px solid {FAINT.name()}; border-radius: 4px;
    background: {FIELD.name()}; color: {INK.name()}; }}
QLineEdit#SearchField:focus {{ border-color: {ACCENT.name()}; }}
QFrame#HelpPopover {{ background: {PAPER.name()}; border: 1px solid {FAINT.name()}; border-radius: 6px; }}
"""


def apply(app: QGuiApplication) -> None:
    """Fonts, palette and style sheet for the whole application (the light scheme until
    :mod:`dossier.gui.appearance` applies the person's choice)."""
    load_fonts()
    app.setFont(ui_font())
    restyle(app)


def restyle(app: QGuiApplication) -> None:
    """Palette and style sheet of the scheme in use."""
    app.setPalette(palette(_current))
    app.setStyleSheet(style_sheet())  # type: ignore[attr-defined]
