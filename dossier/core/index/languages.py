"""Index fields per language: an analyzer for every script, the stemmer of each language, and
queries read over all of them. Part of the index package, the only place that imports whoosh.

An English article (or one whose language is not known) is indexed in ``title`` and
``body`` by whoosh's ``StemmingAnalyzer`` as always, through the bulk fast path
(:mod:`.analysis`). An article in another language goes to the fields of its group
(:func:`dossier.core.language.analysis_group`): ``title_ru``/``body_ru`` … and ``title_xx``/
``body_xx`` for the languages without a stemmer, analysed by :class:`ScriptAnalyzer`
(:func:`dossier.core.scripts.terms` with the language's stemmer). Its title also stays in
``title`` (stored, shown in the results).

A query is read over every field that holds any document (:func:`search_fields`), each word
analysed by each field's own analyzer, so ``перемирие`` is stemmed as Russian where Russian
articles are, ``中美`` becomes its bigram where Chinese ones are, whatever the language of the
query. A word that becomes several terms (a run of Chinese) is searched as their phrase.
``title:`` searches every title field.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from whoosh import qparser
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.lang import stemmer_for_language
from whoosh.qparser import syntax

from dossier.core.highlight import WordFinder
from dossier.core.highlight_scripts import ScriptFinder
from dossier.core.language import ANALYSIS_GROUPS, analysis_group
from dossier.core.scripts import normalise, terms
from dossier.core.stemmers import arabic_light_stem, ukrainian_stem

#: Languages stemmed by the Snowball stemmers that ship in the snowballstemmer package
#: (whoosh has the others).
_SNOWBALL_PACKAGE = {"el": "greek", "hi": "hindi", "pl": "polish", "cs": "czech"}
#: The user-facing fields that stand for a family of fields.
FAMILIES = ("title", "body")


def body_field(language: str | None) -> str:
    """The body field an article in ``language`` is indexed in."""
    group = analysis_group(language)
    return "body" if group is None else f"body_{group}"


def language_fields() -> dict[str, TEXT]:
    """The title and body fields of every group of languages, for the schema."""
    fields: dict[str, TEXT] = {}
    for group in ANALYSIS_GROUPS:
        analyzer = ScriptAnalyzer(group)
        fields[f"title_{group}"] = TEXT(analyzer=analyzer, field_boost=2.0, multitoken_query="phrase")
        fields[f"body_{group}"] = TEXT(analyzer=analyzer, multitoken_query="phrase")
    return fields


@lru_cache(maxsize=64)
def stemmer(group: str) -> Callable[[str], str]:
    """The stemming function of a group of languages (the identity for ``xx``), cached."""
    if group == "uk":
        return ukrainian_stem
    if group == "ar":
        return arabic_light_stem
    if group in _SNOWBALL_PACKAGE:
        import snowballstemmer

        stem_word = snowballstemmer.stemmer(_SNOWBALL_PACKAGE[group]).stemWord
    else:
        try:
            stem_word = stemmer_for_language(group)
        except Exception:  # noqa: BLE001 - no stemmer for it: the words as they are
            return _same
    return lru_cache(maxsize=50_000)(stem_word)


def _same(word: str) -> str:
    return word


class ScriptAnalyzer(Tokenizer):
    """Whoosh's view of :func:`dossier.core.scripts.terms` for one group of languages: each
    term a token, numbered in order, with its characters in the text."""

    def __init__(self, group: str):
        self.group = group

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and getattr(other, "group", None) == self.group

    def __hash__(self) -> int:
        return hash((type(self), self.group))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:  # a wildcard or range: the word as it was typed, normalised
            token.original = token.text = normalise(value)
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        stem = stemmer(self.group)
        for n, (term, start, end) in enumerate(terms(value, stem=stem, apostrophes=self.group == "uk")):
            token.text = term
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + n
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def finder_for(field: str, english: WordFinder) -> WordFinder:
    """The word finder that lights up matches in a body indexed in ``field``."""
    if field == "body":
        return english
    group = field[len("body_") :]
    return ScriptFinder(stemmer(group), apostrophes=group == "uk")


def search_fields(present: set[str]) -> tuple[str, ...]:
    """The fields a query searches: title and body, and the language fields that hold documents."""
    extra = sorted(name for name in present if name.startswith(("title_", "body_")))
    return ("title", "body", *extra)


class FieldFamilies(qparser.MultifieldPlugin):
    """Whoosh's multi-field plugin, which also spreads ``title:`` over every title field."""

    def __init__(self, fieldnames: tuple[str, ...]):
        super().__init__(list(fieldnames))
        self.families = {
            family: [name for name in fieldnames if name == family or name.startswith(family + "_")]
            for family in FAMILIES
        }

    def do_multifield(self, parser: Any, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_multifield(parser, node)
            elif node.has_fieldname and (node.fieldname is None or len(self.families.get(node.fieldname, ())) > 1):
                names = self.fieldnames if node.fieldname is None else self.families[node.fieldname]
                copies = []
                for name in names:
                    each = copy.copy(node)
                    each.set_fieldname(name, override=True)
                    each.set_boost(self.boosts.get(name, 1.0) if node.fieldname is None else node.boost)
                    copies.append(each)
                group[i] = self.group(copies)
        return group
