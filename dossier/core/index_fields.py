"""What the search index is given for an article: its field values, and the spans of its text
that are not body (title, boilerplate). No whoosh here; :mod:`dossier.core.index` defines the
schema these values fill."""

from __future__ import annotations

from typing import Any

from dossier.core.article import Article, language_of
from dossier.core.language import analysis_group
from dossier.core.query_text import parse_published
from dossier.core.search_results import Span
from dossier.core.textio import TEXT


def skip_ranges(article: Article) -> list[Span]:
    """``[start, end)`` of every paragraph that is not body text."""
    return [(p.start, p.end) for p in article.paragraphs if p.kind != TEXT]


def index_fields(article: Article) -> dict[str, Any]:
    """The field values of one document: the body is the whole text with the title and the
    boilerplate blanked out, so that every offset the index sees is true in the article. An
    article in another language than English has its title and body in the fields of its
    language too, and its body only there (see :mod:`dossier.core.index.languages`)."""
    meta = article.meta
    language = language_of(article)
    doc: dict[str, Any] = {
        "id": article.id,
        "title": meta.title or "",
        "skip": skip_ranges(article),
        "date_text": meta.published or None,
        "tags": ",".join(t.replace(",", " ").strip() for t in meta.tags or [] if t.strip()),
        "lang": language or "",
    }
    group = analysis_group(language)
    if group is None:
        doc["body"] = article.indexable_text()
    else:
        doc[f"title_{group}"] = doc["title"]
        doc[f"body_{group}"] = article.indexable_text()
    for name in ("publisher", "author"):
        if getattr(meta, name):
            doc[name] = getattr(meta, name)
    published = parse_published(meta.published)
    if published is not None:
        doc["date"] = published
    return doc
