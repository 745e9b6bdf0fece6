"""Indexing many articles at once: the bulk writer's worker processes, their segments, and
an import that is indexed while it runs."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from dossier.core.index import SearchIndex, bulk
from dossier.core.index import upkeep as index_module
from dossier.core.workspace import Workspace
from tests.core.test_index import lib, write_articles  # noqa: F401 - lib: the seeds' library, a fixture


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    """A workspace holding the seeds, indexed; more than 10 articles at once go through the bulk writer."""
    monkeypatch.setattr(index_module, "BULK_DOCS", 10)
    ws = Workspace(tmp_path / "data")
    ws.ensure_ready()
    yield ws
    ws.close()


def notes(folder: Path, count: int, word: str = "otters", version: str = "") -> Path:
    texts = {f"n{n:03}.txt": f"Note {n}\n\nA short note about {word}, number {n}. {version}\n" for n in range(count)}
    return write_articles(folder, texts)


def segments(folder: Path) -> list:
    return whoosh_index.open_dir(str(folder))._segments()


def test_bulk_writer_adds_and_cancels_cleanly(tmp_path, lib, monkeypatch):
    """The multi-process writer; cancelling it must not leave its workers waiting forever."""
    monkeypatch.setattr(index_module, "BULK_DOCS", 10)
    texts = {f"n{n:03}.txt": f"Note {n}\n\nA short note about otters, number {n}.\n" for n in range(130)}
    lib.import_paths([write_articles(tmp_path / "notes", texts)])
    search_index = SearchIndex(tmp_path / "index", lib)
    seen = []
    report = search_index.sync(
        progress=lambda done, total, label: seen.append(done), cancelled=lambda: len(seen) >= 120
    )
    assert report.cancelled and report.added == 0
    assert not multiprocessing.active_children()
    assert search_index.doc_count() == 0
    assert search_index.sync().added == 132
    assert not multiprocessing.active_children()
    assert search_index.search("otters").total == 130
    assert search_index.search("Zaporizhzhia").total == 1
    search_index.close()


def test_bulk_writer_workers_start_a_new_segment_when_their_buffer_fills(tmp_path, lib, monkeypatch):
    """Rather than spilling postings to disk and merging them, each full buffer becomes a
    segment of its own; every document is found once, phrases included."""
    monkeypatch.setattr(index_module, "BULK_DOCS", 10)
    monkeypatch.setattr(index_module, "BULK_WRITER", {**index_module.BULK_WRITER, "limitmb": 1})
    words = [f"w{n}x" for n in range(4000)]
    texts = {
        f"n{n:03}.txt": f"Report {n}\n\nThe harbour otters swam. " + " ".join(words[n * 7 : n * 7 + 400]) + "\n"
        for n in range(300)
    }
    lib.import_paths([write_articles(tmp_path / "reports", texts)])
    search_index = SearchIndex(tmp_path / "index", lib)
    assert search_index.sync().added == 302
    found = segments(tmp_path / "index")
    assert len(found) > 2  # two workers, several buffers each
    assert sum(segment.doc_count() for segment in found) == 302
    assert not list((tmp_path / "index").rglob("*.run"))
    assert not list((tmp_path / "index").glob("*.seg"))  # separate files, not compound ones
    assert search_index.doc_count() == 302
    assert search_index.search('"harbour otters"').total == 300
    assert search_index.search("w2000x").total == len([n for n in range(300) if n * 7 <= 2000 < n * 7 + 400])
    assert search_index.sync().added == 0
    monkeypatch.setattr(index_module, "BULK_DOCS", 10**9)
    single = SearchIndex(tmp_path / "single", lib)  # one process, one segment
    single.sync()
    for text in ("w2000y~", "w1500x OR w3999x", '"otters swam"', "report NOT w100x"):
        many, one = search_index.search(text, limit=400), single.search(text, limit=400)
        assert many.total == one.total > 0
        assert {hit.id for hit in many.hits} == {hit.id for hit in one.hits}
    single.close()
    search_index.close()


def test_a_big_import_is_indexed_while_it_runs(tmp_path, workspace, monkeypatch):
    synced = []
    write = workspace.index._write
    monkeypatch.setattr(
        workspace.index, "_write", lambda add, delete, *a, **k: synced.append(len(add)) or write(add, delete, *a, **k)
    )
    results, report = workspace.import_paths([notes(tmp_path / "notes", 130)])
    assert [r.status for r in results] == ["added"] * 130
    assert report.added == 130 and not report.cancelled
    assert synced == [0]  # the sync after the import found every article indexed
    assert workspace.index.doc_count() == 132
    assert workspace.index.search("otters").total == 130
    assert not multiprocessing.active_children()


def test_a_few_articles_are_left_to_the_sync(tmp_path, workspace):
    results, report = workspace.import_paths([notes(tmp_path / "notes", 5)])
    assert report.added == 5 and workspace.index.search("otters").total == 5


def test_new_versions_replace_old_ones_in_the_index(tmp_path, workspace):
    folder = notes(tmp_path / "notes", 40)
    workspace.import_paths([folder])
    notes(folder, 40, word="beavers", version="Corrected.")
    results, report = workspace.import_paths([folder])
    assert {r.status for r in results} == {"updated"}
    assert (report.added, report.removed) == (40, 40)
    assert workspace.index.search("otters").total == 0
    assert workspace.index.search("beavers").total == 40
    assert workspace.index.doc_count() == 42


def test_if_the_workers_cannot_start_the_sync_indexes_everything(tmp_path, workspace, monkeypatch):
    def no_workers(self):
        raise bulk.WorkersFailed("a worker could not start (no fork server)")

    monkeypatch.setattr(bulk.BulkWriter, "_new_task", no_workers)
    results, report = workspace.import_paths([notes(tmp_path / "notes", 60)])
    assert report.added == 60 and not report.message
    assert workspace.index.search("otters").total == 60


def test_while_another_window_writes_the_import_is_kept_and_indexed_later(tmp_path, workspace, monkeypatch):
    monkeypatch.setattr(index_module, "LOCK_TIMEOUT", 0.05)
    lock = whoosh_index.open_dir(str(workspace.index.index_dir)).lock("WRITELOCK")
    assert lock.acquire()  # as another Dossier process writing its index would
    try:
        results, report = workspace.import_paths([notes(tmp_path / "notes", 30)])
    finally:
        lock.release()
    assert [r.status for r in results] == ["added"] * 30
    assert report.added == 0 and "another Dossier window" in report.message
    assert workspace.index.sync().added == 30
    assert workspace.index.search("otters").total == 30


def test_a_cancelled_import_indexes_what_it_imported(tmp_path, workspace):
    seen = []
    results, report = workspace.import_paths(
        [notes(tmp_path / "notes", 300)],
        progress=lambda done, total, label: seen.append(done),
        cancelled=lambda: len(seen) > 150,
    )
    added = sum(r.status == "added" for r in results)
    assert 100 <= added < 300
    assert report.added == added
    assert workspace.index.search("otters").total == added == len(workspace.library) - 2
