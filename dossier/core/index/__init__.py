"""The search index: schema, building and updating it from the library, searching, hits.

This package is the only place that imports whoosh (query reading, scoring, fuzzy words
and bulk writing live in its submodules). The index holds no article text: the body is
indexed (from :meth:`Article.indexable_text`, so offsets stay true) but not stored; snippets
and highlight spans are cut from the library's text for the hits of the page only.

Query language: words (all must match, in the title or the body), "phrases", AND/OR/NOT and
-word, parentheses, field:value (title, publisher, author, tags, date), date ranges
(``date:2025``, ``date:[2025-01-01 to 2025-03-31]``, ``date:>2025-02``), wildcards (``plan*``)
and fuzzy words (``Zaporizhia~``, ``word~2/3``). A query that cannot be read is searched as its
plain words, with a message saying so; searching never raises for a query.

Threads: one write at a time (a lock around every write), and one cached searcher, guarded by
its own lock and replaced after each write, for searches from any thread. The index's files,
searcher and locks are :class:`.base.IndexFiles`; writing them is :class:`.upkeep.IndexUpkeep`;
:class:`SearchIndex` adds searching.

Speed: a search scores every match (the total is exact) but not through whoosh's collectors:
the query becomes a plan that :mod:`dossier.core.ranking` runs a block of postings at a time,
with whoosh's scores to the last bit; what it cannot plan, whoosh's matchers score (with field
lengths cached per segment; both in :mod:`.ranked`). Fuzzy words are found with one automaton per search
(:mod:`.fuzzy`). Only the hits of the page get their stored fields and matched
terms. Many documents at once are indexed by two worker processes (:class:`.bulk.BulkWriter`),
during the import that brings them in (:meth:`SearchIndex.adding`), which analyse the text in bulk
(:mod:`.analysis`). Segments are separate files read
through a memory map (:mod:`.storage`).
"""

from __future__ import annotations

import logging
from collections.abc import Container, Mapping

from whoosh import query

from dossier.core.article import language_of
from dossier.core.errors import DamagedIndex, describe
from dossier.core.highlight import SNIPPET_CHARS, make_hit, segments_outside
from dossier.core.index.bulk import BulkFeed
from dossier.core.index.compat import FAST, WARNING, warn_once
from dossier.core.index.languages import body_field
from dossier.core.index.parsing import ParsedQuery
from dossier.core.index.ranked import Row, ranked_page
from dossier.core.index.schema import make_schema
from dossier.core.index.scoring import body_terms
from dossier.core.index.upkeep import BUSY, IndexUpkeep
from dossier.core.index_fields import skip_ranges
from dossier.core.limits import MAX_QUERY_CHARS
from dossier.core.query_text import plain_words
from dossier.core.search_results import Hit, SearchResults, Span, SyncReport

__all__ = ["BUSY", "FAST", "WARNING", "BulkFeed", "Hit", "SearchIndex", "SearchResults", "SyncReport", "make_schema"]

log = logging.getLogger(__name__)

#: Texts up to this length get every span in a hit; longer ones only up to the snippet.
FULL_SPANS_CHARS = 200_000


class SearchIndex(IndexUpkeep):
    """The whoosh index of the library's current articles: kept up to the library
    (:class:`.upkeep.IndexUpkeep`, over :class:`.base.IndexFiles`) and searched."""

    def search(
        self, query_text: str, *, limit: int = 20, page: int = 1, fold: Mapping[str, str] | None = None
    ) -> SearchResults:
        """One page of hits, best first, each with a snippet and its match spans. ``fold``
        (a copy's id -> its original's) counts each matching copy group once, its other
        matching members in the hit's ``copies`` (:mod:`dossier.core.folding`)."""
        limit, page = max(1, limit), max(1, page)
        if not query_text.strip():
            return SearchResults(query_text, 0, [], page, limit)
        parsed = self._parse(query_text)
        if parsed.query is None:
            return SearchResults(query_text, 0, [], page, limit, parsed.message)
        try:
            total, rows = self._run(parsed.query, limit, page, fold)
        except DamagedIndex:
            raise
        except Exception as exc:  # noqa: BLE001 - a query whoosh parsed but cannot run: try its plain words
            words = plain_words(query_text)
            fallback = self._parse(" ".join(words)) if words else ParsedQuery(None)
            if fallback.query is None:
                return SearchResults(query_text, 0, [], page, limit, f"Could not run the query ({describe(exc)}).")
            try:
                total, rows = self._run(fallback.query, limit, page, fold)
            except Exception as again:
                raise DamagedIndex(f"The search index could not be read ({describe(again)}).") from again
            parsed = fallback
            parsed.message = f"Could not run the query ({describe(exc)}); searched for the plain words instead."
        texts = self.library.texts(row[0]["id"] for row in rows)
        hits = []
        for fields, score, matched, copies in rows:
            text = texts.get(fields["id"], "")
            reach = None if len(text) <= FULL_SPANS_CHARS else SNIPPET_CHARS  # huge text: spans near the snippet
            field = body_field(fields.get("lang") or None)
            plan = parsed.plan_for(field)
            hits.append(
                make_hit(
                    fields, score, text, self._finder(field), plan.highlight_terms(matched), plan.phrases, reach=reach
                )
            )
            hits[-1].copies = copies
        return SearchResults(query_text, total, hits, page, limit, parsed.message)

    def _run(
        self, q: query.Query, limit: int, page: int, fold: Mapping[str, str] | None = None
    ) -> tuple[int, list[Row]]:
        """Search, holding the searcher only as long as needed:
        (total, [(fields, score, body terms, ids of the copies folded under it)])."""
        with self._read_lock:
            searcher = self._get_searcher()
            groups, names = self._groups.groups(searcher, fold) if fold else ({}, {})
            return ranked_page(searcher, q, self._field_lengths, groups, names, limit, page)

    def match_spans(self, query_text: str, article_id: str) -> list[Span]:
        """Every match of the query in the article's body, sorted: what a reader highlights."""
        too_long = len(query_text) > MAX_QUERY_CHARS  # refused by Workspace.search
        parsed = self._parse(query_text) if query_text.strip() and not too_long else ParsedQuery(None)
        if parsed.query is None:
            return []
        article = self.library.get(article_id)
        field = body_field(language_of(article))
        plan = parsed.plan_for(field)
        matched: Container[str] = plan  # what the query says, if the index does not know the article
        try:
            with self._read_lock:
                searcher = self._get_searcher()
                docnum = searcher.document_number(id=article_id)
                found = body_terms(searcher, parsed.query, [docnum]).get(docnum) if docnum is not None else None
                if found is not None:
                    matched = plan.highlight_terms(found)
        except Exception:  # noqa: BLE001 - the reader still lights up what the query itself says
            warn_once(
                "match_spans", "finding a hit's matched words failed; the query's own words are lit", exc_info=True
            )
        segments = segments_outside(len(article.text), skip_ranges(article))
        return self._finder(field).find_spans(article.text, segments, matched, plan.phrases)
