"""The data folder's one writer: a lock between processes around every write to the index.

Whoosh's own lock only covers a writer's commit. A sync reads what the index holds, then
writes what is missing; two processes doing that at once (two imports into one data folder)
would both add the same articles. So a sync holds this lock from its reading to its commit,
and an import's indexing while it runs holds it throughout. It lives beside the index
(``index.lock``), never inside it (a damaged index folder is replaced whole).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dossier.core.locking import FileLock, program_name


class IndexWriterLock:
    """Reentrant within a process (a sync that rebuilds a damaged index writes twice)."""

    def __init__(self, index_dir: Path):
        self.path = index_dir.with_name(index_dir.name + ".lock")
        self._lock: FileLock | None = None
        self._depth = 0

    @contextmanager
    def held(self, wait: float) -> Iterator[None]:
        """Hold the lock for the block, waiting up to ``wait`` seconds for it. Raises
        :class:`~dossier.core.locking.Busy`, or ``OSError`` if the lock file cannot be made (a
        read-only data folder)."""
        if self._depth == 0:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.path, program=program_name(), what="The search index")
            lock.acquire(wait)
            self._lock = lock
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._lock is not None:
                self._lock.release()
                self._lock = None
