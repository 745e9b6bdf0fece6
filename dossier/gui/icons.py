"""Icons that stay sharp at any scale: the application's icon from every size it ships in, and
small symbols drawn by code at the size and pixel ratio they are asked for (not a bitmap
scaled up at 200 %). Drawn icons read the theme's colours when they paint, so they follow a
change of scheme too."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPixmap

from dossier import paths

Draw = Callable[[QPainter, QRectF], None]


class DrawnIconEngine(QIconEngine):
    """Paints ``draw`` into whatever rectangle, size and pixel ratio the icon is wanted at."""

    def __init__(self, draw: Draw):
        super().__init__()
        self._draw = draw

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.45)
        self._draw(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        pixmap.setDevicePixelRatio(scale)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return DrawnIconEngine(self._draw)


def drawn(draw: Draw) -> QIcon:
    """An icon drawn by ``draw(painter, rect)`` at every size."""
    return QIcon(DrawnIconEngine(draw))


class ImageSetEngine(DrawnIconEngine):
    """An icon shipped as a set of sizes: each use draws the smallest one at least as large as
    it needs in device pixels, scaled down smoothly (Qt's own engine picks by logical size and
    would scale a 32 px image up for a 24 px icon at 200 %)."""

    def __init__(self, images: dict[int, QImage]):
        self._images = dict(sorted(images.items()))
        super().__init__(self._draw_best)

    def _draw_best(self, painter: QPainter, rect: QRectF) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        wanted = max(rect.width(), rect.height()) * ratio
        size = next((s for s in self._images if s >= wanted), max(self._images))
        image = self._images[size].scaled(
            int(rect.width() * ratio),
            int(rect.height() * ratio),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawImage(rect, image)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(s, s) for s in self._images]

    def clone(self) -> QIconEngine:
        return ImageSetEngine(self._images)


def app_icon() -> QIcon:
    """The application's icon from every size that ships; a null icon when none is there."""
    folder = paths.resources_dir() / "icons"
    images = {}
    for path in folder.glob("dossier-*.png"):
        image = QImage(str(path))
        if not image.isNull():
            images[image.width()] = image
    return QIcon(ImageSetEngine(images)) if images else QIcon()
