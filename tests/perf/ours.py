"""Dossier through its real product code: the library's import, the index's sync, its search."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tests.perf.corpus import Timed, as_file_bytes
from tests.perf.measure import Stopwatch


def incoming(docs: Iterable[dict]) -> Iterator:
    """The documents as files would come in: the bytes of ``title\\n\\nbody`` and their metadata."""
    from dossier.core.library import Incoming

    for d in docs:
        yield Incoming(
            as_file_bytes(d), name=f"{d['id']}.txt", key=d["id"], meta={"title": d["title"], "published": d["date"]}
        )


def statuses(results) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts


def index_corpus(docs: Callable[[], Iterable[dict]], home: Path, writer: str = "default") -> dict:
    """Full import + index through the product's import (``Workspace.import_items``: the library
    stores the articles and the index takes them as they come), then the same again on the
    unchanged corpus (re-import). ``docs`` gives the documents afresh each time it is called;
    reading them is not counted. ``writer``: "default" (the product's choice), "procs1" or
    "limitmb=N" (to compare)."""
    from dossier.core.index import upkeep as index_module
    from dossier.core.workspace import Workspace

    if writer == "procs1":  # the one-process writer however many documents
        index_module.BULK_DOCS = 10**12
    elif writer.startswith("limitmb="):  # the bulk writer with another buffer size
        index_module.BULK_WRITER = {**index_module.BULK_WRITER, "limitmb": int(writer.split("=", 1)[1])}
    home.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(home)
    items = Timed(incoming(docs()))
    with Stopwatch() as imported:
        results, report = workspace.import_items(items)
    again_items = Timed(incoming(docs()))
    with Stopwatch() as reimported:
        again, second = workspace.import_items(again_items)
    doc_count = workspace.index.doc_count()
    workspace.close()
    return {
        "seconds": imported.seconds - items.seconds,
        "reading_s": items.seconds,
        "reimport_s": reimported.seconds - again_items.seconds,
        "statuses": statuses(results),
        "reimport_statuses": statuses(again),
        "added": report.added,
        "added_again": second.added,
        "indexed": doc_count,
    }


class DossierSearch:
    def __init__(self, home: Path):
        from dossier import paths
        from dossier.core.index import SearchIndex
        from dossier.core.library import Library

        self.library = Library(paths.library_db(home))
        self.index = SearchIndex(paths.index_dir(home), self.library)

    def search(self, text: str, limit: int = 20) -> int:
        """One page of hits with snippets and every match span: what the search panel shows."""
        results = self.index.search(text, limit=limit)
        return len(results.hits)

    def close(self) -> None:
        self.index.close()
        self.library.close()
