"""The search index: schema, building and updating it from the library, searching, hits.

This is the only module that imports whoosh. The index holds no article text: the body is
indexed (from :meth:`Article.indexable_text`, so offsets stay true) but not stored; snippets
and highlight spans are cut from the library's text for the hits of the page only.

Query language: words (all must match, in the title or the body), "phrases", AND/OR/NOT and
-word, parentheses, field:value (title, publisher, author, tags, date), date ranges
(``date:2025``, ``date:[2025-01-01 to 2025-03-31]``, ``date:>2025-02``), wildcards (``plan*``)
and fuzzy words (``Zaporizhia~``, ``word~2/3``). A query that cannot be read is searched as its
plain words, with a message saying so; searching never raises for a query.

Threads: one write at a time (a lock around every write), and one cached searcher, guarded by
its own lock and replaced after each write, for searches from any thread.
"""

from __future__ import annotations

import fnmatch
import logging
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Container
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from whoosh import collectors, index, qparser, query, writing
from whoosh.analysis import RegexTokenizer, StemFilter, StemmingAnalyzer, StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.support.levenshtein import damerau_levenshtein

from dossier.core.errors import DamagedIndex, DossierError
from dossier.core.highlight import (
    PhraseSpec,
    WordFinder,
    SNIPPET_CHARS,
    choose_snippet,
    segments_outside,
    spans_within,
)
from dossier.core.library import TEXT as TEXT_PARAGRAPH
from dossier.core.library import Article, Library

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

#: Adding more documents than this at once uses the bulk (multi-process) writer.
BULK_DOCS = 500
BULK_WRITER = {"procs": 2, "limitmb": 256, "multisegment": True}
#: Texts up to this length get every span in a hit; longer ones only up to the snippet.
FULL_SPANS_CHARS = 200_000
#: Seconds to wait for another process's write lock before giving up.
LOCK_TIMEOUT = 5.0
BUSY = "The search index is being updated by another Dossier window; try again when it is done."

SEARCH_FIELDS = ("title", "body")
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
BINARY_OPERATORS = OPERATORS - {"NOT"}


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
        skip=STORED(),  # [start, end) of the title and boilerplate: not body text
    )


# ---------------------------------------------------------------------- results

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

    def to_json(self) -> dict:
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

    def to_json(self) -> dict:
        return {"total": self.total, "hits": [h.to_json() for h in self.hits], "message": self.message}


@dataclass
class SyncReport:
    added: int
    removed: int
    rebuilt: bool
    message: str | None = None
    cancelled: bool = False  # nothing was written


class _Cancelled(Exception):
    pass


# ---------------------------------------------------------------------- queries

class _Parsed:
    """A parsed query (None: nothing to search for) and what to light up for it in a body."""

    def __init__(self, q: query.Query | None, message: str | None = None):
        self.query = q
        self.message = message
        self.phrases: list[PhraseSpec] = []
        self.terms: set[str] = set()  # plain body terms (stems)
        self.tests: list[Callable[[str], bool]] = []  # wildcard, fuzzy, ... body terms
        if q is not None:
            self._collect(q)
        self.phrase_words = {w for p in self.phrases for w in p.stems}
        self._seen: dict[str, bool] = {}

    def _collect(self, node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.AndNot):
            self._collect(node.a)
            return
        if node.is_leaf() and getattr(node, "fieldname", None) == "body":
            if isinstance(node, query.Phrase):
                self.phrases.append(PhraseSpec(tuple(node.words), node.slop))
            elif isinstance(node, query.Term):
                self.terms.add(node.text)
            else:
                self.tests.append(_term_test(node))
            return
        for child in node.children():
            self._collect(child)

    def accepts(self, stem: str) -> bool:
        """Whether a body stem matches a non-phrase part of the query (without the index)."""
        return stem in self.terms or any(test(stem) for test in self.tests)

    def __contains__(self, stem: str) -> bool:
        """``accepts`` as a container, remembered: for a text the search did not match."""
        if stem not in self._seen:
            self._seen[stem] = self.accepts(stem)
        return self._seen[stem]

    def highlight_terms(self, matched: set[str]) -> set[str]:
        """Of the terms a hit matched, those to light up wherever they occur: a word that is
        only in a phrase lights up only where the phrase occurs."""
        return {t for t in matched if t not in self.phrase_words or self.accepts(t)}


def _term_test(leaf: query.Query) -> Callable[[str], bool]:
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


class _FuzzyPlugin(qparser.FuzzyTermPlugin):
    """``word~`` without numbers allows 1 edit (2 from 6 letters on) and needs the first
    letters right (1, or 2 from 5 letters on): with a prefix, fuzzy search is ~20x faster."""

    class FuzzinessNode(qparser.FuzzyTermPlugin.FuzzinessNode):
        def __repr__(self) -> str:
            return f"<~{self.maxdist}/{self.prefixlength}>"

    class FuzzyTermNode(qparser.FuzzyTermPlugin.FuzzyTermNode):
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


_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]?|\{[^}]*\}?|\S+)")
_EMPTY_FIELD = re.compile(r"(?<![\w:])([A-Za-z_]\w*):(?=\s|$|\))")
_FIELD = re.compile(r"(?<![\w:/])([A-Za-z_]\w*):(?!//)")
_QUOTED = re.compile(r'"[^"]*"')
_WORD = re.compile(r"\w+")


def _iso_to_compact(clause: re.Match) -> str:
    """``date:[2025-01-01 to 2025-03-31]`` -> ``date:[20250101 to 20250331]``: whoosh's date
    parser reads compact dates right but takes only the year of an ISO one inside a range."""
    body = re.sub(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lambda m: f"{m[1]}{int(m[2]):02}{int(m[3]):02}", clause[1])
    body = re.sub(r"\b(\d{4})-(\d{1,2})\b", lambda m: f"{m[1]}{int(m[2]):02}", body)
    return "date:" + body


def _syntax_problem(text: str, fields: Container[str]) -> str | None:
    """What is wrong with a query in words, or None. Whoosh would silently guess instead."""
    if text.count('"') % 2:
        return "a quotation mark is not closed"
    bare = _QUOTED.sub("x", text)
    for opening, closing in ("()", "[]", "{}"):
        depth = 0
        for ch in bare:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                return f"“{closing}” has no “{opening}” before it"
        if depth:
            return f"a “{opening}” is not closed"
    empty = _EMPTY_FIELD.search(bare)
    if empty:
        return f"“{empty[1]}:” has nothing after it"
    for name in _FIELD.findall(bare):
        if name not in fields:
            return f"there is no field “{name}”; try title:, publisher:, author:, tags: or date:"
    words = re.findall(r"[^\s()]+", re.sub(r"[\[{][^\]}]*[\]}]", " x ", bare))
    for before, word, after in zip([None, *words], words, [*words[1:], None]):
        if word in BINARY_OPERATORS and (before is None or before in OPERATORS or after is None):
            return f"{word} needs something to search on each side"
        if word == "NOT" and (after is None or after in BINARY_OPERATORS):
            return "NOT needs something after it"
    return None


def _plain_words(text: str) -> list[str]:
    """The words of a query without its syntax: field names, operators, quotes, brackets."""
    return [w for w in _WORD.findall(_FIELD.sub(" ", text)) if w not in OPERATORS and w != "TO"]


# ---------------------------------------------------------------------- documents

def _skip_ranges(article: Article) -> list[Span]:
    return [(p.start, p.end) for p in article.paragraphs if p.kind != TEXT_PARAGRAPH]


def _parse_published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"(\d{4})(?:-(\d{1,2}))?", value.strip())
        if not match:
            return None
        try:
            return datetime(int(match[1]), int(match[2] or 1), 1)
        except ValueError:
            return None
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


def _document(article: Article) -> dict:
    meta = article.meta
    doc = {
        "id": article.id,
        "title": meta.title or "",
        "body": article.indexable_text(),
        "skip": _skip_ranges(article),
        "date_text": meta.published or None,
        "tags": ",".join(t.replace(",", " ").strip() for t in meta.tags or [] if t.strip()),
    }
    for name in ("publisher", "author"):
        if getattr(meta, name):
            doc[name] = getattr(meta, name)
    published = _parse_published(meta.published)
    if published is not None:
        doc["date"] = published
    return doc


def _word_finder(analyzer) -> WordFinder:
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


# ---------------------------------------------------------------------- the index

class SearchIndex:
    """The whoosh index of the library's current articles."""

    def __init__(self, index_dir: Path | str, library: Library):
        self.index_dir = Path(index_dir)
        self.library = library
        self.schema = make_schema()
        self._words = _word_finder(self.schema["body"].analyzer)
        self._write_lock = threading.Lock()  # taken before _read_lock, never after it
        self._read_lock = threading.RLock()
        self._ix: index.Index | None = None
        self._searcher = None

    # ------------------------------------------------------------ opening
    def _has_index(self) -> bool:
        return any(self.index_dir.glob("_*.toc"))

    def _open(self) -> index.Index:
        """The open index (created empty if there is none). Raises :class:`DamagedIndex`."""
        with self._read_lock:
            if self._ix is None:
                try:
                    if self._has_index():
                        ix = index.open_dir(str(self.index_dir))
                        if ix.schema != self.schema:
                            raise DamagedIndex("The search index was made by another version of Dossier.")
                    else:
                        self.index_dir.mkdir(parents=True, exist_ok=True)
                        ix = index.create_in(str(self.index_dir), self.schema)
                except DamagedIndex:
                    raise
                except Exception as exc:
                    raise DamagedIndex(f"The search index could not be read ({_describe(exc)}).") from exc
                self._ix = ix
            return self._ix

    def _get_searcher(self):
        with self._read_lock:
            if self._searcher is None:
                ix = self._open()
                try:
                    self._searcher = ix.searcher()
                except Exception as exc:
                    raise DamagedIndex(f"The search index could not be read ({_describe(exc)}).") from exc
            return self._searcher

    def _refresh(self) -> None:
        """Make the cached searcher see the last commit. Not with ``Searcher.refresh()``: in
        whoosh-reloaded 2.7.5 it keeps the segments a merge removed (documents show up twice,
        deleted ones come back) and fails on an empty index. A new searcher costs ~20 ms."""
        with self._read_lock:
            if self._searcher is None or self._searcher.up_to_date():
                return
            old, self._searcher = self._searcher, None
            try:
                old.close()
            except Exception:
                log.debug("closing the old searcher failed", exc_info=True)
            self._get_searcher()

    def _discard(self) -> None:
        """Forget the damaged index and delete its files."""
        self.close()
        shutil.rmtree(self.index_dir, ignore_errors=True)

    def close(self) -> None:
        with self._read_lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # closing a damaged index must not stop anything
                    log.debug("closing the searcher failed", exc_info=True)
            self._searcher = None
            self._ix = None

    def doc_count(self) -> int:
        with self._read_lock:
            return self._get_searcher().doc_count()

    # ------------------------------------------------------------ writing
    def sync(self, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None) -> SyncReport:
        """Bring the index up to the library: add new articles, drop ones no longer current.
        A missing or damaged index is rebuilt, and the report says so."""
        with self._write_lock:
            try:
                with self._read_lock:
                    existed = self._has_index()
                    self._refresh()
                    indexed = {fields["id"] for fields in self._get_searcher().reader().all_stored_fields()}
                current = self.library.current_ids()
                report = self._write(sorted(current - indexed), sorted(indexed - current), progress, cancelled)
            except writing.LockError:
                return SyncReport(0, 0, False, BUSY)
            except Exception as exc:  # a damaged segment may only show when reading or merging it
                if not _index_fault(exc):
                    raise
                return self._rebuild_damaged(exc, progress, cancelled)
            if not existed and not report.cancelled:
                report.rebuilt = True
                report.message = "The search index was built from the library."
            return report

    def rebuild(self, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None) -> SyncReport:
        """Index every current article afresh. Until it is done the old index stays searchable."""
        with self._write_lock:
            try:
                report = self._write(sorted(self.library.current_ids()), [], progress, cancelled, clear=True)
            except writing.LockError:
                return SyncReport(0, 0, False, BUSY)
            except Exception as exc:
                if not _index_fault(exc):
                    raise
                return self._rebuild_damaged(exc, progress, cancelled)
            report.rebuilt = not report.cancelled
            return report

    def _rebuild_damaged(self, exc: Exception, progress: ProgressFn | None, cancelled: CancelledFn | None) -> SyncReport:
        log.warning("search index at %s is damaged; rebuilding it", self.index_dir, exc_info=exc)
        self._discard()
        reason = str(exc) if isinstance(exc, DamagedIndex) else f"The search index could not be read ({_describe(exc)})."
        try:
            report = self._write(sorted(self.library.current_ids()), [], progress, cancelled)
        except writing.LockError:
            return SyncReport(0, 0, False, BUSY)
        except Exception as again:
            if not _index_fault(again):
                raise
            raise DamagedIndex(f"The search index could not be rebuilt ({_describe(again)}).") from again
        if report.cancelled:
            report.message = f"{reason} Rebuilding it was cancelled: search finds nothing until it is rebuilt."
        else:
            report.rebuilt = True
            report.message = f"{reason} It was rebuilt from the library."
        return report

    def _write(
        self,
        add: list[str],
        delete: list[str],
        progress: ProgressFn | None,
        cancelled: CancelledFn | None,
        *,
        clear: bool = False,
    ) -> SyncReport:
        """One writer, one commit: delete ``delete``, add ``add`` (all of the index if ``clear``)."""
        if not add and not delete and not clear:
            return SyncReport(0, 0, False)
        ix = self._open()
        options = BULK_WRITER if len(add) > BULK_DOCS else {}
        writer = ix.writer(timeout=LOCK_TIMEOUT, **options)  # LockError if another process writes
        added = 0
        try:
            for article_id in delete:
                writer.delete_by_term("id", article_id)
            for start in range(0, len(add), 200):
                batch = add[start:start + 200]
                articles = self.library.get_many(batch)
                for done, article_id in enumerate(batch, start + 1):
                    if cancelled is not None and cancelled():
                        raise _Cancelled
                    article = articles.get(article_id)
                    if article is not None:
                        writer.add_document(**_document(article))
                        added += 1
                    if progress is not None:
                        progress(done, len(add), article.title if article else "")
            if progress is not None and add:
                progress(len(add), len(add), "Saving the index…")
            writer.commit(mergetype=writing.CLEAR if clear else None)
        except _Cancelled:
            _cancel(writer)
            return SyncReport(0, 0, False, "Indexing was cancelled; the index was left as it was.", cancelled=True)
        except BaseException:
            _cancel(writer)
            raise
        self._refresh()
        return SyncReport(added, len(delete), False)

    def update_article(self, article_id: str) -> None:
        """Re-index one article after its metadata changed (or drop it if it is no longer current)."""
        article = self.library.get(article_id)
        with self._write_lock:
            ix = self._open()
            try:
                writer = ix.writer(timeout=LOCK_TIMEOUT)
            except writing.LockError as exc:
                raise DamagedIndex(BUSY) from exc
            try:
                if article.current:
                    writer.update_document(**_document(article))
                else:
                    writer.delete_by_term("id", article_id)
                writer.commit()
            except Exception as exc:
                _cancel(writer)
                raise DamagedIndex(f"The search index could not be updated ({_describe(exc)}).") from exc
            self._refresh()

    # ------------------------------------------------------------ searching
    def _parse(self, text: str) -> _Parsed:
        """Parse a query; one that cannot be read becomes a search for its plain words, with
        a ``message`` saying so. Never raises."""
        problem = _syntax_problem(text, self.schema.names())
        if problem is None:
            try:
                q = self._parser().parse(_DATE_CLAUSE.sub(_iso_to_compact, text))
            except Exception as exc:  # whoosh raises all sorts (ValueError, TimeError, ...)
                dates = _DATE_CLAUSE.search(text)
                if dates is None:
                    problem = _describe(exc)
                else:  # almost always a date it cannot read: search without the dates
                    parsed = self._parse(_DATE_CLAUSE.sub(" ", text))
                    parsed.message = f"Could not read the date in “{dates[0]}”; searched without it."
                    return parsed
            else:
                errors = [str(n.error) for n in _nodes(q) if getattr(n, "error", None)]
                q = _without_errors(q) if errors else q
                dates = _DATE_CLAUSE.search(text)
                what = f"the date in “{dates[0]}”" if dates else f"“{errors[0]}”" if errors else ""
                message = f"Could not read {what}; searched without it." if errors else None
                if _is_null(q) and not message:
                    message = "The query has only very common words, which are not indexed."
                return _Parsed(None if _is_null(q) else q, message)
        words = _plain_words(text)
        q = self._parser(plain=True).parse(" ".join(words))
        message = f"Could not read the query ({problem})"
        message += "; searched for the plain words instead." if words else "."
        return _Parsed(None if _is_null(q) else q, message)

    def _parser(self, *, plain: bool = False) -> qparser.QueryParser:
        parser = qparser.MultifieldParser(list(SEARCH_FIELDS), self.schema)  # AND between words
        if not plain:
            parser.add_plugin(_FuzzyPlugin())
            parser.add_plugin(qparser.GtLtPlugin())
            parser.add_plugin(qparser.PlusMinusPlugin(r"(?<![^\s(])\+(?=[\w\"])", r"(?<![^\s(])-(?=[\w\"])"))
            parser.add_plugin(DateParserPlugin())
        return parser

    def search(self, query_text: str, *, limit: int = 20, page: int = 1) -> SearchResults:
        """One page of hits, best first, each with a snippet and its match spans."""
        limit, page = max(1, limit), max(1, page)
        if not query_text.strip():
            return SearchResults(query_text, 0, [], page, limit)
        parsed = self._parse(query_text)
        if parsed.query is None:
            return SearchResults(query_text, 0, [], page, limit, parsed.message)
        try:
            total, rows = self._run(parsed.query, limit, page)
        except DamagedIndex:
            raise
        except Exception as exc:  # a query whoosh parsed but cannot run: try its plain words
            words = _plain_words(query_text)
            fallback = self._parse(" ".join(words)) if words else _Parsed(None)
            if fallback.query is None:
                return SearchResults(query_text, 0, [], page, limit, f"Could not run the query ({_describe(exc)}).")
            try:
                total, rows = self._run(fallback.query, limit, page)
            except Exception as again:
                raise DamagedIndex(f"The search index could not be read ({_describe(again)}).") from again
            parsed = fallback
            parsed.message = f"Could not run the query ({_describe(exc)}); searched for the plain words instead."
        texts = self.library.texts(row[0]["id"] for row in rows)
        hits = [self._hit(fields, score, matched, texts.get(fields["id"], ""), parsed) for fields, score, matched in rows]
        return SearchResults(query_text, total, hits, page, limit, parsed.message)

    def _run(self, q: query.Query, limit: int, page: int) -> tuple[int, list[tuple[dict, float, set[str]]]]:
        """Search, holding the searcher only as long as needed: (total, [(fields, score, body terms)])."""
        with self._read_lock:
            # Score every match (no block skipping, no matcher swaps): the total comes out exact in
            # one pass, which beats whoosh's optimized search plus the recount len() needs.
            collector = collectors.TermsCollector(collectors.TopCollector(page * limit, usequality=False, replace=0))
            self._get_searcher().search_with_collector(q, collector)
            results = collector.results()
            rows = [
                (hit.fields(), hit.score, {t.decode("utf-8") for f, t in hit.matched_terms() if f == "body"})
                for hit in results[(page - 1) * limit:]
            ]
            return len(results), rows

    def _hit(self, fields: dict, score: float, matched: set[str], text: str, parsed: _Parsed) -> Hit:
        segments = segments_outside(len(text), fields.get("skip") or [])
        reach = None if len(text) <= FULL_SPANS_CHARS else SNIPPET_CHARS  # huge text: spans near the snippet
        spans = self._words.find_spans(
            text, segments, parsed.highlight_terms(matched), parsed.phrases, reach=reach
        )
        snip = choose_snippet(text, segments, spans)
        return Hit(
            id=fields["id"],
            title=fields.get("title", ""),
            publisher=fields.get("publisher"),
            author=fields.get("author"),
            date=fields.get("date_text"),
            score=float(score),
            snippet=text[snip.start:snip.end],
            snippet_start=snip.start,
            snippet_spans=spans_within(spans, snip.start, snip.end),
            spans=spans,
            truncated_left=snip.truncated_left,
            truncated_right=snip.truncated_right,
        )

    def match_spans(self, query_text: str, article_id: str) -> list[Span]:
        """Every match of the query in the article's body, sorted: what a reader highlights."""
        parsed = self._parse(query_text) if query_text.strip() else _Parsed(None)
        if parsed.query is None:
            return []
        article = self.library.get(article_id)
        matched: Container[str] = parsed  # what the query says, if the index does not know the article
        try:
            with self._read_lock:
                results = self._get_searcher().search(
                    parsed.query, filter=query.Term("id", article_id), limit=1, terms=True
                )
                if results:
                    found = {t.decode("utf-8") for f, t in results[0].matched_terms() if f == "body"}
                    matched = parsed.highlight_terms(found)
        except Exception:  # the reader still lights up what the query itself says
            log.debug("match_spans fell back to the query's terms", exc_info=True)
        segments = segments_outside(len(article.text), _skip_ranges(article))
        return self._words.find_spans(article.text, segments, matched, parsed.phrases)


def _cancel(writer) -> None:
    """Cancel a writer, including the worker processes of a bulk writer (whoosh leaves them waiting)."""
    for task in getattr(writer, "tasks", ()):
        task.terminate()
        task.join()
    try:
        writer.cancel()
    except Exception:
        log.debug("cancelling the index writer failed", exc_info=True)


def _index_fault(exc: BaseException) -> bool:
    """True for an error of the index itself, not of the library or our own code's contract."""
    return isinstance(exc, DamagedIndex) or not isinstance(exc, (DossierError, sqlite3.Error, writing.LockError))


def _nodes(q: query.Query):
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


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
