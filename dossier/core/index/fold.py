"""Copy groups as a searcher's document numbers, and a plan's matches in document order, for
:func:`dossier.core.folding.fold_best` (which folds a search's copies under their original)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from whoosh.searching import Searcher

from dossier.core import ranking


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


def planned_matches(plans: list[tuple[ranking.Plan, int]]) -> Iterator[tuple[float, int]]:
    """Every ``(score, docnum)`` the plans match, in document order."""
    for plan, offset in sorted(plans, key=lambda p: p[1]):
        found = ranking.scores(plan)
        for docnum in sorted(found):
            yield found[docnum], offset + docnum
