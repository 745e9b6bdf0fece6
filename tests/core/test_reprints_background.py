"""Reprints looked for in a thread of their own once an import's index workers run: the same
groups as looked for in turn, the workers still forked from a process of one thread, and a
failure in the thread reaching the import."""

from __future__ import annotations

import threading

import pytest

from dossier.core import reprints as reprints_module
from dossier.core.index import bulk
from dossier.core.index import upkeep as index_module
from dossier.core.library import Incoming
from dossier.core.workspace import Workspace
from tests.core.reprint_texts import INDEPENDENT, REPRINT, WIRE
from tests.perf import corpus


def _items() -> list[Incoming]:
    """Sixty articles of the benchmark's kind, then a wire story, its reprint and an
    independent report, then twenty more and an exact copy of the wire story."""
    docs = corpus.generate(80)
    items = [Incoming(corpus.as_file_bytes(d), name=f"{d['id']}.txt", key=d["id"]) for d in docs[:60]]
    items += [
        Incoming(WIRE.encode(), name="wire.txt", key="wire.txt", meta={"published": "2025-06-14"}),
        Incoming(REPRINT.encode(), name="reprint.txt", key="reprint.txt", meta={"published": "2025-06-15"}),
        Incoming(INDEPENDENT.encode(), name="independent.txt", key="independent.txt"),
    ]
    items += [Incoming(corpus.as_file_bytes(d), name=f"{d['id']}.txt", key=d["id"]) for d in docs[60:]]
    items.append(Incoming(WIRE.encode() + b"\n", name="again.txt", key="again.txt", meta={"published": "2025-06-16"}))
    return items


def _groups(ws: Workspace) -> dict[str, str]:
    names = {a.id: a.meta.source_file for a in ws.library.articles()}
    return {names[copy]: names[original] for copy, original in ws.reprints.copies_map().items()}


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(reprints_module, "BATCH", 7)
    monkeypatch.setattr(index_module, "BULK_DOCS", 10)
    monkeypatch.setattr(bulk, "START_METHOD_ENV", "DOSSIER_TEST_NO_START_METHOD")


def test_the_groups_are_those_found_in_turn(tmp_path, small_batches, monkeypatch):
    threads_at_start: list[int] = []
    start_method = bulk.start_method

    def counted() -> str:
        threads_at_start.append(threading.active_count())
        return start_method()

    monkeypatch.setattr(bulk, "start_method", counted)
    in_background = reprints_module.Detector.in_background
    used: list[bool] = []
    found = {}
    for background in (False, True):

        def chosen(self, background=background):
            if background:
                in_background(self)
            used.append(self._turns is not None)

        monkeypatch.setattr(reprints_module.Detector, "in_background", chosen)
        ws = Workspace(tmp_path / str(background))
        results, report = ws.import_items(_items(), batch=20)
        assert all(r.status == "added" for r in results) and ws.index.doc_count() == len(results)
        found[background] = _groups(ws)
        ws.close()
    assert True in used and False in used
    assert found[True] == found[False] == {"reprint.txt": "wire.txt", "again.txt": "wire.txt"}
    assert threads_at_start == [1, 1]  # no thread of detection yet when the workers started: forked


def test_a_failure_in_the_thread_reaches_the_import(tmp_path, small_batches, monkeypatch):
    detect = reprints_module.Detector._detect

    def broken(self, waiting):
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("detection broke")
        detect(self, waiting)

    monkeypatch.setattr(reprints_module.Detector, "_detect", broken)
    ws = Workspace(tmp_path / "data")
    with pytest.raises(RuntimeError, match="detection broke"):
        ws.import_items(_items(), batch=20)
    ws.close()
