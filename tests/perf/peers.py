"""The engines Dossier is compared with, on the same documents: raw Whoosh, SQLite FTS5, grep.

* Raw Whoosh uses Dossier's own schema and the fields Dossier would give it, straight from the
  corpus (no library, no parsing); it searches with ``terms=True`` (without it highlighting is
  far slower) and highlights with ``hit.highlights("body", text=...)``, the text coming from a
  dict in memory (the schema does not store the body).
* SQLite FTS5 (Python's ``sqlite3``, ``porter`` tokenizer) keeps the text itself and makes
  snippets with ``snippet()``.
* grep scans the raw text file for each query's first word or phrase: the floor, no index.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

from tests.perf.corpus import Timed

#: Writer configurations tried for raw Whoosh (name: keyword arguments of ``ix.writer()``).
WHOOSH_CONFIGS = {
    "default": {},
    "procs2-multiseg": {"procs": 2, "limitmb": 256, "multisegment": True},
    "procs2-multiseg-128": {"procs": 2, "limitmb": 128, "multisegment": True},
    "procs2-merged": {"procs": 2, "limitmb": 256},
    "procs1-256": {"limitmb": 256},
    "procs2-multiseg-files": {"procs": 2, "limitmb": 256, "multisegment": True, "compound": False},
}
BEST_WHOOSH = "procs2-multiseg"


# ---------------------------------------------------------------------- raw Whoosh


def whoosh_fields(doc: dict) -> dict:
    """What Dossier's index would be given for the document (same schema, same text)."""
    from dossier.core.query_text import parse_published

    fields = {
        "id": doc["id"],
        "title": doc["title"],
        "body": doc["body"],
        "skip": [],
        "tags": "",
        "date_text": doc["date"] or None,
    }
    published = parse_published(doc["date"])
    if published is not None:
        fields["date"] = published
    return fields


def whoosh_index(docs: Iterable[dict], folder: Path, options: dict) -> float:
    """Index the documents; the seconds it took, not counting reading the corpus."""
    from whoosh import index

    from dossier.core.index import make_schema

    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), make_schema())
    writer = ix.writer(**options)
    docs = Timed(docs)
    for doc in docs:
        writer.add_document(**whoosh_fields(doc))
    writer.commit()
    return time.perf_counter() - started - docs.seconds


class WhooshSearch:
    """Raw Whoosh as the manual shows it: one searcher, a multi-field parser with fuzzy terms."""

    def __init__(self, folder: Path, texts: dict[str, str]):
        from whoosh import index, qparser

        self.ix = index.open_dir(str(folder))
        self.searcher = self.ix.searcher()
        self.parser = qparser.MultifieldParser(["title", "body"], self.ix.schema)
        self.parser.add_plugin(qparser.FuzzyTermPlugin())
        self.texts = texts

    def search(self, text: str, limit: int = 20) -> int:
        results = self.searcher.search(self.parser.parse(text), limit=limit, terms=True)
        return len([(hit["id"], hit.get("title")) for hit in results])

    def search_highlighted(self, text: str, limit: int = 20) -> int:
        results = self.searcher.search(self.parser.parse(text), limit=limit, terms=True)
        shown = [(hit["id"], hit.get("title"), hit.highlights("body", text=self.texts[hit["id"]])) for hit in results]
        return len(shown)

    def close(self) -> None:
        self.searcher.close()


# ---------------------------------------------------------------------- SQLite FTS5


def fts5_index(docs: Iterable[dict], path: Path) -> float:
    """Index the documents; the seconds it took, not counting reading the corpus."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path))
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, date UNINDEXED, tokenize='porter')")
    docs = Timed(docs)
    with db:
        db.executemany("INSERT INTO docs VALUES (?,?,?,?)", ((d["id"], d["title"], d["body"], d["date"]) for d in docs))
    db.close()
    return time.perf_counter() - started - docs.seconds


class Fts5Search:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path))

    def search(self, text: str, limit: int = 20) -> int:
        rows = self.db.execute("SELECT id, title FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", (text, limit))
        return len(rows.fetchall())

    def search_snippets(self, text: str, limit: int = 20) -> int:
        rows = self.db.execute(
            "SELECT id, title, snippet(docs, 2, '[', ']', '…', 32) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            (text, limit),
        )
        return len(rows.fetchall())

    def close(self) -> None:
        self.db.close()


# ---------------------------------------------------------------------- grep


def write_text_file(docs: Iterable[dict], path: Path) -> None:
    """The corpus as one line per document: what grep scans."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(f"{doc['id']}\t{doc['title']}\t{' '.join(doc['body'].split())}\n")


class GrepScan:
    """Lines (documents) holding a word or phrase, any case: ``rg`` if installed, else grep."""

    def __init__(self, path: Path):
        self.path = path
        self.env = {**os.environ, "LC_ALL": "C"}
        self.tool = "rg" if _which("rg") else "grep"

    def search(self, text: str) -> int:
        if self.tool == "rg":
            cmd = ["rg", "--count", "-i", "-w", "-F", "-e", text, str(self.path)]
        else:
            cmd = ["grep", "-c", "-i", "-w", "-F", "-e", text, str(self.path)]
        done = subprocess.run(cmd, capture_output=True, text=True, env=self.env)
        return int(done.stdout.strip() or 0)


def _which(name: str) -> bool:
    return any(os.access(Path(d) / name, os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep) if d)
