"""Folding a search's matches: copies of one story count once, under their original.

A search gives every match as ``(score, docnum)``; a copy group (an original and its copies,
see :mod:`dossier.core.reprints`) that matches stands for one hit: its original if that
matches, else its best-scoring member. The other members that match go along with the hit.
No whoosh here: :mod:`dossier.core.index` maps the groups to document numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from dossier.core.ranking import best_of

Scored = tuple[float, int]  # (score, docnum)
Folded = tuple[int, list[Scored], dict[int, list[int]]]


def fold_best(matches: Iterable[Scored], groups: Mapping[int, int], limit: int) -> Folded:
    """``matches`` in document order; ``groups`` maps the docnum of every member of a copy
    group (the original included) to the original's docnum. Returns the number of hits once
    folded, the best ``limit`` of them (highest score first, ties in document order), and for
    each hit standing for a group, the other members that match (best first)."""
    members: list[Scored] = []

    def ungrouped() -> Iterator[Scored]:
        for score, docnum in matches:
            if docnum in groups:
                members.append((score, docnum))
            else:
                yield score, docnum

    total, best = best_of(ungrouped(), limit)
    return fold_members(total, best, members, groups, limit)


def fold_members(
    ungrouped: int, best: list[Scored], members: list[Scored], groups: Mapping[int, int], limit: int
) -> Folded:
    """The folded result from: how many matches are in no group (``ungrouped``), the best
    matches (at least the best ``limit`` of those in no group; group members among them are
    left out), and every matching group member."""
    by_root: dict[int, list[Scored]] = {}
    for pair in members:
        by_root.setdefault(groups[pair[1]], []).append(pair)
    folded: dict[int, list[int]] = {}
    standing: list[Scored] = []
    for root, found in by_root.items():
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        lead = next((pair for pair in found if pair[1] == root), found[0])
        standing.append(lead)
        folded[lead[1]] = [docnum for _, docnum in found if docnum != lead[1]]
    ordered = sorted([*(p for p in best if p[1] not in groups), *standing], key=lambda pair: (-pair[0], pair[1]))
    return ungrouped + len(by_root), ordered[:limit], folded
