"""Scoring a search: the same matches and scores as whoosh's collectors give, with less
Python work per document. Where the query allows, it becomes a plan that
:mod:`dossier.core.ranking` runs a block of postings at a time; otherwise whoosh's matchers
score it (with field lengths cached per segment). Part of the index package, the only place
that imports whoosh.
"""

from __future__ import annotations

import logging
import pickle
import struct
from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import accumulate

from whoosh import formats, matching, query, scoring
from whoosh.codec.base import Automata
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length

from dossier.core import ranking
from dossier.core.index.storage import MappedFile

log = logging.getLogger(__name__)

class Fuzzy(query.FuzzyTerm):
    """A fuzzy term that finds its words once per segment (whoosh looks again for every
    matcher it makes: the search and the terms of the hits would search the word list twice),
    with one automaton (:class:`Automaton`) for all segments, and for all fields where the
    parser shares its ``_automata`` (whoosh builds one for each segment and field), and with
    quicker seeks in each word list (:func:`_seeker`)."""

    def _btexts(self, ixreader):
        memo = self.__dict__.setdefault("_words", {})
        key = (id(ixreader), self.fieldname)
        if key not in memo:
            memo[key] = list(self._find(ixreader))
        return memo[key]

    def _find(self, ixreader) -> Iterator[bytes]:
        if not isinstance(ixreader, SegmentReader):
            yield from super()._btexts(ixreader)
            return
        spec = (self.text, self.maxdist, self.prefixlength)
        automata = self.__dict__.setdefault("_automata", {})
        if spec not in automata:
            automata[spec] = Automaton(Automata.levenshtein_dfa(*spec))
        field = ixreader.schema[self.fieldname]
        cursor = ixreader.cursor(field.spelling_fieldname(self.fieldname))
        for word in _walk(automata[spec].next_valid, cursor):
            yield field.to_bytes(word)


class Automaton:
    """Whoosh's deterministic automaton (``whoosh.automata.fsa.DFA``, whose states are sets of
    states) with its states numbered, so that a step is a list index and a small dictionary
    look-up rather than hashing sets; and each next valid string it works out is remembered,
    for the next segment's word list (they share most words). ``next_valid`` gives what
    ``DFA.next_valid_string`` gives."""

    def __init__(self, dfa):
        numbers: dict = {}
        states: list = []

        def number(state) -> int | None:  # None: no state (whoosh's empty set, a dead end)
            if not state:
                return None
            if state not in numbers:
                numbers[state] = len(states)
                states.append(state)
            return numbers[state]

        self.start = number(dfa.initial)
        self.moves: list[dict[str, int | None]] = []
        self.default: list[int | None] = []  # where any other label leads
        self.has_default: list[bool] = []
        self.final: list[bool] = []
        self.labels: list[list[str]] = []
        for state in states:  # grows while it is read: every state reachable from the start
            moves = dfa.transitions.get(state, {})
            self.moves.append({label: number(dest) for label, dest in moves.items()})
            self.has_default.append(state in dfa.defaults)
            self.default.append(number(dfa.defaults.get(state)))
            self.final.append(state in dfa.final_states)
            self.labels.append(sorted(moves))
        self._found: dict[str, str | None] = {}

    def next_valid(self, text: str) -> str | None:
        """The first string not before ``text`` that the automaton accepts, None if none."""
        found = self._found
        if text not in found:
            found[text] = self._next_valid(text)
        return found[text]

    def _step(self, state: int | None, label: str) -> int | None:
        if state is None:
            return None
        return self.moves[state].get(label, self.default[state])

    def _next_valid(self, text: str) -> str | None:  # DFA.next_valid_string, step by step
        state = self.start
        stack: list[tuple[str | int, int | None, str | None]] = []  # (path or its length, state, label)
        for i, label in enumerate(text):
            stack.append((i, state, label))
            state = self._step(state, label)
            if state is None:
                break
        else:
            stack.append((len(text), state, None))
        if state is not None and self.final[state]:
            return text
        while stack:  # follow the wall to the smallest accepting string
            path, state, label = stack.pop()
            label = self._next_edge(state, label)
            if label:
                path = (text[:path] if isinstance(path, int) else path) + label
                state = self._step(state, label)
                if state is not None and self.final[state]:
                    return path
                stack.append((path, state, None))
        return None

    def _next_edge(self, state: int | None, label: str | None) -> str | None:
        label = "\0" if label is None else chr(ord(label) + 1)
        if state is None:
            return None
        if label in self.moves[state] or self.has_default[state]:
            return label
        labels = self.labels[state]
        at = bisect_left(labels, label)
        return labels[at] if at < len(labels) else None


def _walk(next_valid: Callable[[str], str | None], cursor) -> Iterator[str]:
    """The words of ``cursor``'s list that the automaton accepts (``next_valid``, its next
    valid string): whoosh's ``Automata.find_matches``."""
    seek = _seeker(cursor)
    term = cursor.text()
    match = next_valid(term) if term is not None else None
    while match:
        term = seek(match)
        if term is None:
            return
        if match == term:
            yield match
            term += "\0"
        match = next_valid(term)


#: One word of this many in a segment's word list is kept in memory to narrow each seek.
SEEK_SAMPLE = 32


def _seeker(cursor) -> Callable[[str], str | None]:
    """``cursor.find`` for whoosh's word lists (``W3Cursor``), seeking through a sample of the
    list's keys kept in memory (made once per segment: ~3,000 keys for 100,000 words), then ~5
    keys read straight from the memory map, where whoosh reads ~17 keys through several
    layers of calls for every seek. ``cursor.find`` itself for any other cursor."""
    tindex = getattr(cursor, "_tindex", None)
    needed = ("indexbase", "indexsize", "indexlen", "_get_pos", "key_at")
    if not all(hasattr(tindex, name) for name in needed) or not all(
            hasattr(cursor, name) for name in ("_keycoder", "_fieldname", "_fieldobj", "_pos", "next")):
        return cursor.find
    keys = tindex.__dict__.get("_dossier_keys")
    if keys is None:
        key_of = _key_reader(tindex)
        keys = tindex._dossier_keys = ([key_of(i) for i in range(0, tindex.indexlen, SEEK_SAMPLE)], key_of)
    sample, key_of = keys
    count, field = tindex.indexlen, cursor._fieldobj
    prefix = cursor._keycoder(cursor._fieldname, b"")  # the field's number: its words' keys begin with it

    def seek(term: str) -> str | None:
        at, key = _closest_key(sample, key_of, count, prefix + field.to_bytes(term))
        return field.from_bytes(key[len(prefix):]) if key is not None and key.startswith(prefix) else None

    return seek


def _key_reader(tindex) -> Callable[[int], bytes]:
    """The key of a word list's ``i``-th word in order, ``key_at(_get_pos(indexbase + i *
    indexsize))``, read with two ``unpack_from`` and a slice where the list is in a memory
    map (:class:`MappedFile`)."""
    base, size, typecode = tindex.indexbase, tindex.indexsize, tindex.extras.get("indextype")
    if isinstance(tindex.dbfile, MappedFile) and typecode in ("B", "H", "i", "I", "q"):
        buffer = tindex.dbfile.file
        position_at, length_at = struct.Struct("!" + typecode).unpack_from, struct.Struct("!I").unpack_from

        def key_of(i: int) -> bytes:
            position = position_at(buffer, base + i * size)[0] + 8  # after the key's and value's lengths
            return buffer[position:position + length_at(buffer, position - 8)[0]]

        return key_of
    get_pos, key_at = tindex._get_pos, tindex.key_at
    return lambda i: key_at(get_pos(base + i * size))


def _closest_key(sample: list[bytes], key_of: Callable[[int], bytes], count: int, key: bytes
                 ) -> tuple[int, bytes | None]:
    """The number of the first of ``count`` keys not below ``key`` and that key (``count`` and
    None if there is none): a binary search narrowed by the sample (every ``SEEK_SAMPLE``-th
    key) first."""
    at = bisect_left(sample, key)  # sample[at - 1] < key <= sample[at]
    if at == 0:
        return 0, (sample[0] if sample else None)
    lo, hi = (at - 1) * SEEK_SAMPLE + 1, min(at * SEEK_SAMPLE, count)
    found = sample[at] if at < len(sample) else None  # the key at hi, if it is in the sample
    while lo < hi:
        mid = (lo + hi) // 2
        mid_key = key_of(mid)
        if mid_key < key:
            lo = mid + 1
        else:
            hi, found = mid, mid_key
    return lo, (found if lo < count else None)


def _words_of_phrases(node: query.Query) -> query.Query:
    if isinstance(node, query.Phrase):
        return query.And([query.Term(node.fieldname, word) for word in node.words])
    return node


_BYTE_LENGTHS = [None] + [byte_to_length(b) for b in range(1, 256)]


def read_lengths(reader, fieldname: str) -> list:
    """``reader.doc_field_length(d, fieldname, 1)`` for every document of a segment, read at once
    from its one-byte-a-document length column (one call a document where that cannot be done)."""
    count = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column._typecode == "B" and not column._reverse and column._doccount == count:
            return [_BYTE_LENGTHS[b] for b in column._dbfile.get(column._basepos, count)]
    except Exception:  # another codec, or no such column: the slow, sure way
        log.debug("reading the lengths of %s at once failed", fieldname, exc_info=True)
    return [reader.doc_field_length(d, fieldname, 1) for d in range(count)]


class Weighting(scoring.BM25F):
    """Whoosh's default BM25F, reading each document's field length from a list kept per
    segment rather than through three layers of readers: the same scores, faster."""

    def __init__(self, lengths: Callable[[object, str], list | None]):
        super().__init__()
        self._lengths = lengths

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf)
        if isinstance(scorer, scoring.BM25FScorer):
            lengths = self._lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer


def segment_plans(searcher, q: query.Query, lengths: Callable) -> list[tuple[ranking.Plan, int]] | None:
    """A :mod:`ranking` plan of ``q`` for each segment, with its docnum offset; None if some
    part of ``q`` is not one it can take (whoosh's matchers score it then)."""
    plans = []
    try:
        for sub, offset in searcher.leaf_searchers():
            plan = _plan(sub, q, lengths)
            if plan is None:
                return None
            plans.append((plan, offset))
    except Exception:  # a bug here must not cost the search: whoosh's matchers do it
        log.warning("planning %r failed; whoosh's matchers score it", q, exc_info=True)
        return None
    return plans


def _plan(sub, q: query.Query, lengths: Callable) -> ranking.Plan | None:
    """The plan of ``q`` in one segment, shaped as the tree of matchers whoosh would make
    (for a search that needs the current match, as :func:`scored` and TermsCollector)."""
    kind = type(q)
    if kind is query.And or (kind is query.Or and not q.minmatch and q.scale is None
                             and len(q.subqueries) < query.Or.TOO_MANY_CLAUSES):
        if len(q.subqueries) <= 1:  # whoosh ignores the boost then, as here
            return _plan(sub, q.subqueries[0], lengths) if q.subqueries else ranking.Term(None)
        parts = [_plan(sub, part, lengths) for part in q.subqueries]
        if None in parts:
            return None
        reader = sub.reader()
        sizes = [part.estimate_size(reader) * (-1 if kind is query.And else 1) for part in q.subqueries]
        tree = ranking.weighted_tree(ranking.Both if kind is query.And else ranking.Either, list(zip(sizes, parts)))
        tree.boost = q.boost
        return tree
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
        return ranking.Term(postings or None, q.boost) if postings is not None else None
    if kind is query.Phrase and q.fieldname in sub.schema and _positions_only(sub.schema[q.fieldname]):
        words = [_postings(sub, q.fieldname, word, lengths, values=True) for word in q.words]
        if None in words:
            return None
        return ranking.Phrase(words if all(words) else None, _gaps_of, q.slop, q.boost)
    return None


def planned_body_terms(plans: list[tuple[ranking.Plan, int]], docnum: int) -> set[str]:
    """:func:`body_terms` of a document, from the plan that found it."""
    plan, offset = max((p for p in plans if p[1] <= docnum), key=lambda p: p[1])
    return {text for field, text in ranking.matched_terms(plan, docnum - offset) if field == "body"}


def _postings(sub, fieldname: str, text, lengths: Callable, *, values: bool = False
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


def _read_ids(m) -> None:
    """``m._read_ids()`` of whoosh's block matcher, the document numbers' deltas added up in C
    (``accumulate``) rather than by whoosh's generator."""
    if getattr(m, "_byteids", True) or not hasattr(m, "_read_data"):
        m._read_ids()
        return
    if m._data is None:
        m._read_data()
    m._ids = tuple(accumulate(m._data[0]))


def _positions_only(field) -> bool:
    """Whether the field's postings hold word positions as :func:`_gaps` reads them."""
    return type(field.format) is formats.Positions


def _gaps(value: bytes) -> list[int]:
    """The gaps between a word's positions in a document (the first from 0), as whoosh's
    ``formats.Positions`` stores them: a count (4 bytes), then the gaps pickled (protocol 2;
    the final "." may be cut)."""
    return pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")


def _gaps_of(values: list[bytes]) -> list[list[int]]:
    """``[_gaps(value) for value in values]`` with one ``pickle.loads`` for them all: each
    value's pickle, cut of its count and final ".", pushes its list of gaps, so together
    between a MARK and a LIST they unpickle as the list of those lists."""
    try:
        gaps = pickle.loads(b"(" + b"".join([v[4:-1] if v[-1:] == b"." else v[4:] for v in values]) + b"l.")
    except Exception:  # not the pickles expected: one at a time, as whoosh reads them
        gaps = None
    if not isinstance(gaps, list) or len(gaps) != len(values) or not all(type(g) is list for g in gaps):
        return [_gaps(value) for value in values]
    return gaps


def scored(searcher, q: query.Query) -> Iterator[tuple[float, int]]:
    """``(score, docnum)`` of every match, in document order: whoosh's collectors without their
    layers of calls for every document, and without block skipping, which would make the
    total a second pass."""
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub, sub.context(needs_current=True))  # the matchers TermsCollector gets: the same scores
        is_active, score, docnum, step = m.is_active, m.score, m.id, m.next
        while is_active():
            yield score(), offset + docnum()
            step()


def body_terms(searcher, q: query.Query, docnums: list[int]) -> dict[int, set[str]]:
    """The body terms by which each of ``docnums`` matched, as whoosh's TermsCollector finds
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
                    tm.term()[1].decode("utf-8") for tm in leaves
                    if tm.is_active() and tm.id() == docnum and tm.term()[0] == "body"
                }
    return found

