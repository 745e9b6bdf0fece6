"""A dossier's clips in the order of their sources' dates: what happened when, as the sources tell.

Clips are ordered by the publication date of their article (undated ones last), and clips of
the same date keep the dossier's order. Each entry says the date, the source and the quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dossier.core.dates import format_date
from dossier.core.dossier import Dossier
from dossier.core.grading import code
from dossier.core.library import Library
from dossier.core.query_text import parse_published


@dataclass
class Entry:
    clip_id: str
    article_id: str
    section: str
    when: datetime | None  # None: the source has no date
    date: str  # as printed: "14 June 2025", or "n.d."
    source: str  # the publisher, else the article's title
    title: str
    quote: str  # as printed (an edited quote's edit)
    grade: str  # "B2", or ""

    def to_json(self) -> dict[str, Any]:
        return {
            "clip": self.clip_id,
            "article": self.article_id,
            "section": self.section,
            "date": self.when.date().isoformat() if self.when else None,
            "source": self.source,
            "title": self.title,
            "quote": self.quote,
            "grade": self.grade,
        }

    def line(self) -> str:
        grade = f" [{self.grade}]" if self.grade else ""
        return f"{self.date:>17}  {self.source}{grade}: “{self.quote}”"


def timeline(dossier: Dossier, library: Library) -> list[Entry]:
    """Every clip of the dossier as an :class:`Entry`, by its source's date, undated last."""
    clips = [(section.title, clip) for section in dossier.sections for clip in section.clips]
    articles = library.get_many(clip.article_id for _, clip in clips)
    entries = []
    for section, clip in clips:
        article = articles.get(clip.article_id)
        meta = article.meta if article is not None else None
        published = meta.published if meta is not None else None
        source = (meta.publisher or meta.title) if meta is not None else f"missing article {clip.article_id}"
        entries.append(
            Entry(
                clip.id,
                clip.article_id,
                section,
                parse_published(published),
                format_date(published),
                source,
                meta.title if meta is not None else "",
                " ".join(clip.printed.split()),
                code(meta.reliability if meta is not None else None, clip.credibility),
            )
        )
    order = {id(e): n for n, e in enumerate(entries)}
    return sorted(entries, key=lambda e: (e.when is None, e.when or datetime.min, order[id(e)]))
