"""Citations: locators, note text, in-text citations and the list of sources.

Two styles, chosen at export:

``notes`` (the default)
    A superscript number after each quote leads to a numbered note. A note stands for one
    *place*: one article (one stored version of it) and the paragraphs the quote spans.
    Notes are numbered 1, 2, 3… in order of first appearance, reading the dossier section by
    section and clip by clip. **A place cited again reuses its number** (there is no "Ibid."),
    so each note appears once in the Notes and a number may recur in the text. The first note
    of a source gives it in full, later notes of the same source in short::

        1. Author, “Title”, Publisher, 17 March 2025, ¶ 7, https://…
        4. Author, “Short title”, ¶ 12.

    leaving out what is unknown, with "n.d." for no date and the file name when there is no
    URL; "version 2" is added when the quoted text is not the first version of the document.
    (Should two sources share a short form, their notes are always in full.)

``author-date``
    Each quote is followed by ``(Who, Year, ¶ 7)``, where *Who* is the author, else the
    publisher, else the title cut short; sources with the same *Who* and year get ``a``,
    ``b``… after the year. The list of sources begins each entry with the same *Who* and
    year, so the reader finds it in the alphabetical list.

Both styles end with a list of sources, alphabetical, one entry per article.

The text comes as *runs*, ``(kind, text)`` pairs, so that a renderer can set a title as a
link or a publisher in italics without parsing; :func:`plain` joins them. Nothing here knows
about PDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from dossier.core import author_names, grading
from dossier.core.dates import NO_DATE, format_date, year_of
from dossier.core.dossier import Clip, Dossier
from dossier.core.library import Article

NOTES, AUTHOR_DATE = "notes", "author-date"
STYLES = (NOTES, AUTHOR_DATE)
SHORT_TITLE_WORDS = 5

#: Kinds of run: plain text, a title (in quotes), a publisher (set in italics by renderers),
#: a URL, a file name, the author-date label of a source, text a citation style sets in italics.
TEXT, TITLE, PUBLISHER, URL, FILE, LABEL, ITALIC = "text", "title", "publisher", "url", "file", "label", "italic"
Run = tuple[str, str]


def plain(runs: list[Run]) -> str:
    """The text of some runs, as a reader sees it."""
    return "".join(text for _, text in runs)


# ---------------------------------------------------------------------- locators


def locator(first: int | None, last: int | None = None) -> str:
    """ "¶ 7", or "¶¶ 7–8" for a quote running over paragraphs; "" when unknown."""
    if first is None:
        return ""
    if last is None or last == first:
        return f"¶ {first}"
    return f"¶¶ {first}–{last}"


def short_title(title: str, words: int = SHORT_TITLE_WORDS) -> str:
    """The title up to its first colon, or its first few words."""
    head = title.split(":", 1)[0].strip() or title.strip()
    parts = head.split()
    if len(parts) > words:
        return " ".join(parts[:words]) + "…"
    return head


# ---------------------------------------------------------------------- sources and notes


@dataclass
class Source:
    """One cited article (one stored version of it); ``article`` is None if it is missing."""

    article_id: str
    article: Article | None
    year: str = NO_DATE  # author-date: the year, with a, b… when two sources would read alike
    notes: list[int] = field(default_factory=list)  # numbers of its notes (style "notes")
    clip_ids: list[str] = field(default_factory=list)  # clips quoting it, in dossier order

    @property
    def anchor(self) -> str:
        return f"source-{self.article_id}"

    @property
    def title(self) -> str:
        if self.article is None:
            return f"Missing article {self.article_id}"
        return self.article.meta.title or self.file_name or "Untitled"

    @property
    def file_name(self) -> str:
        meta = self.article.meta if self.article else None
        return PurePath(meta.source_file).name if meta and meta.source_file else ""

    @property
    def label(self) -> str:
        """Author-date: "Who, 2025a"."""
        return f"{plain([self.who()])}, {self.year}"

    def who(self, *, short: bool = True) -> Run:
        """Who the source is by, for author-date: the author, else the publisher, else the title."""
        meta = self.article.meta if self.article else None
        if meta and meta.author:  # family names in a citation, "Smith, Jane" heading the entry
            return TEXT, author_names.short(meta.author) if short else author_names.inverted(meta.author)
        if meta and meta.publisher:
            return PUBLISHER, meta.publisher
        return TITLE, f"“{short_title(self.title) if short else self.title}”"

    def sort_key(self, style: str) -> tuple[str, str]:
        first = self.who(short=False) if style == AUTHOR_DATE else self._lead_runs(inverted=True)[0]
        return _collate(first[1]), self.article_id

    def _meta_value(self, name: str) -> str | None:
        return getattr(self.article.meta, name) if self.article else None

    def _lead_runs(self, *, inverted: bool = False) -> list[Run]:
        """Author (when known; family name first for the list of sources) and title."""
        runs: list[Run] = []
        if author := self._meta_value("author"):
            runs.append((TEXT, author_names.inverted(author) if inverted else author))
        runs.append((TITLE, f"“{self.title}”"))
        return runs

    def _edition_runs(self) -> list[Run]:
        """Publisher and version, when known."""
        runs: list[Run] = []
        if publisher := self._meta_value("publisher"):
            runs.append((PUBLISHER, publisher))
        if self.article is not None and self.article.version > 1:
            runs.append((TEXT, f"version {self.article.version}"))
        return runs

    def _link_runs(self) -> list[Run]:
        if url := self._meta_value("url"):
            return [(URL, url)]
        if self.file_name:
            return [(FILE, self.file_name)]
        return []

    def short_runs(self) -> list[Run]:
        """Author's family name (when known) and short title: how later notes cite the source."""
        runs: list[Run] = []
        if author := self._meta_value("author"):
            runs.append((TEXT, author_names.short(author)))
        runs.append((TITLE, f"“{short_title(self.title)}”"))
        return runs

    def note_runs(self, place: str, *, short: bool = False) -> list[Run]:
        """The text of a note citing this source at ``place`` (a locator, may be empty)."""
        if self.article is None:
            parts: list[Run] = [(TEXT, f"Source missing from the library (article {self.article_id})")]
        elif short:
            parts = self.short_runs()
        else:
            parts = self._lead_runs() + self._edition_runs() + [(TEXT, format_date(self._meta_value("published")))]
        if place:
            parts.append((TEXT, place))
        if not short:
            parts += self._link_runs()
        return _sentences([_join([[r] for r in parts], ", ")])

    def entry_runs(self, style: str) -> list[Run]:
        """This source's entry in the list of sources: a few sentences, ending with a full stop."""
        if self.article is None:
            return [(TEXT, f"Source missing from the library (article {self.article_id}).")]
        if style == AUTHOR_DATE:
            who = self.who(short=False)
            sentences = [[who, (LABEL, f" ({self.year})")]]
            if who[0] != TITLE:
                sentences.append([(TITLE, f"“{self.title}”")])
            edition = [r for r in self._edition_runs() if r != who]
        else:
            sentences = [[r] for r in self._lead_runs(inverted=True)]
            edition = self._edition_runs() + [(TEXT, format_date(self._meta_value("published")))]
        if edition:
            sentences.append(_join([[r] for r in edition], ", "))
        if self._link_runs():
            sentences.append(self._link_runs())
        return _sentences(sentences)


@dataclass
class Note:
    """A numbered note: one place in one source, cited by one or more clips."""

    number: int
    source: Source
    first: int | None
    last: int | None
    clip_ids: list[str] = field(default_factory=list)
    full: bool = True  # the first note of its source (or one whose short form is ambiguous)
    grade: str = ""  # the Admiralty code of its clips, "B2" (see dossier.core.grading)

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"

    @property
    def place(self) -> str:
        return locator(self.first, self.last)

    def runs(self) -> list[Run]:
        graded: list[Run] = [(TEXT, f" Graded {self.grade}.")] if self.grade else []
        return self.source.note_runs(self.place, short=not self.full) + graded

    def text(self) -> str:
        return plain(self.runs())


@dataclass
class Citations:
    """How every clip of a dossier is cited, in one style."""

    style: str
    notes: list[Note]
    sources: list[Source]  # alphabetical
    _note_of: dict[str, Note]
    _source_of: dict[str, Source]
    _place_of: dict[str, str]

    def note(self, clip: Clip) -> Note:
        return self._note_of[clip.id]

    def source(self, clip: Clip) -> Source:
        return self._source_of[clip.id]

    def place(self, clip: Clip) -> str:
        return self._place_of[clip.id]

    def marker(self, clip: Clip) -> str:
        """What follows the quote: the note number, or "(Who, Year, ¶ 7)"."""
        if self.style == NOTES:
            return str(self.note(clip).number)
        return plain(self.in_text_runs(clip))

    def in_text_runs(self, clip: Clip) -> list[Run]:
        """Author-date: the parenthetical citation of a clip."""
        source = self.source(clip)
        runs: list[Run] = [(TEXT, "("), source.who(), (TEXT, f", {source.year}")]
        place = self.place(clip)
        if place:
            runs.append((TEXT, f", {place}"))
        if grade := self.note(clip).grade:
            runs.append((TEXT, f", {grade}"))
        runs.append((TEXT, ")"))
        return runs


def cite(
    dossier: Dossier,
    articles: Mapping[str, Article],
    *,
    style: str = NOTES,
    spans: Mapping[str, tuple[int, int]] | None = None,
    order: Sequence[Clip] | None = None,
) -> Citations:
    """Number the citations of a dossier and describe its sources.

    ``articles`` maps article ids to articles (missing ones are cited as missing). ``spans``
    gives, by clip id, where a relocated quote stands now, so its ¶ is where the words are.
    ``order`` is the order in which a reader meets the clips (by default the dossier's, section
    by section); notes are numbered in it.
    """
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    spans = spans or {}
    sources: dict[str, Source] = {}
    places: dict[tuple[str, int | None, int | None, str], Note] = {}
    notes: list[Note] = []
    note_of: dict[str, Note] = {}
    place_of: dict[str, str] = {}
    for clip in dossier.clips() if order is None else order:
        article = articles.get(clip.article_id)
        source = sources.get(clip.article_id)
        if source is None:
            source = sources[clip.article_id] = Source(clip.article_id, article)
        source.clip_ids.append(clip.id)
        first, last = _paragraphs(clip, article, spans.get(clip.id))
        grade = grading.code(article.meta.reliability if article else None, clip.credibility)
        key = (clip.article_id, first, last, grade)
        note = places.get(key)
        if note is None:
            note = places[key] = Note(len(notes) + 1, source, first, last, grade=grade)
            notes.append(note)
            source.notes.append(note.number)
        note.clip_ids.append(clip.id)
        note_of[clip.id] = note
        place_of[clip.id] = note.place
    shorts: dict[str, int] = {}
    for source in sources.values():
        short = _collate(plain(source.short_runs()))
        shorts[short] = shorts.get(short, 0) + 1
    for note in notes:
        unique = shorts[_collate(plain(note.source.short_runs()))] == 1
        note.full = note.number == note.source.notes[0] or not unique
    ordered = sorted(sources.values(), key=lambda s: s.sort_key(style))
    _label(ordered)
    source_of = {clip_id: s for s in ordered for clip_id in s.clip_ids}
    return Citations(style, notes, ordered, note_of, source_of, place_of)


def _paragraphs(clip: Clip, article: Article | None, span: tuple[int, int] | None) -> tuple[int | None, int | None]:
    """First and last ¶ a clip quotes."""
    if article is None:
        return clip.paragraph, clip.paragraph
    start, end = span if span else (clip.start, clip.end)
    if span is None and article.text[start:end] != clip.quote:  # stale span: trust the stored ¶
        return clip.paragraph, clip.paragraph
    first = article.paragraph_number(start)
    last = article.paragraph_number(max(start, end - 1))
    return first, last


def _label(sources: list[Source]) -> None:
    """Give each source its author-date year, with a, b… when who and year are the same."""
    groups: dict[tuple[str, str], list[Source]] = {}
    for source in sources:
        key = (_collate(source.who()[1]), year_of(source._meta_value("published")))
        groups.setdefault(key, []).append(source)
    for (_, year), group in groups.items():
        for n, source in enumerate(group):
            suffix = ("-" if year == NO_DATE else "") + _letters(n) if len(group) > 1 else ""
            source.year = f"{year}{suffix}"


def _letters(n: int) -> str:
    """a, b, … z, aa, ab, …"""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _collate(text: str) -> str:
    """Sort key: case-folded, without leading quotation marks or punctuation."""
    return re.sub(r"^\W+", "", text.casefold())


_ENDS_SENTENCE = re.compile(r"[.?!…][”’\"']*$")


def _sentences(sentences: list[list[Run]]) -> list[Run]:
    """Sentences joined by spaces, each ending with a full stop unless it ends with one already."""
    out: list[Run] = []
    for sentence in sentences:
        if out:
            out.append((TEXT, " "))
        out.extend(sentence)
        if not _ENDS_SENTENCE.search(plain(sentence)):
            out.append((TEXT, "."))
    return out


def _join(parts: list[list[Run]], sep: str) -> list[Run]:
    out: list[Run] = []
    for n, part in enumerate(parts):
        if n:
            out.append((TEXT, sep))
        out.extend(part)
    return out
