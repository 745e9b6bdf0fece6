"""The briefing's typefaces: the bundled DejaVu faces, registered with reportlab once per process."""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dossier.paths import resources_dir

SERIF, SERIF_BOLD, SERIF_ITALIC = "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"
SANS, SANS_BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_FILES = {
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
}

_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register the faces and their families with reportlab (safe to call from any thread, any number of times)."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = resources_dir() / "fonts"
        for name, file in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        # Only the faces the briefing uses are shipped: no bold italic serif, no oblique sans.
        pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD)
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
        _fonts_ready = True


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width``: the longest such cut, found by halving."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits; text[:high] + "…" does not
    while high - low > 1:
        middle = (low + high) // 2
        if pdfmetrics.stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle
    return text[:low].rstrip() + "…"
