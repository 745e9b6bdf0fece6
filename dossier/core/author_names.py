"""Authors as the built-in citation styles print them: family names in short notes and
author-date citations ("Smith", "Smith and Doe", "Smith et al."), the first author inverted at
the head of a source's entry ("Smith, Jane, and John Doe"). Organisations stay as written.

Bylines are read by :func:`dossier.core.styles.names.parse_authors` (imported when first
needed: the styles package imports the citations, which use this module).
"""

from __future__ import annotations

Name = dict[str, str]


def _parse(byline: str) -> list[Name]:
    from dossier.core.styles.names import parse_authors

    return parse_authors(byline)


def family(name: Name) -> str:
    """ "van Beethoven", "Smith", or an organisation's whole name."""
    if "literal" in name:
        return name["literal"]
    particle = name.get("non-dropping-particle", "")
    return f"{particle} {name['family']}" if particle else name["family"]


def natural(name: Name) -> str:
    """ "Jane Smith", "Ludwig van Beethoven", "John Smith Jr."."""
    if "literal" in name:
        return name["literal"]
    parts = [name.get("given", ""), family(name), name.get("suffix", "")]
    return " ".join(p for p in parts if p)


def inverted_one(name: Name) -> str:
    """ "Smith, Jane", "Beethoven, Ludwig van" (the particle goes with the given names in a list)."""
    if "literal" in name:
        return name["literal"]
    given = " ".join(p for p in (name.get("given", ""), name.get("non-dropping-particle", "")) if p)
    out = f"{name['family']}, {given}" if given else name["family"]
    return f"{out}, {name['suffix']}" if name.get("suffix") else out


def short(byline: str) -> str:
    """Who, in a short note or an author-date citation: family names only."""
    names = _parse(byline)
    if not names:
        return byline.strip()
    families = [family(n) for n in names]
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return f"{families[0]} et al."


def inverted(byline: str) -> str:
    """Who, at the head of an entry in the list of sources: the first author family name first."""
    names = _parse(byline)
    if not names:
        return byline.strip()
    first, rest = inverted_one(names[0]), [natural(n) for n in names[1:]]
    if not rest:
        return first
    return ", ".join([first, *rest[:-1]]) + f", and {rest[-1]}"
