"""MinHash signatures of a text's word shingles, and locality-sensitive hashing over them.

A text's *shingles* are its runs of :data:`SHINGLE` consecutive words (lower-cased, any
script). Two texts are as similar as the share of shingles they have in common (Jaccard).

The signature is one-permutation MinHash (Li, Owen and Zhang 2012): each shingle is hashed
once (64 bits), the hash's top bits pick one of :data:`BINS` bins and each bin keeps its
smallest hash (its low 32 bits are the bin's value). Two signatures agree in a bin with a
probability equal to the texts' Jaccard similarity, as with :data:`BINS` independent
permutations, but for the cost of one hash per shingle. Bins left empty by a short text
borrow the next filled bin's value (densification by rotation, Shrivastava and Li 2014), so
that every bin can be compared.

A word's hash is its CRC-32; a shingle's is a multilinear combination of its words' hashes
with fixed odd 64-bit multipliers, finished by SplitMix64's mixer. Everything after cutting
the text into words runs as a few NumPy array operations on a batch of texts, so an article
costs tens of microseconds, and the same text gives the same signature in any process on any
machine. (``datasketch`` hashes every shingle once per permutation, 128 times here, and
brings SciPy into the desktop app; NumPy is there anyway, for the language detector.)

LSH (:mod:`dossier.core.lsh`): the signature is cut into :data:`BANDS` bands of :data:`ROWS`
bins; texts that agree on a whole band are candidates. A pair with similarity ``s`` becomes a
candidate with probability ``1 - (1 - s**ROWS)**BANDS``: 99.6 % at 0.5, 68 % at 0.3, 4 % at 0.1.
"""

from __future__ import annotations

import hashlib
import zlib
from itertools import chain
from typing import Any, TypeAlias

import numpy as np

SHINGLE = 5
#: Signatures look at a text's first words only (its exact similarity, which confirms a
#: candidate, takes all of them): a long text costs no more than a long article.
MAX_WORDS = 2000
BIN_BITS = 7
BINS = 1 << BIN_BITS  # 128
ROWS = 3
BANDS = 42  # 42 x 3 = 126 of the 128 bins
#: Letters, digits and every byte of a multi-byte UTF-8 character stay; ASCII punctuation
#: and spaces separate words.
_KEEP = set(b"0123456789abcdefghijklmnopqrstuvwxyz") | set(range(128, 256))
_SEPARATE = bytes(c if c in _KEEP else 32 for c in range(256))
#: Stored signatures name the scheme they were made with; another scheme's are made again.
SCHEME = f"oph4-{BINS}-w{SHINGLE}-{MAX_WORDS}-r{ROWS}"

Signature: TypeAlias = "np.ndarray[Any, np.dtype[np.uint32]]"  # BINS values
Hashes: TypeAlias = "np.ndarray[Any, np.dtype[np.uint64]]"
Places: TypeAlias = "np.ndarray[Any, np.dtype[np.intp]]"

_U64 = np.uint64
#: Odd multipliers of the words of a shingle (and of the rows of a band, and its number).
_MULTIPLIERS = [
    _U64(m)
    for m in (
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
    )
]
#: What a value carried ``d`` bins is XORed with, so that equal sets still give equal
#: signatures while a carried value differs from the one it came from.
_CARRIES = np.array([0] + [zlib.crc32(b"carry %d" % d) for d in range(1, BINS + 1)], dtype=np.uint32)
_BINS_AT = np.arange(BINS)
_EMPTY = _U64(0xFFFFFFFFFFFFFFFF)
_BAND_NUMBERS = np.arange(BANDS, dtype=np.uint64) * _MULTIPLIERS[5]


def _mix(x: Hashes) -> Hashes:
    """SplitMix64's finaliser, in place: every bit of the result depends on every bit of ``x``."""
    x ^= x >> _U64(30)
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


def words(text: str, limit: int | None = None) -> list[bytes]:
    """The words of ``text``, lower-cased, as UTF-8 (the first ``limit`` of them)."""
    found = text.lower().encode("utf-8", "replace").translate(_SEPARATE).split()
    return found if limit is None else found[:limit]


def shingle_hashes(text: str, limit: int | None = None) -> Hashes:
    """A 64-bit hash of every shingle of ``text`` (of its first ``limit`` words), in order;
    a text shorter than a shingle has one, itself."""
    hashes, _ = _shingles([words(text, limit)])
    return hashes


def shingle_set(text: str) -> Hashes:
    """The distinct shingle hashes of the whole of ``text``, sorted (a set, as an array)."""
    return np.unique(shingle_hashes(text))


def _shingles(found: list[list[bytes]]) -> tuple[Hashes, Places]:
    """The shingle hashes of many texts' words, one text after the other, and the text each
    belongs to."""
    counts = np.fromiter(map(len, found), dtype=np.intp, count=len(found))
    hashed = np.fromiter(map(zlib.crc32, chain.from_iterable(found)), dtype=np.uint64, count=int(counts.sum()))
    padded = np.where((counts > 0) & (counts < SHINGLE), SHINGLE, counts)  # a short text is one shingle
    if (padded != counts).any():
        room = np.zeros(int(padded.sum()), dtype=np.uint64)
        shift = np.repeat(np.cumsum(padded) - padded - (np.cumsum(counts) - counts), counts)
        room[np.arange(len(hashed)) + shift] = hashed
        hashed = room
    total = len(hashed)
    if total < SHINGLE:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.intp)
    count = total - SHINGLE + 1
    combined = hashed[:count] * _MULTIPLIERS[0]
    for k in range(1, SHINGLE):
        combined += hashed[k : k + count] * _MULTIPLIERS[k]
    owner = np.repeat(np.arange(len(found)), padded)
    place = np.arange(total) - np.repeat(np.cumsum(padded) - padded, padded)  # the word's place in its text
    starts = (place <= np.repeat(padded - SHINGLE, padded))[:count]  # shingles that stay in one text
    return _mix(combined[starts]), owner[:count][starts]


def signatures(texts: list[str]) -> Signature:
    """The signatures of many texts at once, a row for each (see the module's docstring)."""
    return sign(texts)[0]


def sign(texts: list[str]) -> tuple[Signature, list[int]]:
    """The signatures of many texts at once, and a digest of each one's words: two texts
    with the same digest have the very same shingles. The digest is 0 for a text without
    words, never else. It is the sum of the shingles' hashes (modulo 2**64) of a text that
    the signature covers whole, a hash of all the words of a longer one."""
    every = [words(text) for text in texts]
    hashes, owner = _shingles([found[:MAX_WORDS] for found in every])
    sums = np.zeros(len(texts), dtype=np.uint64)
    if len(hashes):
        starts = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
        sums[owner[starts]] = np.add.reduceat(hashes, starts) | _U64(1)
    digests = sums.tolist()
    for i, whole in enumerate(every):
        if len(whole) > MAX_WORDS:
            digests[i] = int.from_bytes(hashlib.blake2b(b" ".join(whole), digest_size=8).digest(), "little") | 1
    return _signatures(len(texts), hashes, owner), digests


def _signatures(n: int, hashes: Hashes, owner: Places) -> Signature:
    """The signatures of ``n`` texts from their shingles' hashes and the text each belongs to."""
    out = np.zeros((n, BINS), dtype=np.uint32)
    if not len(hashes):
        return out
    cells = owner * BINS + (hashes >> _U64(64 - BIN_BITS)).astype(np.intp)
    smallest = np.full(n * BINS, _EMPTY, dtype=np.uint64)
    np.minimum.at(smallest, cells, hashes)  # each text's bin keeps its smallest hash
    filled = np.zeros((n, BINS), dtype=bool)
    filled.flat[cells] = True
    out[:] = (smallest & _U64(0xFFFFFFFF)).astype(np.uint32).reshape(n, BINS)
    if filled.all():
        return out
    # each bin takes the first filled bin at or after it, circularly, marked by the distance
    around = np.where(np.concatenate([filled, filled], axis=1), np.arange(2 * BINS), 2 * BINS)
    source = np.minimum.accumulate(around[:, ::-1], axis=1)[:, ::-1][:, :BINS]
    empty = source[:, 0] == 2 * BINS  # a text without words
    source[empty] = _BINS_AT
    densified: Signature = np.take_along_axis(out, source % BINS, axis=1) ^ _CARRIES[source - _BINS_AT]
    densified[empty] = 0
    return densified


def text_signature(text: str) -> Signature:
    row: Signature = signatures([text])[0]
    return row


def estimate(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of two signatures: the share of bins that agree."""
    return float(np.count_nonzero(a == b)) / BINS


def bands(sigs: Signature) -> Hashes:
    """The LSH band keys of a signature, band by band (a band's number is part of its key);
    of a matrix of signatures, one row of keys for each."""
    rows = sigs[..., : BANDS * ROWS].astype(np.uint64).reshape(*sigs.shape[:-1], BANDS, ROWS)
    keys = np.broadcast_to(_BAND_NUMBERS, rows.shape[:-1]).copy()
    for r in range(ROWS):
        keys += rows[..., r] * _MULTIPLIERS[r]
    return _mix(keys)


def to_bytes(sig: Signature) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> Signature:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
