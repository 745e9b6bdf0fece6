"""Writing an export atomically: to a temporary file beside the target, then renamed over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


def write_atomically(path: Path, write: Callable[[BinaryIO], T]) -> T:
    """Call ``write`` with a file open for writing, and put the file at ``path`` only when it returns.

    An existing file keeps its permissions; a new one is readable by all (a briefing is an
    ordinary document). Whatever ``write`` raises leaves ``path`` as it was.
    """
    mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.chmod(tmp_name, mode)
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return result


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every system (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
