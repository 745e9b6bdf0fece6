"""Scoring and counting a query's matches a block of postings at a time.

Whoosh's matchers step through the matches one document at a time, in Python, several calls
deep for every document and every term; for a word in a third of a large library that is
most of a search's time. Here the same work is done in bulk: each term's postings are read
a block at a time and scored in one pass (BM25F, exactly as whoosh computes it), and AND,
OR, -word and phrases become dictionary and set operations. The scores are whoosh's to the
last bit: :mod:`dossier.core.index` builds the :data:`Plan` with the same binary tree that
whoosh's matchers form (its order decides how the floating-point sums round), and lets
whoosh's own matchers score any query it cannot plan. No whoosh here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from heapq import heappush, heapreplace, nlargest
from itertools import accumulate
from operator import add
from typing import TypeVar

T = TypeVar("T")
Block = tuple[Sequence[int], Sequence[float], Sequence[bytes] | None]  # docnums, weights, values


@dataclass
class Postings:
    """One term's postings in one segment, and what BM25F needs to score them (whoosh's
    ``BM25FScorer``: idf and average field length over the whole index, B, K1)."""

    term: tuple[str, str]  # (field, text): what :func:`matched_terms` reports
    blocks: Callable[[], Iterator[Block]]
    lengths: Sequence[int]  # the field's length in each document of the segment
    idf: float
    avgfl: float
    B: float
    K1: float
    deleted: Iterable[int] = frozenset()


@dataclass
class Term:
    postings: Postings | None  # None: no document has the term
    boost: float = 1.0


@dataclass
class Either:
    """Both sides' documents; a document on both scores ``a + b`` (whoosh's UnionMatcher)."""

    a: Plan
    b: Plan
    boost: float = 1.0


@dataclass
class Both:
    """The documents on both sides, scoring ``a + b`` (whoosh's IntersectionMatcher)."""

    a: Plan
    b: Plan
    boost: float = 1.0


@dataclass
class Without:
    """``a``'s documents that are not ``b``'s, with ``a``'s scores (whoosh's AndNotMatcher)."""

    a: Plan
    b: Plan


@dataclass
class Phrase:
    """Documents where the words occur in order, each 1 to ``slop`` words after the one before;
    scored as the intersection of the words' terms (whoosh's phrase matcher)."""

    words: list[Postings] | None  # None: one of the words is in no document
    gaps: Callable[[list[bytes]], list[list[int]]]  # postings' values -> the gaps between each one's positions
    slop: int = 1
    boost: float = 1.0


Plan = Term | Either | Both | Without | Phrase


def weighted_tree(node: type, items: list[tuple[int, Plan]]) -> Plan:
    """The tree whoosh's ``make_weighted_tree`` makes of ``(weight, part)`` pairs, with ``node``
    (:class:`Either` or :class:`Both`): join the two lightest, again and again. (Whoosh sorts
    ``(weight, matcher)`` pairs, and matchers never compare as less: equal weights keep their
    order, as in a stable sort by weight and ``insort`` after the equals.)"""
    items.sort(key=lambda item: item[0])
    while len(items) > 1:
        (wa, a), (wb, b) = items.pop(0), items.pop(0)
        weight = wa + wb
        at = next((i for i, (w, _) in enumerate(items) if w > weight), len(items))  # bisect.insort's place
        items.insert(at, (weight, node(a, b)))
    return items[0][1]


def top(plans: Iterable[tuple[Plan, int]], limit: int) -> tuple[int, list[tuple[float, int]]]:
    """Run a plan on every segment (``(plan, docnum offset)``): the total number of matches and
    the best ``limit`` as ``(score, docnum)``, best first, ties in document order."""
    total = 0
    best: list[tuple[float, int]] = []
    for plan, offset in plans:
        found = scores(plan)
        total += len(found)
        best = nlargest(limit, [*best, *((score, -offset - docnum) for docnum, score in found.items())])
    return total, [(score, -negated) for score, negated in best]


def scores(plan: Plan) -> dict[int, float]:
    """Every matching document of one segment and its score (kept on the plan node as
    ``found``, for :func:`matched_terms`)."""
    found: dict[int, float] | None = getattr(plan, "found", None)
    if found is None:
        found = _scores(plan)
        plan.found = found  # type: ignore[union-attr]  # every plan node may carry it
    return found


def matched_terms(plan: Plan, docnum: int) -> set[tuple[str, str]]:
    """The terms by which a document matched a plan that has been run, as whoosh's
    TermsCollector finds them (the term matchers standing on the document): a term it has,
    unless a part around the term that must match (AND, a phrase) does not; never a term
    after NOT; the words of a phrase where the phrase occurs."""
    if docnum not in scores(plan):
        return set()
    if isinstance(plan, Term):
        return {plan.postings.term} if plan.postings else set()
    if isinstance(plan, Phrase):
        return {p.term for p in plan.words or ()}
    if isinstance(plan, Without):
        return matched_terms(plan.a, docnum)
    return matched_terms(plan.a, docnum) | matched_terms(plan.b, docnum)


def _scores(plan: Plan) -> dict[int, float]:
    if isinstance(plan, Term):
        return _boosted(_term(plan.postings) if plan.postings else {}, plan.boost)
    if isinstance(plan, Either):
        a, b = scores(plan.a), scores(plan.b)
        if len(a) < len(b):
            a, b = b, a  # (a + b == b + a: addition of two floats commutes)
        either = dict(a)
        for docnum, score in b.items():
            either[docnum] = either[docnum] + score if docnum in either else score
        return _boosted(either, plan.boost)
    if isinstance(plan, Both):
        a, b = scores(plan.a), scores(plan.b)
        return _boosted({docnum: score + b[docnum] for docnum, score in a.items() if docnum in b}, plan.boost)
    if isinstance(plan, Without):
        a, b = scores(plan.a), scores(plan.b)
        return {docnum: score for docnum, score in a.items() if docnum not in b}
    return _boosted(_phrase(plan), plan.boost)


def _boosted(found: dict[int, float], boost: float) -> dict[int, float]:
    """Scores times a boost, as whoosh's WrappingMatcher (which is there only for a boost of not 1)."""
    return found if boost == 1.0 else {docnum: score * boost for docnum, score in found.items()}


def _term(p: Postings) -> dict[int, float]:
    found: dict[int, float] = {}
    for docnums, weights, _ in p.blocks():
        found.update(zip(docnums, _bm25(p, docnums, weights)))
    return _without_deleted(found, p.deleted)


def _bm25(p: Postings, docnums: Iterable[int], weights: Iterable[float]) -> list[float]:
    """Whoosh's ``bm25(idf, tf, fl, avgfl, B, K1)`` for each document and its term frequency,
    the same operations in the same order:
    ``idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))``."""
    idf, avgfl, B, K1, lengths = p.idf, p.avgfl, p.B, p.K1, p.lengths
    k1_1, one_b = K1 + 1, 1 - B
    return [idf * ((tf * k1_1) / (tf + K1 * (one_b + B * lengths[d] / avgfl))) for d, tf in zip(docnums, weights)]


def _without_deleted(found: dict[int, T], deleted: Iterable[int]) -> dict[int, T]:
    for docnum in deleted or ():
        found.pop(docnum, None)
    return found


def _phrase(plan: Phrase) -> dict[int, float]:
    """The documents that have every word (a set intersection), then of those the ones where
    the words occur in order: their positions decoded a word at a time for all of them, then
    checked document by document (:func:`in_order`)."""
    if not plan.words:
        return {}
    postings: list[dict[int, tuple[float, bytes]]] = []  # per word: docnum -> (weight, value)
    for p in plan.words:
        found: dict[int, tuple[float, bytes]] = {}
        for docnums, weights, values in p.blocks():
            found.update(zip(docnums, zip(weights, values or ())))  # a phrase's words have positions
        postings.append(_without_deleted(found, p.deleted))
    smallest = min(postings, key=len)
    candidates = sorted(set(smallest).intersection(*postings))
    if not candidates:
        return {}
    gaps = [plan.gaps([word[d][1] for d in candidates]) for word in postings]
    if plan.slop <= 1:
        matched = [candidates[i] for i in in_order(gaps)]
    else:
        matched = [
            d for d, *words in zip(candidates, *gaps) if phrase_ends([accumulate(word) for word in words], plan.slop)
        ]
    per_word = [_bm25(p, matched, [word[d][0] for d in matched]) for p, word in zip(plan.words, postings)]
    sums = map(add, *per_word) if len(per_word) == 2 else map(_binary_sum, zip(*per_word))
    return dict(zip(matched, sums))


def in_order(gaps: list[list[list[int]]]) -> list[int]:
    """Which documents have the words one right after the other (:func:`phrase_ends` with a
    slop of 1), given for each word in turn the gaps between its positions in each document;
    the indexes of those documents, in order. Each document's check is a few set operations in
    C: the first word's positions as a set, and each next word's positions counted back to
    where the phrase would begin (``accumulate(gaps, initial=-i)``, whose extra first value,
    below zero, is never a position)."""
    if len(gaps) == 2:  # the common case, without a call for each document
        return [
            i for i, (a, b) in enumerate(zip(*gaps)) if not set(accumulate(a)).isdisjoint(accumulate(b, initial=-1))
        ]
    return [i for i, words in enumerate(zip(*gaps)) if _in_order(words)]


def _in_order(words: tuple[list[int], ...]) -> bool:
    starts = set(accumulate(words[0]))
    for i in range(1, len(words)):
        starts.intersection_update(accumulate(words[i], initial=-i))
        if not starts:
            return False
    return True


def _binary_sum(values: Sequence[float]) -> float:
    """Add up as whoosh's ``make_binary_tree`` of matchers does: halves, recursively (for two
    values, ``a + b``)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _binary_sum(values[:half]) + _binary_sum(values[half:])


def phrase_ends(positions: Iterable[Iterable[int]], slop: int = 1) -> set[int]:
    """Where a phrase ends in a text, given the positions (word numbers) of each of its words
    in turn: each next word must come 1 to ``slop`` words after the one before (as in whoosh's
    phrase search). Empty if the phrase is not there."""
    reach = range(1, max(slop, 1) + 1)
    ends: set[int] | None = None
    for word in positions:
        if ends is None:
            ends = set(word)
        elif slop <= 1:
            ends = {end + 1 for end in ends}.intersection(word)
        else:
            ends = {end + k for end in ends for k in reach}.intersection(word)
        if not ends:
            return set()
    return ends or set()


def best_of(scored: Iterable[tuple[float, int]], limit: int) -> tuple[int, list[tuple[float, int]]]:
    """How many ``(score, docnum)`` pairs there are, and the best ``limit`` of them: highest
    score first, and of equal scores the first one given first (as whoosh ranks them)."""
    best: list[tuple[float, int, int]] = []  # (score, -arrival, docnum), the worst first
    total = 0
    for score, docnum in scored:
        total += 1
        if len(best) < limit:
            heappush(best, (score, -total, docnum))
        elif score > best[0][0]:
            heapreplace(best, (score, -total, docnum))
    return total, [(score, docnum) for score, _, docnum in sorted(best, reverse=True)]
