"""The index's files, opened (or created) and read through one cached searcher.

:class:`IndexFiles` is the part of :class:`~dossier.core.index.SearchIndex` that writing
(:mod:`.upkeep`) and searching share: the whoosh index, a searcher replaced after each write,
the field lengths cached per segment for scoring, the query readers and word finders, and the
locks. The write lock is taken before the read lock, never after it.
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path
from typing import Any

from whoosh import index

from dossier.core.errors import DamagedIndex, DossierError
from dossier.core.highlight import WordFinder
from dossier.core.index.faults import unreadable
from dossier.core.index.fold import GroupCache
from dossier.core.index.languages import finder_for, search_fields
from dossier.core.index.parsing import ParsedQuery, QueryReaders, word_finder
from dossier.core.index.schema import make_schema
from dossier.core.index.scoring import Weighting, read_lengths
from dossier.core.index.storage import MappedStorage
from dossier.core.index.writer_lock import IndexWriterLock
from dossier.core.library import Library

log = logging.getLogger(__name__)


class IndexFiles:
    """The index's files, its one cached searcher and its locks: what writing and searching share."""

    def __init__(self, index_dir: Path | str, library: Library):
        self.index_dir = Path(index_dir)
        self.library = library
        self.schema = make_schema()
        self._words = word_finder(self.schema["body"].analyzer)
        self._write_lock = threading.Lock()  # taken before _read_lock, never after it
        self._read_lock = threading.RLock()
        self._ix: index.Index | None = None
        self._searcher = None
        self._lengths: dict[tuple[str, str], list[int]] = {}  # (segment, field): lengths, for scoring
        self._weighting = Weighting(self._field_lengths)
        self._readers = QueryReaders(self.schema)
        self._present: set[str] = set()  # the fields that hold documents, as the searcher sees them
        self._finders: dict[str, WordFinder] = {"body": self._words}
        self._groups = GroupCache()
        self._writer_lock = IndexWriterLock(self.index_dir)
        #: Seconds a write waits for another process that writes the index (None: LOCK_TIMEOUT).
        self.lock_wait: float | None = None

    # ------------------------------------------------------------ opening
    def _has_index(self) -> bool:
        return any(self.index_dir.glob("_*.toc"))

    def _open(self) -> index.Index:
        """The open index (created empty if there is none). Raises :class:`DamagedIndex`."""
        with self._read_lock:
            if self._ix is None:
                try:
                    if self._has_index():
                        ix = MappedStorage(str(self.index_dir)).open_index()
                        if ix.schema != self.schema:
                            raise DamagedIndex("The search index was made by another version of Dossier.")
                    else:
                        self.index_dir.mkdir(parents=True, exist_ok=True)
                        ix = MappedStorage(str(self.index_dir)).create_index(self.schema)
                except DamagedIndex:
                    raise
                except Exception as exc:
                    raise unreadable(exc, self.index_dir) from exc
                self._ix = ix
            return self._ix

    def _get_searcher(self) -> Any:
        with self._read_lock:
            if self._searcher is None:
                ix = self._open()
                try:
                    searcher = self._searcher = ix.searcher(weighting=self._weighting)
                    live = {_segment_id(sub.reader()) for sub, _ in searcher.leaf_searchers()}
                    self._present = set(searcher.reader().indexed_field_names())
                except Exception as exc:
                    raise unreadable(exc, self.index_dir) from exc
                self._lengths = {key: v for key, v in self._lengths.items() if key[0] in live}
            return self._searcher

    def _parse(self, query_text: str) -> ParsedQuery:
        """Read a query over the fields that hold documents (see :mod:`.languages`)."""
        try:
            with self._read_lock:
                self._get_searcher()
        except DossierError:  # a damaged index: the query is still read, the search says the rest
            log.debug("reading the query without the index's fields", exc_info=True)
        return self._readers.parse(query_text, search_fields(self._present))

    def _finder(self, field: str) -> WordFinder:
        if field not in self._finders:
            self._finders[field] = finder_for(field, self._words)
        return self._finders[field]

    def _field_lengths(self, reader: Any, fieldname: str) -> list[int] | None:
        """The field's length in every document of a segment, kept while the segment lives
        (a segment never changes once written); None for a reader that is not one segment."""
        segment = _segment_id(reader)
        if segment is None:
            return None
        key = (segment, fieldname)
        if key not in self._lengths:
            self._lengths[key] = read_lengths(reader, fieldname)
        return self._lengths[key]

    def _refresh(self) -> None:
        """Make the cached searcher see the last commit. Not with ``Searcher.refresh()``: in
        whoosh-reloaded 2.7.5 it keeps the segments a merge removed (documents show up twice,
        deleted ones come back) and fails on an empty index. A new searcher costs ~20 ms."""
        with self._read_lock:
            if self._searcher is None or self._searcher.up_to_date():
                return
            old, self._searcher = self._searcher, None
            try:
                old.close()
            except Exception:
                log.debug("closing the old searcher failed", exc_info=True)
            self._get_searcher()

    def _discard(self) -> None:
        """Forget the damaged index and delete its files (something else in its place, a file,
        is moved aside, not deleted)."""
        self.close()
        if self.index_dir.exists() and not self.index_dir.is_dir():
            self.index_dir.replace(self.index_dir.with_name(self.index_dir.name + ".not-a-folder"))
        shutil.rmtree(self.index_dir, ignore_errors=True)

    def close(self) -> None:
        with self._read_lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # closing a damaged index must not stop anything
                    log.debug("closing the searcher failed", exc_info=True)
            self._searcher = None
            self._ix = None

    def doc_count(self) -> int:
        with self._read_lock:
            return int(self._get_searcher().doc_count())


def _segment_id(reader: Any) -> str | None:
    """The name of the one segment a reader reads (None for several, or none)."""
    segment = reader.segment() if reader.is_atomic() else None
    return segment.segment_id() if segment is not None else None
