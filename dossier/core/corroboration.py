"""Corroboration: which other articles say a clip's words, and how many of them are independent.

For each clip, the library is searched for its words as phrases (the whole quote, and runs of
:data:`RUN` words from it, so that a copy with a word changed is still found), then each
article found is checked word by word: it corroborates the clip when it holds at least
:data:`NEARLY` of the quote's three-word runs. The articles that do are split into

* ``copies``: members of the clip's own copy group (its original, or another reprint of it;
  see :mod:`dossier.core.reprints`), and
* ``independent``: one article for each other copy group (its original when that holds the
  words): an outlet and its reprints count once.

The clip's own article and its other versions are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dossier.core.dossier import Clip, Dossier
from dossier.core.library import Library
from dossier.core.reprints import Reprints
from dossier.core.search_results import SearchResults

#: Words in each searched run of the quote, and at most this many runs.
RUN = 6
RUNS = 4
#: The share of the quote's three-word runs another article must hold.
NEARLY = 0.8
#: Articles looked at per clip.
LIMIT = 100

_WORD = re.compile(r"\w+")

Search = Callable[[str, int], SearchResults]


@dataclass
class Corroboration:
    independent: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, list[str]]:
        return {"independent": list(self.independent), "copies": list(self.copies)}

    def summary(self) -> str:
        """ "2 independent · 1 copy"; "no other source" when there are none."""
        if not self.independent and not self.copies:
            return "no other source"
        parts = [f"{len(self.independent)} independent"]
        if self.copies:
            parts.append(f"{len(self.copies)} cop{'y' if len(self.copies) == 1 else 'ies'}")
        return " · ".join(parts)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def queries(quote: str) -> str:
    """The search for a quote: the whole quote as a phrase, OR runs of its words as phrases."""
    found = words(quote)
    if not found:
        return ""
    phrases = [found]
    if len(found) > RUN:
        step = max(1, (len(found) - RUN) // (RUNS - 1))
        starts = sorted({min(i * step, len(found) - RUN) for i in range(RUNS)})
        phrases += [found[s : s + RUN] for s in starts]
    return " OR ".join(f'"{" ".join(p)}"' for p in phrases)


def holds(text: str, quote: str) -> bool:
    """Whether ``text`` holds the quote's words, or nearly (:data:`NEARLY` of its three-word runs)."""
    mine = words(quote)
    if len(mine) < 3:
        return " ".join(mine) in " ".join(words(text))
    runs = set(zip(mine, mine[1:], mine[2:]))
    theirs = words(text)
    found = runs.intersection(zip(theirs, theirs[1:], theirs[2:]))
    return len(found) >= NEARLY * len(runs)


def corroborate_clip(clip: Clip, library: Library, reprints: Reprints, search: Search) -> Corroboration:
    """The other articles that hold a clip's words, split as the module's docstring says."""
    query = queries(clip.quote)
    if not query:
        return Corroboration()
    own_key = library.get(clip.article_id).key if clip.article_id in library else None
    found = [hit.id for hit in search(query, LIMIT).hits]
    articles = library.get_many(found)
    holding = [
        a
        for a in (articles.get(i) for i in found)
        if a is not None and a.id != clip.article_id and a.key != own_key and holds(a.text, clip.quote)
    ]
    origin = reprints.origin(clip.article_id)
    result = Corroboration()
    groups: dict[str, list[str]] = {}
    for article in holding:
        root = reprints.origin(article.id)
        if root == origin:
            result.copies.append(article.id)
        else:
            groups.setdefault(root, []).append(article.id)
    for root, members in groups.items():
        result.independent.append(root if root in members else members[0])
    return result


def corroborate(
    dossier: Dossier, library: Library, reprints: Reprints, search: Search, cancelled: Callable[[], bool] | None = None
) -> dict[str, Corroboration]:
    """:func:`corroborate_clip` for every clip of a dossier, by clip id."""
    out: dict[str, Corroboration] = {}
    for clip in dossier.clips():
        if cancelled is not None and cancelled():
            break
        out[clip.id] = corroborate_clip(clip, library, reprints, search)
    return out
