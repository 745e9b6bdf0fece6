"""A query's text before whoosh reads it, and the dates the index keeps.

Whoosh guesses silently at a query it cannot read; :func:`syntax_problem` says in words what
is wrong instead, and :func:`plain_words` gives the words to search for then. Whoosh's date
parser reads ``20250101`` right but only the year of ``2025-01-01`` inside a range, so
:func:`compact_dates` rewrites the ``date:`` clauses first. No whoosh here.
"""

from __future__ import annotations

import re
from collections.abc import Container
from datetime import UTC, datetime

OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
BINARY_OPERATORS = OPERATORS - {"NOT"}

_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]?|\{[^}]*\}?|\S+)")
_EMPTY_FIELD = re.compile(r"(?<![\w:])([A-Za-z_]\w*):(?=\s|$|\))")
_FIELD = re.compile(r"(?<![\w:/])([A-Za-z_]\w*):(?!//)")
_QUOTED = re.compile(r'"[^"]*"')
_WORD = re.compile(r"\w+")


def _iso_to_compact(clause: re.Match[str]) -> str:
    """``date:[2025-01-01 to 2025-03-31]`` -> ``date:[20250101 to 20250331]``."""
    body = re.sub(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lambda m: f"{m[1]}{int(m[2]):02}{int(m[3]):02}", clause[1])
    body = re.sub(r"\b(\d{4})-(\d{1,2})\b", lambda m: f"{m[1]}{int(m[2]):02}", body)
    return "date:" + body


def compact_dates(text: str) -> str:
    """The query with the ISO dates of its ``date:`` clauses written as whoosh reads them."""
    return _DATE_CLAUSE.sub(_iso_to_compact, text)


def first_date_clause(text: str) -> str | None:
    """The first ``date:...`` clause of the query as typed, or None."""
    found = _DATE_CLAUSE.search(text)
    return found[0] if found else None


def without_dates(text: str) -> str:
    """The query without its ``date:`` clauses."""
    return _DATE_CLAUSE.sub(" ", text)


def syntax_problem(text: str, fields: Container[str]) -> str | None:
    """What is wrong with a query in words, or None. Whoosh would silently guess instead."""
    if text.count('"') % 2:
        return "a quotation mark is not closed"
    bare = _QUOTED.sub("x", text)
    for opening, closing in ("()", "[]", "{}"):
        depth = 0
        for ch in bare:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                return f"“{closing}” has no “{opening}” before it"
        if depth:
            return f"a “{opening}” is not closed"
    empty = _EMPTY_FIELD.search(bare)
    if empty:
        return f"“{empty[1]}:” has nothing after it"
    for name in _FIELD.findall(bare):
        if name not in fields:
            return f"there is no field “{name}”; try title:, publisher:, author:, tags:, lang: or date:"
    words = re.findall(r"[^\s()]+", re.sub(r"[\[{][^\]}]*[\]}]", " x ", bare))
    for before, word, after in zip([None, *words], words, [*words[1:], None]):
        if word in BINARY_OPERATORS and (before is None or before in OPERATORS or after is None):
            return f"{word} needs something to search on each side"
        if word == "NOT" and (after is None or after in BINARY_OPERATORS):
            return "NOT needs something after it"
    return None


def plain_words(text: str) -> list[str]:
    """The words of a query without its syntax: field names, operators, quotes, brackets."""
    return [w for w in _WORD.findall(_FIELD.sub(" ", text)) if w not in OPERATORS and w != "TO"]


def parse_published(value: str | None) -> datetime | None:
    """A publication date as the index keeps it (naive UTC), from an ISO date or time, or
    from a leading year (and month); None if there is none."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"(\d{4})(?:-(\d{1,2}))?", value.strip())
        if not match:
            return None
        try:
            return datetime(int(match[1]), int(match[2] or 1), 1)
        except ValueError:
            return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when
