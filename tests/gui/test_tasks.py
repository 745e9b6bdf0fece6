"""The one road off the GUI thread: callbacks on the main thread, errors, progress, order."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread

from dossier.gui import tasks
from dossier.gui.tasks import LatestOnly, SerialExecutor, run_task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    main = threading.get_ident()
    seen: dict = {}

    def work(job):
        seen["worker"] = threading.get_ident()
        for n in range(3):
            job.progress(n, 2, f"step {n}")
        return 42

    progress: list = []
    handle = run_task(
        work,
        on_done=lambda r: seen.update(result=r, done_in=threading.get_ident()),
        on_progress=lambda d, t, s: progress.append((d, t, s, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["done_in"] == main and seen["worker"] != main
    assert progress and all(p[3] == main for p in progress)
    assert progress[-1][:2] == (2, 2)  # the last report always arrives
    assert not handle.cancelled()


def test_errors_come_back_as_exceptions(qtbot):
    errors: list = []
    run_task(lambda job: 1 / 0, on_done=lambda r: pytest.fail("no result expected"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)


def test_cancel_drops_the_callbacks_and_tells_the_job(qtbot):
    started, release = threading.Event(), threading.Event()
    saw_cancel: list = []

    def work(job):
        started.set()
        release.wait(5)
        saw_cancel.append(job.cancelled())
        return "late"

    results: list = []
    handle = run_task(work, on_done=results.append)
    assert started.wait(5)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(saw_cancel))
    qtbot.waitUntil(lambda: not tasks._LIVE)  # its answer came back to the GUI thread, and was dropped
    assert saw_cancel == [True] and results == []


def test_a_destroyed_parent_never_hears_back(qtbot):
    parent = QObject()
    release = threading.Event()
    results: list = []
    run_task(lambda job: release.wait(5), on_done=results.append, parent=parent)
    with qtbot.waitSignal(parent.destroyed):
        parent.deleteLater()
    release.set()
    qtbot.waitUntil(lambda: not tasks._LIVE)  # its answer came back to the GUI thread, and was dropped
    assert results == []


def test_serial_executor_runs_one_at_a_time_in_order(qtbot):
    executor = SerialExecutor()
    running, order, peak = [0], [], [0]
    lock = threading.Lock()

    def work(n):
        def run(job):
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.01)
            with lock:
                running[0] -= 1
            return n

        return run

    for n in range(5):
        executor.submit(work(n), on_done=order.append)
    qtbot.waitUntil(lambda: len(order) == 5)
    assert order == [0, 1, 2, 3, 4] and peak[0] == 1
    assert executor.wait(1000)


def test_latest_only_drops_stale_answers(qtbot):
    runner = LatestOnly()
    shown: list = []
    slow_started = threading.Event()

    def slow(job):
        slow_started.set()
        time.sleep(0.2)
        return "old query"

    runner.run(slow, on_done=shown.append)
    assert slow_started.wait(5)
    generation = runner.run(lambda job: "new query", on_done=shown.append)
    qtbot.waitUntil(lambda: bool(shown))
    qtbot.waitUntil(lambda: not tasks._LIVE)  # the slow one's answer came back too, and was dropped
    assert shown == ["new query"]
    assert runner.generation >= generation
    assert not runner.busy()


def test_worker_threads_are_not_the_gui_thread(qtbot):
    threads: list = []
    run_task(lambda job: threads.append(QThread.currentThread()), on_done=lambda r: None)
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not QThread.currentThread()
