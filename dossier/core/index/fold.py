"""Copy groups as a searcher's document numbers, and folding a planned search's copies under
their original (:mod:`dossier.core.folding`) from its best matches and the groups' scores."""

from __future__ import annotations

from collections.abc import Mapping

from whoosh.searching import Searcher

from dossier.core import ranking
from dossier.core.folding import fold_members


class GroupCache:
    """The document numbers of the copy groups, kept while the searcher and the groups stay."""

    def __init__(self) -> None:
        self._key: tuple[object, dict[str, str]] | None = None
        self._value: tuple[dict[int, int], dict[int, str]] = ({}, {})

    def groups(self, searcher: Searcher, copies: Mapping[str, str]) -> tuple[dict[int, int], dict[int, str]]:
        """``({member docnum: original docnum}, {member docnum: id})`` for the copies the index
        holds (``copies`` maps a copy's id to its original's)."""
        if self._key is not None and self._key[0] is searcher and self._key[1] == copies:
            return self._value
        number: dict[str, int | None] = {}

        def docnum(article_id: str) -> int | None:
            if article_id not in number:
                number[article_id] = searcher.document_number(id=article_id)
            return number[article_id]

        groups: dict[int, int] = {}
        for copy, original in copies.items():
            c, o = docnum(copy), docnum(original)
            if c is not None and o is not None:
                groups[c] = groups[o] = o
        names = {n: article_id for article_id, n in number.items() if n is not None and n in groups}
        self._key, self._value = (searcher, dict(copies)), (groups, names)
        return groups, names


def fold_planned(
    plans: list[tuple[ranking.Plan, int]], groups: dict[int, int], limit: int
) -> tuple[int, list[tuple[float, int]], dict[int, list[int]]]:
    """:func:`~dossier.core.folding.fold_best` for a planned search, without going through every
    match: the group members that match are looked up in each segment's scores, and the best
    ``limit`` + that many matches are enough to fold."""
    ordered = sorted(plans, key=lambda p: p[1])
    members: list[tuple[float, int]] = []
    for n, (plan, offset) in enumerate(ordered):
        end = ordered[n + 1][1] if n + 1 < len(ordered) else None
        found = ranking.scores(plan)
        for docnum in groups:
            if docnum >= offset and (end is None or docnum < end) and docnum - offset in found:
                members.append((found[docnum - offset], docnum))
    total, best = ranking.top(plans, limit + len(members))
    return fold_members(total - len(members), best, members, groups, limit)
