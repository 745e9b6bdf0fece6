"""Keeping the library database safe: backups, and loss or damage reported instead of hidden.

SQLite creates an empty database where there is none, so a library file that was lost or cut
to nothing would silently become an empty library, and the next import would build on it. So
before the library is opened, :func:`check_library_file` refuses an empty or missing database
when there is evidence of one (a search index, backups) and says how to restore the last
backup. :func:`back_up_if_due` keeps copies made with SQLite's backup API (consistent while the
database is in use) in the data folder's ``backups/``, taken when a run changed the library:
the newest :data:`KEEP`, :data:`INTERVAL` apart but for the newest.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from dossier.core.atomic import fsync_dir
from dossier.core.errors import DamagedLibrary, describe
from dossier.core.library import Library

log = logging.getLogger(__name__)

BACKUP_FOLDER = "backups"
PREFIX, SUFFIX = "library-", ".sqlite3"
#: How many backups are kept, and the least time between two, in seconds.
KEEP = 3
INTERVAL = 3600.0


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def backups(db_path: Path) -> list[Path]:
    """The backups of the library at ``db_path``, newest first."""
    try:
        found = list(backup_dir(db_path).glob(f"{PREFIX}*{SUFFIX}"))
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def _when(path: Path) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return "an unknown date"


def restore_hint(db_path: Path) -> str:
    """What to do to get the library back: copy the last backup over it (if there is one)."""
    found = backups(db_path)
    if not found:
        return " There is no backup of it."
    return f" The last backup is {found[0]} ({_when(found[0])}); to restore it, copy it to {db_path}."


def check_library_file(db_path: Path, index_dir: Path) -> None:
    """Raise :class:`DamagedLibrary` when the library database is missing or empty although a
    search index or a backup shows that it held articles. Nothing is created or changed."""
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError:
        return  # not readable: opening it says so
    if size:
        return
    evidence = []
    if any(index_dir.glob("*.seg")):
        evidence.append(f"the search index in {index_dir} holds articles")
    if backups(db_path):
        evidence.append(f"backups of it are in {backup_dir(db_path)}")
    if not evidence:
        return  # a first start
    state = "missing" if size is None else "empty"
    raise DamagedLibrary(
        f"The library database {db_path} is {state}, but {' and '.join(evidence)}: it was lost or damaged. "
        f"Nothing was changed.{restore_hint(db_path)} To start an empty library instead, move the search "
        f"index and the backups away."
    )


def damage_sentence(db_path: Path, exc: BaseException) -> str:
    """The sentence for an SQLite error met while reading the library (a garbled page)."""
    return f"The library database {db_path} is damaged ({describe(exc)}). Nothing was changed.{restore_hint(db_path)}"


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the database file is damaged (not busy, not a full disk)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or not isinstance(exc, sqlite3.OperationalError)


def check_integrity(library: Library) -> str | None:
    """SQLite's quick check of the whole database: None if it is sound, else what it found."""
    try:
        with library._lock:  # the library's own connection, as every read of it
            rows = library._db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return damage_sentence(library.path, exc)
    problems = [str(row[0]) for row in rows if row and row[0] != "ok"]
    if not problems:
        return None
    return damage_sentence(library.path, DamagedLibrary("; ".join(problems[:3])))


def back_up(library: Library) -> Path:
    """Copy the library now (SQLite's backup API, into a temporary file renamed into place);
    keep the newest :data:`KEEP` copies."""
    folder = backup_dir(library.path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{PREFIX}{datetime.now().strftime('%Y%m%d-%H%M%S')}{SUFFIX}"
    temp = target.with_name(f".{target.name}.tmp")
    copy = sqlite3.connect(str(temp))
    try:
        with library._lock:
            library._db.backup(copy)
        copy.close()
        os.replace(temp, target)
    except BaseException:
        copy.close()
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)
    for old in backups(library.path)[KEEP:]:
        old.unlink(missing_ok=True)
    return target


def back_up_if_due(library: Library) -> Path | None:
    """Back the library up if it changed in this run. The newest backup is replaced if it is
    younger than :data:`INTERVAL`, so the older ones stay that far apart. A backup that fails
    (a full disk) is logged, never raised."""
    if library._db.total_changes == 0:
        return None
    newest = backups(library.path)
    try:
        replaced = newest[0] if newest and time.time() - newest[0].stat().st_mtime < INTERVAL else None
        made = back_up(library)
        if replaced is not None and replaced != made:
            replaced.unlink(missing_ok=True)
        return made
    except (OSError, sqlite3.Error) as exc:
        log.warning("the library could not be backed up: %s", describe(exc))
        return None
