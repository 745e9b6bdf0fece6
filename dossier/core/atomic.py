"""Writing a file so that a crash at any moment leaves a complete file: the old one or the new one.

One helper for every file Dossier writes on the user's behalf (dossiers, autosaves, exported
briefings). :func:`replacing` writes a temporary file beside the target, fsyncs it, keeps the
previous version as ``NAME.bak`` when asked (by a hard link, or a copy where links are not
possible: the live file is never moved away), renames the temporary file over the target and
fsyncs the folder. A symlink is followed (the file it points to is replaced, the link stays)
and the target keeps its permissions; a new file gets the usual ones (0666 less the umask).
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".tmp"


def backup_path(path: Path | str) -> Path:
    """Where the previous version of ``path`` is kept: ``NAME.bak`` beside it."""
    path = Path(path)
    return path.with_name(path.name + ".bak")


def temp_files(path: Path | str) -> list[Path]:
    """Temporary files an interrupted save of ``path`` left behind."""
    path = Path(path)
    try:
        return sorted(p for p in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}") if p.is_file())
    except OSError:
        return []


def real_target(path: Path | str) -> Path:
    """The file a save of ``path`` writes: ``path`` itself, or the file its symlinks lead to."""
    return Path(os.path.realpath(path))


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _create(path: Path, mode: int | None) -> int:
    """A new file, opened for writing, that nothing else has opened (its mode: ``mode``, or 0666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o666)
    if mode is not None:
        try:
            os.chmod(path, mode)
        except OSError:  # a file system without Unix permissions
            pass
    return fd


def fsync_dir(folder: Path | str) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _keep_backup(target: Path) -> None:
    """Make ``NAME.bak`` the current version of ``target``, without ever moving ``target`` away."""
    backup = backup_path(target)
    staged = _temp_name(backup)
    try:
        try:
            os.link(target, staged)
        except OSError:  # no hard links here (FAT, some network shares): copy it, durably
            shutil.copyfile(target, staged)
            with open(staged, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(staged, backup)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


@contextmanager
def replacing(path: Path | str, *, keep_backup: bool = False) -> Iterator[BinaryIO]:
    """Write the new contents of ``path`` to the handle this yields; they replace the file
    when the block ends without an exception. On an exception nothing changes (the temporary
    file is removed). Raises ``OSError`` when the file cannot be written (a full disk, say)."""
    target = real_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
        exists = True
    except FileNotFoundError:
        mode, exists = None, False
    temp = _temp_name(target)
    fd = _create(temp, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and exists:
            _keep_backup(target)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def atomic_write(path: Path | str, data: bytes, *, keep_backup: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`replacing`)."""
    with replacing(path, keep_backup=keep_backup) as handle:
        handle.write(data)
