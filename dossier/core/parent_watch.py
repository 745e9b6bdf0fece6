"""Worker processes that end when the process that started them ends.

A worker (the bulk index writer's, say) started by a process that is then killed (``kill -9``,
a crash) would otherwise live on, waiting for work that never comes and holding the index's
locks. :func:`watch_parent` starts a thread in the worker that checks every half second that
the parent still runs, and ends the worker at once when it does not. It works whatever started
the worker (fork, a fork server, spawn): it watches the parent's process id, not the worker's
own parent.
"""

from __future__ import annotations

import os
import sys
import threading
import time

#: Seconds between two looks at the parent.
INTERVAL = 0.5


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed but not yet reaped, does not)."""
    if sys.platform.startswith("linux"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                state = handle.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state not in (b"Z", b"X")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def _watch(pid: int, interval: float) -> None:
    while alive(pid):
        time.sleep(interval)
    os._exit(3)  # no clean-up: the parent that would use it is gone


def watch_parent(pid: int | None, interval: float = INTERVAL) -> None:
    """End this process as soon as process ``pid`` (its parent) is gone. No-op for ``None``."""
    if pid is None or pid == os.getpid():
        return
    threading.Thread(target=_watch, args=(pid, interval), name="parent-watch", daemon=True).start()
