"""Putting a quotation in quotation marks, once.

A clip that already begins or ends with a quotation mark (a speaker's own words, a phrase
query typed in straight quotes) shares that mark with ours rather than doubling it:
``“I’ll be speaking…”`` not ``““I’ll be speaking…”``. Every view that shows a clip or a
query in quotation marks uses :func:`quoted`, so they all agree.
"""

from __future__ import annotations

#: Double quotation marks that may open a quotation (English, German, French, straight).
OPENING_MARKS = frozenset('"“„«»')
#: Double quotation marks that may close one.
CLOSING_MARKS = frozenset('"”“»«')
OPEN, CLOSE = "“", "”"


def strip_marks(text: str) -> str:
    """``text`` without white space at its ends and without one double quotation mark at
    its start and one at its end (where it has them)."""
    body = text.strip()
    if body[:1] in OPENING_MARKS:
        body = body[1:]
    if body[-1:] in CLOSING_MARKS:
        body = body[:-1]
    return body


def quoted(text: str, opening: str = OPEN, closing: str = CLOSE) -> str:
    """``text`` in quotation marks, sharing a mark it begins or ends with instead of doubling it."""
    return f"{opening}{strip_marks(text)}{closing}"
