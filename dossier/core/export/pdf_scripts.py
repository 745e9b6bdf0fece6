"""Fonts for every script a quote may be in, chosen character by character, and the check that
every character has a glyph before anything is written.

DejaVu Serif (``pdf_fonts``) draws Latin, Cyrillic and Greek. What it has no glyph for goes to
the first of the fallback faces below that has one: Noto Naskh Arabic, DejaVu Sans (Hebrew),
Noto Serif Hebrew, Noto Serif Devanagari, Noto Serif Thai, Droid Sans Fallback (Chinese and
Japanese) and Nanum Myeongjo (Korean). All are TrueType (reportlab embeds TrueType outlines only), embedded and
subset as DejaVu is; their licences are in ``resources/fonts``. :func:`font_runs` cuts a text
into runs of one face, which ``pdf_markup.escape_text`` wraps in ``<font>`` tags; paragraphs
are shaped by HarfBuzz (uharfbuzz), which joins Arabic letters, builds Devanagari conjuncts,
places Thai marks and lays Arabic and Hebrew right to left.

:func:`unprintable` finds the characters no face has (an emoji, a rare ideograph …): the
export refuses such a quote, naming the character and the clip, rather than print a box in a
briefing that says every quote is reproduced verbatim.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dossier.core.export.pdf_fonts import SANS, SERIF, register_fonts
from dossier.core.export.pdf_shaping import install as install_shaping
from dossier.paths import resources_dir

#: The fallback faces, in the order they are tried: (name, file; None for a face ``pdf_fonts``
#: registers). Hebrew is drawn in DejaVu Sans, which has the full stop and the brackets too, so
#: that a Hebrew sentence's punctuation is shaped and placed with it; Noto Serif Hebrew has the
#: rarer points and cantillation marks.
FALLBACKS = (
    ("NotoNaskhArabic", "NotoNaskhArabic-Regular.ttf"),
    (SANS, None),
    ("NotoSerifHebrew", "NotoSerifHebrew-Regular.ttf"),
    ("NotoSerifDevanagari", "NotoSerifDevanagari-Regular.ttf"),
    ("NotoSerifThai", "NotoSerifThai-Regular.ttf"),
    ("DroidSansFallback", "DroidSansFallbackFull.ttf"),
    ("NanumMyeongjo", "NanumMyeongjo.ttf"),
)
#: Characters that are never drawn, so need no glyph: controls, format characters (joiners,
#: direction marks, soft hyphen), and white space.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}

_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"[ \u00a0]+")

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


@dataclass(frozen=True)
class Unprintable:
    """A character that no font of the briefing can draw."""

    char: str

    def describe(self) -> str:
        name = unicodedata.name(self.char, "an unnamed character")
        return f"“{self.char}” (U+{ord(self.char):04X} {name})"


def _base_coverage() -> frozenset[int]:
    """The characters DejaVu Serif has (read once; the fallback faces are not loaded for it)."""
    register_fonts()
    with _lock:
        if SERIF not in _coverage:
            _coverage[SERIF] = frozenset(pdfmetrics.getFont(SERIF).face.charToGlyph)
        return _coverage[SERIF]


def _plain(text: str) -> bool:
    """Whether the base face draws all of ``text`` (most text: the fallback faces stay unloaded)."""
    return text.isascii() or set(map(ord, text)) <= _base_coverage()


def register_script_fonts() -> None:
    """Register the fallback faces with reportlab (once per process, when a text first needs
    them; any thread). Reading them costs about 0.3 s and 30 MB."""
    _base_coverage()
    with _lock:
        if FALLBACKS[0][0] in _coverage:
            return
        folder = resources_dir() / "fonts"
        coverage = {}
        for name, file in FALLBACKS:
            if file is None:
                font = pdfmetrics.getFont(name)
            else:
                font = TTFont(name, str(folder / file))
                pdfmetrics.registerFont(font)
                # one face serves for bold and italic too: <b> inside a quote keeps its script
                pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
            coverage[name] = frozenset(font.face.charToGlyph)
        install_shaping()
        _coverage.update(coverage)


def _face_of(ch: str) -> str | None:
    """The face that draws ``ch``: None for the base face (or a character that needs no glyph),
    the name of a fallback face, or "" when no face has it."""
    code = ord(ch)
    if code < 0x250 or code in _coverage[SERIF] or unicodedata.category(ch) in _INVISIBLE or ch.isspace():
        return None
    for name, _ in FALLBACKS:
        if code in _coverage[name]:
            return name
    return ""


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into runs drawn by one face each: ``(None, run)`` for the paragraph's own
    face, ``(name, run)`` for a fallback face. A word is kept in one face as far as it can be
    (reportlab shapes a word in the face of its first character): the punctuation and digits
    of a word in a fallback script go to that face when it has them; combining marks stay with
    their letter, and the spaces between words of one fallback script stay in its run."""
    if _plain(text):
        return [(None, text)] if text else []
    register_script_fonts()
    faces = [_face_of(ch) or None for ch in text]  # "" (no face has it) draws in the base face
    rtl = right_to_left(text)
    for word in _WORD.finditer(text):
        face = next((f for f in faces[word.start() : word.end()] if f), None)
        if face is not None and (rtl or not _has_rtl(text, word.start(), word.end())):
            # in a left-to-right paragraph the brackets and stops around an Arabic or Hebrew word
            # stay left to right, outside its run
            cover = _coverage[face]
            for n in range(word.start(), word.end()):
                if faces[n] is None and ord(text[n]) in cover:
                    faces[n] = face
    for n in range(1, len(text)):
        kind = unicodedata.category(text[n])
        if kind[0] == "M" or kind in _INVISIBLE:
            faces[n] = faces[n - 1]
    for space in _SPACES.finditer(text):  # between two words of one fallback face: in its run
        before, after = space.start() - 1, space.end()
        if before >= 0 and after < len(text) and faces[before] is not None and faces[before] == faces[after]:
            faces[space.start() : space.end()] = [faces[before]] * (space.end() - space.start())
    runs: list[tuple[str | None, str]] = []
    start = 0
    for n in range(1, len(text) + 1):
        if n == len(text) or faces[n] != faces[start]:
            runs.append((faces[start], text[start:n]))
            start = n
    return runs


_FALLBACK_TAGS = tuple(f'<font name="{name}">' for name, _ in FALLBACKS)


def _has_rtl(text: str, start: int, end: int) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text[start:end])


def in_fallback_face(markup: str) -> bool:
    """Whether paragraph markup has a run in a fallback face (see ``pdf_markup.escape_text``)."""
    return "<font name=" in markup and any(tag in markup for tag in _FALLBACK_TAGS)


def right_to_left(text: str) -> bool:
    """Whether a paragraph reads right to left: its first letter is Arabic, Hebrew …"""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def unprintable(text: str) -> list[Unprintable]:
    """The distinct characters of ``text`` that no face of the briefing has a glyph for."""
    if _plain(text):
        return []
    register_script_fonts()
    missing: dict[str, None] = {}
    for ch in text:
        if _face_of(ch) == "":
            missing.setdefault(ch)
    return [Unprintable(ch) for ch in missing]
