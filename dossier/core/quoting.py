"""Putting a quotation in quotation marks, once, and showing where it was cut.

Every view that shows a clip or a query in quotation marks uses this module, so they agree
(the PDF, the dossier tree and its tooltips, the status bar, the reader's match bar).

Quotation marks are never doubled. A quotation that begins or ends with a double quotation mark
of its own (a speaker's words, a phrase query typed in straight quotes) shares that mark with
ours: ``“I’ll be speaking…”`` not ``““I’ll be speaking…”``. A mark that pairs with one inside
the text is not shared: the pair is printed as single marks, as a quotation within a quotation
is (``“…discussed ‘dividing up certain assets’”``).

A clip (:func:`clip_quoted`) also shows its cuts: one that starts inside a sentence of its
source opens with "…", one that stops inside a sentence ends with "…" (after a space when
the clip ends with a comma or the like, which is kept, since the words are printed as quoted).
Whether a cut falls inside a sentence is read from the words around the clip in its source
(``context_before`` and ``context_after``), so no renderer needs the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.core.dossier import Clip

#: Double quotation marks that may open a quotation (English, German, French, straight).
OPENING_MARKS = frozenset('"“„«»')
#: Double quotation marks that may close one.
CLOSING_MARKS = frozenset('"”“»«')
OPEN, CLOSE = "“", "”"
ELLIPSIS = "…"
_ENDS = ".?!…"
_CLOSERS = "”’\"')]»"
_OPENERS = "“‘„‚\"'([«"
_CUT_PUNCTUATION = ",;:—–- \t\n"
_NESTED = {"“": "‘", "”": "’", "„": "‚", "«": "‹", "»": "›"}


@dataclass(frozen=True)
class Quoted:
    """A quotation as printed: ``lead`` + ``body`` + ``tail`` (``lead``/``tail`` hold the marks and ellipses)."""

    lead: str
    body: str
    tail: str

    def text(self) -> str:
        return self.lead + self.body + self.tail

    def short(self, limit: int) -> str:
        """On one line, the body cut at a word to about ``limit`` characters (the cut shown by one ellipsis)."""
        body = " ".join(self.body.split())
        if len(body) <= limit:
            return self.lead + body + self.tail
        cut = body[: limit + 1].rsplit(" ", 1)[0] if " " in body[: limit + 1] else body[: limit - 1]
        return self.lead + cut.rstrip(_CUT_PUNCTUATION) + ELLIPSIS + self.tail.lstrip(" " + ELLIPSIS)


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
    return quote_parts(text, opening=opening, closing=closing).text()


def quote_parts(
    text: str, *, cut_start: bool = False, cut_end: bool = False, opening: str = OPEN, closing: str = CLOSE
) -> Quoted:
    """``text`` as a quotation, with an ellipsis at the start or the end where it was cut."""
    body = text.strip()
    if len(body) <= 1:
        return Quoted(opening, body if body not in OPENING_MARKS | CLOSING_MARKS else "", closing)
    inner = body[1:-1]
    share_open = body[0] in OPENING_MARKS and not any(ch in CLOSING_MARKS for ch in inner)
    share_close = body[-1] in CLOSING_MARKS and not any(ch in OPENING_MARKS for ch in inner)
    if share_open:
        body, cut_start = body[1:], False
    if share_close:
        body, cut_end = body[:-1], False
    body = _nested(body)
    lead = opening + (ELLIPSIS if cut_start else "")
    tail = ((" " if body[-1:] in _CUT_PUNCTUATION else "") + ELLIPSIS if cut_end else "") + closing
    return Quoted(lead, body, tail)


def clip_quoted(clip: Clip) -> Quoted:
    """A clip's words as printed (its edit, if it has one), in quotation marks, its cuts shown."""
    words = clip.printed.strip()
    return quote_parts(
        words,
        cut_start=starts_inside_sentence(words, clip.context_before),
        cut_end=ends_inside_sentence(words, clip.context_after),
    )


def starts_inside_sentence(quote: str, before: str) -> bool:
    """True if the words just ``before`` a quote in its source belong to the same sentence."""
    before = before.rstrip(" \t")
    if not before or before.endswith(("\n", "\r")) or quote[:1] in _OPENERS:
        return False  # the start of the text or of a paragraph, or of a quotation
    last = before[-1]
    if last in _OPENERS:
        return False  # the clip opens a quotation in its source
    if last in _ENDS or (last in _CLOSERS and len(before) > 1 and before[-2] in _ENDS):
        return False
    return not (last in ":—–" and quote[:1].isupper())


def ends_inside_sentence(quote: str, after: str) -> bool:
    """True if the sentence goes on after a quote in its source (leaving out only its full stop is no cut)."""
    end = quote.rstrip().rstrip(_CLOSERS)
    if end[-1:] in tuple(_ENDS):
        return False
    rest = after.lstrip(" \t").lstrip(_CLOSERS)
    return not (not rest or rest.startswith(("\n", "\r")) or rest[0] in _ENDS)


def _nested(text: str) -> str:
    """Double quotation marks as single ones; a straight mark opens after a space and closes otherwise."""
    out = []
    for n, ch in enumerate(text):
        if ch == '"':
            ch = "‘" if n == 0 or text[n - 1].isspace() or text[n - 1] in "([" else "’"
        out.append(_NESTED.get(ch, ch))
    return "".join(out)
