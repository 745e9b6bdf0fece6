"""The window's size and place on the screen: it fits the available area on first start and
stays inside it when restored (a saved geometry from a larger screen is shrunk, not cut off).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QSplitter, QWidget

#: The size the window would like, on a screen with room for it.
PREFERRED = QSize(1500, 920)
#: Of the available area, the part the first window takes at most (leaves a glimpse of the desktop).
SHARE = 0.96
#: The splitter's panes (library, reader, dossier) share the width in this proportion.
PANE_WEIGHTS = (380, 760, 400)


def available(widget: QWidget) -> QRect:
    """The available area (without panels and docks) of the screen the widget is on."""
    screen: QScreen | None = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, PREFERRED.width(), PREFERRED.height())


def first_size(area: QRect, preferred: QSize = PREFERRED) -> QSize:
    """The preferred size, made to fit ``area``."""
    return preferred.boundedTo(QSize(int(area.width() * SHARE), int(area.height() * SHARE)))


def inside(frame: QRect, area: QRect) -> QRect:
    """``frame`` moved (and, if it must be, shrunk) to lie inside ``area``."""
    size = frame.size().boundedTo(area.size())
    x = min(max(frame.x(), area.x()), area.right() + 1 - size.width())
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - size.height())
    return QRect(QPoint(x, y), size)


def place_first_time(window: QWidget) -> None:
    """Give a window that has no saved geometry a size that fits its screen, centred."""
    area = available(window)
    size = first_size(area).expandedTo(window.minimumSizeHint()).boundedTo(area.size())
    window.resize(size)
    window.move(area.center() - QRect(QPoint(0, 0), size).center())


def keep_inside(window: QWidget) -> None:
    """Move and shrink the window so all of it, frame included, is on its screen."""
    area = available(window)
    frame = window.frameGeometry()
    extra = frame.size() - window.geometry().size()  # the window manager's frame
    fitted = inside(frame, area)
    if fitted != frame:
        window.resize(fitted.size() - extra)
        window.move(fitted.topLeft())


class _KeepInsideOnShow(QObject):
    """Checks the window once more when it first shows: only then is the window manager's frame known."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, watched, lambda: keep_inside(watched))
            self.deleteLater()
        return False


def fit(window: QWidget, restored: bool) -> None:
    """Place a window whose geometry was ``restored`` (or not) so that it lies on its screen,
    now and again once it shows with its frame."""
    if restored:
        keep_inside(window)
    else:
        place_first_time(window)
    window.installEventFilter(_KeepInsideOnShow(window))


def share_width(splitter: QSplitter, width: int, weights: tuple[int, ...] = PANE_WEIGHTS) -> None:
    """Split ``width`` between the splitter's panes by ``weights``, each at least its minimum."""
    panes = [pane for n in range(splitter.count()) if (pane := splitter.widget(n)) is not None]
    total = sum(weights)
    sizes = [max(pane.minimumWidth(), width * weight // total) for pane, weight in zip(panes, weights, strict=True)]
    excess = sum(sizes) - width
    if excess > 0:  # the side panes give way first, down to their minimums; the reader keeps its share
        for n in (0, 2, 1):
            give = min(excess, sizes[n] - panes[n].minimumWidth())
            sizes[n] -= give
            excess -= give
    splitter.setSizes(sizes)
