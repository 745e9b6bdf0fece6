"""Shaping a word that mixes faces, one face at a time.

Reportlab shapes each word of a shaped paragraph with HarfBuzz in the face of the word's first
character. A word of two faces, an Arabic word in brackets (the brackets come from DejaVu,
Noto Naskh has none) or a Hebrew word and its full stop, would be shaped entirely in one face,
and the other face's characters drawn as the empty glyph. :func:`shape_by_face` cuts such a
word into its runs of one face, lets reportlab shape each, and joins them again; a word of one
face goes to reportlab as it is, but for the numbers in a right-to-left word (:func:`numbers_kept`). :func:`install` puts it in the place reportlab's paragraphs
call (``reportlab.platypus.paragraph.shapeFragWord``), once.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

_lock = threading.Lock()
_original: Any = None
#: A number or a Latin word: left to right even inside Arabic or Hebrew.
_LEFT_TO_RIGHT = re.compile(r"[0-9A-Za-z\u0660-\u0669\u06f0-\u06f9]+(?:[.,:/][0-9\u0660-\u0669\u06f0-\u06f9]+)*")


def numbers_kept(text: str) -> str:
    """``text`` as HarfBuzz must get it to lay it out right: a word with Arabic or Hebrew letters
    is set right to left as a whole, so its numbers and Latin letters ("2025م") go to HarfBuzz
    reversed, to come out in their own order. Other text is unchanged."""
    if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return text
    return _LEFT_TO_RIGHT.sub(lambda m: m.group()[::-1], text)


def install() -> None:
    """Make reportlab's paragraphs shape mixed-face words with :func:`shape_by_face` (idempotent)."""
    global _original
    with _lock:
        if _original is None and hasattr(paragraph, "shapeFragWord") and hasattr(ttfonts, "ShapedStr"):
            _original = paragraph.shapeFragWord
            paragraph.shapeFragWord = shape_by_face


def shape_by_face(word: Any, *args: Any, **kwargs: Any) -> Any:
    """``shapeFragWord`` for a frag word ``[width, (frag, text), …]``, each face's run shaped alone."""
    parts = [(frag, text if hasattr(frag, "cbDefn") else numbers_kept(text)) for frag, text in word[1:]]
    word = word.__class__([word[0], *parts])
    names = {frag.fontName for frag, _ in parts if not hasattr(frag, "cbDefn")}
    if len(names) <= 1:
        return _original(word, *args, **kwargs)
    groups: list[list[tuple[Any, str]]] = []
    for frag, text in parts:
        special = hasattr(frag, "cbDefn")
        if groups and (
            special or (not hasattr(groups[-1][0][0], "cbDefn") and groups[-1][0][0].fontName == frag.fontName)
        ):
            groups[-1].append((frag, text))
        else:
            groups.append([(frag, text)])
    width = 0.0
    joined: list[Any] = []
    for group in groups:
        measure = sum(
            pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
            for frag, text in group
            if not hasattr(frag, "cbDefn")
        )
        piece = _original(word.__class__([measure, *group]), force=True)  # every run shaped: one kind of word
        width += piece[0]
        joined.extend(piece[1:])
    return ttfonts.makeShapedFragWord(word)([width, *joined])
