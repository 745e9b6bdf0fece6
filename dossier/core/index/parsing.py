"""Reading queries: the query language (:class:`QueryReader`, which never raises), what to
light up in a body for a parsed query, the fuzzy-term syntax with sensible defaults, and the
word finder that follows the index's analyzer. Part of the index package, the only place that
imports whoosh.
"""

from __future__ import annotations

import fnmatch
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import qparser, query
from whoosh.analysis import RegexTokenizer, StemFilter, StopFilter
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.support.levenshtein import damerau_levenshtein

from dossier.core.errors import describe
from dossier.core.highlight import MatchPlan, PhraseSpec, WordFinder
from dossier.core.index.fuzzy import Fuzzy, share_automata
from dossier.core.index.languages import FieldFamilies
from dossier.core.query_text import compact_dates, first_date_clause, plain_words, syntax_problem, without_dates


class ParsedQuery:
    """A parsed query (None: nothing to search for) and what to light up for it in a body."""

    def __init__(self, q: query.Query | None, message: str | None = None):
        self.query = q
        self.message = message
        self.plan = match_plan(q) if q is not None else MatchPlan()
        self._plans = {"body": self.plan}

    def plan_for(self, field: str) -> MatchPlan:
        """What to light up in a body indexed in ``field`` (``body``, ``body_ru`` …)."""
        if field not in self._plans:
            self._plans[field] = match_plan(self.query, field) if self.query is not None else MatchPlan()
        return self._plans[field]


class QueryReader:
    """Reads the query language of :mod:`dossier.core.index` over ``fields`` of ``schema``.
    Thread-safe: its two parsers are made once and used under a lock."""

    def __init__(self, schema: Any, fields: tuple[str, ...]) -> None:
        self.schema = schema
        self.fields = fields
        self._parsers: dict[bool, qparser.QueryParser] = {}
        self._lock = threading.Lock()

    def parse(self, text: str) -> ParsedQuery:
        """Parse a query; one that cannot be read becomes a search for its plain words, with
        a ``message`` saying so. Never raises."""
        problem = syntax_problem(text, self.schema.names())
        if problem is None:
            try:
                q = self._read(compact_dates(text))
            except Exception as exc:  # noqa: BLE001 - whoosh raises all sorts (ValueError, TimeError, ...)
                dates = first_date_clause(text)
                if dates is None:
                    problem = describe(exc)
                else:  # almost always a date it cannot read: search without the dates
                    parsed = self.parse(without_dates(text))
                    parsed.message = f"Could not read the date in “{dates}”; searched without it."
                    return parsed
            else:
                errors = [str(n.error) for n in _nodes(q) if getattr(n, "error", None)]
                q = _without_errors(q) if errors else q
                dates = first_date_clause(text)
                what = f"the date in “{dates}”" if dates else f"“{errors[0]}”" if errors else ""
                message = f"Could not read {what}; searched without it." if errors else None
                if _is_null(q) and not message:
                    message = "The query has only very common words, which are not indexed."
                return ParsedQuery(None if _is_null(q) else q, message)
        words = plain_words(text)
        q = self._read(" ".join(words), plain=True)
        message = f"Could not read the query ({problem})"
        message += "; searched for the plain words instead." if words else "."
        return ParsedQuery(None if _is_null(q) else q, message)

    def _read(self, text: str, *, plain: bool = False) -> query.Query:
        """Parse with one of two parsers made once (making one costs more than parsing)."""
        with self._lock:
            parser = self._parsers.get(plain)
            if parser is None:
                parser = self._parsers[plain] = qparser.QueryParser(None, self.schema)  # AND
                parser.add_plugin(FieldFamilies(self.fields))
                if not plain:
                    parser.add_plugin(FuzzyPlugin())
                    parser.add_plugin(qparser.GtLtPlugin())
                    parser.add_plugin(qparser.PlusMinusPlugin(r"(?<![^\s(])\+(?=[\w\"])", r"(?<![^\s(])-(?=[\w\"])"))
                    parser.add_plugin(DateParserPlugin())  # dates relative to the time of parsing
            q = parser.parse(text)
        share_automata(q)
        return q


class QueryReaders:
    """A :class:`QueryReader` for each set of fields searched (they grow as articles in new
    languages come), each made when first needed. Thread-safe."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self._readers: dict[tuple[str, ...], QueryReader] = {}
        self._lock = threading.Lock()

    def parse(self, text: str, fields: tuple[str, ...]) -> ParsedQuery:
        with self._lock:
            reader = self._readers.get(fields)
            if reader is None:
                reader = self._readers[fields] = QueryReader(self.schema, fields)
        return reader.parse(text)


def _nodes(q: query.Query) -> Iterator[query.Query]:
    yield q
    for child in q.children():
        yield from _nodes(child)


def _is_null(q: query.Query) -> bool:
    return isinstance(q, type(query.NullQuery))


def _without_errors(q: query.Query) -> query.Query:
    """The query without the parts whoosh could not read (which would match nothing)."""

    def fix(node: query.Query) -> query.Query:
        if getattr(node, "error", None):
            return query.NullQuery
        if isinstance(node, query.compound.CompoundQuery):
            subs = [sub for sub in node.subqueries if not _is_null(sub)]
            if len(subs) < len(node.subqueries):
                return node.__class__(subs, boost=node.boost).normalize() if subs else query.NullQuery
        return node

    return q.accept(fix)


def match_plan(q: query.Query, field: str = "body") -> MatchPlan:
    """The phrases, terms and term tests of a query in a body ``field``, leaving out what it
    must not match."""
    phrases: list[PhraseSpec] = []
    terms: set[str] = set()
    tests: list[Callable[[str], bool]] = []

    def collect(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.AndNot):
            collect(node.a)
        elif node.is_leaf() and getattr(node, "fieldname", None) == field:
            if isinstance(node, query.Phrase):
                phrases.append(PhraseSpec(tuple(node.words), node.slop))
            elif isinstance(node, query.Term):
                terms.add(node.text)
            else:
                tests.append(term_test(node))
        else:
            for child in node.children():
                collect(child)

    collect(q)
    return MatchPlan(phrases, terms, tests)


def term_test(leaf: query.Query) -> Callable[[str], bool]:
    text = getattr(leaf, "text", "")
    if isinstance(leaf, query.FuzzyTerm):
        maxdist, prefix = leaf.maxdist, leaf.prefixlength
        return lambda t: t[:prefix] == text[:prefix] and damerau_levenshtein(t, text, maxdist) <= maxdist
    if isinstance(leaf, query.Prefix):
        return lambda t: t.startswith(text)
    if isinstance(leaf, query.Wildcard):
        wildcard = re.compile(fnmatch.translate(text))
        return lambda t: wildcard.match(t) is not None
    if isinstance(leaf, query.Regex):
        pattern = re.compile(text)
        return lambda t: pattern.match(t) is not None
    return lambda t: False


class FuzzyPlugin(qparser.FuzzyTermPlugin):
    """``word~`` without numbers allows 1 edit (2 from 6 letters on) and needs the first
    letters right (1, or 2 from 5 letters on): with a prefix, fuzzy search is ~20x faster."""

    class FuzzinessNode(qparser.FuzzyTermPlugin.FuzzinessNode):
        def __repr__(self) -> str:
            return f"<~{self.maxdist}/{self.prefixlength}>"

    class FuzzyTermNode(qparser.FuzzyTermPlugin.FuzzyTermNode):
        qclass = Fuzzy

        def r(self) -> str:
            return f"{self.text!r} ~{self.maxdist}/{self.prefixlength}"

        def query(self, parser: Any) -> Any:
            q = qparser.syntax.TextNode.query(self, parser)
            for leaf in [q, *q.leaves()]:
                if isinstance(leaf, query.FuzzyTerm):
                    n = len(leaf.text)
                    leaf.maxdist = self.maxdist if self.maxdist is not None else (2 if n >= 6 else 1)
                    leaf.prefixlength = self.prefixlength if self.prefixlength is not None else (2 if n >= 5 else 1)
            return q

    def create(self, parser: Any, match: re.Match[str]) -> Any:
        maxdist, prefix = match.group("maxdist"), match.group("prefix")
        return self.FuzzinessNode(int(maxdist) if maxdist else None, int(prefix) if prefix else None, match.group(0))


def word_finder(analyzer: Any) -> WordFinder:
    """A :class:`WordFinder` that follows the analyzer's own rules, read off its parts."""
    parts = list(analyzer.items)
    tokenizer = next(p for p in parts if isinstance(p, RegexTokenizer))
    stops = next((p for p in parts if isinstance(p, StopFilter)), None)
    stemmer = next(p for p in parts if isinstance(p, StemFilter))
    return WordFinder(
        tokenizer.expression,
        stemmer.stemfn,
        stopwords=stops.stops if stops else frozenset(),
        minsize=stops.min if stops else 1,
        maxsize=stops.max if stops else None,
        no_stem=stemmer.ignore,
    )
