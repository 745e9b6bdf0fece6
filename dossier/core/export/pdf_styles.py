"""The briefing's look: page size and margins, colours, and the paragraph styles."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm

from dossier.core.export.pdf_fonts import SANS, SANS_BOLD, SERIF

INK, GREY, RULE = colors.HexColor("#1a1a1a"), colors.HexColor("#666666"), colors.HexColor("#bbbbbb")
LINK, NOTE_INK, ALARM = colors.HexColor("#1f4e79"), colors.HexColor("#35506b"), colors.HexColor("#b00020")
PAGE = A4
#: The paper sizes an export can be made on, by the name ``--paper`` takes.
PAPERS = {"a4": A4, "letter": LETTER}
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 2.4 * cm, 2.6 * cm, 2.4 * cm
#: A clip taller than the space left on a page starts there and splits if at least this much
#: of the frame is free; otherwise it moves whole to the next page.
SPLIT_ROOM = 0.3
#: A chapter starts on a new page unless this much room is left on the current one.
CHAPTER_ROOM = 8 * cm
CLIP_SPACE, QUOTE_PARAGRAPH_SPACE = 16, 6


def hex_color(color: colors.Color) -> str:
    """``color`` as reportlab markup writes it: ``#rrggbb``."""
    return "#" + str(color.hexval())[2:]


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name."""
    base = ParagraphStyle(
        "base",
        fontName=SERIF,
        fontSize=10.5,
        leading=14.5,
        textColor=INK,
        allowWidows=0,
        allowOrphans=0,
        alignment=TA_LEFT,
    )
    s = {
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=26, leading=32, spaceAfter=18),
        "cover": ParagraphStyle("cover", base, fontSize=13, leading=19),
        "cover_small": ParagraphStyle("cover_small", base, fontName=SANS, fontSize=9.5, leading=14, textColor=GREY),
        "alarm": ParagraphStyle(
            "alarm", base, fontName=SANS_BOLD, fontSize=9, leading=12, textColor=ALARM, spaceAfter=3
        ),
        "h1": ParagraphStyle("h1", base, fontName=SANS_BOLD, fontSize=18, leading=23, spaceBefore=26, spaceAfter=4),
        "h1_sub": ParagraphStyle("h1_sub", base, fontName=SANS, fontSize=9, leading=12, textColor=GREY, spaceAfter=4),
        "quote": ParagraphStyle("quote", base, fontSize=11, leading=15.5, leftIndent=16, rightIndent=10),
        "note": ParagraphStyle(
            "note", base, fontName=SANS, fontSize=9, leading=12.5, textColor=NOTE_INK, leftIndent=30, spaceBefore=5
        ),
        "empty": ParagraphStyle("empty", base, fontName=SANS, fontSize=9.5, leading=13, textColor=GREY),
        "endnote": ParagraphStyle(
            "endnote", base, fontSize=9.5, leading=13, leftIndent=22, bulletIndent=0, spaceAfter=5, bulletFontName=SERIF
        ),
        "source": ParagraphStyle(
            "source", base, fontSize=9.5, leading=13, leftIndent=14, firstLineIndent=-14, spaceAfter=7
        ),
        "toc": ParagraphStyle("toc", base, fontName=SANS, fontSize=11, leading=20),
        "body": ParagraphStyle("body", base, fontSize=11, leading=15.5, spaceBefore=7),
        "label": ParagraphStyle(
            "label", base, fontName=SANS_BOLD, fontSize=8, leading=11, textColor=GREY, spaceBefore=CLIP_SPACE + 4
        ),
        "marking": ParagraphStyle(
            "marking",
            base,
            fontName=SANS_BOLD,
            fontSize=10,
            leading=14,
            textColor=ALARM,
            borderColor=ALARM,
            borderWidth=0.8,
            borderPadding=6,
            spaceAfter=18,
        ),
    }
    s["quote_marked"] = ParagraphStyle("quote_marked", s["quote"], textColor=ALARM)
    # Space goes *before* a clip (and between the paragraphs of a quote), where reportlab
    # drops it at the top of a page, never after it, where it could push a blank page.
    for name in ("alarm", "quote"):
        s[name + "_first"] = ParagraphStyle(name + "_first", s[name], spaceBefore=CLIP_SPACE)
    for name in ("quote", "quote_marked"):
        s[name + "_more"] = ParagraphStyle(name + "_more", s[name], spaceBefore=QUOTE_PARAGRAPH_SPACE)
    for name in ("quote_first", "quote_more", "quote_marked", "quote_marked_more"):  # Arabic, Hebrew …
        s[name + "_rtl"] = ParagraphStyle(name + "_rtl", s[name], alignment=TA_RIGHT)
    return s
