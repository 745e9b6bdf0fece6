"""Fuzzy search (``word~``): the words of each segment's word list within a few edits of a
word, found as whoosh's ``FuzzyTerm`` finds them (a Levenshtein automaton walked along the
sorted list), with less work: one automaton for the whole search, its states numbered, its
steps remembered, and the word lists' keys read straight from their memory maps. Part of
the index package, the only place that imports whoosh.
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import query
from whoosh.codec.base import Automata
from whoosh.filedb.filetables import _lengths
from whoosh.reading import SegmentReader

from dossier.core.index.compat import FAST
from dossier.core.index.storage import MappedFile


class Fuzzy(query.FuzzyTerm):
    """A fuzzy term that finds its words once per segment (whoosh looks again for every
    matcher it makes: the search and the terms of the hits would search the word list twice),
    with one automaton (:class:`Automaton`) for all segments, and for all fields where the
    query's terms share it (:func:`share_automata`; whoosh builds one for each segment and
    field), and with
    quicker seeks in each word list (:func:`_seeker`)."""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        memo: dict[tuple[int, str], list[bytes]] = self.__dict__.setdefault("_words", {})
        key = (id(ixreader), self.fieldname)
        if key not in memo:
            memo[key] = list(self._find(ixreader))
        return memo[key]

    def _find(self, ixreader: Any) -> Iterator[bytes]:
        if not FAST or not isinstance(ixreader, SegmentReader):
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


def share_automata(q: query.Query) -> None:
    """Let the fuzzy terms of a query share their automata: the parser makes one term per
    field for each fuzzy word, which would each build the same automaton."""
    shared: dict[tuple[str, int, int], Automaton] = {}
    for leaf in [q, *q.leaves()]:
        if isinstance(leaf, Fuzzy):
            leaf._automata = shared


class Automaton:
    """Whoosh's deterministic automaton (``whoosh.automata.fsa.DFA``, whose states are sets of
    states) with its states numbered, so that a step is a list index and a small dictionary
    look-up rather than hashing sets; and each next valid string it works out is remembered,
    for the next segment's word list (they share most words). ``next_valid`` gives what
    ``DFA.next_valid_string`` gives."""

    def __init__(self, dfa: Any) -> None:
        numbers: dict[frozenset[int], int] = {}
        states: list[frozenset[int]] = []

        def number(state: frozenset[int] | None) -> int | None:  # None: no state (whoosh's empty set)
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
        for i, char in enumerate(text):
            stack.append((i, state, char))
            state = self._step(state, char)
            if state is None:
                break
        else:
            stack.append((len(text), state, None))
        if state is not None and self.final[state]:
            return text
        while stack:  # follow the wall to the smallest accepting string
            path, state, label = stack.pop()
            edge = self._next_edge(state, label)
            if edge:
                path = (text[:path] if isinstance(path, int) else path) + edge
                state = self._step(state, edge)
                if state is not None and self.final[state]:
                    return path
                stack.append((path, state, None))
        return None

    def _next_edge(self, state: int | None, label: str | None) -> str | None:
        after = "\0" if label is None else chr(ord(label) + 1)
        if state is None:
            return None
        if after in self.moves[state] or self.has_default[state]:
            return after
        labels = self.labels[state]
        at = bisect_left(labels, after)
        return labels[at] if at < len(labels) else None


def _walk(next_valid: Callable[[str], str | None], cursor: Any) -> Iterator[str]:
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


def _seeker(cursor: Any) -> Callable[[str], str | None]:
    """``cursor.find`` for whoosh's word lists (``W3Cursor``), seeking through a sample of the
    list's keys kept in memory (made once per segment: ~3,000 keys for 100,000 words), then ~5
    keys read straight from the memory map, where whoosh reads ~17 keys through several
    layers of calls for every seek. ``cursor.find`` itself for any other cursor."""
    tindex: Any = getattr(cursor, "_tindex", None)
    needed = ("indexbase", "indexsize", "indexlen", "extras", "dbfile", "_get_pos", "key_at")
    if not all(hasattr(tindex, name) for name in needed) or not all(
        hasattr(cursor, name) for name in ("_keycoder", "_fieldname", "_fieldobj")
    ):
        find: Callable[[str], str | None] = cursor.find
        return find
    keys = tindex.__dict__.get("_dossier_keys")
    if keys is None:
        key_of = _key_reader(tindex)
        keys = tindex._dossier_keys = ([key_of(i) for i in range(0, tindex.indexlen, SEEK_SAMPLE)], key_of)
    sample, key_of = keys
    count, field = tindex.indexlen, cursor._fieldobj
    prefix = cursor._keycoder(cursor._fieldname, b"")  # the field's number: its words' keys begin with it

    def seek(term: str) -> str | None:
        _at, key = _closest_key(sample, key_of, count, prefix + field.to_bytes(term))
        return str(field.from_bytes(key[len(prefix) :])) if key is not None and key.startswith(prefix) else None

    return seek


def _key_reader(tindex: Any) -> Callable[[int], bytes]:
    """The key of a word list's ``i``-th word in order, ``key_at(_get_pos(indexbase + i *
    indexsize))``, read with two ``unpack_from`` and a slice where the list is in a memory
    map (:class:`MappedFile`)."""
    base, size, typecode = tindex.indexbase, tindex.indexsize, tindex.extras.get("indextype")
    if isinstance(tindex.dbfile, MappedFile) and typecode in ("B", "H", "i", "I", "q"):
        buffer = tindex.dbfile.file
        position_at, length_at = struct.Struct("!" + typecode).unpack_from, struct.Struct("!I").unpack_from

        def key_of(i: int) -> bytes:  # as key_at: the key's length, the value's, then the key
            position = position_at(buffer, base + i * size)[0]
            start = position + _lengths.size
            return bytes(buffer[start : start + length_at(buffer, position)[0]])

        return key_of
    get_pos, key_at = tindex._get_pos, tindex.key_at
    return lambda i: key_at(get_pos(base + i * size))


def _closest_key(
    sample: list[bytes], key_of: Callable[[int], bytes], count: int, key: bytes
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
