"""Grading sources and information with the Admiralty (NATO) code.

Each *article* gets a source reliability from A to F, which holds for every clip from it; each
*clip* gets the credibility of what it says, from 1 to 6. Together they print as ``B2``: a
usually reliable source, probably true information. A grade not given prints as ``–``
(``B–``, ``–2``); nothing prints when neither is given.
"""

from __future__ import annotations

from dossier.core.errors import DossierError

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}
UNGRADED = "–"
CLEAR = ("", "-", "none")


class BadGrade(DossierError):
    """A grade outside the scale."""


def reliability(value: str | None) -> str | None:
    """A reliability as given by a person ("b", "B", "" or "none" to clear it); raises :class:`BadGrade`."""
    text = (value or "").strip()
    if text.lower() in CLEAR:
        return None
    if text.upper() not in RELIABILITY:
        raise BadGrade(
            f"“{text}” is not a reliability: give a letter from A (completely reliable) to F (cannot be judged)."
        )
    return text.upper()


def credibility(value: str | int | None) -> int | None:
    """A credibility as given by a person (2, "2", "" or "none" to clear it); raises :class:`BadGrade`."""
    text = str(value if value is not None else "").strip()
    if text.lower() in CLEAR:
        return None
    if not text.isdigit() or int(text) not in CREDIBILITY:
        raise BadGrade(
            f"“{text}” is not a credibility: give a number from 1 (confirmed by other sources) to 6 (cannot be judged)."
        )
    return int(text)


def code(reliability_grade: str | None, credibility_grade: int | None) -> str:
    """``B2``; ``B–`` or ``–2`` with one grade missing; "" with none."""
    if reliability_grade is None and credibility_grade is None:
        return ""
    return f"{reliability_grade or UNGRADED}{credibility_grade if credibility_grade is not None else UNGRADED}"


def describe(reliability_grade: str | None, credibility_grade: int | None) -> str:
    """The grade in words: "B2: source usually reliable; information probably true"."""
    grade = code(reliability_grade, credibility_grade)
    if not grade:
        return "not graded"
    words = []
    if reliability_grade is not None:
        words.append(f"source {RELIABILITY[reliability_grade]}")
    if credibility_grade is not None:
        words.append(f"information {CREDIBILITY[credibility_grade]}")
    return f"{grade}: {'; '.join(words)}"
