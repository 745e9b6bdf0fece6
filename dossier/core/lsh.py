"""Locality-sensitive hashing over MinHash signatures (:mod:`dossier.core.minhash`), compact.

Texts that agree on a whole band of their signatures are candidates to be near-duplicates.
The band keys of all texts live in sorted NumPy arrays (*runs*) searched with binary search;
each batch of texts added is a run, and runs of similar size are merged, so there are only a
few. With the signatures themselves that is about 1 KB per text (a dictionary of lists per
band took ten times as much), and a look-up is a handful of array operations whatever the
number of texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

import numpy as np

from dossier.core.minhash import BANDS, BINS, Hashes, Signature, bands

Rows: TypeAlias = "np.ndarray[Any, np.dtype[np.int32]]"


class LSH:
    """Texts' signatures by id, and their band keys; see the module's docstring."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}  # the current texts' rows
        self._sigs = np.zeros((1024, BINS), dtype=np.uint32)
        self._runs: list[tuple[Hashes, Rows]] = []

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def signature(self, key: str) -> Signature:
        row: Signature = self._sigs[self._rows[key]]
        return row

    def insert(self, key: str, sig: Signature) -> list[str]:
        """Add ``key``'s signature; returns the keys already there that share a band with it."""
        return self.insert_many([key], sig[np.newaxis])[0]

    def insert_many(self, keys: Sequence[str], sigs: Signature) -> list[list[str]]:
        """Add many signatures (a matrix, a row for each key), in order: for each key, the
        keys before it (already there, or earlier in ``keys``) that share a band with it. A
        key already there is left as it is, and has none."""
        fresh, seen = [], set()
        for i, key in enumerate(keys):
            if key not in self._rows and key not in seen:
                fresh.append(i)
                seen.add(key)
        found: list[set[int]] = [set() for _ in keys]
        if not fresh:
            return [[] for _ in keys]
        band_keys = bands(sigs[fresh]).reshape(-1)
        for run_keys, run_rows in self._runs:
            at = np.searchsorted(run_keys, band_keys)
            hit = at < len(run_keys)
            hit[hit] = run_keys[at[hit]] == band_keys[hit]
            if hit.any():
                ends = np.searchsorted(run_keys, band_keys[hit], side="right")
                for place, start, end in zip(np.flatnonzero(hit).tolist(), at[hit].tolist(), ends.tolist()):
                    found[fresh[place // BANDS]].update(run_rows[start:end].tolist())
        first = self._append([keys[i] for i in fresh], sigs[fresh])
        rows = np.repeat(np.arange(first, first + len(fresh), dtype=np.int32), BANDS)
        self._among(band_keys, rows, found, fresh, first)
        self._add_run(band_keys, rows)
        return [self._current(rows) for rows in found]

    def extend(self, keys: Sequence[str], sigs: Signature) -> None:
        """Add many signatures (a matrix, a row for each key) without looking anything up."""
        fresh = [i for i, key in enumerate(keys) if key not in self._rows]
        if not fresh:
            return
        sigs = sigs[fresh]
        first = self._append([keys[i] for i in fresh], sigs)
        band_keys = bands(sigs)
        rows = np.repeat(np.arange(first, first + len(fresh), dtype=np.int32), band_keys.shape[1])
        self._add_run(band_keys.reshape(-1), rows)

    def remove(self, key: str) -> None:
        """Forget a text: it is no longer anybody's candidate (its keys stay, unanswered)."""
        self._rows.pop(key, None)

    def closest(self, sig: Signature, keys: Iterable[str], floor: float, limit: int) -> list[tuple[float, str]]:
        """Of ``keys``, the ``limit`` whose signatures agree best with ``sig``, on at least
        ``floor`` of the bins: (estimated similarity, key), the closest first."""
        known = [key for key in keys if key in self._rows]
        if not known:
            return []
        agree = np.count_nonzero(self._sigs[[self._rows[k] for k in known]] == sig, axis=1) / BINS
        ranked = sorted(zip(agree.tolist(), known), reverse=True)
        return [(e, k) for e, k in ranked if e >= floor][:limit]

    def _append(self, keys: list[str], sigs: Signature) -> int:
        """Store signatures in the next rows; the first row's number."""
        first = len(self._ids)
        end = first + len(keys)
        if end > len(self._sigs):
            grown = np.zeros((max(end, 2 * len(self._sigs)), BINS), dtype=np.uint32)
            grown[:first] = self._sigs[:first]
            self._sigs = grown
        self._sigs[first:end] = sigs
        self._ids.extend(keys)
        self._rows.update(zip(keys, range(first, end)))
        return first

    @staticmethod
    def _among(band_keys: Hashes, rows: Rows, found: list[set[int]], fresh: list[int], first: int) -> None:
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

    def _add_run(self, keys: Hashes, rows: Rows) -> None:
        """A sorted run of these keys, merged with the newest runs while they are not much bigger."""
        while self._runs and len(self._runs[-1][0]) <= 2 * len(keys):
            last_keys, last_rows = self._runs.pop()
            keys, rows = np.concatenate([last_keys, keys]), np.concatenate([last_rows, rows])
        order = np.argsort(keys, kind="stable")
        self._runs.append((keys[order], rows[order]))
