"""One writer at a time: advisory locks between processes (two windows, a window and a command).

A :class:`FileLock` is a lock file held with the operating system's own lock (``flock`` on Unix,
``msvcrt.locking`` on Windows), which it releases by itself when the process dies: a lock
left by a killed process is never in the way (its file is reused). The file says who holds the
lock (process, program, since when), so that a second writer that waited in vain is told who
has it. The file is removed on release; a waiter that got hold of a file just removed tries again.

Where the locks are: a dossier's beside it (``.NAME.dossier.lock``, see :func:`dossier_lock`),
the index's in the data folder (``index.lock``, see :mod:`dossier.core.index`).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from dossier.core.errors import DossierError

#: Seconds a command waits for a dossier another process is saving, before it gives up.
DOSSIER_WAIT = 10.0
_POLL = 0.05
_program = "Dossier"


def set_program_name(name: str) -> None:
    """How this process is named to others that find a lock it holds ("dossier import", "Dossier window")."""
    global _program
    _program = name


def program_name() -> str:
    return _program


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class Busy(DossierError):
    """Another process holds the lock (the message says which, and what to do)."""

    def __init__(self, what: str, owner: dict[str, object] | None):
        self.owner = owner or {}
        who = describe_owner(self.owner)
        super().__init__(f"{what} is in use by {who}; try again when it is done.")


def describe_owner(owner: dict[str, object]) -> str:
    """ "Dossier window (process 4242 on host), since 14:03" from what a lock file says."""
    program = str(owner.get("program") or "another Dossier")
    where = f"process {owner['pid']}" if owner.get("pid") else "another process"
    if owner.get("host") and owner.get("host") != socket.gethostname():
        where += f" on {owner['host']}"
    since = ""
    if isinstance(owner.get("since"), str):
        try:
            since = ", since " + datetime.fromisoformat(str(owner["since"])).astimezone().strftime("%H:%M:%S")
        except ValueError:
            since = ""
    return f"{program} ({where}{since})"


def read_owner(path: Path | str) -> dict[str, object] | None:
    """Who holds (or last held) the lock at ``path``, as its file says."""
    try:
        with open(path, "rb") as handle:
            handle.seek(1)
            data = json.loads(handle.read(4096).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class FileLock:
    """An exclusive lock between processes on a lock file at ``path``. ``program`` names the
    holder for others' messages ("dossier clip", "Dossier window"); ``what`` names the thing
    locked in the :class:`Busy` message ("The dossier brief.dossier")."""

    def __init__(self, path: Path | str, *, program: str, what: str):
        self.path = Path(path)
        self.program = program
        self.what = what
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 0.0) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; raise :class:`Busy` if it stays taken.
        Raises ``OSError`` if the lock file cannot be made (a read-only folder)."""
        if self._fd is not None:
            return
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            if _try_lock(fd):
                if self._is_current(fd):
                    self._fd = fd
                    self._write_owner()
                    return
                _unlock(fd)  # the holder removed the file as we opened it: try again on the new one
            os.close(fd)
            if time.monotonic() >= deadline:
                raise Busy(self.what, read_owner(self.path))
            time.sleep(_POLL)

    def _is_current(self, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except OSError:
            return False

    def _write_owner(self) -> None:
        owner = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "program": self.program,
            "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, b"\n" + json.dumps(owner).encode("utf-8"))  # byte 0 is the one Windows locks
        except OSError:  # a full disk: the lock holds all the same, only without a name
            pass

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            self.path.unlink(missing_ok=True)  # while still held, so no one else's file is removed
        except OSError:
            pass
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    def __del__(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass


def dossier_lock_path(path: Path | str) -> Path:
    """The lock file of a dossier: ``.NAME.lock`` beside the file its symlinks lead to."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


def dossier_lock(path: Path | str, program: str) -> FileLock:
    """The lock a program holds while it changes the dossier at ``path`` (not yet taken)."""
    return FileLock(dossier_lock_path(path), program=program, what=f"The dossier {path}")


def is_locked(path: Path | str) -> bool:
    """Whether a live process holds the lock file at ``path`` (a file left by a dead one is not)."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)
