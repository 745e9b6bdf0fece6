"""The list on the left: the hits of a search, or the whole library when there is no query.

The model translates; it keeps the core's own objects (:class:`~dossier.core.index.Hit`, or a
:class:`LibraryEntry` read off an article) and answers roles about them. Sorting the whole
library by title, date or publisher is a :class:`QSortFilterProxyModel` over it
(:func:`sort_proxy`); search hits keep the index's order (best first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from dossier.core.dates import format_date
from dossier.core.highlight import SNIPPET_CHARS
from dossier.core.language import language_name
from dossier.core.library import TEXT, Article

Span = tuple[int, int]
NO_PUBLISHER = "\uffff"  # sorts articles without a publisher last


@dataclass
class LibraryEntry:
    """An article as the library list shows it (the same attributes a search hit has)."""

    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    snippet: str = ""
    snippet_spans: list[Span] = field(default_factory=list)
    truncated_left: bool = False
    truncated_right: bool = False
    score: float = 0.0
    copies: list[str] = field(default_factory=list)
    copy_of: str | None = None  # set on a copy unfolded under its search hit
    language: str | None = None

    @classmethod
    def from_article(cls, article: Article) -> LibraryEntry:
        meta = article.meta
        first = next((p for p in article.paragraphs if p.kind == TEXT), None)
        body = article.text[first.start : first.end] if first else ""
        snippet = " ".join(body[: SNIPPET_CHARS + 40].split())
        cut = len(snippet) > SNIPPET_CHARS
        if cut:
            snippet = snippet[:SNIPPET_CHARS].rsplit(" ", 1)[0]
        more = cut or any(p.kind == TEXT and p is not first for p in article.paragraphs)
        return cls(
            article.id,
            meta.title,
            meta.publisher,
            meta.author,
            meta.published,
            snippet,
            [],
            False,
            more,
            language=meta.language,
        )


def library_entries(articles: Iterable[Article]) -> list[LibraryEntry]:
    """The whole library as list entries (run it in a worker: it reads every article)."""
    return [LibraryEntry.from_article(a) for a in articles]


class Role(IntEnum):
    ARTICLE_ID = Qt.ItemDataRole.UserRole + 1
    TITLE = Qt.ItemDataRole.UserRole + 2
    PUBLISHER = Qt.ItemDataRole.UserRole + 3
    AUTHOR = Qt.ItemDataRole.UserRole + 4
    DATE = Qt.ItemDataRole.UserRole + 5
    SNIPPET = Qt.ItemDataRole.UserRole + 6
    SNIPPET_SPANS = Qt.ItemDataRole.UserRole + 7
    TRUNCATED = Qt.ItemDataRole.UserRole + 8  # (left, right)
    META_LINE = Qt.ItemDataRole.UserRole + 9  # "Publisher · 17 March 2025", as shown
    COPIES = Qt.ItemDataRole.UserRole + 10  # "+2 copies" / "2 copies shown" on a hit with copies folded under it
    COPY_OF = Qt.ItemDataRole.UserRole + 11  # the hit an unfolded copy belongs to
    SORT_TITLE = Qt.ItemDataRole.UserRole + 20
    SORT_DATE = Qt.ItemDataRole.UserRole + 21
    SORT_PUBLISHER = Qt.ItemDataRole.UserRole + 22


#: What the library can be sorted by: (label, sort role, order).
SORT_KEYS: tuple[tuple[str, Role, Qt.SortOrder], ...] = (
    ("Title", Role.SORT_TITLE, Qt.SortOrder.AscendingOrder),
    ("Newest first", Role.SORT_DATE, Qt.SortOrder.DescendingOrder),
    ("Oldest first", Role.SORT_DATE, Qt.SortOrder.AscendingOrder),
    ("Publisher", Role.SORT_PUBLISHER, Qt.SortOrder.AscendingOrder),
)


def meta_line(entry) -> str:
    """ "Publisher · Author · 17 March 2025 · Russian" with the unknown parts left out (the
    language only when it is not English; an undated article says nothing of its date rather
    than "no date" on every card)."""
    parts = [p for p in (entry.publisher, entry.author) if p]
    if entry.date:
        parts.append(format_date(entry.date))
    language = getattr(entry, "language", None)
    if language and language != "en":
        parts.append(language_name(language))
    return " · ".join(parts)


class ResultsModel(QAbstractListModel):
    """One row per article: a search hit, or a library entry."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list = []
        self._library_mode = True
        self._changed: set[str] = set()  # web articles whose page changed since it was first fetched

    # ------------------------------------------------------------ filling
    def set_hits(self, hits: Sequence) -> None:
        self.beginResetModel()
        self._rows, self._library_mode = list(hits), False
        self.endResetModel()

    def append_hits(self, hits: Sequence) -> None:
        """The next page of the same search."""
        known = {e.id for e in self._rows}
        new = [h for h in hits if h.id not in known]
        if not new:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def set_library(self, entries: Sequence[LibraryEntry]) -> None:
        self.beginResetModel()
        self._rows, self._library_mode = list(entries), True
        self.endResetModel()

    def set_changed(self, ids: set[str]) -> None:
        """Mark the rows of web articles whose page changed (their meta line says so)."""
        if ids != self._changed:
            self._changed = set(ids)
            if self._rows:
                self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [Role.META_LINE])

    def clear(self) -> None:
        self.set_hits([])

    def is_library(self) -> bool:
        return self._library_mode

    def entry(self, row: int):
        return self._rows[row]

    def row_of(self, article_id: str) -> int:
        return next((n for n, e in enumerate(self._rows) if e.id == article_id), -1)

    # ------------------------------------------------------------ copies
    def unfolded(self, row: int) -> bool:
        """Whether the copies of the hit at ``row`` are shown under it."""
        entry = self._rows[row]
        return (
            bool(entry.copies)
            and row + 1 < len(self._rows)
            and getattr(self._rows[row + 1], "copy_of", None) == entry.id
        )

    def show_copies(self, row: int, copies: Sequence[LibraryEntry]) -> None:
        """Unfold: the hit's copies as rows of their own under it."""
        if self.unfolded(row) or not copies:
            return
        for copy in copies:
            copy.copy_of = self._rows[row].id
        self.beginInsertRows(QModelIndex(), row + 1, row + len(copies))
        self._rows[row + 1 : row + 1] = list(copies)
        self.endInsertRows()
        self.dataChanged.emit(self.index(row), self.index(row), [Role.COPIES])

    def hide_copies(self, row: int) -> None:
        """Fold the hit's copies back under it."""
        owner = self._rows[row].id
        end = row + 1
        while end < len(self._rows) and getattr(self._rows[end], "copy_of", None) == owner:
            end += 1
        if end == row + 1:
            return
        self.beginRemoveRows(QModelIndex(), row + 1, end - 1)
        del self._rows[row + 1 : end]
        self.endRemoveRows()
        self.dataChanged.emit(self.index(row), self.index(row), [Role.COPIES])

    # ------------------------------------------------------------ Qt
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Role.TITLE):
            return e.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.title}\n{meta_line(e)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{e.title}, {meta_line(e)}"
        if role == Role.ARTICLE_ID:
            return e.id
        if role == Role.PUBLISHER:
            return e.publisher
        if role == Role.AUTHOR:
            return e.author
        if role == Role.DATE:
            return e.date
        if role == Role.SNIPPET:
            return e.snippet
        if role == Role.SNIPPET_SPANS:
            return [tuple(s) for s in e.snippet_spans]
        if role == Role.TRUNCATED:
            return (bool(e.truncated_left), bool(e.truncated_right))
        if role == Role.META_LINE:
            changed = "page changed · " if e.id in self._changed else ""
            return ("copy · " if getattr(e, "copy_of", None) else "") + changed + meta_line(e)
        if role == Role.COPIES:
            n = len(getattr(e, "copies", None) or ())
            if not n:
                return None
            return (
                f"▾ {n} cop{'y' if n == 1 else 'ies'}"
                if self.unfolded(index.row())
                else f"+{n} cop{'y' if n == 1 else 'ies'}"
            )
        if role == Role.COPY_OF:
            return getattr(e, "copy_of", None)
        if role == Role.SORT_TITLE:
            return (e.title or "").casefold()
        if role == Role.SORT_DATE:
            return e.date or ""
        if role == Role.SORT_PUBLISHER:
            return (e.publisher or NO_PUBLISHER).casefold() + "\x00" + (e.title or "").casefold()
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update({int(r): QByteArray(r.name.lower().encode()) for r in Role})
        return names


def sort_proxy(model: ResultsModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy that sorts the library by one of :data:`SORT_KEYS` (search hits: call ``sort(-1)``)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setDynamicSortFilter(False)
    return proxy
