"""A clip's words as a reader should see them quoted: in quotation marks, with an ellipsis where they were cut.

An excerpt that starts inside a sentence opens with "…", one that stops inside a sentence
ends with "…" (after a space when the clip ends with a comma or the like, which is kept: the
words are printed as quoted). Quotation marks are never doubled:
a clip that is itself one whole quotation keeps its own marks, and double quotation marks
inside a clip become single ones, as nested quotations are printed. Whether a cut falls inside
a sentence is read from the words around the clip in its source (``context_before`` and
``context_after``), so a renderer needs nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.core.dossier import Clip

ELLIPSIS = "…"
OPEN, CLOSE = "“", "”"
_ENDS = ".?!…"
_CLOSING_MARKS = "”’\"')]»"
_OPENING_MARKS = "“‘„‚\"'([«"
_OPENING_DOUBLE, _CLOSING_DOUBLE = "“„\"«", "”\"»"
_CUT_PUNCTUATION = ",;:—–- \t\n"
_NESTED = str.maketrans({"“": "‘", "”": "’", "„": "‚"})


@dataclass(frozen=True)
class Quoted:
    """A quote as printed: ``lead`` + ``body`` + ``tail`` (``lead``/``tail`` hold the marks and ellipses)."""

    lead: str
    body: str
    tail: str

    def text(self) -> str:
        return self.lead + self.body + self.tail

    def short(self, limit: int) -> str:
        """On one line, the body cut to about ``limit`` characters (the cut shown by one ellipsis)."""
        body = " ".join(self.body.split())
        if len(body) <= limit:
            return self.lead + body + self.tail
        cut = body[:limit + 1].rsplit(" ", 1)[0] if " " in body[:limit + 1] else body[:limit - 1]
        return self.lead + cut.rstrip(_CUT_PUNCTUATION) + ELLIPSIS + self.tail.lstrip(" " + ELLIPSIS)


def quoted(quote: str, before: str = "", after: str = "") -> Quoted:
    """How to print ``quote``, given the source text just ``before`` and ``after`` it."""
    body = quote.strip()
    if not body:
        return Quoted(OPEN, "", CLOSE)
    whole = (len(body) > 1 and body[0] in _OPENING_DOUBLE and body[-1] in _CLOSING_DOUBLE
             and not _has_double_marks(body[1:-1]))
    cut_start = not whole and starts_inside_sentence(body, before)
    cut_end = not whole and ends_inside_sentence(body, after)
    if whole:
        return Quoted("", body, "")
    body = _nested(body)
    cut = (" " if body[-1] in _CUT_PUNCTUATION else "") + ELLIPSIS if cut_end else ""
    return Quoted(OPEN + (ELLIPSIS if cut_start else ""), body, cut + CLOSE)


def clip_quoted(clip: Clip) -> Quoted:
    return quoted(clip.quote, clip.context_before, clip.context_after)


def starts_inside_sentence(quote: str, before: str) -> bool:
    """True if the words before ``quote`` in its source belong to the same sentence."""
    before = before.rstrip(" \t")
    if not before or before.endswith(("\n", "\r")):
        return False  # the start of the text or of a paragraph
    last = before[-1]
    if last in _OPENING_MARKS:
        return False  # the clip opens a quotation in its source
    if last in _CLOSING_MARKS and len(before) > 1 and before[-2] in _ENDS:
        return False
    if last in _ENDS:
        return False
    return not (last in ":—–" and quote[:1].isupper())


def ends_inside_sentence(quote: str, after: str) -> bool:
    """True if the sentence goes on after ``quote`` in its source."""
    end = quote.rstrip().rstrip(_CLOSING_MARKS)
    if end and end[-1] in _ENDS:
        return False
    rest = after.lstrip(" \t").lstrip(_CLOSING_MARKS)
    if rest[:1] in tuple(_ENDS):
        return False  # only the full stop is left out
    return bool(rest) and not rest.startswith(("\n", "\r"))


def _nested(text: str) -> str:
    """Double quotation marks as single ones; a typewriter mark opens after a space and closes otherwise."""
    out = []
    for n, ch in enumerate(text.translate(_NESTED)):
        if ch == '"':
            ch = "‘" if n == 0 or text[n - 1].isspace() or text[n - 1] in "([" else "’"
        out.append(ch)
    return "".join(out)


def _has_double_marks(text: str) -> bool:
    return any(ch in _OPENING_DOUBLE or ch in _CLOSING_DOUBLE for ch in text)
