"""The article library: import, metadata, versions, kept in one SQLite file.

An article's ``id`` is a content hash of the original file's bytes, so importing the same
file again changes nothing. A changed file at the same place (its ``key``) becomes a new
*version*: the old one stays in the library, no longer current, so clips that quote it
can still be checked against exactly what they quote. An article itself, and its row, is
:mod:`dossier.core.article`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from dossier.core.article import (
    EDITABLE_FIELDS,
    SOURCE_FIELDS,
    Article,
    ImportResult,
    Incoming,
    Metadata,
    article_from_row,
    content_id,
    now_iso,
    row_from_article,
)
from dossier.core.errors import ArticleNotFound, DamagedLibrary, UnreadableFile
from dossier.core.file_intake import check_catalog, find_articles, read_article, shown
from dossier.core.language import detect_language
from dossier.core.textio import BOILERPLATE, TEXT, TITLE, Paragraph, Parsed, parse

ProgressFn = Callable[[int, int, str], None]
StoredFn = Callable[["Article"], None]
#: Files imported from disk are parsed and committed this many (or this many bytes) at a time.
IMPORT_BATCH = 100
IMPORT_BATCH_BYTES = 16 * 1024 * 1024


def parse_article(data: bytes, name: str, suffix: str, charset: str | None = None) -> Parsed:
    """:func:`dossier.core.textio.parse`, and the language the text is written in."""
    parsed = parse(data, name, suffix, charset)
    parsed.language = detect_language(parsed.text)
    return parsed


class Library:
    """All articles and their versions. Thread-safe: one connection behind a lock."""

    def __init__(self, db_path: Path | str):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        #: A library in a folder that may not be written is opened for reading only (list,
        #: search, show and export work; anything that would write fails).
        self.read_only = self.path.exists() and not (
            os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        )
        try:
            if self.read_only:
                self._db = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?immutable=1", uri=True, check_same_thread=False
                )
                return
            self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(
                """
                CREATE TABLE IF NOT EXISTS articles (
                    id TEXT PRIMARY KEY,
                    key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    current INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    paragraphs TEXT NOT NULL,
                    meta TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS articles_key ON articles(key, current);
                """
            )
        except sqlite3.DatabaseError as exc:
            raise DamagedLibrary(f"The library database {self.path} could not be read ({exc}).") from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The library's database, locked, committed when the block ends: for the modules that
        keep tables of their own beside the articles (:mod:`dossier.core.reprints`)."""
        with self._lock, self._db:
            yield self._db

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM articles WHERE current=1").fetchone()[0])

    def get(self, article_id: str) -> Article:
        with self._lock:
            row = self._db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise ArticleNotFound(article_id)
        return article_from_row(row)

    def get_many(self, ids: Iterable[str]) -> dict[str, Article]:
        ids = list(dict.fromkeys(ids))
        found: dict[str, Article] = {}
        with self._lock:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                    found[row[0]] = article_from_row(row)
        return found

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """Just the stored text of some articles (cheaper than whole articles)."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, str] = {}
        with self._lock:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                out.update(self._db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk))
        return out

    def __contains__(self, article_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def current_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db.execute("SELECT id FROM articles WHERE current=1")}

    def articles(self, *, current_only: bool = True) -> Iterator[Article]:
        """Every (current) article, oldest import first. Reads in batches to keep memory flat."""
        where = "WHERE current=1" if current_only else ""
        with self._lock:
            ids = [r[0] for r in self._db.execute(f"SELECT id FROM articles {where} ORDER BY rowid")]
        for i in range(0, len(ids), 200):
            batch = self.get_many(ids[i : i + 200])
            for article_id in ids[i : i + 200]:
                if article_id in batch:
                    yield batch[article_id]

    def versions(self, key: str) -> list[Article]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM articles WHERE key=? ORDER BY version", (key,)).fetchall()
        return [article_from_row(r) for r in rows]

    def current_of_key(self, key: str) -> Article | None:
        """The current version of the document kept under ``key`` (a file's path, a page's URL)."""
        with self._lock:
            row = self._db.execute("SELECT * FROM articles WHERE key=? AND current=1", (key,)).fetchone()
        return article_from_row(row) if row else None

    def known_urls(self) -> dict[str, str]:
        """The current article of every web address the library holds (fetched or recorded)."""
        found: dict[str, str] = {}
        with self._lock:
            rows = self._db.execute("SELECT id, key, json_extract(meta, '$.url') FROM articles WHERE current=1")
            for article_id, key, url in rows:
                for address in (key, url):
                    if isinstance(address, str) and address.startswith(("http://", "https://")):
                        found.setdefault(address, article_id)
        return found

    def changed_pages(self) -> set[str]:
        """The web articles whose page changed since it was first fetched (current, version 2 or later)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM articles WHERE current=1 AND version>1 AND "
                "((key >= 'http://' AND key < 'http:/0') OR (key >= 'https://' AND key < 'https:/0'))"
            )
            return {row[0] for row in rows}

    def current_version_of(self, article_id: str) -> Article:
        """The current version of the document that ``article_id`` is a version of."""
        article = self.get(article_id)
        if article.current:
            return article
        with self._lock:
            row = self._db.execute("SELECT * FROM articles WHERE key=? AND current=1", (article.key,)).fetchone()
        return article_from_row(row) if row else article

    # ------------------------------------------------------------------ writing
    def add_bytes(
        self,
        data: bytes,
        *,
        name: str,
        key: str | None = None,
        suffix: str = ".txt",
        meta: dict[str, Any] | None = None,
        charset: str | None = None,
    ) -> ImportResult:
        """Import one article from its original bytes (``charset``: the encoding a server
        declared for them). Raises :class:`UnreadableFile`."""
        article_id = content_id(data)
        if article_id in self:
            return ImportResult(name, "unchanged", article_id)
        parsed = parse_article(data, name, suffix, charset)
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")  # one writer: another process may add it meanwhile
            if article_id in self:
                return ImportResult(name, "unchanged", article_id)
            return self._store(article_id, data, name, key or name, parsed, meta)[0]

    def add_many(
        self, items: Iterable[Incoming], *, batch: int = 500, stored: StoredFn | None = None
    ) -> list[ImportResult]:
        """Import many articles: the same as :meth:`add_bytes` for each in turn, but with one
        look-up of the known ones and one commit per ``batch``, and an unreadable one reported
        as "failed" (the rest goes on). A batch is parsed before the library is locked.
        ``stored`` is called with each new article once its batch is committed."""
        results: list[ImportResult] = []
        chunk: list[Incoming] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= batch:
                results.extend(self._add_batch(chunk, stored))
                chunk = []
        if chunk:
            results.extend(self._add_batch(chunk, stored))
        return results

    def _add_batch(self, items: list[Incoming], stored: StoredFn | None = None) -> list[ImportResult]:
        ids = [content_id(item.data) for item in items]
        known = self._known(ids)
        parsed: dict[str, Parsed | UnreadableFile] = {}
        for item, article_id in zip(items, ids):
            if article_id not in known and article_id not in parsed:
                try:
                    parsed[article_id] = parse_article(item.data, item.name, item.suffix, item.charset)
                except UnreadableFile as exc:
                    parsed[article_id] = exc
        results, new = [], []
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")  # one writer: what another process added is seen below
            for item, article_id in zip(items, ids):
                outcome = parsed.get(article_id)
                if isinstance(outcome, UnreadableFile):
                    results.append(ImportResult(item.name, "failed", message=outcome.reason))
                elif outcome is None or article_id in self:  # known, or added earlier in this batch
                    results.append(ImportResult(item.name, "unchanged", article_id))
                else:
                    result, article = self._store(
                        article_id, item.data, item.name, item.key or item.name, outcome, item.meta
                    )
                    results.append(result)
                    if article is not None:
                        new.append(article)
        if stored is not None:
            for article in new:
                stored(article)
        return results

    def _known(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` the library holds."""
        found: set[str] = set()
        with self._lock:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    row[0] for row in self._db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
                )
        return found

    def _store(
        self, article_id: str, data: bytes, name: str, key: str, parsed: Parsed, meta: dict[str, Any] | None
    ) -> tuple[ImportResult, Article | None]:
        """Write a new article (a new version if ``key`` has a current one whose text differs:
        a page fetched again with only its markup changed is not a new version). The caller
        holds the lock and commits."""
        previous = self._db.execute("SELECT * FROM articles WHERE key=? AND current=1", (key,)).fetchone()
        old = article_from_row(previous) if previous else None
        if old is not None and old.text == parsed.text:
            return ImportResult(name, "unchanged", old.id, "same text"), None
        given = {k: v for k, v in (meta or {}).items() if v not in (None, "", [])}
        info = Metadata(
            title=given.pop("title", None) or parsed.title,
            source_file=name,
            imported_at=now_iso(),
            sha256=hashlib.sha256(data).hexdigest(),
            encoding=parsed.encoding,
            language=parsed.language,
            encoding_warning=parsed.warning,
        )
        for k, v in parsed.found.items():
            setattr(info, k, v)
        for k, v in given.items():
            if k in EDITABLE_FIELDS or k in SOURCE_FIELDS:
                setattr(info, k, v)
        if old is not None:  # carry over what the user told us about the document
            for k in ("publisher", "author", "published", "url", "tags", "reliability"):
                if getattr(info, k) in (None, "", []):
                    setattr(info, k, getattr(old.meta, k))
        article = Article(article_id, key, old.version + 1 if old else 1, parsed.text, parsed.paragraphs, info)
        if old is not None:
            self._db.execute("UPDATE articles SET current=0 WHERE id=?", (old.id,))
        self._db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?)", row_from_article(article))
        return ImportResult(
            name,
            "updated" if old else "added",
            article_id,
            f"version {article.version}" if old else "",
            old.id if old else None,
            parsed.warning or "",
        ), article

    def import_file(self, path: Path | str, meta: dict[str, Any] | None = None) -> ImportResult:
        path = Path(path)
        try:
            data = read_article(path)
            return self.add_bytes(data, name=shown(path), key=shown(path.resolve()), suffix=path.suffix, meta=meta)
        except UnreadableFile as exc:
            return ImportResult(shown(path), "failed", message=exc.reason)

    def import_paths(
        self,
        paths: Iterable[Path | str],
        *,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
        stored: StoredFn | None = None,
    ) -> list[ImportResult]:
        """Import files and folders. One bad file (or name, or folder) is reported and the rest
        goes on (see :mod:`.file_intake`). Files are stored a batch at a time (see
        :meth:`add_many`, and ``stored`` there)."""
        files, problems = find_articles([Path(raw) for raw in paths])
        results = [ImportResult(p.path, p.status, message=p.message) for p in problems]
        catalogs: dict[Path, dict[str, Any]] = {}
        batch: list[Incoming] = []
        batch_bytes = 0

        def flush() -> None:
            nonlocal batch, batch_bytes
            if batch:
                results.extend(self._add_batch(batch, stored))
            batch, batch_bytes = [], 0

        for n, path in enumerate(files):
            if cancelled and cancelled():
                flush()
                results.append(ImportResult(shown(path), "skipped", message="import cancelled"))
                break
            if progress:
                progress(n, len(files), shown(path.name))
            try:
                data = read_article(path)
            except UnreadableFile as exc:
                flush()  # the results stay in the order of the files
                results.append(ImportResult(exc.name, "failed", message=exc.reason))
                continue
            if path.parent not in catalogs:
                catalogs[path.parent], problem = check_catalog(path.parent)
                if problem is not None:
                    results.append(ImportResult(problem.path, problem.status, message=problem.message))
            batch.append(
                Incoming(
                    data,
                    name=shown(path),
                    key=shown(path.resolve()),
                    suffix=path.suffix,
                    meta=catalogs[path.parent].get(path.name),
                )
            )
            batch_bytes += len(data)
            if len(batch) >= IMPORT_BATCH or batch_bytes >= IMPORT_BATCH_BYTES:
                flush()
        flush()
        if progress:
            progress(len(files), len(files), "")
        return results

    def update_metadata(self, article_id: str, **changes: Any) -> Article:
        """Edit what the user knows about an article (title, publisher, author, published, url, tags,
        reliability)."""
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        article = self.get(article_id)
        values: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) or None for k, v in changes.items()}
        if not values.get("title", article.meta.title):
            values.pop("title", None)
        if "tags" in values:
            values["tags"] = list(values["tags"] or [])
        article.meta = replace(article.meta, **values)
        with self._lock, self._db:
            self._db.execute("UPDATE articles SET meta=? WHERE id=?", (json.dumps(asdict(article.meta)), article_id))
        return article


def read_catalog(folder: Path) -> dict[str, Any]:
    """Metadata for files of a folder that their text does not say (``catalog.json``; none from
    a catalog that cannot be used, see :func:`.file_intake.check_catalog`)."""
    return check_catalog(folder)[0]


__all__ = ["BOILERPLATE", "TEXT", "TITLE", "Article", "ImportResult", "Incoming", "Library", "Metadata", "Paragraph"]
