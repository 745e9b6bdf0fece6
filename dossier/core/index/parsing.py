"""Reading queries: what to light up in a body for a parsed query, the fuzzy-term syntax
with sensible defaults, and the word finder that follows the index's analyzer. Part of the
index package, the only place that imports whoosh.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable

from whoosh import qparser, query
from whoosh.analysis import RegexTokenizer, StemFilter, StopFilter
from whoosh.support.levenshtein import damerau_levenshtein

from dossier.core.highlight import MatchPlan, PhraseSpec, WordFinder
from dossier.core.index.scoring import Fuzzy


class ParsedQuery:
    """A parsed query (None: nothing to search for) and what to light up for it in a body."""

    def __init__(self, q: query.Query | None, message: str | None = None):
        self.query = q
        self.message = message
        self.plan = match_plan(q) if q is not None else MatchPlan()


def match_plan(q: query.Query) -> MatchPlan:
    """The body phrases, terms and term tests of a query, leaving out what it must not match."""
    phrases: list[PhraseSpec] = []
    terms: set[str] = set()
    tests: list[Callable[[str], bool]] = []

    def collect(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.AndNot):
            collect(node.a)
        elif node.is_leaf() and getattr(node, "fieldname", None) == "body":
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
        return re.compile(fnmatch.translate(text)).match
    if isinstance(leaf, query.Regex):
        return re.compile(text).match
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

        def query(self, parser):
            q = qparser.syntax.TextNode.query(self, parser)
            for leaf in [q, *q.leaves()]:
                if isinstance(leaf, query.FuzzyTerm):
                    n = len(leaf.text)
                    leaf.maxdist = self.maxdist if self.maxdist is not None else (2 if n >= 6 else 1)
                    leaf.prefixlength = self.prefixlength if self.prefixlength is not None else (2 if n >= 5 else 1)
            return q

    def create(self, parser, match):
        maxdist, prefix = match.group("maxdist"), match.group("prefix")
        return self.FuzzinessNode(int(maxdist) if maxdist else None, int(prefix) if prefix else None, match.group(0))


def word_finder(analyzer) -> WordFinder:
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
