"""Telling a damaged index from a disk that is full or a folder that may not be written, and
reading a whole index to find damage that its table of contents does not show.

A damaged index is rebuilt from the library; an index that could not be written because the
disk is full or the folder is read-only is not damaged, and is never deleted for it. Part of
the index package, the only place that imports whoosh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh import writing
from whoosh.util.filelock import try_for
from whoosh.writing import SegmentWriter

from dossier.core.errors import DamagedIndex, DossierError, StorageError, describe, is_storage_error, os_reason


def unreadable(exc: BaseException, folder: Path, doing: str = "read") -> DossierError:
    """The error to raise for ``exc`` met while using the index in ``folder``: a
    :class:`StorageError` for a disk or permission problem, else :class:`DamagedIndex`."""
    if is_storage_error(exc):
        cause = exc
        while not isinstance(cause, OSError) and cause.__cause__ is not None:
            cause = cause.__cause__
        reason = os_reason(cause) if isinstance(cause, OSError) else describe(exc)
        return StorageError(
            f"The search index in {folder} could not be {doing} ({reason}). Nothing was deleted; "
            "free some space or fix the folder's permissions, and try again."
        )
    return DamagedIndex(f"The search index could not be {doing} ({describe(exc)}).")


def index_fault(exc: BaseException) -> bool:
    """True for damage of the index itself: not a full disk or a permission, not the library,
    not our own code's contract."""
    if is_storage_error(exc):
        return False
    return isinstance(exc, DamagedIndex) or not isinstance(exc, (DossierError, sqlite3.Error, writing.LockError))


def read_everything(searcher: Any) -> int:
    """Read every stored field and every posting of every segment, as searches would; raise
    what the first damaged part raises. Returns how many postings were read."""
    read = 0
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for _fields in reader.all_stored_fields():
            pass
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                read += _read_postings(reader.postings(fieldname, term))
    return read


def _read_postings(postings: Any) -> int:
    """Read and decode every block of one term's postings; how many postings they hold. A
    block at a time where the codec allows (whoosh 3's: ~10x faster than posting by posting)."""
    read = 0
    if all(hasattr(postings, name) for name in ("_read_data", "_next_block", "_blocklength")):
        while postings.is_active():
            postings._read_data()
            read += postings._blocklength
            postings._next_block()
        return read
    while postings.is_active():
        postings.value()
        read += 1
        postings.next()
    return read


def open_writer(ix: Any, timeout: float, make: Callable[..., Any] = SegmentWriter, **kwargs: Any) -> Any:
    """A writer of ``ix`` (``make(ix, **kwargs)``, whoosh's SegmentWriter by default) holding the
    index's write lock, which is let go if the writer cannot be made: whoosh's own writer keeps
    the lock of a writer that failed half-way (a full disk as it creates its first file), and
    every later write of this process would wait for it in vain. Raises ``LockError`` when
    another writer holds the lock for ``timeout`` seconds."""
    lock = ix.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=timeout, delay=0.1):
        raise writing.LockError
    try:
        writer = make(ix, _lk=False, **kwargs)
    except BaseException:
        lock.release()
        raise
    writer.writelock = lock  # released by the writer's commit or cancel, as its own would be
    return writer
