"""The search index: schema, building and updating it from the library, searching, hits.

This package is the only place that imports whoosh (query reading, scoring, fuzzy words
and bulk writing live in its submodules). The index holds no article text: the body is
indexed (from :meth:`Article.indexable_text`, so offsets stay true) but not stored; snippets
and highlight spans are cut from the library's text for the hits of the page only.

Query language: words (all must match, in the title or the body), "phrases", AND/OR/NOT and
-word, parentheses, field:value (title, publisher, author, tags, date), date ranges
(``date:2025``, ``date:[2025-01-01 to 2025-03-31]``, ``date:>2025-02``), wildcards (``plan*``)
and fuzzy words (``Zaporizhia~``, ``word~2/3``). A query that cannot be read is searched as its
plain words, with a message saying so; searching never raises for a query.

Threads: one write at a time (a lock around every write), and one cached searcher, guarded by
its own lock and replaced after each write, for searches from any thread.

Speed: a search scores every match (the total is exact) but not through whoosh's collectors:
the query becomes a plan that :mod:`dossier.core.ranking` runs a block of postings at a time,
with whoosh's scores to the last bit; what it cannot plan, whoosh's matchers score (with field
lengths cached per segment; both in :mod:`.ranked`). Fuzzy words are found with one automaton per search
(:mod:`.fuzzy`). Only the hits of the page get their stored fields and matched
terms. Many documents at once are indexed by two worker processes (:class:`BulkWriter`), during
the import that brings them in (:meth:`SearchIndex.adding`), which analyse the text in bulk
(:mod:`.analysis`). Segments are separate files read
through a memory map (:mod:`.storage`).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Container, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from whoosh import index, query, writing
from whoosh.writing import SegmentWriter

from dossier.core.errors import DamagedIndex, DossierError, describe, os_reason
from dossier.core.highlight import SNIPPET_CHARS, WordFinder, make_hit, segments_outside
from dossier.core.index.bulk import BulkFeed, BulkWriter, WorkersFailed, cancel_writer
from dossier.core.index.compat import FAST, WARNING, warn_once
from dossier.core.index.faults import index_fault as _index_fault
from dossier.core.index.faults import open_writer, read_everything, unreadable
from dossier.core.index.fold import GroupCache
from dossier.core.index.languages import body_field, finder_for, search_fields
from dossier.core.index.parsing import ParsedQuery, QueryReaders, word_finder
from dossier.core.index.ranked import Row, ranked_page
from dossier.core.index.schema import make_schema
from dossier.core.index.scoring import Weighting, body_terms, read_lengths
from dossier.core.index.storage import MappedStorage
from dossier.core.index.writer_lock import IndexWriterLock
from dossier.core.index_fields import index_fields, skip_ranges
from dossier.core.library import Library, language_of
from dossier.core.limits import MAX_QUERY_CHARS
from dossier.core.locking import Busy
from dossier.core.query_text import plain_words
from dossier.core.search_results import Hit, SearchResults, Span, SyncReport

__all__ = ["BUSY", "FAST", "WARNING", "BulkFeed", "Hit", "SearchIndex", "SearchResults", "SyncReport", "make_schema"]

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

#: Every writer writes a segment as separate files, not whoosh's default compound file:
#: whoosh reads a compound segment by copying each part it opens into memory (a searcher
#: held ~520 MB for a 250 MB index), while separate files are read from disk as needed. And
#: a commit does not copy the whole segment once more to assemble it.
WRITER = {"compound": False}
#: Adding more documents than this at once uses the bulk writer: two worker processes (on a
#: machine with two cores or more), each buffering up to ``limitmb`` of postings (~1.6x that
#: in memory) and writing a segment each time the buffer is full (no merge). See
#: :class:`BulkWriter`.
BULK_DOCS = 500
BULK_WRITER = {"procs": 2, "limitmb": 128, "multisegment": True, **WRITER}
#: Texts up to this length get every span in a hit; longer ones only up to the snippet.
FULL_SPANS_CHARS = 200_000
#: Seconds to wait for another process's write lock before giving up.
LOCK_TIMEOUT = 5.0
BUSY = "The search index is being updated by another Dossier window; try again when it is done."


class _Cancelled(Exception):
    pass


# ---------------------------------------------------------------------- the index


class SearchIndex:
    """The whoosh index of the library's current articles."""

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

    # ------------------------------------------------------------ writing
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
            writer = open_writer(ix, LOCK_TIMEOUT, SegmentWriter, **WRITER)
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
                writer = open_writer(ix, LOCK_TIMEOUT, SegmentWriter, **WRITER)
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

    # ------------------------------------------------------------ searching
    def search(
        self, query_text: str, *, limit: int = 20, page: int = 1, fold: Mapping[str, str] | None = None
    ) -> SearchResults:
        """One page of hits, best first, each with a snippet and its match spans. ``fold``
        (a copy's id -> its original's) counts each matching copy group once, its other
        matching members in the hit's ``copies`` (:mod:`dossier.core.folding`)."""
        limit, page = max(1, limit), max(1, page)
        if not query_text.strip():
            return SearchResults(query_text, 0, [], page, limit)
        parsed = self._parse(query_text)
        if parsed.query is None:
            return SearchResults(query_text, 0, [], page, limit, parsed.message)
        try:
            total, rows = self._run(parsed.query, limit, page, fold)
        except DamagedIndex:
            raise
        except Exception as exc:  # noqa: BLE001 - a query whoosh parsed but cannot run: try its plain words
            words = plain_words(query_text)
            fallback = self._parse(" ".join(words)) if words else ParsedQuery(None)
            if fallback.query is None:
                return SearchResults(query_text, 0, [], page, limit, f"Could not run the query ({describe(exc)}).")
            try:
                total, rows = self._run(fallback.query, limit, page, fold)
            except Exception as again:
                raise DamagedIndex(f"The search index could not be read ({describe(again)}).") from again
            parsed = fallback
            parsed.message = f"Could not run the query ({describe(exc)}); searched for the plain words instead."
        texts = self.library.texts(row[0]["id"] for row in rows)
        hits = []
        for fields, score, matched, copies in rows:
            text = texts.get(fields["id"], "")
            reach = None if len(text) <= FULL_SPANS_CHARS else SNIPPET_CHARS  # huge text: spans near the snippet
            field = body_field(fields.get("lang") or None)
            plan = parsed.plan_for(field)
            hits.append(
                make_hit(
                    fields, score, text, self._finder(field), plan.highlight_terms(matched), plan.phrases, reach=reach
                )
            )
            hits[-1].copies = copies
        return SearchResults(query_text, total, hits, page, limit, parsed.message)

    def _run(
        self, q: query.Query, limit: int, page: int, fold: Mapping[str, str] | None = None
    ) -> tuple[int, list[Row]]:
        """Search, holding the searcher only as long as needed:
        (total, [(fields, score, body terms, ids of the copies folded under it)])."""
        with self._read_lock:
            searcher = self._get_searcher()
            groups, names = self._groups.groups(searcher, fold) if fold else ({}, {})
            return ranked_page(searcher, q, self._field_lengths, groups, names, limit, page)

    def match_spans(self, query_text: str, article_id: str) -> list[Span]:
        """Every match of the query in the article's body, sorted: what a reader highlights."""
        too_long = len(query_text) > MAX_QUERY_CHARS  # refused by Workspace.search
        parsed = self._parse(query_text) if query_text.strip() and not too_long else ParsedQuery(None)
        if parsed.query is None:
            return []
        article = self.library.get(article_id)
        field = body_field(language_of(article))
        plan = parsed.plan_for(field)
        matched: Container[str] = plan  # what the query says, if the index does not know the article
        try:
            with self._read_lock:
                searcher = self._get_searcher()
                docnum = searcher.document_number(id=article_id)
                found = body_terms(searcher, parsed.query, [docnum]).get(docnum) if docnum is not None else None
                if found is not None:
                    matched = plan.highlight_terms(found)
        except Exception:  # noqa: BLE001 - the reader still lights up what the query itself says
            warn_once(
                "match_spans", "finding a hit's matched words failed; the query's own words are lit", exc_info=True
            )
        segments = segments_outside(len(article.text), skip_ranges(article))
        return self._finder(field).find_spans(article.text, segments, matched, plan.phrases)


def _segment_id(reader: Any) -> str | None:
    """The name of the one segment a reader reads (None for several, or none)."""
    segment = reader.segment() if reader.is_atomic() else None
    return segment.segment_id() if segment is not None else None
