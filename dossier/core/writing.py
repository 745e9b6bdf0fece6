"""Which script a text is written in, so an export can mark a quote in another one.

A briefing is in English; a quote mostly in Cyrillic, Greek, Arabic… letters is tagged with a
BCP 47 tag of undetermined language in that script (``und-Cyrl``), and a right-to-left one
with its direction, so that browsers, screen readers and word processors treat it right.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Unicode name prefixes of letters -> ISO 15924 script codes.
SCRIPTS = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
    "HANGUL": "Hang",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "CJK": "Hani",
    "BENGALI": "Beng",
    "TAMIL": "Taml",
    "ETHIOPIC": "Ethi",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
}
RIGHT_TO_LEFT = frozenset({"Arab", "Hebr", "Syrc", "Thaa"})


@dataclass(frozen=True)
class Script:
    code: str  # ISO 15924, "Latn" for a text with no letters
    lang: str | None  # "und-Cyrl"; None for Latin script (the briefing's own)
    direction: str  # "ltr" or "rtl"


def script_of(text: str) -> Script:
    """The script most letters of ``text`` are in."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        code = next((c for prefix, c in SCRIPTS.items() if name.startswith(prefix)), None)
        if code:
            counts[code] = counts.get(code, 0) + 1
    code = max(counts, key=lambda c: counts[c]) if counts else "Latn"
    if code == "Latn":
        return Script(code, None, "ltr")
    return Script(code, f"und-{code}", "rtl" if code in RIGHT_TO_LEFT else "ltr")
