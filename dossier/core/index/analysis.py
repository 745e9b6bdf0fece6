"""Indexing a text field with far less Python work per word than whoosh's token stream, for
the same postings. Part of the index package, the only place that imports whoosh.

Whoosh analyses a text as a chain of generators that pass one ``Token`` object along, several
calls deep for every word (tokenizer, lowercase, stop words, stemmer and its cache, then the
format gathering positions): about half of what an indexing worker spends. For the analyzer
the schema uses (``StemmingAnalyzer``: a regex tokenizer, lowercase, stop words, a stemmer),
:func:`fast_index` does the same with a few list operations in C and a dictionary of stems,
and gives what ``field.index(text)`` gives, to the byte. The fields of other languages
(:class:`.languages.ScriptAnalyzer`) take their terms straight from
:func:`dossier.core.scripts.terms`, without a token per word (a third of the time for the
benchmark's Chinese articles). Any other analyzer or format keeps whoosh's own way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from whoosh import formats
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.tokenizers import default_pattern

from dossier.core.index.compat import FAST
from dossier.core.index.languages import ScriptAnalyzer, stemmer
from dossier.core.scripts import terms

#: whoosh's default token pattern with its group made non-capturing, so that ``findall``
#: gives whole matches, as ``finditer`` and ``group(0)`` do.
_DEFAULT_WORDS = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
#: A stem dictionary is emptied when it holds this many words (whoosh's own cache keeps 50,000).
MAX_STEMS = 200_000

Postings = list[tuple[bytes, int, float, bytes]]  # (word, frequency, weight, positions value)


def fast_index(field: Any) -> Callable[[str], Postings] | None:
    """``field.index`` (whoosh's ``FieldType.index``) for a field with whoosh's positions
    format and a stemming analyzer, done in bulk; None for any other field."""
    analyzer: Any = getattr(field, "analyzer", None)
    if type(getattr(field, "format", None)) is not formats.Positions:
        return None
    if type(analyzer) is ScriptAnalyzer:
        return _ScriptIndexer(field, analyzer.group).index
    if type(analyzer) is not CompositeAnalyzer:
        return None
    parts = list(analyzer.items)
    kinds = [type(part) for part in parts]
    if kinds != [RegexTokenizer, LowercaseFilter, StopFilter, StemFilter]:
        return None
    tokenizer, _, stops, stemmer = parts
    if tokenizer.gaps or not stops.renumber:
        return None
    words: Callable[[str], list[str]]
    if tokenizer.expression.pattern == default_pattern.pattern:
        words = _DEFAULT_WORDS.findall
    else:
        finditer = tokenizer.expression.finditer

        def words(text: str) -> list[str]:
            return [match.group(0) for match in finditer(text)]

    return _Indexer(field, words, stops.stops, stops.min, stops.max, stemmer._stem, stemmer.ignore).index


def index_faster(schema: Any) -> list[str]:
    """Give every field of ``schema`` that :func:`fast_index` takes its fast ``index``; the
    names of those fields. For a writer's own schema (each writer unpickles its own copy),
    which is used and dropped with it: a schema with these functions cannot be pickled."""
    names: list[str] = []
    if not FAST:
        return names
    for name, field in schema.items():
        index = fast_index(field)
        if index is not None:
            field.index = index
            names.append(name)
    return names


class _Indexer:
    def __init__(
        self,
        field: Any,
        words: Callable[[str], list[str]],
        stops: frozenset[str],
        minsize: int,
        maxsize: int | None,
        stem: Callable[[str], str],
        ignore: frozenset[str],
    ) -> None:
        self._field = field
        self._words, self._stops, self._min, self._max = words, stops, minsize, maxsize
        self._stem, self._ignore = stem, ignore
        self._boost, self._encode = field.format.field_boost, field.format.encode
        self._stems: dict[str, str] = {}

    def index(self, value: Any, **kwargs: Any) -> Postings:
        if kwargs or not isinstance(value, str):  # not how add_document calls it: whoosh's own way
            return list(type(self._field).index(self._field, value, **kwargs))
        tokens = list(map(str.lower, self._words(value)))
        keep = self._keeps(tokens)
        first = next((i for i, kept in enumerate(keep) if kept), None)
        if first is None:
            return []
        stems, stem_of = self._stems, self._stem_of
        kept = [
            stems[token] if token in stems else stem_of(token)
            for token, kept in zip(tokens[first:], keep[first:])
            if kept
        ]
        # the first word kept keeps its place in the text, the next ones follow it (renumber)
        return _postings(kept, first, self._boost, self._encode)

    def _keeps(self, tokens: list[str]) -> list[bool]:
        stops, minsize, maxsize = self._stops, self._min, self._max
        if maxsize is None:
            return [len(token) >= minsize and token not in stops for token in tokens]
        return [minsize <= len(token) <= maxsize and token not in stops for token in tokens]

    def _stem_of(self, token: str) -> str:
        stems = self._stems
        if len(stems) >= MAX_STEMS:
            stems.clear()
        stem = stems[token] = token if token in self._ignore else self._stem(token)
        return stem


class _ScriptIndexer:
    """``field.index`` for a field analysed by :class:`.languages.ScriptAnalyzer`: its terms
    (:func:`dossier.core.scripts.terms`), each at its place, without whoosh's tokens."""

    def __init__(self, field: Any, group: str) -> None:
        self._field = field
        self._stem, self._apostrophes = stemmer(group), group == "uk"
        self._boost, self._encode = field.format.field_boost, field.format.encode

    def index(self, value: Any, **kwargs: Any) -> Postings:
        if kwargs or not isinstance(value, str):
            return list(type(self._field).index(self._field, value, **kwargs))
        words = [term for term, _, _ in terms(value, stem=self._stem, apostrophes=self._apostrophes)]
        return _postings(words, 0, self._boost, self._encode)


def _postings(words: list[str], first: int, boost: float, encode: Callable[[list[int]], bytes]) -> Postings:
    """What ``formats.Positions.word_values`` makes of ``words`` placed from ``first`` on: each
    word once, in the order first seen, with its frequency, weight and positions."""
    places: dict[str, list[int]] = {}
    for position, word in enumerate(words, first):
        at = places.get(word)
        if at is None:
            places[word] = [position]
        else:
            at.append(position)
    once = _ONCE
    return [
        (word.encode("utf-8"), n, float(n) * boost, once[at[0]] if n == 1 and at[0] < len(once) else encode(at))
        for word, at in places.items()
        for n in (len(at),)
    ]


#: ``formats.Positions.encode`` of a word that occurs once, at each of the first positions.
_ONCE = [formats.Positions().encode([position]) for position in range(4096)]
