"""Damage is told apart from a full disk or a folder that may not be written: a damaged index
is found (even where its table of contents opens) and rebuilt; a healthy one is never deleted."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from dossier.core.errors import StorageError
from dossier.core.workspace import Workspace
from tests.reliability import harness


def indexed(tmp_path, count: int = 40) -> Workspace:
    ws = Workspace(tmp_path / "data")
    ws.ensure_ready()
    ws.import_paths([harness.write_articles(tmp_path / "news", count)])
    return ws


def segment_files(ws: Workspace, suffix: str) -> list:
    return sorted(ws.index.index_dir.glob(f"*{suffix}"))


def test_a_truncated_postings_file_is_found_and_rebuilt(tmp_path, capsys):
    ws = indexed(tmp_path)
    ws.close()
    for pst in segment_files(Workspace(tmp_path / "data"), ".pst"):
        with open(pst, "r+b") as handle:
            handle.truncate(os.path.getsize(pst) // 3)
    os.environ["DOSSIER_HOME"] = str(tmp_path)  # the command's data folder is tmp_path/data
    from dossier.cli import main

    code = main(["index"])
    out, err = capsys.readouterr()
    assert code == 0 and "rebuilt" in err and "Traceback" not in err
    with Workspace(tmp_path / "data") as again:
        assert again.index.doc_count() == len(again.library) == 42
        assert again.index.check() is None


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_index_folder_is_reported_not_deleted(tmp_path):
    ws = indexed(tmp_path)
    before = sorted(p.name for p in ws.index.index_dir.iterdir())
    ws.library.add_bytes(b"Walrus extra\n\nOne more walrus story.\n", name="extra.txt")
    os.chmod(ws.index.index_dir, 0o555)
    try:
        with pytest.raises((StorageError, OSError)):
            ws.index.sync()
    finally:
        os.chmod(ws.index.index_dir, 0o755)
    assert sorted(p.name for p in ws.index.index_dir.iterdir()) == before
    ws.close()


def test_a_full_disk_while_indexing_deletes_nothing(tmp_path, monkeypatch):
    ws = indexed(tmp_path)
    before = {p.name: p.read_bytes() for p in ws.index.index_dir.iterdir() if p.is_file()}
    ws.library.add_bytes(b"Walrus extra\n\nOne more walrus story.\n", name="extra.txt")
    from whoosh.filedb import filestore

    def full(self, name, **kwargs):
        raise OSError(28, "No space left on device", name)

    monkeypatch.setattr(filestore.FileStorage, "create_file", full)
    report = ws.index.sync()
    assert report.added == 0 and "the disk is full" in report.message
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in ws.index.index_dir.iterdir() if p.is_file() and p.name in before}
    assert after == before  # nothing of the healthy index was deleted
    assert ws.index.sync().added == 1 and ws.index.doc_count() == len(ws.library) == 43
    ws.close()


def test_damaged_parts_are_rebuilt_without_a_traceback(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    index_dir = home / "data" / "index"
    kinds = {
        "toc garbled": lambda: [p.write_bytes(b"garbage" * 10) for p in index_dir.glob("*.toc")],
        "segment missing": lambda: [p.unlink() for p in index_dir.glob("*.seg")],
        "terms truncated": lambda: [os.truncate(p, 10) for p in index_dir.glob("*.trm")],
        "folder gone": lambda: shutil.rmtree(index_dir),
        "lengths zeroed": lambda: [p.write_bytes(b"\0" * p.stat().st_size) for p in index_dir.glob("*.fln")],
    }
    for name, damage in kinds.items():
        damage()
        result = harness.run(home, "search", "talks")
        assert "Traceback" not in result.stderr, name
        result = harness.run(home, "index")
        assert result.returncode == 0 and "Traceback" not in result.stderr, (name, result.stderr)
        assert harness.run(home, "search", "land").returncode == 0, name
