"""Finding the words a search matched in an article's text, and the snippet around them.

The index stores stems ("plant"), not the words of the text ("plants"). To light up what
matched, the text is tokenised again with the index's own rules (tokenizer pattern,
lower-casing, stop words, stemmer), and a token is a match when its stem is one the search
matched. This is much faster than whoosh's highlighter (see the search-speed notes) and
gives spans over the *whole* text, not just the best fragments.

A phrase lights up only where it occurs as a phrase, as **one span** from the start of its
first word to the end of its last (so ``"power of plants"`` covers the "of" too).

Nothing here imports whoosh: :class:`WordFinder` is handed the analyzer's rules.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dossier.core.search_results import Hit, Span

#: Characters of body text a snippet shows, and how many of them come before the first match.
SNIPPET_CHARS = 240
SNIPPET_LEAD = 60

_SPACE = re.compile(r"\s")
_DEFAULT_TOKEN = r"[\w\*]+(\.?[\w\*]+)*"  # whoosh's default tokenizer pattern
_EXACT = object()
_STEM_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class PhraseSpec:
    """A phrase as the index sees it: its stems, and how far apart (in words) they may be."""

    stems: tuple[str, ...]
    slop: int = 1


@dataclass(frozen=True)
class Snippet:
    start: int
    end: int
    truncated_left: bool
    truncated_right: bool


class WordFinder:
    """Tokenises text exactly like the index's analyzer, with the stems cached."""

    def __init__(
        self,
        pattern: re.Pattern[str],
        stem: Callable[[str], str],
        *,
        stopwords: Container[str] = frozenset(),
        minsize: int = 2,
        maxsize: int | None = None,
        no_stem: Container[str] = frozenset(),
    ):
        self._pattern = pattern
        self._stem = stem
        self._stopwords = stopwords
        self._minsize = minsize
        self._maxsize = maxsize
        self._no_stem = no_stem
        self._cache: dict[str, str | None] = {}

    def stem_of(self, word: str) -> str | None:
        """The stem the index keeps for ``word``; None for a word it drops (stop word, too short)."""
        try:
            return self._cache[word]
        except KeyError:
            pass
        lower = word.lower()
        if (
            len(lower) < self._minsize
            or (self._maxsize is not None and len(lower) > self._maxsize)
            or lower in self._stopwords
        ):
            stem = None
        else:
            stem = lower if lower in self._no_stem else self._stem(lower)
        if len(self._cache) >= _STEM_CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = stem
        return stem

    def tokens(self, text: str, segments: Iterable[Span]) -> Iterator[tuple[str, int, int]]:
        """``(stem, start, end)`` of each indexed word inside ``segments``, in order."""
        finditer = self._pattern.finditer
        stem_of = self.stem_of
        for seg_start, seg_end in segments:
            for match in finditer(text, seg_start, seg_end):
                stem = stem_of(match.group())
                if stem is not None:
                    yield stem, match.start(), match.end()

    def find_spans(
        self,
        text: str,
        segments: Iterable[Span],
        terms: Container[str],
        phrases: Iterable[PhraseSpec] = (),
        *,
        reach: int | None = None,
    ) -> list[Span]:
        """Sorted, non-overlapping spans of the words whose stem is in ``terms`` and of the
        places where a phrase occurs. With ``reach``, stop looking ``reach`` characters after
        the first match (enough for a snippet of a huge text).

        When ``terms`` is a set, only words that start like one of its stems are stemmed:
        a C-speed regex finds them (a stem keeps all but at most the last 3 letters of its word).
        """
        wanted = [p for p in phrases if p.stems]
        parts = list(segments)
        if isinstance(terms, (set, frozenset)):
            candidates = self._candidates(frozenset(terms) | {p.stems[0] for p in wanted})
            if candidates is None:
                return []
            if isinstance(candidates, re.Pattern):
                return self._find_fast(text, parts, terms, wanted, candidates, reach)
        return self._find_exact(text, parts, terms, wanted, reach)

    def _candidates(self, stems: frozenset[str]) -> re.Pattern[str] | object | None:
        """A regex for the tokens that may have one of ``stems``; None if there are no stems,
        ``_EXACT`` if it cannot be built safely (another tokenizer, non-ASCII stems)."""
        if not stems:
            return None
        if self._pattern.pattern != _DEFAULT_TOKEN or not all(s.isascii() for s in stems):
            return _EXACT
        prefixes = sorted({s[: len(s) - 1 if len(s) <= 4 else max(3, len(s) - 3)] or s for s in stems}, key=len)
        alternatives = "|".join(re.escape(p) for p in reversed(prefixes))
        # the prefix test first: it fails fastest (2.5x faster than the token-start test first)
        return re.compile(rf"(?=(?i:{alternatives}))(?<![\w*])(?<![\w*]\.){_DEFAULT_TOKEN}")

    def _find_fast(
        self,
        text: str,
        segments: list[Span],
        terms: Container[str],
        phrases: list[PhraseSpec],
        candidates: re.Pattern[str],
        reach: int | None,
    ) -> list[Span]:
        by_first: dict[str, list[PhraseSpec]] = {}
        for phrase in phrases:
            by_first.setdefault(phrase.stems[0], []).append(phrase)
        spans: list[Span] = []
        stop_after = None
        for seg_start, seg_end in segments:
            for match in candidates.finditer(text, seg_start, seg_end):
                start = match.start()
                if stop_after is not None and start > stop_after:
                    return merge_spans(spans)
                stem = self.stem_of(match.group())
                if stem in terms:
                    spans.append((start, match.end()))
                for phrase in by_first.get(stem, ()) if stem is not None else ():
                    end = self._phrase_end(text, start, seg_end, phrase)
                    if end is not None:
                        spans.append((start, end))
                if reach is not None and stop_after is None and spans:
                    stop_after = spans[0][0] + reach
        return merge_spans(spans)

    def _phrase_end(self, text: str, start: int, seg_end: int, phrase: PhraseSpec) -> int | None:
        """The end of ``phrase`` if it occurs starting with the token at ``start``, else None."""
        tokens = self.tokens(text, [(start, seg_end)])
        _, _, end = next(tokens)
        want, gap, slop = 1, 0, max(phrase.slop, 1)
        while want < len(phrase.stems):
            stem, _, token_end = next(tokens, (None, 0, 0))
            if stem is None:
                return None
            gap += 1
            if stem == phrase.stems[want]:
                want, gap, end = want + 1, 0, token_end
            elif gap >= slop:
                return None
        return end

    def _find_exact(
        self, text: str, segments: list[Span], terms: Container[str], phrases: list[PhraseSpec], reach: int | None
    ) -> list[Span]:
        """Stem every word: for terms given as a test rather than a set."""
        by_last: dict[str, list[PhraseSpec]] = {}
        for phrase in phrases:
            by_last.setdefault(phrase.stems[-1], []).append(phrase)
        window = max((len(p.stems) * max(p.slop, 1) for p in phrases), default=0)
        recent: deque[tuple[str, int, int]] = deque(maxlen=window or 1)
        spans: list[Span] = []
        stop_after = None
        for stem, start, end in self.tokens(text, segments):
            if stop_after is not None and start > stop_after:
                break
            if stem in terms:
                spans.append((start, end))
            if window:
                recent.append((stem, start, end))
                for phrase in by_last.get(stem, ()):
                    first = _phrase_start(recent, phrase)
                    if first is not None:
                        spans.append((first, end))
            if reach is not None and stop_after is None and spans:
                stop_after = spans[0][0] + reach
        return merge_spans(spans)


class MatchPlan:
    """What to light up for a query in a body, read off the query by the index: its phrases,
    its plain terms (stems) and a test for each wildcard, fuzzy, ... term."""

    def __init__(
        self,
        phrases: Iterable[PhraseSpec] = (),
        terms: Iterable[str] = (),
        tests: Iterable[Callable[[str], bool]] = (),
    ):
        self.phrases = list(phrases)
        self.terms = set(terms)
        self.tests = list(tests)
        self.phrase_words = {w for p in self.phrases for w in p.stems}
        self._seen: dict[str, bool] = {}

    def accepts(self, stem: str) -> bool:
        """Whether a body stem matches a non-phrase part of the query (without the index)."""
        return stem in self.terms or any(test(stem) for test in self.tests)

    def __contains__(self, stem: object) -> bool:
        """``accepts`` as a container, remembered: for a text the search did not match."""
        if not isinstance(stem, str):
            return False
        if stem not in self._seen:
            self._seen[stem] = self.accepts(stem)
        return self._seen[stem]

    def highlight_terms(self, matched: set[str]) -> set[str]:
        """Of the terms a hit matched, those to light up wherever they occur: a word that is
        only in a phrase lights up only where the phrase occurs."""
        return {t for t in matched if t not in self.phrase_words or self.accepts(t)}


def make_hit(
    fields: dict[str, Any],
    score: float,
    text: str,
    finder: WordFinder,
    terms: Container[str],
    phrases: Iterable[PhraseSpec],
    *,
    reach: int | None = None,
) -> Hit:
    """A search hit for an article's text: its spans (see :meth:`WordFinder.find_spans`) and a
    snippet around the best of them. ``fields`` are the index's stored fields."""
    segments = segments_outside(len(text), fields.get("skip") or [])
    spans = finder.find_spans(text, segments, terms, phrases, reach=reach)
    snip = choose_snippet(text, segments, spans)
    return Hit(
        id=fields["id"],
        title=fields.get("title", ""),
        publisher=fields.get("publisher"),
        author=fields.get("author"),
        date=fields.get("date_text"),
        score=float(score),
        snippet=text[snip.start : snip.end],
        snippet_start=snip.start,
        snippet_spans=spans_within(spans, snip.start, snip.end),
        spans=spans,
        truncated_left=snip.truncated_left,
        truncated_right=snip.truncated_right,
        language=fields.get("lang") or None,
    )


def _phrase_start(recent: deque[tuple[str, int, int]], phrase: PhraseSpec) -> int | None:
    """Where ``phrase`` starts if it ends with the newest token of ``recent``, else None."""
    slop = max(phrase.slop, 1)
    pos = len(recent) - 1
    for want in reversed(phrase.stems[:-1]):
        for back in range(pos - 1, max(pos - slop, 0) - 1, -1):
            if recent[back][0] == want:
                pos = back
                break
        else:
            return None
    return recent[pos][1]


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sort spans and merge the ones that overlap (adjacent ones stay apart)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def segments_outside(length: int, skip: Iterable[Span]) -> list[Span]:
    """The parts of ``[0, length)`` not covered by the ``skip`` spans (title, boilerplate)."""
    out: list[Span] = []
    pos = 0
    for start, end in sorted(skip):
        if start > pos:
            out.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        out.append((pos, length))
    return out


def choose_snippet(text: str, segments: list[Span], spans: list[Span], size: int = SNIPPET_CHARS) -> Snippet:
    """About ``size`` characters of body text around the matches (see :func:`best_match`), or
    from the start of the body, cut at word boundaries, never reaching into a skipped part."""
    body = [(s, e) for s, e in (_strip(text, s, e) for s, e in segments) if e > s]
    if not body:
        return Snippet(0, 0, False, False)
    first = best_match(text, spans, size) if spans else None
    anchor = spans[first][0] if first is not None else body[0][0]
    seg_start, seg_end = next(((s, e) for s, e in body if s <= anchor < e), body[0])
    start = max(seg_start, anchor - SNIPPET_LEAD)
    if start > seg_start and not text[start - 1].isspace():
        gap = _SPACE.search(text, start, anchor)
        start = gap.end() if gap else anchor
    end = min(seg_end, start + size)
    if end < seg_end and not text[end].isspace():
        cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
        first_end = spans[first][1] if first is not None else start
        if cut > max(start, first_end - 1):
            end = cut
    start, end = _strip(text, start, end)
    return Snippet(start, end, start > body[0][0], end < body[-1][1])


def best_match(text: str, spans: list[Span], size: int = SNIPPET_CHARS) -> int:
    """The index of the span to start a snippet at: the one whose window shows the most
    different matched words (a phrase counts once per word), then the most matches, then the
    earliest. ``putin AND "power plants"`` shows both where they are close together."""
    keys = [text[s:e].lower() for s, e in spans]
    weights = {key: len(key.split()) for key in keys}
    shown: dict[str, int] = {}
    best, best_score, j = 0, (0, 0), 0
    for i, (start, _end) in enumerate(spans):
        limit = start - SNIPPET_LEAD + size
        while j < len(spans) and spans[j][1] <= limit:
            shown[keys[j]] = shown.get(keys[j], 0) + 1
            j += 1
        score = (sum(weights[k] for k in shown), j - i)
        if score > best_score:
            best, best_score = i, score
        if i < j:
            shown[keys[i]] -= 1
            if not shown[keys[i]]:
                del shown[keys[i]]
        else:
            j = i + 1
    return best


def spans_within(spans: list[Span], start: int, end: int) -> list[Span]:
    """The spans overlapping ``[start, end)``, clipped to it and made relative to ``start``."""
    return [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
