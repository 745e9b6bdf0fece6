"""MinHash signatures of a text's word shingles, and locality-sensitive hashing over them.

A text's *shingles* are its runs of :data:`SHINGLE` consecutive words (lower-cased, any
script). Two texts are as similar as the share of shingles they have in common (Jaccard).

The signature is one-permutation MinHash (Li, Owen and Zhang 2012): each shingle is hashed
once (64 bits), the hash's top bits pick one of :data:`BINS` bins and each
bin keeps its smallest hash. Two signatures agree in a bin with a probability equal to the
texts' Jaccard similarity, as with :data:`BINS` independent permutations, but for the cost of
one hash per shingle. Bins left empty by a short text borrow the next filled bin's value
(densification by rotation, Shrivastava and Li 2014), so that every bin can be compared.

A shingle's hash is Python's hash of the tuple of its words' CRC-32s, and all of it runs
in C through the standard library (``bytes.split``, ``zlib``, ``sorted``, ``dict``): about
0.2 ms for a page of text. ``datasketch`` would need NumPy and SciPy (tens of MB in the
desktop app) and hashes every shingle once per permutation.

LSH: the signature is cut into :data:`BANDS` bands of :data:`ROWS` bins; texts that agree on
a whole band are candidates. A pair with similarity ``s`` becomes a candidate with
probability ``1 - (1 - s**ROWS)**BANDS``: 99.6 % at 0.5, 68 % at 0.3, 4 % at 0.1.
"""

from __future__ import annotations

import zlib
from array import array
from itertools import repeat
from operator import eq, rshift
from typing import TypeAlias, cast

SHINGLE = 5
#: Signatures look at a text's first words only (its exact similarity, which confirms a
#: candidate, takes all of them): a long text costs no more than a long article.
MAX_WORDS = 2000
BIN_BITS = 7
BINS = 1 << BIN_BITS  # 128
ROWS = 3
BANDS = 42  # 42 x 3 = 126 of the 128 bins
_SHIFT = 64 - BIN_BITS
_BIN_KEYS = list(range(-(BINS // 2), BINS // 2))  # a signed 64-bit hash >> 57
#: What a value carried ``d`` bins is XORed with (signed 64-bit, so the result stays one).
_CARRIES = [hash((0x5EED, d)) if d else 0 for d in range(BINS)]
#: Letters, digits and every byte of a multi-byte UTF-8 character stay; ASCII punctuation
#: and spaces separate words.
_KEEP = set(b"0123456789abcdefghijklmnopqrstuvwxyz") | set(range(128, 256))
_SEPARATE = bytes(c if c in _KEEP else 32 for c in range(256))
#: Python's hash of a tuple of ints is not randomized, but a new Python could change it:
#: stored signatures name the scheme they were made with (see :data:`SCHEME`).
SCHEME = f"oph2-{BINS}-w{SHINGLE}-{MAX_WORDS}-{hash((1, 2, 3, 4, 5)) & 0xFFFFFFFF:08x}"

Signature: TypeAlias = "array[int]"  # array("q") of BINS values


def words(text: str, limit: int | None = None) -> list[bytes]:
    """The words of ``text``, lower-cased, as UTF-8 (the first ``limit`` of them)."""
    if limit is not None:
        text = text[: limit * 16]  # more than enough characters for ``limit`` words
    found = text.lower().encode("utf-8", "replace").translate(_SEPARATE).split()
    return found if limit is None else found[:limit]


def shingle_hashes(text: str, limit: int | None = None) -> list[int]:
    """A 64-bit hash of every shingle of ``text`` (of its first ``limit`` words), in order;
    a text shorter than a shingle has one, itself."""
    hashed = list(map(zlib.crc32, words(text, limit)))
    if len(hashed) < SHINGLE:
        return [hash(tuple(hashed))] if hashed else []
    return list(map(hash, zip(*(hashed[i:] for i in range(SHINGLE)))))


def signature(hashes: list[int]) -> Signature:
    """The one-permutation MinHash of a set of shingle hashes (see the module's docstring)."""
    ordered = sorted(hashes, reverse=True)
    smallest = dict(zip(map(rshift, ordered, repeat(_SHIFT)), ordered))  # the last one written wins
    if not smallest:
        return array("q", bytes(8 * BINS))
    values: list[int | None] = list(map(smallest.get, _BIN_KEYS))
    if len(smallest) < BINS:
        _densify(values)
    return array("q", cast(list[int], values))


def text_signature(text: str) -> Signature:
    return signature(shingle_hashes(text, MAX_WORDS))


def _densify(values: list[int | None]) -> None:
    """Fill each empty bin with the value of the next filled bin (circularly), told apart by
    how far it was carried, so that equal sets still give equal signatures."""
    start = next(b for b in range(BINS) if values[b] is not None)
    value, distance = cast(int, values[start]), 0
    for b in range(start - 1, start - BINS, -1):  # leftwards from the first filled bin, around
        here = values[b]
        if here is None:
            distance += 1
            values[b] = value ^ _CARRIES[distance]
        else:
            value, distance = here, 0


def estimate(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of two signatures: the share of bins that agree."""
    agree: int = sum(map(eq, a, b))
    return agree / BINS


def bands(sig: Signature) -> list[bytes]:
    """The signature's LSH band keys, band by band."""
    raw = sig.tobytes()
    width = ROWS * sig.itemsize
    return [raw[i : i + width] for i in range(0, BANDS * width, width)]


def to_bytes(sig: Signature) -> bytes:
    return sig.tobytes()


def from_bytes(data: bytes) -> Signature:
    sig = array("q")
    sig.frombytes(data)
    return sig


class LSH:
    """Band keys to the ids of the texts that have them, in memory (one table per band)."""

    def __init__(self) -> None:
        self._tables: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
        self._keys: dict[str, list[bytes]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def insert(self, key: str, sig: Signature) -> set[str]:
        """Add ``key``'s bands; returns the keys already there that share a band with it."""
        found: set[str] = set()
        if key in self._keys:
            return found
        keys = self._keys[key] = bands(sig)
        for table, band in zip(self._tables, keys):
            bucket = table.get(band)
            if bucket is None:
                table[band] = [key]
            else:
                found.update(bucket)
                bucket.append(key)
        return found

    def remove(self, key: str) -> None:
        for table, band in zip(self._tables, self._keys.pop(key, ())):
            bucket = table.get(band)
            if bucket is not None and key in bucket:
                bucket.remove(key)
                if not bucket:
                    del table[band]

    def candidates(self, sig: Signature) -> set[str]:
        """The ids that share at least one band with ``sig``."""
        found: set[str] = set()
        for bucket in map(dict.get, self._tables, bands(sig)):
            if bucket:
                found.update(bucket)
        return found
