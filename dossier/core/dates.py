"""Reading a date as people type it: ISO (2025-03-17, 2025-03, 2025), with the month in words
(17 March 2025, March 17, 2025, Mar 2025), or with dots, day first (17.03.2025). The answer
is ISO, as the library stores it. Slashed dates (03/04/2025) are refused: they mean different
days in different countries. And printing one: :func:`format_date`, :func:`year_of`."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
_SLASHED = re.compile(r"^\d{1,4}/\d{1,2}/\d{1,4}$")

HINT = "Write the date as 2025-03-17 or 17 March 2025 (a month, 2025-03, or a year, 2025, will do)."


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def read_date(text: str) -> str | None:
    """``text`` as an ISO date ("2025-03-17", "2025-03" or "2025"); None when it is not one."""
    value = " ".join(text.strip().casefold().split())
    if m := _ISO.match(value):
        return _iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    if m := _DOTTED.match(value):
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if (m := _DAY_MONTH.match(value)) and m[2] in MONTHS:
        return _iso(int(m[3]), MONTHS[m[2]], int(m[1]))
    if (m := _MONTH_DAY.match(value)) and m[1] in MONTHS:
        return _iso(int(m[3]), MONTHS[m[1]], int(m[2]))
    if (m := _MONTH_YEAR.match(value)) and m[1] in MONTHS:
        return _iso(int(m[2]), MONTHS[m[1]])
    return None


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a date, in a sentence; None when it is one (or is empty)."""
    if not text.strip() or read_date(text) is not None:
        return None
    if _SLASHED.match(text.strip()):
        return f"“{text.strip()}” could be read two ways. {HINT}"
    return f"“{text.strip()}” is not a date. {HINT}"


# ---------------------------------------------------------------------- printing

NO_DATE = "n.d."
_MONTH_NAMES = tuple(max((m for m, k in MONTHS.items() if k == n), key=len).title() for n in range(1, 13))
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")


def format_date(value: str | None) -> str:
    """ "17 March 2025" from "2025-03-17" (or "March 2025", "2025"); "n.d." when unknown.

    A date that is not ISO 8601 is printed as the source gave it.
    """
    value = (value or "").strip()
    if not value:
        return NO_DATE
    match = _ISO_DATE.match(value)
    if not match:
        return value
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if year is None:
            return value
        if day is not None and month is not None:
            date(year, month, day)
            return f"{day} {_MONTH_NAMES[month - 1]} {year}"
        if month is not None:
            return f"{_MONTH_NAMES[month - 1]} {year}"
    except (ValueError, IndexError):
        return value
    return str(year)


def year_of(value: str | None) -> str:
    """The year of a date, for author-date citations; "n.d." when unknown."""
    match = _YEAR.search(value or "")
    return match.group(1) if match else NO_DATE
