"""Reprints: articles that are copies of another one, found as they are imported.

A *copy* is the same story published again: with other page furniture, trimmed, re-headlined.
Two articles are copies of each other when their body texts (title and boilerplate left out)
share most of their five-word shingles (see :func:`is_copy`). Candidates come from MinHash
signatures and LSH (:mod:`dossier.core.minhash`, :mod:`dossier.core.lsh`); each is confirmed on
the exact shingles. Those modules need NumPy, imported on the first detection, not with the app.

Copies form a group around one *original*: the earliest by publication date when the dates
can be compared, else the first imported. Every other member has ``copy_of`` = the original
(never a chain). The groups live in the library's database beside the articles, with each
article's signature, so that the next import compares new articles with all earlier ones.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from dossier.core.in_turn import InTurn
from dossier.core.library import Article, Library
from dossier.core.query_text import parse_published
from dossier.core.shingle_cache import ShingleCache

if TYPE_CHECKING:
    from dossier.core.lsh import LSH
    from dossier.core.minhash import Hashes, Signature

log = logging.getLogger(__name__)

#: A copy shares at least half of all shingles of the two (Jaccard) ...
COPY_SIMILARITY = 0.5
#: ... or holds this share of the shorter one's shingles (a trimmed copy) ...
CONTAINED = 0.9
#: ... while sharing at least this much of all of them.
CONTAINED_SIMILARITY = 0.3
#: Candidates whose signatures agree on fewer bins than this are not checked further.
ESTIMATE_FLOOR = 0.2
#: At most this many candidates (the closest by signature) are checked on their exact shingles.
CHECKED = 5
#: Articles signed and looked up together (a few array operations for all of them).
BATCH = 250
FLUSH_EVERY = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reprint_signatures (
    id TEXT PRIMARY KEY, scheme TEXT NOT NULL, signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS reprint_copies (
    id TEXT PRIMARY KEY, copy_of TEXT NOT NULL, similarity REAL NOT NULL);
CREATE INDEX IF NOT EXISTS reprint_copies_of ON reprint_copies(copy_of);
"""


@dataclass(frozen=True)
class Similarity:
    jaccard: float  # shared shingles / all shingles of the two
    contained: float  # shared shingles / the shingles of the one with fewer


def similarity(a: Hashes, b: Hashes) -> Similarity:
    """The similarity of two sets of shingles (sorted arrays of distinct hashes, see :func:`shingles`)."""
    import numpy as np

    if not len(a) or not len(b):
        return Similarity(0.0, 0.0)
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return Similarity(shared / (len(a) + len(b) - shared), shared / min(len(a), len(b)))


def is_copy(sim: Similarity) -> bool:
    return sim.jaccard >= COPY_SIMILARITY or (sim.contained >= CONTAINED and sim.jaccard >= CONTAINED_SIMILARITY)


def shingles(article: Article) -> Hashes:
    """The hashes of every shingle of the article's body, distinct and sorted."""
    from dossier.core import minhash

    return minhash.shingle_set(article.indexable_text())


class Reprints:
    """The copy groups of a library: reading them, and finding new copies as articles come in."""

    def __init__(self, library: Library):
        self.library = library
        with library.transaction() as db:
            db.executescript(_SCHEMA)
        self._index: LSH | None = None
        self._loaded = 0  # the last signature row the LSH holds

    @property
    def _lsh(self) -> LSH:
        if self._index is None:
            from dossier.core.lsh import LSH

            self._index = LSH()
        return self._index

    # ------------------------------------------------------------ reading
    def copy_of(self, article_id: str) -> str | None:
        with self.library.transaction() as db:
            row = db.execute("SELECT copy_of FROM reprint_copies WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def copies_map(self) -> dict[str, str]:
        """Every current copy and its original, where the original is current too."""
        with self.library.transaction() as db:
            rows = db.execute(
                "SELECT c.id, c.copy_of FROM reprint_copies c"
                " JOIN articles a ON a.id = c.id AND a.current = 1"
                " JOIN articles o ON o.id = c.copy_of AND o.current = 1"
            ).fetchall()
        return dict(rows)

    def copies(self, original_id: str) -> list[str]:
        """The current copies of an original, in import order."""
        with self.library.transaction() as db:
            rows = db.execute(
                "SELECT c.id FROM reprint_copies c JOIN articles a ON a.id = c.id AND a.current = 1"
                " WHERE c.copy_of = ? ORDER BY a.rowid",
                (original_id,),
            ).fetchall()
        return [r[0] for r in rows]

    def origin(self, article_id: str) -> str:
        """The original of the article's group (the article itself if it is no copy)."""
        return self.copy_of(article_id) or article_id

    def group(self, article_id: str) -> list[str]:
        """The original of the article's group first, then its copies."""
        root = self.origin(article_id)
        return [root, *self.copies(root)]

    def regroup(self, article_id: str) -> None:
        """Choose the article's group's original again (after a date changed)."""
        members = self.group(article_id)
        if len(members) < 2:
            return
        root = _earliest(self.library, members)
        if root == members[0]:
            return
        with self.library.transaction() as db:
            row = db.execute("SELECT similarity FROM reprint_copies WHERE id=?", (root,)).fetchone()
            db.execute("DELETE FROM reprint_copies WHERE id=?", (root,))
            db.execute("UPDATE reprint_copies SET copy_of=? WHERE copy_of=?", (root, members[0]))
            db.execute(
                "INSERT INTO reprint_copies (id, copy_of, similarity) VALUES (?,?,?)",
                (members[0], root, row[0] if row else COPY_SIMILARITY),
            )

    # ------------------------------------------------------------ finding copies
    @contextmanager
    def detecting(self) -> Iterator[Detector]:
        """``detector.add(article)`` for each new article (``Library.add_many(stored=...)``);
        what it found is written when the block ends."""
        self._load()
        detector = Detector(self)
        try:
            yield detector
        finally:
            detector.flush()

    def catch_up(self) -> int:
        """Look for copies among the current articles that have no signature yet (a library
        from before reprints were detected, articles added one by one): how many were looked at."""
        from dossier.core import minhash

        with self.library.transaction() as db:
            db.execute("DELETE FROM reprint_signatures WHERE scheme != ?", (minhash.SCHEME,))
            if db.total_changes:
                self._index, self._loaded = None, 0
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM articles WHERE current = 1 AND id NOT IN (SELECT id FROM reprint_signatures)"
                    " ORDER BY rowid"
                )
            ]
        if not ids:
            return 0
        with self.detecting() as detector:
            for start in range(0, len(ids), 200):
                batch = self.library.get_many(ids[start : start + 200])
                for article_id in ids[start : start + 200]:
                    if article_id in batch:
                        detector.add(batch[article_id])
        return len(ids)

    def _load(self) -> None:
        """Bring the in-memory LSH up to the stored signatures (only the rows it lacks)."""
        from dossier.core import minhash

        with self.library.transaction() as db:
            rows = db.execute(
                "SELECT s.rowid, s.id, s.signature FROM reprint_signatures s"
                " JOIN articles a ON a.id = s.id AND a.current = 1"
                " WHERE s.rowid > ? AND s.scheme = ? ORDER BY s.rowid",
                (self._loaded, minhash.SCHEME),
            ).fetchall()
        lsh = self._lsh
        ids, blobs = [], []
        for rowid, article_id, blob in rows:
            self._loaded = max(self._loaded, rowid)
            if article_id not in lsh and len(blob) == minhash.BINS * 4:  # (this process's own rows are there already)
                ids.append(article_id)
                blobs.append(blob)
        if ids:
            lsh.extend(ids, minhash.from_bytes(b"".join(blobs)).reshape(len(ids), minhash.BINS))

    def _forget(self, article_id: str) -> None:
        self._lsh.remove(article_id)


class Detector:
    """Finds the copies among articles as they are stored; see :meth:`Reprints.detecting`."""

    def __init__(self, reprints: Reprints):
        self._r = reprints
        self._library = reprints.library
        self._signatures: list[tuple[str, str, bytes]] = []
        self._copy_of: dict[str, tuple[str, float]] = {}  # found here, not yet written
        self._dropped: set[str] = set()
        self._waiting: list[Article] = []
        self._waiting_ids: set[str] = set()
        self._shingles = ShingleCache(shingles)
        self._turns: InTurn | None = None
        self.found = 0

    def in_background(self) -> None:
        """Look at the articles from now on in a thread of its own, one batch after another,
        while the caller goes on (see :mod:`dossier.core.in_turn`): for an import whose index
        workers have started (a thread started before them would have them started from a
        fork server, not forked)."""
        if self._turns is None:
            self._turns = InTurn("reprint detection")

    def add(self, article: Article) -> None:
        """Take one new article: signed with the next batch, and, if it copies an earlier one,
        joined to that one's group (in the order the articles came)."""
        if not article.current or article.id in self._waiting_ids:
            return
        self._waiting.append(article)
        self._waiting_ids.add(article.id)
        if len(self._waiting) >= BATCH:
            self._next_batch()

    def _next_batch(self) -> None:
        waiting, self._waiting, self._waiting_ids = self._waiting, [], set()
        if not waiting:
            return
        if self._turns is None:
            self._detect(waiting)
        else:
            self._turns.submit(self._detect, waiting)

    def _detect(self, waiting: list[Article]) -> None:
        """Sign a batch of articles together, and look for the copies among them in turn."""
        from dossier.core import minhash

        lsh = self._r._lsh
        waiting = [article for article in waiting if article.id not in lsh]  # signed before
        if not waiting:
            return
        sigs, digests = minhash.sign([article.indexable_text() for article in waiting])
        candidates = self._r._lsh.insert_many([article.id for article in waiting], sigs, digests)
        for article, sig, digest, found in zip(waiting, sigs, digests, candidates):
            if article.version > 1:
                self._replaced(article)
            match = self._match(article, sig, digest, found)
            if match is not None:
                self._join(article, *match)
            self._signatures.append((article.id, minhash.SCHEME, minhash.to_bytes(sig)))
        if len(self._signatures) >= FLUSH_EVERY:
            self._write()

    def _match(self, article: Article, sig: Signature, digest: int, candidates: list[str]) -> tuple[str, float] | None:
        """The earlier article it copies (of the LSH's ``candidates``), and how similar they
        are: the closest one confirmed. One with the very same words (the same ``digest``)
        needs no confirming."""
        if not candidates:
            return None
        lsh = self._r._lsh
        close = lsh.closest(sig, candidates, ESTIMATE_FLOOR, CHECKED)
        if not close:
            return None
        if digest:
            same = next((c for e, c in close if e == 1.0 and lsh.digest(c) == digest), None)
            if same is not None:
                return same, 1.0
        mine = self._shingles.shingles(article)
        others = self._library.get_many(c for _, c in close)
        best: tuple[str, float] | None = None
        for _, candidate in close:
            other = others.get(candidate)
            if other is None:
                continue
            sim = similarity(mine, self._shingles.shingles(other))
            if is_copy(sim) and (best is None or sim.jaccard > best[1]):
                best = (candidate, sim.jaccard)
        return best

    def _join(self, article: Article, match: str, sim: float) -> None:
        root = self._origin(match)
        if root == article.id:
            return
        self.found += 1
        if _earlier(self._library, article.id, root):
            members = [root, *self._members(root)]
            for member in members:
                self._copy_of[member] = (article.id, self._similarity(member, sim))
            self._copy_of.pop(article.id, None)
            self._dropped.add(article.id)
        else:
            self._copy_of[article.id] = (root, sim)

    def _origin(self, article_id: str) -> str:
        if article_id in self._copy_of:
            return self._copy_of[article_id][0]
        if article_id in self._dropped:
            return article_id
        return self._r.copy_of(article_id) or article_id

    def _members(self, root: str) -> list[str]:
        stored = {a for a in self._r.copies(root) if a not in self._dropped and self._origin(a) == root}
        found = {a for a, (r, _) in self._copy_of.items() if r == root}
        return sorted(stored | found)

    def _similarity(self, member: str, default: float) -> float:
        if member in self._copy_of:
            return self._copy_of[member][1]
        with self._library.transaction() as db:
            row = db.execute("SELECT similarity FROM reprint_copies WHERE id=?", (member,)).fetchone()
        return row[0] if row else default

    def _replaced(self, article: Article) -> None:
        """A new version replaces the old ones: they leave the LSH, and their group keeps its
        other members (under a new original if the old version was it)."""
        for old in self._library.versions(article.key):
            if old.id == article.id:
                continue
            self._r._forget(old.id)
            members = self._members(old.id)
            self._copy_of.pop(old.id, None)
            self._dropped.add(old.id)
            if members:
                root = _earliest(self._library, members)
                for member in members:
                    if member == root:
                        self._copy_of.pop(member, None)
                        self._dropped.add(member)
                    else:
                        self._copy_of[member] = (root, self._similarity(member, 0.0))

    def flush(self) -> None:
        """Look at the articles still waiting, and write what was found so far."""
        self._next_batch()
        if self._turns is not None:
            turns, self._turns = self._turns, None
            turns.join()
        self._write()

    def _write(self) -> None:
        if not (self._signatures or self._copy_of or self._dropped):
            return
        try:
            with self._library.transaction() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO reprint_signatures (id, scheme, signature) VALUES (?,?,?)", self._signatures
                )
                db.executemany("DELETE FROM reprint_copies WHERE id=?", [(a,) for a in self._dropped])
                db.executemany(
                    "INSERT OR REPLACE INTO reprint_copies (id, copy_of, similarity) VALUES (?,?,?)",
                    [(a, root, sim) for a, (root, sim) in self._copy_of.items()],
                )
        except sqlite3.Error:
            log.warning("the reprints found could not be written", exc_info=True)
            return
        # the LSH's next load reads these rows again (and skips them): another process may have
        # written rows between them that it has not seen
        self._signatures, self._copy_of, self._dropped = [], {}, set()


def _dates(library: Library, ids: Iterable[str]) -> dict[str, tuple[datetime | None, int]]:
    """Each article's (published date or None, import order)."""
    ids = list(ids)
    marks = ",".join("?" * len(ids))
    with library.transaction() as db:
        rows = db.execute(
            f"SELECT id, rowid, json_extract(meta, '$.published') FROM articles WHERE id IN ({marks})", ids
        ).fetchall()
    return {article_id: (parse_published(published), rowid) for article_id, rowid, published in rows}


def _before(a: tuple[datetime | None, int], b: tuple[datetime | None, int]) -> bool:
    """Whether (date, order) ``a`` comes first: by date when both have one, else by import."""
    if a[0] is not None and b[0] is not None and a[0] != b[0]:
        return bool(a[0] < b[0])
    return bool(a[1] < b[1])


def _earlier(library: Library, a: str, b: str) -> bool:
    dates = _dates(library, (a, b))
    return a in dates and b in dates and _before(dates[a], dates[b])


def _earliest(library: Library, ids: list[str]) -> str:
    dates = _dates(library, ids)
    best = ids[0]
    for article_id in ids[1:]:
        if article_id in dates and (best not in dates or _before(dates[article_id], dates[best])):
            best = article_id
    return best
