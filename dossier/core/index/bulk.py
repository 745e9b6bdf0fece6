"""Indexing many documents at once with whoosh's multi-process writer, safely. Part of the
index package, the only place that imports whoosh."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask

from dossier.core.errors import describe
from dossier.core.index.analysis import index_faster
from dossier.core.index.faults import open_writer
from dossier.core.index.postings import QuickSegmentWriter
from dossier.core.parent_watch import watch_parent

log = logging.getLogger(__name__)


class WorkersFailed(Exception):
    """A worker process of the bulk writer did not finish its part; nothing was committed."""


#: A worker closes its segment and starts another once its postings reach this share of
#: ``limitmb``, rather than letting whoosh spill them to sorted runs on disk and merge those
#: at the end. Memory stays bounded by ``limitmb`` however many documents come, and the
#: spill-and-merge never happens: at 4x the benchmark corpus (54k articles) the workers
#: spent 111-117 s of processor time instead of 136-147 s. The price is more segments (10
#: instead of 2 there), which fuzzy words feel most (their word list is read per segment).
ROLL_AT = 0.85


class SubWriter(SubWriterTask):
    """Whoosh's worker process, started the way its :class:`BulkWriter` chose, writing one
    segment per buffer-full of postings (see :data:`ROLL_AT`) and reporting all of them."""

    start_method = "fork"

    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        return multiprocessing.get_context(process_obj.start_method).Process._Popen(process_obj)

    parent_pid: int | None = None  #: the process that started it; the worker ends with it

    def run(self) -> None:
        watch_parent(self.parent_pid)
        self._ix = self.storage.open_index(self.indexname)
        self._segments: list[Any] = []
        self.writer = self._new_writer()
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            self.writer.cancel()
            return
        if self.writer._added or not self._segments:
            self._segments.append(self.writer._finalize_segment())
        else:
            self.writer._close_segment()
        self.resultqueue.put((None, None, self._segments), timeout=5)

    def _process_file(self, filename: str, doc_count: int) -> None:
        """Index one job file of pickled documents, rolling over to a new segment whenever
        the buffer is full enough (checked after each document, before whoosh would spill)."""
        tempstorage = self.writer.temp_storage()
        with tempstorage.open_file(filename).raw_file() as f:
            for _ in range(doc_count):
                _code, fields = pickle.load(f)
                self.writer.add_document(**fields)
                pool = self.writer.pool
                if pool.currentsize >= pool.limit * ROLL_AT:
                    self._segments.append(self.writer._finalize_segment())
                    self.writer = self._new_writer()
        tempstorage.delete_file(filename)

    def _new_writer(self) -> QuickSegmentWriter:
        """A writer for the next segment, its text fields analysed in bulk (:mod:`.analysis`)
        and its postings written in bulk (:mod:`.postings`)."""
        writer = QuickSegmentWriter(self._ix, _lk=False, **self.kwargs)
        index_faster(writer.schema)
        return writer


class BulkWriter(MpWriter):
    """Whoosh's multi-process writer, starting its workers safely. MpWriter takes no start
    method (it uses the module-level Process and Queue of the default context), so it forks
    this process on Linux up to Python 3.13; but a fork copies every lock that another thread
    holds, locked, and the GUI has Qt threads. So a process with other threads gets its
    workers from a fork server (a clean, single-threaded process; like "spawn", it imports
    the main module in each worker: run as a module or behind ``if __name__ == "__main__"``,
    as the app, the CLI and the frozen app's ``freeze_support()`` are), and a process without
    forks them. A worker that cannot start or does not finish fails the whole write."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs["multisegment"] = True  # workers report finished segments, never runs to merge
        super().__init__(ix, **kwargs)
        self.subargs: dict[str, Any] = {k: v for k, v in self.subargs.items() if k != "_lk"}  # workers never lock
        self._start_method = start_method()
        context = multiprocessing.get_context(self._start_method)
        self.jobqueue = context.Queue(self.procs * 4)
        self.resultqueue = context.Queue()

    def _new_task(self) -> SubWriter:
        task = SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment)
        task.start_method = self._start_method
        task.parent_pid = os.getpid()
        try:
            task.start()
        except Exception as exc:  # no fork server (a sandbox), or this is itself a worker
            raise WorkersFailed(f"a worker could not start ({describe(exc)})") from exc
        self.tasks.append(task)
        return task

    def _commit_toc(self, segments: list[Any]) -> None:
        """Commit only if every worker finished: MpWriter would list the segments it got back
        and lose a dead worker's documents without a word. A worker reports a list of
        segments (see :class:`SubWriter`), listed here one by one."""
        failed = [task.exitcode for task in self.tasks if task.exitcode != 0]
        if failed:
            self._finish()  # unlock; the segments that were written are not listed, and go
            raise WorkersFailed(f"worker exit codes {failed}")
        listed: list[Any] = []
        for item in segments:
            listed.extend(item if isinstance(item, list) else [item])
        super()._commit_toc(listed)


class BulkFeed:
    """Documents given to the index while an import runs, so that the bulk writer's workers
    index them as the library stores them instead of after the whole import. Held back until
    there are more than ``threshold`` (a few are left to the next sync); then a
    :class:`BulkWriter` is opened and fed, and :meth:`commit` writes all of it at once. A feed
    only saves time: whatever goes wrong (the index busy in another window, damaged, a worker
    failing) cancels it, leaving the index as it was and the documents to the next sync."""

    def __init__(
        self,
        open_index: Callable[[], Any],
        fields: Callable[..., dict[str, Any]],
        threshold: int | None,
        options: dict[str, Any],
        timeout: float,
    ) -> None:
        self._open_index = open_index
        self._fields = fields
        self._threshold = threshold  # None: no bulk writer here, leave everything to the sync
        self._options = options
        self._timeout = timeout
        self._pending: list[Any] = []
        self._writer: BulkWriter | None = None
        self._fed = 0
        self.added = 0

    def add(self, document: Any) -> None:
        """Take one new document (what ``fields`` makes index fields of)."""
        if self._threshold is None:
            return
        try:
            if self._writer is None:
                self._pending.append(document)
                if len(self._pending) <= self._threshold:
                    return
                self._writer = open_writer(self._open_index(), self._timeout, BulkWriter, **self._options)
                pending, self._pending = self._pending, []
                for held in pending:
                    self._add(held)
            else:
                self._add(document)
        except Exception as exc:  # noqa: BLE001 - LockError, DamagedIndex, WorkersFailed, a bad segment...
            self._give_up(exc)

    @property
    def writing(self) -> bool:
        """Whether documents were handed to the bulk writer (and :meth:`commit` will take a while)."""
        return self._writer is not None

    def _add(self, document: Any) -> None:
        assert self._writer is not None
        self._writer.add_document(**self._fields(document))
        self._fed += 1

    def commit(self) -> int:
        """Write what was fed, in one commit; how many documents that was."""
        self._pending = []
        if self._writer is None:
            return 0
        try:
            self._writer.commit()
        except Exception as exc:  # noqa: BLE001 - any failure: the next sync indexes the rest
            self._give_up(exc)
            return 0
        self._writer, self.added = None, self._fed
        return self.added

    def cancel(self) -> None:
        if self._writer is not None:
            cancel_writer(self._writer)
        self._writer, self._pending, self._threshold = None, [], None

    def _give_up(self, exc: Exception) -> None:
        log.info("indexing during the import stopped (%s); the next sync indexes the rest", describe(exc))
        self.cancel()


#: Names a start method for the workers instead of the choice below (for tests of the others).
START_METHOD_ENV = "DOSSIER_WORKER_START"


def start_method() -> str:
    """ "fork" in a process with one thread (Linux), else "forkserver" (preloading this module,
    so that workers start with whoosh imported), else "spawn"; or the one
    :data:`START_METHOD_ENV` names, if this platform has it."""
    methods = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(START_METHOD_ENV)
    if chosen not in methods:
        try:
            alone = len(os.listdir("/proc/self/task")) == 1  # every thread, Qt's too
        except OSError:
            alone = False
        chosen = "fork" if alone and "fork" in methods else "forkserver" if "forkserver" in methods else "spawn"
    if chosen == "forkserver":
        multiprocessing.get_context("forkserver").set_forkserver_preload([__name__])
    return chosen


def cancel_writer(writer: Any) -> None:
    """Cancel a writer, including the worker processes of a bulk writer (whoosh leaves them waiting)."""
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join()
    try:
        writer.cancel()
    except Exception:
        log.debug("cancelling the index writer failed", exc_info=True)
