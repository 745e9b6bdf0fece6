"""Author names as citation styles want them: family and given names, several authors, organisations.

A byline is free text: "Ilse Vandermeer", "Vandermeer, Ilse", "By Jane Doe and John Smith",
"Anna Kowalska; Piotr Nowak", "Ludwig van Beethoven", "Reuters", "BBC News". Each author
becomes a CSL name: ``{"family": "Vandermeer", "given": "Ilse"}``, with particles ("van",
"de la") kept as a non-dropping particle and suffixes ("Jr.") as a suffix, or
``{"literal": "BBC News"}`` for an organisation, which styles print as written.
"""

from __future__ import annotations

import re

Name = dict[str, str]

#: Lower-case words that belong to the family name when they stand before it.
PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "dela",
        "di",
        "da",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "do",
        "zu",
    }
)
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
#: Words that make a byline an organisation rather than a person.
ORGANISATION_WORDS = frozenset(
    {
        "news",
        "agency",
        "press",
        "staff",
        "desk",
        "reporters",
        "reporter",
        "correspondents",
        "correspondent",
        "bureau",
        "times",
        "post",
        "journal",
        "ministry",
        "department",
        "office",
        "council",
        "committee",
        "institute",
        "university",
        "association",
        "union",
        "government",
        "commission",
        "bank",
        "service",
        "services",
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "corp",
        "corp.",
        "company",
        "group",
        "foundation",
        "editorial",
        "editors",
        "team",
        "network",
        "television",
        "radio",
        "tv",
        "newsroom",
        "wire",
        "centre",
        "center",
        "media",
        "herald",
        "tribune",
        "gazette",
    }
)
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&|und|et|y)\s+|\s*;\s*", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z0-9&]{2,}$")
MAX_PERSON_WORDS = 5


def parse_authors(byline: str | None) -> list[Name]:
    """The authors of a byline, in order; an empty list when there is none."""
    text = _BY.sub("", (byline or "").strip()).strip(" ,;")
    if not text:
        return []
    if is_organisation(text):
        return [{"literal": text}]
    names: list[Name] = []
    for part in _AND.split(text):
        part = part.strip(" ,")
        if part:
            names += _split_commas(part)
    return names


def is_organisation(text: str) -> bool:
    """Whether a name reads as an organisation: an agency, a desk, a ministry, an acronym."""
    words = text.split()
    if any(w.casefold().strip(",.") in ORGANISATION_WORDS for w in words):
        return True
    if len(words) == 1:
        return "," not in text and "." not in text  # "Reuters"; but not "Vandermeer, I."
    return any(_ACRONYM.match(w) for w in words) and not any(len(w.strip(".")) == 1 for w in words)


def parse_name(text: str) -> Name:
    """One person's (or organisation's) name as a CSL name."""
    text = " ".join(text.split())
    if is_organisation(text):
        return {"literal": text}
    if "," in text:
        family, _, given = text.partition(",")
        given, suffix = _take_suffix(given.strip())
        return _person(given, family.strip(), suffix)
    words = text.split()
    if len(words) > MAX_PERSON_WORDS:
        return {"literal": text}
    suffix = ""
    if len(words) > 2 and words[-1].casefold() in SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return {"literal": words[0]}
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:  # particles are lower case: "van", not "Van"
        start -= 1
    return _person(" ".join(words[:start]), " ".join(words[start:]), suffix)


def _split_commas(part: str) -> list[Name]:
    """ "Doe, Jane" is one name; "Jane Doe, John Smith" two; "Doe, Jane, Jr." one with a suffix."""
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    if len(pieces) == 1:
        return [parse_name(pieces[0])]
    if len(pieces) == 2 and len(pieces[0].split()) <= 2 and not _looks_full(pieces[1]):
        return [parse_name(part)]  # "Vandermeer, Ilse" / "Vandermeer, I."
    if len(pieces) == 3 and pieces[2].casefold() in SUFFIXES:
        return [parse_name(part)]
    return [parse_name(p) for p in pieces]


def _looks_full(piece: str) -> bool:
    """Whether a comma-separated piece is a whole name ("John Smith") rather than given names ("Ilse")."""
    words = piece.split()
    if len(words) < 2 or words[-1].casefold() in SUFFIXES:
        return False
    return not all(len(w.strip(".")) <= 1 for w in words) and not words[-1].endswith(".")


def _take_suffix(given: str) -> tuple[str, str]:
    head, _, tail = given.rpartition(",")
    if head and tail.strip().casefold() in SUFFIXES:
        return head.strip(), tail.strip()
    return given, ""


def _person(given: str, family: str, suffix: str = "") -> Name:
    name: Name = {"family": family}
    words = family.split()
    particles = []
    while len(words) > 1 and words[0] in PARTICLES:
        particles.append(words.pop(0))
    if particles:
        name = {"family": " ".join(words), "non-dropping-particle": " ".join(particles)}
    if given:
        name["given"] = given
    if suffix:
        name["suffix"] = suffix
    return name
