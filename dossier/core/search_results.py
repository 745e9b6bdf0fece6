"""What searching and indexing give back: hits, a page of results, a sync report.

Plain data, no whoosh: the GUI, the CLI and the tests use these without the index.
:mod:`dossier.core.index` re-exports them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass
class Hit:
    id: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    score: float
    snippet: str  # an exact slice of the article text: text[snippet_start:snippet_start + len(snippet)]
    snippet_start: int
    snippet_spans: list[Span]  # relative to the snippet
    spans: list[Span]  # in article.text; all of them unless the text is longer than FULL_SPANS_CHARS
    truncated_left: bool  # body text comes before the snippet (show "…")
    truncated_right: bool
    copies: list[str] = field(default_factory=list)  # ids of the matching copies folded under this hit
    language: str | None = None  # ISO 639-1, as detected at import

    def to_json(self) -> dict[str, Any]:
        """All fields; ``spans`` in article-text coordinates, ``snippet_spans`` in the snippet's."""
        data = asdict(self)
        data["score"] = round(self.score, 4)
        data["spans"] = [list(span) for span in self.spans]
        data["snippet_spans"] = [list(span) for span in self.snippet_spans]
        return data


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[Hit]
    page: int
    pagelen: int
    message: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "hits": [h.to_json() for h in self.hits], "message": self.message}


@dataclass
class SyncReport:
    added: int
    removed: int
    rebuilt: bool
    message: str | None = None
    cancelled: bool = False  # nothing was written
