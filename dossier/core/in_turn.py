"""Jobs done one after another in a background thread, in the order they were given.

For work that may overlap what the calling thread does next, and in particular the moments
it waits: an import's process waits whenever the index workers are behind (their queue is
full) and while they write their last segments, and a job run meanwhile costs the import
nothing. Python runs one thread at a time, so this saves only waiting, never computing.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

#: Jobs given but not yet started at most; giving another waits (memory stays bounded).
BACKLOG = 2


class InTurn:
    """One thread doing the jobs :meth:`submit` gives it, in turn. The first job that fails
    stops the rest; :meth:`join` (and any later :meth:`submit`) raises its error."""

    def __init__(self, name: str, backlog: int = BACKLOG) -> None:
        self._jobs: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = queue.Queue(backlog)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Callable[..., Any], *args: Any) -> None:
        self._raise()
        self._jobs.put((job, args))

    def join(self) -> None:
        """Wait until every job given is done (or the first failed); raise its error."""
        self._jobs.put(None)
        self._thread.join()
        self._raise()

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            if self._error is not None:
                continue
            job, args = item
            try:
                job(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to the thread that joins
                self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
