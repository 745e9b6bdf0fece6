"""Scoring a search: the same matches and scores as whoosh's collectors give, with less
Python work per document. Where the query allows, it becomes a plan that
:mod:`dossier.core.ranking` runs a block of postings at a time; otherwise whoosh's matchers
score it (with field lengths cached per segment). Part of the index package, the only place
that imports whoosh.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any, cast

from whoosh import formats, matching, query, scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from dossier.core import ranking
from dossier.core.index.compat import FAST, warn_once
from dossier.core.index.fuzzy import Fuzzy

log = logging.getLogger(__name__)


def _words_of_phrases(node: query.Query) -> query.Query:
    if isinstance(node, query.Phrase):
        return query.And([query.Term(node.fieldname, word) for word in node.words])
    return node


#: A segment's field lengths (reader, field), as the index keeps them per segment.
Lengths = Callable[[Any, str], list[int] | None]

_BYTE_LENGTHS = [None] + [byte_to_length(b) for b in range(1, 256)]


def read_lengths(reader: Any, fieldname: str) -> list[int]:
    """``reader.doc_field_length(d, fieldname, 1)`` for every document of a segment, read at once
    from its one-byte-a-document length column (one call a document where that cannot be done)."""
    count = reader.doc_count_all()
    if not FAST:
        return [reader.doc_field_length(d, fieldname, 1) for d in range(count)]
    try:
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column._typecode == "B" and not column._reverse and column._doccount == count:
            return [_BYTE_LENGTHS[b] for b in column._dbfile.get(column._basepos, count)]
    except Exception:  # noqa: BLE001 - another codec, or no such column: the slow, sure way
        warn_once("lengths", "reading field lengths at once failed; reading them one by one", exc_info=True)
    return [reader.doc_field_length(d, fieldname, 1) for d in range(count)]


class Weighting(scoring.BM25F):
    """Whoosh's default BM25F, reading each document's field length from a list kept per
    segment rather than through three layers of readers: the same scores, faster."""

    def __init__(self, lengths: Callable[[object, str], list[int] | None]) -> None:
        super().__init__()
        self._lengths = lengths

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf)
        if isinstance(scorer, scoring.BM25FScorer):
            lengths = self._lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer


def segment_plans(searcher: Any, q: query.Query, lengths: Lengths) -> list[tuple[ranking.Plan, int]] | None:
    """A :mod:`ranking` plan of ``q`` for each segment, with its docnum offset; None if some
    part of ``q`` is not one it can take (whoosh's matchers score it then)."""
    if not FAST:
        return None
    plans = []
    try:
        for sub, offset in searcher.leaf_searchers():
            plan = _plan(sub, q, lengths)
            if plan is None:
                return None
            plans.append((plan, offset))
    except Exception:  # noqa: BLE001 - a bug here must not cost the search: whoosh's matchers do it
        warn_once("planning", "planning %r failed; whoosh's matchers score it", q, exc_info=True)
        return None
    return plans


def _plan(sub: Any, q: query.Query, lengths: Lengths) -> ranking.Plan | None:
    """The plan of ``q`` in one segment, shaped as the tree of matchers whoosh would make
    (for a search that needs the current match, as :func:`scored` and TermsCollector)."""
    kind = type(q)
    if kind is query.And or (
        kind is query.Or and not q.minmatch and q.scale is None and len(q.subqueries) < query.Or.TOO_MANY_CLAUSES
    ):
        if len(q.subqueries) <= 1:  # whoosh ignores the boost then, as here
            return _plan(sub, q.subqueries[0], lengths) if q.subqueries else ranking.Term(None)
        planned = [_plan(sub, part, lengths) for part in q.subqueries]
        parts = [part for part in planned if part is not None]
        if len(parts) < len(planned):
            return None
        reader = sub.reader()
        sizes = [part.estimate_size(reader) * (-1 if kind is query.And else 1) for part in q.subqueries]
        tree: Any = ranking.weighted_tree(
            ranking.Both if kind is query.And else ranking.Either, list(zip(sizes, parts))
        )
        tree.boost = q.boost
        return cast(ranking.Plan, tree)
    if kind in (Fuzzy, query.Prefix, query.Wildcard) and q.text:  # as MultiTerm.matcher
        terms = [query.Term(q.fieldname, word) for word in q._btexts(sub.reader()) if word]
        if len(terms) <= 1:  # the one word's own score, without the boost, as whoosh
            return _plan(sub, terms[0], lengths) if terms else ranking.Term(None)
        return _plan(sub, query.Or(terms, boost=q.boost), lengths)
    if kind is query.AndNot:
        a, b = _plan(sub, q.a, lengths), _plan(sub, q.b, lengths)
        return ranking.Without(a, b) if a is not None and b is not None else None
    if kind is query.Term:
        postings = _postings(sub, q.fieldname, q.text, lengths)
        if postings is None:
            return None
        return ranking.Term(postings if isinstance(postings, ranking.Postings) else None, q.boost)
    if kind is query.Phrase and q.fieldname in sub.schema and _positions_only(sub.schema[q.fieldname]):
        words = [_postings(sub, q.fieldname, word, lengths, values=True) for word in q.words]
        if None in words:
            return None
        found = [word for word in words if isinstance(word, ranking.Postings)]
        return ranking.Phrase(found if len(found) == len(words) else None, _gaps_of, q.slop, q.boost)
    return None


def planned_body_terms(plans: list[tuple[ranking.Plan, int]], docnum: int) -> set[str]:
    """:func:`body_terms` of a document, from the plan that found it."""
    plan, offset = max((p for p in plans if p[1] <= docnum), key=lambda p: p[1])
    return {text for field, text in ranking.matched_terms(plan, docnum - offset) if is_body(field)}


def _postings(
    sub: Any, fieldname: str, text: str | bytes, lengths: Lengths, *, values: bool = False
) -> ranking.Postings | bool | None:
    """A term's postings in one segment for :mod:`ranking`; False if no document has the term,
    None if they cannot be read a block at a time or scored as BM25F (a field not scorable)."""
    if fieldname not in sub.schema:
        return False
    field = sub.schema[fieldname]
    try:
        btext = field.to_bytes(text)
    except ValueError:
        return False
    reader = sub.reader()
    if (fieldname, btext) not in reader:
        return False
    scorer = sub.weighting.scorer(sub, fieldname, btext)
    field_lengths = lengths(reader, fieldname)
    if not isinstance(scorer, scoring.BM25FScorer) or field_lengths is None:
        return None
    probe = reader.postings(fieldname, btext)  # wrapped in a filter if the segment has deletions
    deleted = probe._ids if isinstance(probe, matching.FilterMatcher) and probe._exclude else frozenset()
    leaf = probe.child if isinstance(probe, matching.FilterMatcher) else probe
    if not all(hasattr(leaf, name) for name in ("_read_ids", "_read_weights", "_read_values", "_next_block")):
        return None

    unused = [leaf]  # the probe's matcher serves the first pass over the blocks

    def blocks() -> Iterator[ranking.Block]:
        if unused:
            m = unused.pop()
        else:
            m = reader.postings(fieldname, btext)
            m = m.child if isinstance(m, matching.FilterMatcher) else m
        m.reset()  # the filter may have stepped over deleted documents
        while m.is_active():
            _read_ids(m)
            m._read_weights()
            if values:
                m._read_values()
            yield m._ids, m._weights, m._values if values else None
            m._next_block()

    term = (fieldname, btext.decode("utf-8"))
    return ranking.Postings(term, blocks, field_lengths, scorer.idf, scorer.avgfl, scorer.B, scorer.K1, deleted)


def _read_ids(m: Any) -> None:
    """``m._read_ids()`` of whoosh's block matcher, the document numbers' deltas added up in C
    (``accumulate``) rather than by whoosh's generator."""
    if getattr(m, "_byteids", True) or not hasattr(m, "_read_data"):
        m._read_ids()
        return
    if m._data is None:
        m._read_data()
    m._ids = tuple(accumulate(m._data[0]))


def _positions_only(field: Any) -> bool:
    """Whether the field's postings hold word positions as :func:`_gaps` reads them."""
    return type(field.format) is formats.Positions


def _gaps(value: bytes) -> list[int]:
    """The gaps between a word's positions in a document (the first from 0), as whoosh's
    ``formats.Positions`` stores them: a count (4 bytes), then the gaps pickled (protocol 2;
    the final "." may be cut)."""
    gaps: list[int] = pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")
    return gaps


def _gaps_of(values: list[bytes]) -> list[list[int]]:
    """``[_gaps(value) for value in values]`` with one ``pickle.loads`` for them all: each
    value's pickle, cut of its count and final ".", pushes its list of gaps, so together
    between a MARK and a LIST they unpickle as the list of those lists."""
    try:
        gaps = pickle.loads(b"(" + b"".join([v[4:-1] if v[-1:] == b"." else v[4:] for v in values]) + b"l.")
    except Exception:  # noqa: BLE001 - not the pickles expected: one at a time, as whoosh reads them
        gaps = None
    if not isinstance(gaps, list) or len(gaps) != len(values) or not all(type(g) is list for g in gaps):
        return [_gaps(value) for value in values]
    return gaps


def is_body(field: str) -> bool:
    """Whether a field holds an article's body (``body``, or ``body_ru`` … of its language)."""
    return field == "body" or field.startswith("body_")


def scored(searcher: Any, q: query.Query) -> Iterator[tuple[float, int]]:
    """``(score, docnum)`` of every match, in document order: whoosh's collectors without their
    layers of calls for every document, and without block skipping, which would make the
    total a second pass."""
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub, sub.context(needs_current=True))  # the matchers TermsCollector gets: the same scores
        is_active, score, docnum, step = m.is_active, m.score, m.id, m.next
        while is_active():
            yield score(), offset + docnum()
            step()


def body_terms(searcher: Any, q: query.Query, docnums: list[int]) -> dict[int, set[str]]:
    """The body terms (of any body field) by which each of ``docnums`` matched, as whoosh's TermsCollector finds
    them (the term matchers standing on the document), but stepping only to these documents.
    A phrase counts as all its words here: checking it would step through every document
    that has them all, and its words light up only where it occurs anyway (``MatchPlan``).
    A document the query does not match is left out."""
    found: dict[int, set[str]] = {}
    q = q.accept(_words_of_phrases)
    for sub, offset in searcher.leaf_searchers():
        mine = sorted(d - offset for d in docnums if offset <= d < offset + sub.doc_count_all())
        if not mine:
            continue
        m = q.matcher(sub, sub.context(needs_current=True))
        leaves = list(m.term_matchers())
        for docnum in mine:
            if m.is_active() and m.id() < docnum:
                m.skip_to(docnum)
            if not m.is_active():
                break
            if m.id() == docnum:
                found[offset + docnum] = {
                    tm.term()[1].decode("utf-8")
                    for tm in leaves
                    if tm.is_active() and tm.id() == docnum and is_body(tm.term()[0])
                }
    return found
