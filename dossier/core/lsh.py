"""Locality-sensitive hashing over MinHash signatures (:mod:`dossier.core.minhash`), compact.

Texts that agree on a whole band of their signatures are candidates to be near-duplicates.
Each band key (32 bits of it) and the row of its text are packed in one 64-bit number, kept
in sorted NumPy arrays (*runs*) searched with binary search; each batch of texts added is a
run, and runs of similar size are merged, so there are only a few. For ranking candidates a
text keeps the low 8 bits of each bin of its signature (two bins that differ agree there once
in 256 times: the estimate moves by less than half a percent) and a digest of its words.
That is about 500 bytes per text (a dictionary of lists per band took twenty times as much),
and a look-up is a handful of array operations whatever the number of texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

import numpy as np

from dossier.core.minhash import BANDS, BINS, Hashes, Signature, bands

Packed: TypeAlias = "np.ndarray[Any, np.dtype[np.uint64]]"  # band key << 32 | row
Marks: TypeAlias = "np.ndarray[Any, np.dtype[np.uint8]]"
Places: TypeAlias = "np.ndarray[Any, np.dtype[np.intp]]"

_LOW = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def _marks(sigs: Signature) -> Marks:
    """The low 8 bits of every bin."""
    marks: Marks = (sigs & 0xFF).astype(np.uint8)
    return marks


class LSH:
    """Texts' band keys, signature marks and digests by id; see the module's docstring."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}  # the current texts' rows
        self._marks = np.zeros((1024, BINS), dtype=np.uint8)
        self._digests = np.zeros(1024, dtype=np.uint64)  # a row's digest of its words; 0: not known
        self._runs: list[Packed] = []

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def digest(self, key: str) -> int:
        """The digest of ``key``'s words given when it was added (0: none was)."""
        return int(self._digests[self._rows[key]])

    def insert(self, key: str, sig: Signature, digest: int = 0) -> list[str]:
        """Add ``key``'s signature; returns the keys already there that share a band with it."""
        return self.insert_many([key], sig[np.newaxis], [digest])[0]

    def insert_many(self, keys: Sequence[str], sigs: Signature, digests: Sequence[int] = ()) -> list[list[str]]:
        """Add many signatures (a matrix, a row for each key), in order: for each key, the
        keys before it (already there, or earlier in ``keys``) that share a band with it. A
        key already there is left as it is, and has none. ``digests``: of each key's words
        (see :func:`dossier.core.minhash.sign`), if known."""
        fresh, seen = [], set()
        for i, key in enumerate(keys):
            if key not in self._rows and key not in seen:
                fresh.append(i)
                seen.add(key)
        found: list[set[int]] = [set() for _ in keys]
        if not fresh:
            return [[] for _ in keys]
        band_keys = bands(sigs[fresh]).reshape(-1) >> _SHIFT
        order = np.argsort(band_keys)  # searched in order, the runs are read from start to end
        needles = band_keys[order] << _SHIFT
        pairs = [self._hits(needles, order, run) for run in self._runs]
        if pairs:
            both = np.unique(np.concatenate(pairs))  # (the new key's place in fresh, row), once each
            owners, rows = (both >> _SHIFT).astype(np.intp), (both & _LOW).astype(np.int64)
            firsts = np.flatnonzero(np.concatenate([[True], owners[1:] != owners[:-1]])) if len(both) else both
            for start, end in zip(firsts.tolist(), [*firsts[1:].tolist(), len(both)]):
                found[fresh[int(owners[start])]].update(rows[start:end].tolist())
        first = self._append([keys[i] for i in fresh], sigs[fresh])
        if len(digests):
            self._digests[first : first + len(fresh)] = [digests[i] for i in fresh]
        rows_added = np.repeat(np.arange(first, first + len(fresh), dtype=np.uint64), BANDS)
        self._among(band_keys, rows_added, found, fresh, first)
        self._add_run((band_keys << _SHIFT) | rows_added)
        return [self._current(rows) for rows in found]

    def extend(self, keys: Sequence[str], sigs: Signature) -> None:
        """Add many signatures (a matrix, a row for each key) without looking anything up."""
        fresh = [i for i, key in enumerate(keys) if key not in self._rows]
        if not fresh:
            return
        sigs = sigs[fresh]
        first = self._append([keys[i] for i in fresh], sigs)
        band_keys = bands(sigs).reshape(-1) >> _SHIFT
        rows = np.repeat(np.arange(first, first + len(fresh), dtype=np.uint64), BANDS)
        self._add_run((band_keys << _SHIFT) | rows)

    def remove(self, key: str) -> None:
        """Forget a text: it is no longer anybody's candidate (its keys stay, unanswered)."""
        self._rows.pop(key, None)

    def closest(self, sig: Signature, keys: Iterable[str], floor: float, limit: int) -> list[tuple[float, str]]:
        """Of ``keys``, the ``limit`` whose signatures agree best with ``sig``, on at least
        ``floor`` of the bins: (estimated similarity, key), the closest first."""
        known = [key for key in keys if key in self._rows]
        if not known:
            return []
        agree = np.count_nonzero(self._marks[[self._rows[k] for k in known]] == _marks(sig), axis=1) / BINS
        ranked = sorted(zip(agree.tolist(), known), reverse=True)
        return [(e, k) for e, k in ranked if e >= floor][:limit]

    @staticmethod
    def _hits(needles: Packed, order: Places, run: Packed) -> Packed:
        """Every (key, row) of a run that shares a band key: the key's place (its band keys'
        place // BANDS) in the high 32 bits, the row in the low ones. ``needles``: the sorted
        band keys, shifted up; ``order``: their places."""
        starts = np.searchsorted(run, needles)
        hit = starts < len(run)
        hit[hit] = (run[starts[hit]] ^ needles[hit]) <= _LOW  # the same key
        found = np.flatnonzero(hit)
        starts = starts[found]
        lengths = np.searchsorted(run, needles[found] | _LOW, side="right") - starts
        total = np.cumsum(lengths)
        spots = np.repeat(starts - (total - lengths), lengths) + np.arange(int(total[-1]) if len(total) else 0)
        owners = np.repeat((order[found] // BANDS).astype(np.uint64), lengths)
        return (owners << _SHIFT) | (run[spots] & _LOW)

    def _append(self, keys: list[str], sigs: Signature) -> int:
        """Store signatures' marks in the next rows; the first row's number."""
        first = len(self._ids)
        end = first + len(keys)
        if end > len(self._marks):
            size = max(end, len(self._marks) * 3 // 2)
            grown = np.zeros((size, BINS), dtype=np.uint8)
            grown[:first] = self._marks[:first]
            self._marks = grown
            self._digests = np.concatenate([self._digests[:first], np.zeros(size - first, dtype=np.uint64)])
        self._marks[first:end] = _marks(sigs)
        self._digests[first:end] = 0
        self._ids.extend(keys)
        self._rows.update(zip(keys, range(first, end)))
        return first

    @staticmethod
    def _among(band_keys: Hashes, rows: Hashes, found: list[set[int]], fresh: list[int], first: int) -> None:
        """Add to ``found`` the keys that share a band with an earlier one of the same batch."""
        order = np.argsort(band_keys, kind="stable")  # equal keys stay in the batch's order
        ordered = band_keys[order]
        same = np.flatnonzero(ordered[1:] == ordered[:-1])
        if not len(same):
            return
        for place in same.tolist():  # rows[order[place]] came before rows[order[place + 1]]
            later = int(rows[order[place + 1]])
            back = place  # and so did every other one with that key before it
            while back >= 0 and ordered[back] == ordered[place + 1]:
                earlier = int(rows[order[back]])
                if earlier != later:
                    found[fresh[later - first]].add(earlier)
                back -= 1

    def _current(self, rows: set[int]) -> list[str]:
        return [self._ids[row] for row in sorted(rows) if self._rows.get(self._ids[row]) == row]

    def _add_run(self, packed: Packed) -> None:
        """A sorted run of these entries, merged with the newest runs while they are not much bigger."""
        while self._runs and len(self._runs[-1]) <= 2 * len(packed):
            packed = np.concatenate([self._runs.pop(), packed])
        packed.sort(kind="stable")  # timsort: two sorted runs are merged in one pass
        self._runs.append(packed)
