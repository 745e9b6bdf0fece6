"""The one road off the GUI thread.

A *task* is a plain function run in a worker thread. It gets a :class:`Job` to report
progress through and to ask whether it was cancelled; it never touches a widget. Its result
(or its exception) comes back to the GUI thread through queued signals, where ``on_done``
(or ``on_error``) runs. ``on_progress`` runs there too, throttled to a few times a second.

* :func:`run_task` runs a task on the global thread pool (searches, exports, reading).
* :class:`SerialExecutor` runs tasks one after another on its own thread: the search index
  has one writer at a time, so every index write (import, sync, metadata) goes through one.
* :class:`LatestOnly` runs a task and drops the result of every earlier one still running:
  search-as-you-type keeps only the answer to the newest query.

If ``parent`` is given and is destroyed first, the callbacks are dropped (and the job is
marked cancelled), so a closed window never hears from its old work.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)

#: Progress reports reach the GUI at most this often (seconds), except the last one.
PROGRESS_INTERVAL = 0.05

DoneFn = Callable[[Any], None]
ErrorFn = Callable[[BaseException], None]
ProgressFn = Callable[[int, int, str], None]


class Job:
    """What a running task sees: ``progress(done, total, text)`` and ``cancelled()``.

    Both are plain callables, so they can be handed straight to core functions that take
    ``progress=`` and ``cancelled=`` arguments.
    """

    def __init__(self, relay: _Relay):
        self._relay = relay
        self._cancel = threading.Event()
        self._last_report = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last_report < PROGRESS_INTERVAL:
            return
        self._last_report = now
        self._relay.progressed.emit(int(done), int(total), str(text or ""))


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits on it, its queued slots call back there."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, on_done: DoneFn | None, on_error: ErrorFn | None, on_progress: ProgressFn | None):
        super().__init__()
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self.job: Job | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self.finished.connect(self._deliver_done, queued)
        self.failed.connect(self._deliver_error, queued)
        self.progressed.connect(self._deliver_progress, queued)

    def drop_callbacks(self) -> None:
        self._on_done = self._on_error = self._on_progress = None

    def _on_parent_destroyed(self) -> None:
        self.drop_callbacks()
        if self.job is not None:
            self.job.cancel()

    def _deliver_done(self, result: object) -> None:
        callback = self._on_done
        self._release()
        if callback is not None:
            callback(result)

    def _deliver_error(self, exc: object) -> None:
        callback = self._on_error
        self._release()
        if callback is not None and isinstance(exc, BaseException):
            callback(exc)
        else:
            log.error("background task failed", exc_info=exc if isinstance(exc, BaseException) else None)

    def _deliver_progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)

    def _release(self) -> None:
        self._on_progress = None
        _LIVE.discard(self)
        self.deleteLater()


#: Relays waiting for their task: kept alive here so Python does not collect them mid-flight.
_LIVE: set[_Relay] = set()


class TaskHandle:
    """A running (or queued) task: ``cancel()`` asks it to stop and drops its callbacks."""

    def __init__(self, job: Job, relay: _Relay):
        self._job = job
        self._relay = relay

    def cancel(self) -> None:
        """Ask the work to stop and forget it: no callback will run."""
        self._job.cancel()
        self._relay.drop_callbacks()

    def stop(self) -> None:
        """Ask the work to stop, but still hear how it ended (an import stopped half-way
        has imported something the window must know about)."""
        self._job.cancel()

    def cancelled(self) -> bool:
        return self._job.cancelled()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Job], Any], job: Job, relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._job, self._relay = fn, job, relay

    def run(self) -> None:
        try:
            result = self._fn(self._job)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


def run_task(
    fn: Callable[[Job], Any],
    *,
    on_done: DoneFn | None = None,
    on_error: ErrorFn | None = None,
    on_progress: ProgressFn | None = None,
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
) -> TaskHandle:
    """Run ``fn(job)`` in a worker; call ``on_done(result)`` or ``on_error(exc)`` in the GUI thread."""
    relay = _Relay(on_done, on_error, on_progress)
    job = relay.job = Job(relay)
    handle = TaskHandle(job, relay)
    _LIVE.add(relay)
    if parent is not None:
        parent.destroyed.connect(relay._on_parent_destroyed)
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, job, relay))
    return handle


class SerialExecutor(QObject):
    """Runs tasks one at a time, in the order given, on one thread of its own."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def submit(
        self,
        fn: Callable[[Job], Any],
        *,
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
        on_progress: ProgressFn | None = None,
        parent: QObject | None = None,
    ) -> TaskHandle:
        return run_task(fn, on_done=on_done, on_error=on_error, on_progress=on_progress, parent=parent, pool=self._pool)

    def is_busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self, msecs: int = -1) -> bool:
        """Block until the queue is empty (for shutdown and tests only)."""
        return self._pool.waitForDone(msecs)


class LatestOnly(QObject):
    """Runs tasks where only the newest one's answer matters (search as you type).

    Each ``run`` gets a new generation number; a result that comes back for an older
    generation is dropped, and the older job is asked to stop.
    """

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self._pool = pool
        self._generation = 0
        self._current: TaskHandle | None = None

    @property
    def generation(self) -> int:
        return self._generation

    def run(self, fn: Callable[[Job], Any], *, on_done: DoneFn, on_error: ErrorFn | None = None) -> int:
        self.cancel()
        self._generation += 1
        generation = self._generation

        def done(result: Any) -> None:
            if generation == self._generation:
                self._current = None
                on_done(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._current = None
                if on_error is not None:
                    on_error(exc)

        self._current = run_task(fn, on_done=done, on_error=failed, parent=self, pool=self._pool)
        return generation

    def cancel(self) -> None:
        """Forget the task in flight (its result will be dropped)."""
        if self._current is not None:
            self._current.cancel()
            self._current = None
        self._generation += 1

    def busy(self) -> bool:
        return self._current is not None


def wait_for_workers(msecs: int = 10000, *executors: SerialExecutor) -> bool:
    """Wait for the global pool and the given executors to go idle (shutdown, tests)."""
    ok = all(e.wait(msecs) for e in executors)
    return QThreadPool.globalInstance().waitForDone(msecs) and ok
