"""Finding the words a search matched in an article that is not in English: the terms of
:func:`dossier.core.scripts.terms` (with the article's stemmer) instead of the English regex,
so that bigrams of Chinese, Japanese, Korean and Thai, normalised Arabic and stemmed Russian
light up exactly the characters they came from. No whoosh here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from dossier.core.highlight import _EXACT, WordFinder
from dossier.core.scripts import Stem, terms
from dossier.core.search_results import Span


class ScriptFinder(WordFinder):
    """A :class:`WordFinder` over :func:`dossier.core.scripts.terms`: every term stemmed (no
    shortcut by prefixes, which bigrams and normalised spellings would defeat)."""

    def __init__(self, stem: Stem, *, apostrophes: bool = False):
        super().__init__(re.compile(r"\w+"), stem, minsize=1)
        self._apostrophes = apostrophes

    def tokens(self, text: str, segments: Iterable[Span]) -> Iterator[tuple[str, int, int]]:
        for start, end in segments:
            yield from terms(text, start, end, stem=self._stem, apostrophes=self._apostrophes)

    def _candidates(self, stems: frozenset[str]) -> re.Pattern[str] | object | None:
        return _EXACT if stems else None
