"""Quotes as editors shorten and clarify them: ``…`` omissions, ``[word]`` insertions, ``[sic]``.

An *edit* is the quote as printed. It is read as a sequence of pieces separated by omissions
(``…``, ``...``, ``[…]`` or ``[...]``); a piece is words of the source, possibly with
bracketed insertions among them:

- the words outside brackets (the *kept fragments*) must stand in the source, in order,
  within one article, each fragment word for word (white space may differ);
- an omission may leave out any amount of the source;
- an insertion (``[the Kremlin]``, ``[T]he``) may stand in for at most
  :data:`MAX_REPLACED_CHARS` characters of the source, never across a paragraph break;
- ``[sic]`` replaces nothing: the words on both sides of it are next to each other in the source.

:func:`locate_in` finds where each kept fragment stands; :func:`explain` says, when it fails,
which word of the quote differs from the source and what the source says there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ELLIPSIS = "…"
#: An insertion may stand in for at most this many characters of the source.
MAX_REPLACED_CHARS = 60

TEXT, INSERT, OMIT = "text", "insert", "omit"

_TOKENS = re.compile(r"\[[^\[\]]*\]|…|\.\.\.")
_OMISSIONS = {"…", "...", "[…]", "[...]"}
_SIC = re.compile(r"(?i)^sic!?$")
_GAP = r"(?:(?!\n[ \t]*\n)[\s\S]){0," + str(MAX_REPLACED_CHARS) + "}?"


class EditError(ValueError):
    """An edited quote that cannot be read (an unclosed bracket, nothing quoted)."""


@dataclass(frozen=True)
class Part:
    kind: str  # text, insert, omit
    text: str


def has_marks(quote: str) -> bool:
    """True when ``quote`` uses an omission or a bracket."""
    return bool(_TOKENS.search(quote)) or "[" in quote or "]" in quote


def parse(edit: str) -> list[Part]:
    """The parts of an edited quote. Raises :class:`EditError` when it cannot be read."""
    parts: list[Part] = []
    pos = 0
    for match in _TOKENS.finditer(edit):
        parts.append(Part(TEXT, edit[pos : match.start()]))
        token = match.group()
        if token in _OMISSIONS:
            parts.append(Part(OMIT, token))
        elif not token[1:-1].strip():
            raise EditError("An empty pair of brackets [ ] holds nothing to insert.")
        else:
            parts.append(Part(INSERT, token[1:-1]))
        pos = match.end()
    parts.append(Part(TEXT, edit[pos:]))
    for part in parts:
        if part.kind == TEXT and ("[" in part.text or "]" in part.text):
            raise EditError("A bracket [ ] is not closed: insertions go between [ and ].")
    parts = [p for p in parts if p.kind != TEXT or p.text.strip()]
    if not any(p.kind == TEXT for p in parts):
        raise EditError("The quote keeps no words of the source.")
    return parts


def normalized(edit: str) -> str:
    """The edit as printed: ``...`` becomes ``…``, and white space around the ends is trimmed."""
    return re.sub(r"(?<!\[)\.\.\.(?!\])", ELLIPSIS, edit.strip()).replace("[...]", f"[{ELLIPSIS}]")


def pieces(parts: list[Part]) -> list[list[Part]]:
    """The parts between omissions (empty pieces left out)."""
    out: list[list[Part]] = [[]]
    for part in parts:
        if part.kind == OMIT:
            out.append([])
        else:
            out[-1].append(part)
    return [p for p in out if any(x.kind == TEXT for x in p)]


def _words(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in text.split())


def _pattern(piece: list[Part]) -> re.Pattern[str]:
    """A piece as a regex with one group per kept fragment."""
    out: list[str] = []
    for n, part in enumerate(piece):
        if part.kind == INSERT:
            out.append(r"\s*" if _SIC.match(part.text.strip()) else _GAP)
            continue
        prev = piece[n - 1] if n else None
        after = piece[n + 1] if n + 1 < len(piece) else None
        glued_left = prev is not None and not part.text[:1].isspace()  # [T]he
        glued_right = after is not None and not part.text[-1:].isspace()  # Kyiv[’s]
        left = "" if glued_left else r"(?<!\w)"
        right = "" if glued_right else r"(?!\w)"
        if prev is not None and prev.kind == INSERT and not glued_left:
            out.append(r"\s*")
        out.append(f"{left}({_words(part.text)}){right}")
        if after is not None and not glued_right:
            out.append(r"\s*")
    return re.compile("".join(out))


def _joined(tokens: list[str]) -> str:
    """Word regexes joined by white space, and gaps by optional white space."""
    out = ""
    for n, token in enumerate(tokens):
        if n:
            word_pair = token not in (_GAP, r"\s*") and tokens[n - 1] not in (_GAP, r"\s*")
            out += r"\s+" if word_pair else r"\s*"
        out += token
    return out


def locate_in(text: str, edit: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]] | None:
    """Where each kept fragment of ``edit`` stands in ``text[lo:hi]``, in order; None when they do not.

    Raises :class:`EditError` when the edit cannot be read.
    """
    hi = len(text) if hi is None else hi
    spans: list[tuple[int, int]] = []
    pos = lo
    for piece in pieces(parse(edit)):
        match = _pattern(piece).search(text, pos, hi)
        if match is None:
            return None
        spans += [match.span(g) for g in range(1, (match.re.groups or 0) + 1)]
        pos = match.end()
    return spans


def explain(text: str, edit: str, lo: int = 0, hi: int | None = None) -> str:
    """Why ``edit`` does not stand in ``text[lo:hi]``: the first word of the quote that differs,
    and what the source has there. Call it when :func:`locate_in` returned None."""
    hi = len(text) if hi is None else hi
    pos = lo
    for piece in pieces(parse(edit)):
        match = _pattern(piece).search(text, pos, hi)
        if match is not None:
            pos = match.end()
            continue
        tokens: list[str] = []  # a regex for each word of the piece, gaps for insertions
        words: list[str] = []
        for part in piece:
            if part.kind == INSERT:
                tokens.append(r"\s*" if _SIC.match(part.text.strip()) else _GAP)
            else:
                for word in part.text.split():
                    tokens.append(re.escape(word))
                    words.append(word)
        best, best_end = 0, -1
        for k in range(len(words), 0, -1):
            regex, seen = [], 0
            for token in tokens:
                if seen == k:
                    break
                regex.append(token)
                if token != r"\s*" and token != _GAP:
                    seen += 1
            found = re.compile(r"(?<!\w)" + _joined(regex)).search(text, pos, hi)
            if found is not None:
                best, best_end = k, found.end()
                break
        word = words[best] if best < len(words) else words[-1]
        if best == 0:
            where = " after the words quoted before it" if pos > lo else ""
            return f"“{word}” is not in the source{where}."
        there = re.match(r"\s*(\S+)", text[best_end:hi])
        has = there.group(1).strip('.,;:!?"“”‘’()') if there else ""
        return (
            f"“{word}” differs from the source, which has “{has}” there."
            if has
            else f"The source ends before “{word}”."
        )
    return "The quote stands in the source."


__all__ = [
    "ELLIPSIS",
    "MAX_REPLACED_CHARS",
    "EditError",
    "Part",
    "explain",
    "has_marks",
    "locate_in",
    "normalized",
    "parse",
    "pieces",
]
