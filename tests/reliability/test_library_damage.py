"""A library database that is lost, emptied or garbled is reported with its last backup, never
silently replaced by an empty one; backups are kept as the library changes."""

from __future__ import annotations

import shutil
import sqlite3

from dossier.core import library_backup
from dossier.core.library import Library
from tests.reliability import harness


def imported(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    result = harness.run(home, "import", str(harness.write_articles(tmp_path / "news", 30)))
    assert result.returncode == 0, result.stderr
    db = home / "data" / "library.sqlite3"
    assert len(library_backup.backups(db)) == 1  # the import changed the library: a backup
    return home, db


def test_an_emptied_library_is_reported_with_its_backup(tmp_path):
    home, db = imported(tmp_path)
    db.write_bytes(b"")
    for wal in db.parent.glob("library.sqlite3-*"):
        wal.unlink()
    result = harness.run(home, "list")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is empty" in result.stderr and str(library_backup.backups(db)[0]) in result.stderr
    assert db.stat().st_size == 0  # nothing was created over it
    shutil.copy(library_backup.backups(db)[0], db)  # what the message says to do
    result = harness.run(home, "list")
    assert result.returncode == 0 and result.stdout.count("\n") == 32


def test_a_garbled_page_is_reported_not_a_traceback(tmp_path):
    home, db = imported(tmp_path)
    harness.run(home, "list")  # checkpointed
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page : 4 * page] = b"\xa5" * (2 * page)
    db.write_bytes(bytes(data))
    for command in (["list"], ["search", "walruses"], ["index"]):
        result = harness.run(home, *command)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        if result.returncode:
            assert "damaged" in result.stderr and "backup" in result.stderr, (command, result.stderr)
    assert harness.run(home, "index").returncode == 1  # the index command checks the whole database


def test_backups_are_few_and_readable(tmp_path, monkeypatch):
    lib = Library(tmp_path / "library.sqlite3")
    monkeypatch.setattr(library_backup, "INTERVAL", 0.0)
    for n in range(5):
        lib.add_bytes(f"Title {n}\n\nBody of article {n}.\n".encode(), name=f"{n}.txt")
        monkeypatch.setattr(library_backup, "datetime", _Clock(n))
        library_backup.back_up_if_due(lib)
    kept = library_backup.backups(lib.path)
    assert len(kept) == library_backup.KEEP
    with sqlite3.connect(kept[0]) as copy:
        assert copy.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
    lib.close()


class _Clock:
    """datetime.now() at a given minute, so that each backup gets a name of its own."""

    def __init__(self, minute: int):
        self.minute = minute

    def now(self):
        from datetime import datetime

        return datetime(2026, 1, 1, 12, self.minute)

    def fromtimestamp(self, stamp):
        from datetime import datetime

        return datetime.fromtimestamp(stamp)
