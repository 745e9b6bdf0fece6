"""Words in every script, as the index of an article that is not in English sees them.

:func:`terms` cuts a text into the terms the index keeps, each with its exact ``[start, end)``
in the text (so highlights and phrases land on the characters the reader shows):

- words are letters, digits and the marks that belong to them (Arabic vowel signs, Thai
  vowels and tones, Devanagari matras: Python's ``\\w`` alone would cut words at them);
- Chinese, Japanese and Korean, and Thai, Lao, Khmer and Myanmar, are written without spaces
  between words: a run of them becomes overlapping **bigrams** of characters (Thai by
  character clusters: a consonant with its vowel and tone marks), so that a word anywhere in
  the run is found as the phrase of its bigrams; a run of one character is kept as it is;
- every other word is lower-cased, normalised (Arabic: no diacritics or tatweel, one alif,
  ي for ى, ه for ة, و and ي for their hamza forms; Hebrew without points; Greek without
  accents and with one sigma) and stemmed by the stemmer given.

No Qt, no whoosh: :mod:`dossier.core.index.languages` wraps this in a whoosh analyzer, and the
highlighter calls it directly, so that both always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

Stem = Callable[[str], str]


_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3031, 0x3035),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),
    (0xD7B0, 0xD7FF),  # Hangul
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3134F),  # CJK extensions B-G
)
#: Where combining marks are (the blocks scanned for them once, when first needed).
_MARK_BLOCKS = ((0x0300, 0x1DFF), (0x20D0, 0x20FF), (0x302A, 0x309A), (0xA66F, 0xABFF), (0xFB1E, 0xFE2F))


@dataclass(frozen=True)
class _Patterns:
    word: re.Pattern[str]  # letters, digits, underscore and combining marks
    word_with_apostrophes: re.Pattern[str]  # and parts joined by an apostrophe (перемир'я)
    unspaced_run: re.Pattern[str]  # a run of characters of scripts written without spaces
    unspaced_char: re.Pattern[str]
    cluster: re.Pattern[str]  # a character and the marks that follow it


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    """The regular expressions of this module, made on first use (finding the marks takes a while)."""
    ranges: list[tuple[int, int]] = []
    for low, high in _MARK_BLOCKS:
        for code in range(low, high + 1):
            if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    marks = "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)
    unspaced = "".join(
        f"\\U{a:08x}-\\U{b:08x}" if b > 0xFFFF else f"\\u{a:04x}-\\u{b:04x}" for a, b in _UNSPACED_RANGES
    )
    return _Patterns(
        re.compile(rf"[\w{marks}]+"),
        re.compile(rf"[\w{marks}]+(?:['’ʼ][\w{marks}]+)*"),
        re.compile(rf"[{unspaced}][{unspaced}{marks}]*"),
        re.compile(rf"[{unspaced}]"),
        re.compile(rf".[{marks}]*", re.DOTALL),
    )


_ARABIC = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,
        **{chr(c): None for c in range(0x064B, 0x0653)},  # fathatan … sukun, maddah
        "\u0670": None,  # superscript alef
    }
)
_HEBREW_POINTS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
_GREEK_ACCENTS = re.compile("[\u0300\u0301\u0308\u0342\u0343\u0344\u0345]")


def is_unspaced(ch: str) -> bool:
    """Whether ``ch`` is of a script written without spaces between words (CJK, Thai …)."""
    return bool(patterns().unspaced_char.match(ch))


def normalise(word: str) -> str:
    """A lower-case word with the spelling variants of its script folded together."""
    word = word.lower()
    if any("\u0600" <= ch <= "\u06ff" for ch in word):
        word = word.translate(_ARABIC)
    elif any("\u0590" <= ch <= "\u05ff" for ch in word):
        word = _HEBREW_POINTS.sub("", word)
    elif any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in word):
        word = _GREEK_ACCENTS.sub("", unicodedata.normalize("NFD", word)).replace("ς", "σ")
        word = unicodedata.normalize("NFC", word)
    return word


def bigrams(run: str, start: int) -> Iterator[tuple[str, int, int]]:
    """``(term, start, end)`` of each pair of neighbouring clusters of an unspaced run at
    ``start``; a run of one cluster is its own term."""
    clusters = [(m.start() + start, m.end() + start) for m in patterns().cluster.finditer(run)]
    if len(clusters) == 1:
        yield run, start, start + len(run)
        return
    for (a, _), (_, b) in pairwise(clusters):
        yield run[a - start : b - start], a, b


def terms(
    text: str, start: int = 0, end: int | None = None, *, stem: Stem | None = None, apostrophes: bool = False
) -> Iterator[tuple[str, int, int]]:
    """``(term, start, end)`` of every term of ``text[start:end]``, in order (see the module).
    With ``apostrophes``, words joined by an apostrophe are one (Ukrainian)."""
    found = patterns()
    stem_of = stem or _same
    word = found.word_with_apostrophes if apostrophes else found.word
    unspaced_char, unspaced_run = found.unspaced_char, found.unspaced_run
    stop = len(text) if end is None else end
    for match in word.finditer(text, start, stop):
        token, at = match.group(), match.start()
        if not unspaced_char.search(token):
            term = _stemmed(token, stem_of)
            if term:  # not a word of marks only (a tatweel, diacritics)
                yield term, at, match.end()
            continue
        pos = 0
        for run in unspaced_run.finditer(token):
            if run.start() > pos:
                yield from _spaced(token[pos : run.start()], at + pos, stem_of)
            yield from bigrams(run.group(), at + run.start())
            pos = run.end()
        if pos < len(token):
            yield from _spaced(token[pos:], at + pos, stem_of)


def _same(word: str) -> str:
    return word


def _spaced(part: str, at: int, stem_of: Stem) -> Iterator[tuple[str, int, int]]:
    """The part of a token that is not in an unspaced script (``G20`` of ``G20峰会``)."""
    trimmed = part.strip("_")
    term = _stemmed(trimmed, stem_of)
    if term:
        offset = part.index(trimmed)
        yield term, at + offset, at + offset + len(trimmed)


def _stemmed(word: str, stem_of: Stem) -> str:
    """The term of a word; empty if nothing is left of it once normalised (stemmers fail on
    an empty word)."""
    normal = normalise(word)
    return stem_of(normal) if normal else ""
