"""Keeping the index up to the library: sync, rebuild, repairing a damaged index, indexing an
import while it runs, and re-indexing one article.

Many documents at once go through the bulk writer (:class:`.bulk.BulkWriter`: two worker
processes that analyse the text in bulk, :mod:`.analysis`); if its workers fail, through a
plain writer. One write at a time, in this process (a lock) and across processes
(:class:`.writer_lock.IndexWriterLock`, waited for ``lock_wait`` seconds).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from whoosh import writing

from dossier.core.errors import DamagedIndex, describe, os_reason
from dossier.core.index.base import IndexFiles
from dossier.core.index.bulk import BulkFeed, BulkWriter, WorkersFailed, cancel_writer
from dossier.core.index.compat import warn_once
from dossier.core.index.faults import index_fault as _index_fault
from dossier.core.index.faults import open_writer, read_everything, unreadable
from dossier.core.index.postings import QuickSegmentWriter
from dossier.core.index_fields import index_fields
from dossier.core.locking import Busy
from dossier.core.search_results import SyncReport

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

#: Every writer writes a segment as separate files, not whoosh's default compound file:
#: whoosh reads a compound segment by copying each part it opens into memory (a searcher
#: held ~520 MB for a 250 MB index), while separate files are read from disk as needed. And
#: a commit does not copy the whole segment once more to assemble it.
WRITER = {"compound": False}
#: Adding more documents than this at once uses the bulk writer: two worker processes (on a
#: machine with two cores or more), each buffering up to ``limitmb`` of postings and writing
#: a segment each time the buffer is full (no merge). See :class:`BulkWriter`. A worker holds
#: about 30 MB and 1.3x its buffer: 96 MB keeps an import of 53,664 articles within 600 MB for
#: all processes together (``make bench``), 128 MB did not once every article's language
#: was detected and its reprints looked for in the importing process.
BULK_DOCS = 500
BULK_WRITER = {"procs": 2, "limitmb": 96, "multisegment": True, **WRITER}
#: Seconds to wait for another process's write lock before giving up.
LOCK_TIMEOUT = 5.0
BUSY = "The search index is being updated by another Dossier window; try again when it is done."


class _Cancelled(Exception):
    pass


class IndexUpkeep(IndexFiles):
    """Writing the index: see the module's docstring."""

    def sync(self, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None) -> SyncReport:
        """Bring the index up to the library: add new articles, drop ones no longer current,
        and repair an article indexed twice. A missing or damaged index is rebuilt, and the
        report says so. Another process writing the index is waited for (``lock_wait``)."""
        with self._write_lock:
            try:
                with self._writer_lock.held(self._wait()):
                    return self._sync(progress, cancelled)
            except Busy as exc:
                return SyncReport(0, 0, False, str(exc))
            except OSError as exc:  # a read-only data folder, a full disk: said, and nothing deleted
                log.warning("the search index could not be updated", exc_info=True)
                return self._read_only(exc)

    def _wait(self) -> float:
        return LOCK_TIMEOUT if self.lock_wait is None else self.lock_wait

    def _sync(self, progress: ProgressFn | None, cancelled: CancelledFn | None) -> SyncReport:
        try:
            with self._read_lock:
                existed = self._has_index()
                self._refresh()
                indexed = [fields["id"] for fields in self._get_searcher().reader().all_stored_fields()]
            current = self.library.current_ids()
            twice = {i for i, n in Counter(indexed).items() if n > 1}
            known = set(indexed)
            add, delete = sorted((current - known) | (twice & current)), sorted((known - current) | twice)
            report = self._write(add, delete, progress, cancelled)
        except writing.LockError:
            return SyncReport(0, 0, False, BUSY)
        except Exception as exc:  # a damaged segment may only show when reading or merging it
            if not _index_fault(exc):
                raise
            return self._rebuild_damaged(exc, progress, cancelled)
        if twice and not report.cancelled:
            report.removed -= len(twice)
            report.added -= len(twice & current)
            report.message = f"{len(twice)} article(s) indexed more than once were repaired."
        if not existed and not report.cancelled:
            report.rebuilt = True
            report.message = "The search index was built from the library."
        return report

    def _read_only(self, exc: OSError) -> SyncReport:
        """What a sync says when it cannot write in the data folder (read-only, or the disk is
        full): nothing if nothing was to do."""
        try:
            with self._read_lock:
                indexed = {fields["id"] for fields in self._get_searcher().reader().all_stored_fields()}
        except DamagedIndex:
            indexed = set()
        behind = len(self.library.current_ids() ^ indexed)
        if not behind:
            return SyncReport(0, 0, False)
        return SyncReport(
            0,
            0,
            False,
            f"The search index could not be updated ({os_reason(exc)}): "
            f"{behind} article(s) of the library are not searchable as they are.",
        )

    def check(self, progress: ProgressFn | None = None) -> SyncReport | None:
        """Read the whole index, every posting of every segment (a table of contents that opens
        says nothing of a segment cut short); a damaged index is rebuilt and the report says
        so. None when all of it reads."""
        try:
            with self._read_lock:
                self._refresh()
                read_everything(self._get_searcher())
        except Exception as exc:
            if not _index_fault(exc):
                raise
            with self._write_lock, self._writer_lock.held(self._wait()):
                return self._rebuild_damaged(exc, progress, None)
        return None

    def rebuild(self, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None) -> SyncReport:
        """Index every current article afresh. Until it is done the old index stays searchable."""
        with self._write_lock, self._writer_lock.held(self._wait()):
            try:
                report = self._write(sorted(self.library.current_ids()), [], progress, cancelled, clear=True)
            except writing.LockError:
                return SyncReport(0, 0, False, BUSY)
            except Exception as exc:
                if not _index_fault(exc):
                    raise
                return self._rebuild_damaged(exc, progress, cancelled)
            report.rebuilt = not report.cancelled
            return report

    @contextmanager
    def adding(self) -> Iterator[BulkFeed]:
        """Index an import's new articles while it runs: ``feed.add(article)`` for each one the
        library stores (``Library.add_many(stored=feed.add)``). Many are written by the bulk
        writer with one commit when the block ends (``feed.added`` says how many); a few, or
        any that could not be written here, are left to the :meth:`sync` that must follow,
        which also drops the versions they replace. Holds the write lock for the block."""
        bulk = BULK_WRITER.get("procs", 1) > 1 and (os.cpu_count() or 1) > 1
        with self._write_lock, ExitStack() as stack:
            try:  # another process writing the index: leave this import's articles to the sync
                stack.enter_context(self._writer_lock.held(0))
            except (Busy, OSError):
                bulk = False
            feed = BulkFeed(self._open, index_fields, BULK_DOCS if bulk else None, BULK_WRITER, LOCK_TIMEOUT)
            try:
                yield feed
            except BaseException:
                feed.cancel()
                raise
            if feed.commit():
                self._refresh()

    def _rebuild_damaged(
        self, exc: Exception, progress: ProgressFn | None, cancelled: CancelledFn | None
    ) -> SyncReport:
        log.warning("search index at %s is damaged; rebuilding it", self.index_dir, exc_info=exc)
        self._discard()
        reason = str(exc) if isinstance(exc, DamagedIndex) else f"The search index could not be read ({describe(exc)})."
        try:
            report = self._write(sorted(self.library.current_ids()), [], progress, cancelled)
        except writing.LockError:
            return SyncReport(0, 0, False, BUSY)
        except Exception as again:
            if not _index_fault(again):
                raise
            raise DamagedIndex(f"The search index could not be rebuilt ({describe(again)}).") from again
        if report.cancelled:
            report.message = f"{reason} Rebuilding it was cancelled: search finds nothing until it is rebuilt."
        else:
            report.rebuilt = True
            report.message = f"{reason} It was rebuilt from the library."
        return report

    def _write(
        self,
        add: list[str],
        delete: list[str],
        progress: ProgressFn | None,
        cancelled: CancelledFn | None,
        *,
        clear: bool = False,
    ) -> SyncReport:
        """One writer, one commit: delete ``delete``, add ``add`` (all of the index if ``clear``).
        Many documents go through the bulk writer; if its workers fail, through a plain one."""
        if not add and not delete and not clear:
            return SyncReport(0, 0, False)
        bulk = len(add) > BULK_DOCS and BULK_WRITER.get("procs", 1) > 1 and (os.cpu_count() or 1) > 1
        if bulk:
            try:
                return self._write_with(True, add, delete, progress, cancelled, clear)
            except WorkersFailed as exc:
                warn_once("bulk", "the bulk index writer failed (%s); writing in one process instead", exc)
        return self._write_with(False, add, delete, progress, cancelled, clear)

    def _write_with(
        self,
        bulk: bool,
        add: list[str],
        delete: list[str],
        progress: ProgressFn | None,
        cancelled: CancelledFn | None,
        clear: bool,
    ) -> SyncReport:
        ix = self._open()
        if bulk:
            writer = open_writer(ix, LOCK_TIMEOUT, BulkWriter, **BULK_WRITER)  # LockError if another process writes
        else:
            writer = open_writer(ix, LOCK_TIMEOUT, QuickSegmentWriter, **WRITER)
        added = 0
        try:
            for article_id in delete:
                writer.delete_by_term("id", article_id)
            for start in range(0, len(add), 200):
                batch = add[start : start + 200]
                articles = self.library.get_many(batch)
                for done, article_id in enumerate(batch, start + 1):
                    if cancelled is not None and cancelled():
                        raise _Cancelled
                    article = articles.get(article_id)
                    if article is not None:
                        writer.add_document(**index_fields(article))
                        added += 1
                    if progress is not None:
                        progress(done, len(add), article.title if article else "")
            if progress is not None and add:
                progress(len(add), len(add), "Saving the index…")
            writer.commit(mergetype=writing.CLEAR if clear else None)
        except _Cancelled:
            cancel_writer(writer)
            return SyncReport(0, 0, False, "Indexing was cancelled; the index was left as it was.", cancelled=True)
        except BaseException:
            cancel_writer(writer)
            raise
        self._refresh()
        return SyncReport(added, len(delete), False)

    def update_article(self, article_id: str) -> None:
        """Re-index one article after its metadata changed (or drop it if it is no longer current)."""
        article = self.library.get(article_id)
        with self._write_lock, self._writer_lock.held(self._wait()):
            ix = self._open()
            try:
                writer = open_writer(ix, LOCK_TIMEOUT, QuickSegmentWriter, **WRITER)
            except writing.LockError as exc:
                raise DamagedIndex(BUSY) from exc
            try:
                if article.current:
                    writer.update_document(**index_fields(article))
                else:
                    writer.delete_by_term("id", article_id)
                writer.commit()
            except Exception as exc:
                cancel_writer(writer)
                raise unreadable(exc, self.index_dir, "updated") from exc
            self._refresh()
