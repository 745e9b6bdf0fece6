"""The index's schema: which fields a document has and how each is analysed."""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from dossier.core.index.languages import language_fields


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True, field_boost=2.0),
        body=TEXT(analyzer=StemmingAnalyzer()),
        publisher=TEXT(stored=True),
        author=TEXT(stored=True),
        date=DATETIME(stored=True),
        date_text=STORED(),
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        lang=KEYWORD(stored=True, lowercase=True, scorable=True),  # ISO 639-1: lang:ru
        skip=STORED(),  # [start, end) of the title and boilerplate: not body text
        **language_fields(),  # title_ru, body_ru …: articles in other languages (see .languages)
    )
