"""Finding a quote in a text that spells the same letters another way: ``é`` as one character
(NFC) or as ``e`` and a combining accent (NFD). Matching compares both in NFC; the span found
is in the original text, which stays as it is (it is what a clip prints and what is proven)."""

from __future__ import annotations

import re
import unicodedata


def _clusters(text: str) -> list[tuple[int, int]]:
    """[start, end) of each character with the combining marks that follow it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            spans.append((start, i))
            start = i
    return spans


def normalised(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` in NFC, and for each of its characters the start and the end in ``text`` of
    the character (with its marks) it comes from."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        piece = unicodedata.normalize("NFC", text[start:end])
        parts.append(piece)
        starts += [start] * len(piece)
        ends += [end] * len(piece)
    return "".join(parts), starts, ends


def find_normalised(text: str, quote: str, near: int = 0) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` once both are in NFC (white space as any white space),
    as a span of the original ``text``; None if nowhere, or if both are in NFC already (then an
    exact search has said all there is)."""
    if unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", quote):
        return None
    words = unicodedata.normalize("NFC", quote).split()
    if not words:
        return None
    flat, starts, ends = normalised(text)
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    matches = list(pattern.finditer(flat))
    if not matches:
        return None
    best = min(matches, key=lambda m: abs(starts[m.start()] - near))
    return starts[best.start()], ends[best.end() - 1]
