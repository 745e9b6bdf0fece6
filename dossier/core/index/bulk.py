"""Indexing many documents at once with whoosh's multi-process writer, safely. Part of the
index package, the only place that imports whoosh."""

from __future__ import annotations

import logging
import multiprocessing
import os

from whoosh.multiproc import MpWriter, SubWriterTask

log = logging.getLogger(__name__)


class WorkersFailed(Exception):
    """A worker process of the bulk writer did not finish its part; nothing was committed."""


class SubWriter(SubWriterTask):
    """Whoosh's worker process, started the way its :class:`BulkWriter` chose."""

    start_method = "fork"

    @staticmethod
    def _Popen(process_obj):
        return multiprocessing.get_context(process_obj.start_method).Process._Popen(process_obj)


class BulkWriter(MpWriter):
    """Whoosh's multi-process writer, starting its workers safely. MpWriter takes no start
    method (it uses the module-level Process and Queue of the default context), so it forks
    this process on Linux up to Python 3.13; but a fork copies every lock that another thread
    holds, locked, and the GUI has Qt threads. So a process with other threads gets its
    workers from a fork server (a clean, single-threaded process; like "spawn", it imports
    the main module in each worker: run as a module or behind ``if __name__ == "__main__"``,
    as the app, the CLI and the frozen app's ``freeze_support()`` are), and a process without
    forks them. A worker that cannot start or does not finish fails the whole write."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._start_method = start_method()
        context = multiprocessing.get_context(self._start_method)
        self.jobqueue = context.Queue(self.procs * 4)
        self.resultqueue = context.Queue()

    def _new_task(self):
        task = SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment)
        task.start_method = self._start_method
        try:
            task.start()
        except Exception as exc:  # no fork server (a sandbox), or this is itself a worker
            raise WorkersFailed(f"a worker could not start ({_describe(exc)})") from exc
        self.tasks.append(task)
        return task

    def _commit_toc(self, segments):
        """Commit only if every worker finished: MpWriter would list the segments it got back
        and lose a dead worker's documents without a word."""
        failed = [task.exitcode for task in self.tasks if task.exitcode != 0]
        if failed:
            self._finish()  # unlock; the segments that were written are not listed, and go
            raise WorkersFailed(f"worker exit codes {failed}")
        super()._commit_toc(segments)


def start_method() -> str:
    """"fork" in a process with one thread (Linux), else "forkserver" (preloading this module,
    so that workers start with whoosh imported), else "spawn"."""
    methods = multiprocessing.get_all_start_methods()
    try:
        alone = len(os.listdir("/proc/self/task")) == 1  # every thread, Qt's too
    except OSError:
        alone = False
    if alone and "fork" in methods:
        return "fork"
    if "forkserver" in methods:
        multiprocessing.get_context("forkserver").set_forkserver_preload([__name__])
        return "forkserver"
    return "spawn"


def cancel_writer(writer) -> None:
    """Cancel a writer, including the worker processes of a bulk writer (whoosh leaves them waiting)."""
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join()
    try:
        writer.cancel()
    except Exception:
        log.debug("cancelling the index writer failed", exc_info=True)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
