"""Edits of the library (an article's details, its grade) as commands with ``do`` and ``undo``.

They belong to the library, not to any dossier: the window keeps them on an undo stack of
their own, so that undoing in a dossier never undoes an article edit and an article edit never
marks the dossier as changed. Headless callers use :class:`LibraryUndoStack`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dossier.core import grading
from dossier.core.article import EDITABLE_FIELDS
from dossier.core.history import History
from dossier.core.library import Article, Library

LABELS = {
    "title": "title",
    "publisher": "publisher",
    "author": "author",
    "published": "date",
    "url": "URL",
    "tags": "tags",
    "reliability": "reliability",
}


def checked(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes with each value as the library keeps it; raises ValueError for an unknown
    field and :class:`~dossier.core.grading.BadGrade` for a grade off the scale."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    values = dict(changes)
    if "reliability" in values:
        values["reliability"] = grading.reliability(values["reliability"])
    return values


@dataclass
class EditArticle:
    """Change some of an article's details (see :data:`~dossier.core.article.EDITABLE_FIELDS`)."""

    article_id: str
    changes: dict[str, Any]
    _old: dict[str, Any] = field(default_factory=dict)
    text: str = "Edit article details"
    merge_id = -1

    def __post_init__(self) -> None:
        self.changes = checked(self.changes)
        if set(self.changes) == {"reliability"}:
            self.text = "Grade source"
        elif len(self.changes) == 1:
            self.text = f"Edit article {LABELS[next(iter(self.changes))]}"

    def do(self, library: Library) -> Article:
        article = library.get(self.article_id)
        if not self._old:
            self._old = {k: getattr(article.meta, k) for k in self.changes}
        return library.update_metadata(self.article_id, **self.changes)

    def undo(self, library: Library) -> Article:
        return library.update_metadata(self.article_id, **self._old)

    def merge(self, other: object) -> bool:
        return False


class LibraryUndoStack(History[Library]):
    """A plain undo stack of library edits for headless use; the window uses a QUndoStack of its own."""
