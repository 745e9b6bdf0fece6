"""Render the application icon from resources/icons/dossier.svg.

    python packaging/make_icons.py

Writes ``dossier-{16..512}.png`` beside the SVG (Qt's SVG renderer) and ``dossier.png``
(the 256 px one, for code that wants a single file), ``dossier.ico`` for
Windows and ``dossier.icns`` for macOS (Pillow; without Pillow the .ico comes from Qt's ico
plugin and the .icns is skipped, with a note). Run it after editing the SVG and commit the
results: the build reads them, it does not render them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "dossier.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)
PLAIN_SIZE = 256


def render_pngs() -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - fonts, plugins
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SVG} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = ICONS / f"dossier-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"make_icons: could not write {path}")
        written.append(path)
    plain = ICONS / "dossier.png"  # the one size the window icon falls back to
    plain.write_bytes((ICONS / f"dossier-{PLAIN_SIZE}.png").read_bytes())
    return written + [plain]


def write_ico_icns() -> list[Path]:
    try:
        from PIL import Image
    except ImportError:
        return _write_ico_with_qt()
    biggest = Image.open(ICONS / "dossier-512.png").convert("RGBA")
    ico, icns = ICONS / "dossier.ico", ICONS / "dossier.icns"
    biggest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    try:
        biggest.save(
            icns,
            format="ICNS",
            append_images=[Image.open(ICONS / f"dossier-{s}.png").convert("RGBA") for s in ICNS_SIZES if s != 512],
        )
    except (OSError, KeyError, ValueError) as exc:
        print(f"make_icons: no .icns ({exc}); on macOS: iconutil -c icns from an .iconset")
        return [ico]
    return [ico, icns]


def _write_ico_with_qt() -> list[Path]:
    from PySide6.QtGui import QImage, QImageWriter

    if b"ico" not in [bytes(f) for f in QImageWriter.supportedImageFormats()]:
        print("make_icons: neither Pillow nor Qt's ico plugin: no .ico written")
        return []
    path = ICONS / "dossier.ico"
    QImage(str(ICONS / "dossier-256.png")).save(str(path), "ICO")
    print("make_icons: .ico from Qt (one size); .icns needs Pillow or macOS's iconutil")
    return [path]


def main() -> int:
    written = render_pngs() + write_ico_icns()
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024 or 1} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
