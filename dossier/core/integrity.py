"""Making clips from a selection, and proving that clips still say what their source says.

A clip is made from an article and a character span; the span is snapped to whole words
(in scripts written without spaces, Chinese, Japanese, Korean, Thai …, it keeps exactly the
characters selected, with their combining marks) and the clip keeps the exact text, its
context and its paragraph. :func:`verify` checks a clip against its article: exact at its span
(``ok``), found elsewhere exactly or after whitespace normalisation (``relocated``, with the
new span), or not found (``mismatch``).
An edited quote (``…``, ``[ ]``, see :mod:`dossier.core.quote_edits`) must also have every
kept fragment in its passage, in order. Nothing is dropped: a mismatched clip stays in the
dossier, flagged. How a clip fares in a newer version of its article (``moved``, ``changed``,
``orphaned``) is :mod:`dossier.core.versions`'s business.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossier.core import quote_edits
from dossier.core.dossier import CONTEXT_CHARS, Clip, Dossier
from dossier.core.errors import ArticleNotFound, QuoteNotFound
from dossier.core.library import Article, Library
from dossier.core.scripts import is_unspaced
from dossier.core.unicode_match import find_normalised

if TYPE_CHECKING:
    from dossier.core.versions import VersionCheck

OK, RELOCATED, MISMATCH, MISSING = "ok", "relocated", "mismatch", "missing source"
#: Against a newer version of the source (see :mod:`dossier.core.versions`).
MOVED, CHANGED, ORPHANED = "moved", "changed", "orphaned"
#: The statuses a clip may be exported with.
FINE = (OK, RELOCATED, MOVED)

_WORD = re.compile(r"\w", re.UNICODE)


def _is_word_char(ch: str) -> bool:
    return (bool(_WORD.match(ch)) or ch in "’'-" or unicodedata.category(ch)[0] == "M") and not is_unspaced(ch)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection to whole words and trim surrounding white space. Characters of the
    scripts written without spaces are not widened to (a run of Chinese is not one word);
    only a combining mark is, so that a character keeps its vowel or tone."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if start > end:
        start, end = end, start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    while start > 0 and unicodedata.category(text[start])[0] == "M":
        start -= 1
    while end < len(text) and unicodedata.category(text[end])[0] == "M":
        end += 1
    return start, end


def make_clip(article: Article, start: int, end: int, *, note: str = "", snap: bool = True) -> Clip:
    """A clip of ``article.text[start:end]`` (snapped to whole words unless ``snap`` is False)."""
    if snap:
        start, end = snap_to_words(article.text, start, end)
    text = article.text
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        raise QuoteNotFound("The selection holds no words to clip.")
    return Clip(
        article_id=article.id,
        article_version=article.version,
        quote=text[start:end],
        start=start,
        end=end,
        context_before=text[max(0, start - CONTEXT_CHARS) : start],
        context_after=text[end : end + CONTEXT_CHARS],
        paragraph=article.paragraph_number(start),
        note=note,
    )


def find_quote(article: Article, quote: str, near: int = 0) -> tuple[int, int] | None:
    """Where ``quote`` stands in the article: exactly, else with white space normalised, else
    with both in Unicode's NFC (an accent as one character or as two).

    Of several places, the one nearest ``near`` wins.
    """
    if not quote:
        return None
    text = article.text
    places = [m.start() for m in re.finditer(re.escape(quote), text)]
    if places:
        best = min(places, key=lambda p: abs(p - near))
        return best, best + len(quote)
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    matches = list(pattern.finditer(text))
    if not matches:
        return find_normalised(text, quote, near)
    closest = min(matches, key=lambda m: abs(m.start() - near))
    return closest.start(), closest.end()


def clip_quote(article: Article, quote: str, *, note: str = "") -> Clip:
    """A clip of the first place ``quote`` occurs in the article (exactly or up to white space).

    A quote with omissions (``…``) or bracketed insertions is an edit: every kept fragment must
    stand in the article, in order; the clip keeps the passage from the first to the last and
    the edit. Raises :class:`QuoteNotFound` naming the word that differs.
    """
    span = find_quote(article, quote.strip())
    if span is not None:
        return make_clip(article, *span, note=note, snap=False)
    if not quote_edits.has_marks(quote):
        raise QuoteNotFound(f"The quote was not found in “{article.title}”. Check its words and punctuation.")
    return edited_clip(article, quote, note=note)


def edited_clip(article: Article, edit: str, *, lo: int = 0, hi: int | None = None, note: str = "") -> Clip:
    """A clip of an edited quote whose kept fragments stand in ``article.text[lo:hi]``."""
    try:
        spans = quote_edits.locate_in(article.text, edit, lo, hi)
        why = "" if spans is not None else quote_edits.explain(article.text, edit, lo, hi)
    except quote_edits.EditError as exc:
        raise QuoteNotFound(str(exc)) from None
    if spans is None:
        raise QuoteNotFound(f"The edited quote does not stand in “{article.title}”: {why}")
    clip = make_clip(article, spans[0][0], spans[-1][1], note=note, snap=False)
    clip.edit, clip.spans = quote_edits.normalized(edit), spans
    return clip


def edit_changes(article: Article, clip: Clip, edit: str) -> dict[str, object]:
    """The changes that give ``clip`` the edited quote ``edit`` (for an ``EditClip`` command).

    The kept words must stand, in order, in the paragraphs the clip spans; an edit that is the
    source's words as they stand is no edit. Raises :class:`QuoteNotFound` naming the word
    that differs.
    """
    paragraphs = [p for p in article.paragraphs if p.end > clip.start and p.start < clip.end]
    lo = min([clip.start] + [p.start for p in paragraphs])
    hi = max([clip.end] + [p.end for p in paragraphs])
    edited = edited_clip(article, edit, lo=lo, hi=hi, note=clip.note)
    if edited.edit == edited.quote or not quote_edits.has_marks(edited.edit):
        edited.edit, edited.spans = "", []
    names = ("start", "end", "quote", "context_before", "context_after", "paragraph", "edit", "spans")
    return {name: getattr(edited, name) for name in names}


@dataclass
class ClipCheck:
    clip: Clip
    section: str
    status: str  # ok, relocated, mismatch, missing source
    new_span: tuple[int, int] | None = None
    detail: str = ""
    versions: VersionCheck | None = None  # how the clip fares in a newer version of its article

    @property
    def ok(self) -> bool:
        return self.status in FINE

    def line(self) -> str:
        printed = self.clip.printed
        quote = printed if len(printed) <= 60 else printed[:57] + "…"
        text = f"{self.status:9} [{self.section}] “{quote}”"
        return f"{text} — {self.detail}" if self.detail else text


def check_clip(clip: Clip, article: Article | None, section: str = "") -> ClipCheck:
    if article is None:
        return ClipCheck(clip, section, MISSING, detail=f"article {clip.article_id} is not in the library")
    text = article.text
    if text[clip.start : clip.end] == clip.quote:
        return _edit_check(ClipCheck(clip, section, OK), text, (clip.start, clip.end))
    span = find_quote(article, clip.quote, near=clip.start)
    if span is None:
        return ClipCheck(clip, section, MISMATCH, detail="the quoted words are no longer in the source")
    exact = text[span[0] : span[1]] == clip.quote
    how = "found at another place" if exact else "found with different spacing"
    return _edit_check(ClipCheck(clip, section, RELOCATED, span, f"{how} ({span[0]}–{span[1]})"), text, span)


def _edit_check(check: ClipCheck, text: str, span: tuple[int, int]) -> ClipCheck:
    """A check that also holds the clip's edit to its passage: each kept fragment, in order."""
    edit = check.clip.edit
    if not edit:
        return check
    try:
        spans = quote_edits.locate_in(text, edit, *span)
        why = "" if spans is not None else quote_edits.explain(text, edit, *span)
    except quote_edits.EditError as exc:
        spans, why = None, str(exc)
    if spans is None:
        return ClipCheck(
            check.clip, check.section, MISMATCH, detail=f"the edited quote does not match its source: {why}"
        )
    return check


def verify(dossier: Dossier, library: Library) -> list[ClipCheck]:
    """Check every clip of a dossier against the version of the article it quotes."""
    articles = library.get_many(c.article_id for c in dossier.clips())
    checks = []
    for section in dossier.sections:
        for clip in section.clips:
            checks.append(check_clip(clip, articles.get(clip.article_id), section.title))
    return checks


def article_for(library: Library, article_id: str) -> Article | None:
    try:
        return library.get(article_id)
    except ArticleNotFound:
        return None
