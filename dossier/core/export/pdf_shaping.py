"""Shaping a word that mixes faces, one face at a time.

Reportlab shapes each word of a shaped paragraph with HarfBuzz in the face of the word's first
character. A word of two faces, an Arabic word in brackets (the brackets come from DejaVu,
Noto Naskh has none) or a Hebrew word and its full stop, would be shaped entirely in one face,
and the other face's characters drawn as the empty glyph. :func:`shape_by_face` cuts such a
word into its runs of one face, lets reportlab shape each, and joins them again; a word of one
face goes to reportlab unchanged. :func:`install` puts it in the place reportlab's paragraphs
call (``reportlab.platypus.paragraph.shapeFragWord``), once.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

_lock = threading.Lock()
_original: Any = None


def install() -> None:
    """Make reportlab's paragraphs shape mixed-face words with :func:`shape_by_face` (idempotent)."""
    global _original
    with _lock:
        if _original is None and hasattr(paragraph, "shapeFragWord") and hasattr(ttfonts, "ShapedStr"):
            _original = paragraph.shapeFragWord
            paragraph.shapeFragWord = shape_by_face


def shape_by_face(word: Any, *args: Any, **kwargs: Any) -> Any:
    """``shapeFragWord`` for a frag word ``[width, (frag, text), …]``, each face's run shaped alone."""
    parts = list(word[1:])
    names = {frag.fontName for frag, _ in parts if not hasattr(frag, "cbDefn")}
    if len(names) <= 1:
        return _original(word, *args, **kwargs)
    groups: list[list[tuple[Any, str]]] = []
    for frag, text in parts:
        special = hasattr(frag, "cbDefn")
        if groups and (special or (not hasattr(groups[-1][0][0], "cbDefn")
                                   and groups[-1][0][0].fontName == frag.fontName)):
            groups[-1].append((frag, text))
        else:
            groups.append([(frag, text)])
    width = 0.0
    joined: list[Any] = []
    for group in groups:
        measure = sum(pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
                      for frag, text in group if not hasattr(frag, "cbDefn"))
        piece = _original(word.__class__([measure, *group]), force=True)  # every run shaped: one kind of word
        width += piece[0]
        joined.extend(piece[1:])
    return ttfonts.makeShapedFragWord(word)([width, *joined])
