"""An article of the library: its text, paragraphs and metadata, and how it is kept as a row.

:mod:`dossier.core.library` stores them; everything else reads them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from dossier.core.language import detect_language
from dossier.core.textio import BOILERPLATE, TEXT, Paragraph

EDITABLE_FIELDS = ("title", "publisher", "author", "published", "url", "tags", "reliability")
#: Fields an import may set besides the editable ones: where the article came from.
SOURCE_FIELDS = ("source_file", "fetched", "archive")


@dataclass
class Metadata:
    title: str
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date as the source gives it, e.g. "2025-03-17"
    url: str | None = None
    source_file: str | None = None
    imported_at: str = ""
    sha256: str = ""
    encoding: str = "utf-8"
    tags: list[str] = field(default_factory=list)
    reliability: str | None = None  # the source's grade, A-F (see dossier.core.grading)
    fetched: str | None = None  # when a page was fetched (ISO 8601, UTC); None for files
    archive: str | None = None  # the WARC file of that fetch, relative to the data folder
    joined: list[str] = field(default_factory=list)  # words a PDF hyphenated across lines, joined
    language: str | None = None  # ISO 639-1, detected at import (None: too little text to tell)
    encoding_warning: str | None = None  # the encoding was guessed, or not the one declared


@dataclass
class Article:
    id: str
    key: str
    version: int
    text: str
    paragraphs: list[Paragraph]
    meta: Metadata
    current: bool = True

    @property
    def title(self) -> str:
        return self.meta.title

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding character ``offset`` (None between paragraphs)."""
        for para in self.paragraphs:
            if para.start <= offset < para.end:
                return para
        return None

    def paragraph_number(self, offset: int) -> int | None:
        """The ¶ number of the text paragraph holding ``offset``; the nearest one before it otherwise."""
        best = None
        for para in self.paragraphs:
            if para.start > offset:
                break
            if para.number is not None:
                best = para.number
        return best

    def indexable_text(self) -> str:
        """The body as the index sees it: same length, title and boilerplate blanked out."""
        text, parts, pos = self.text, list[str](), 0
        for para in sorted((p for p in self.paragraphs if p.kind != TEXT), key=lambda p: p.start):
            if para.end > pos:
                start = max(para.start, pos)
                parts += (text[pos:start], " " * (para.end - start))
                pos = para.end
        parts.append(text[pos:])
        return "".join(parts)

    def visible_paragraphs(self, *, boilerplate: bool = False) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == TEXT or (boilerplate and p.kind == BOILERPLATE)]


@dataclass
class ImportResult:
    path: str
    status: str  # "added", "updated", "unchanged", "failed", "skipped"
    article_id: str | None = None
    message: str = ""
    previous_id: str | None = None  # "updated": the version this one replaced (its clips may follow)
    warning: str = ""  # imported, but something about it needs a look (a guessed encoding)

    @property
    def ok(self) -> bool:
        return self.status in ("added", "updated", "unchanged")

    def line(self) -> str:
        text = f"{self.status:9} {self.path}"
        text = f"{text}: {self.message}" if self.message else text
        return f"{text} (warning: {self.warning})" if self.warning else text


@dataclass
class Incoming:
    """An article to import: its original bytes and where they come from (see :meth:`Library.add_bytes`)."""

    data: bytes
    name: str
    key: str | None = None
    suffix: str = ".txt"
    meta: dict[str, Any] | None = None
    charset: str | None = None  # the encoding a server declared for the bytes


def language_of(article: Article) -> str | None:
    """The article's language: as detected at import, or now for one imported before that."""
    if article.meta.language is None:
        article.meta.language = detect_language(article.text)
    return article.meta.language


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def content_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


# ---------------------------------------------------------------------- rows


def article_from_row(row: tuple[Any, ...]) -> Article:
    article_id, key, version, current, text, paragraphs, meta = row
    return Article(
        article_id,
        key,
        version,
        text,
        [Paragraph(*p) for p in json.loads(paragraphs)],
        Metadata(**{k: v for k, v in json.loads(meta).items() if k in _META_FIELDS}),
        bool(current),
    )


_META_FIELDS = {f.name for f in fields(Metadata)}


def row_from_article(a: Article) -> tuple[object, ...]:
    paragraphs = json.dumps([[p.start, p.end, p.kind, p.number] for p in a.paragraphs])
    meta = {f.name: getattr(a.meta, f.name) for f in fields(Metadata)}  # asdict() without its deep copy
    return (a.id, a.key, a.version, int(a.current), a.text, paragraphs, json.dumps(meta))
