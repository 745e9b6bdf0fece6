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
        yield Incoming(as_file_bytes(d), name=f"{d['id']}.txt", key=d["id"],
                       meta={"title": d["title"], "published": d["date"]})


def import_docs(library, items: Iterable) -> dict:
    """Import through the library's batch API (``add_bytes`` one by one where there is none);
    the count of each status."""
    from dossier.core.errors import UnreadableFile

    counts: dict[str, int] = {}
    if hasattr(library, "add_many"):
        results = [r.status for r in library.add_many(items)]
    else:
        results = []
        for item in items:
            try:
                results.append(library.add_bytes(item.data, name=item.name, key=item.key, suffix=item.suffix,
                                                 meta=item.meta).status)
            except UnreadableFile:
                results.append("failed")
    for status in results:
        counts[status] = counts.get(status, 0) + 1
    return counts


def index_corpus(docs: Callable[[], Iterable[dict]], home: Path, writer: str = "default") -> dict:
    """Full import + index, then the same again on the unchanged corpus (re-import). ``docs``
    gives the documents afresh each time it is called; reading them is not counted. ``writer``:
    "default" (the product's choice), "procs1" or "limitmb=N" (to compare)."""
    from dossier.core import index as index_module
    from dossier.core.index import SearchIndex
    from dossier.core.library import Library

    if writer == "procs1":  # the one-process writer however many documents
        index_module.BULK_DOCS = 10**12
    elif writer.startswith("limitmb="):  # the bulk writer with another buffer size
        index_module.BULK_WRITER = {**index_module.BULK_WRITER, "limitmb": int(writer.split("=", 1)[1])}
    home.mkdir(parents=True, exist_ok=True)
    library = Library(home / "library.sqlite3")
    search_index = SearchIndex(home / "index", library)
    items = Timed(incoming(docs()))
    with Stopwatch() as imported:
        counts = import_docs(library, items)
    with Stopwatch() as synced:
        report = search_index.sync()
    again_items = Timed(incoming(docs()))
    with Stopwatch() as reimported:
        again = import_docs(library, again_items)
    with Stopwatch() as resynced:
        second = search_index.sync()
    doc_count = search_index.doc_count()
    search_index.close()
    library.close()
    import_s = imported.seconds - items.seconds
    reimport_s = reimported.seconds - again_items.seconds
    return {
        "import_s": import_s,
        "sync_s": synced.seconds,
        "seconds": import_s + synced.seconds,
        "reading_s": items.seconds,
        "reimport_import_s": reimport_s,
        "reimport_sync_s": resynced.seconds,
        "reimport_s": reimport_s + resynced.seconds,
        "statuses": counts,
        "reimport_statuses": again,
        "added": report.added,
        "added_again": second.added,
        "indexed": doc_count,
    }


class DossierSearch:
    def __init__(self, home: Path):
        from dossier.core.index import SearchIndex
        from dossier.core.library import Library

        self.library = Library(home / "library.sqlite3")
        self.index = SearchIndex(home / "index", self.library)

    def search(self, text: str, limit: int = 20) -> int:
        """One page of hits with snippets and every match span: what the search panel shows."""
        results = self.index.search(text, limit=limit)
        return len(results.hits)

    def close(self) -> None:
        self.index.close()
        self.library.close()
