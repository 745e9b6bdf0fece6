"""The briefing as every export format prints it: one structure, no renderer in sight.

:func:`prepare` checks every clip against its source, numbers and words the citations in
the chosen style, and returns a :class:`Briefing`: the cover, the sections with their
excerpts (quote paragraphs exactly as stored, the note number or in-text citation after
them, the analyst's note), the notes and the list of sources, each with the anchors and
back-references a format with links needs. The PDF, Word, Markdown and HTML exporters
render this and nothing else, so they say the same thing.

A clip that no longer matches its source stops :func:`prepare` with
:class:`~dossier.core.errors.QuoteMismatch`, unless the caller allows it; then the excerpt
carries a ``problem`` ("Does not match source — …") that every format prints beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from dossier import __version__
from dossier.core import citations
from dossier.core.citations import NOTES, Run
from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.errors import QuoteMismatch
from dossier.core.integrity import CHANGED, MISSING, ORPHANED, ClipCheck
from dossier.core.library import Article, Library
from dossier.core.styles import CitationText, StyleInfo, cite_in_style
from dossier.core.versions import check_dossier
from dossier.core.writing import script_of

#: How an excerpt that does not hold is labelled, by the status of its check.
PROBLEM_LABELS = {MISSING: "Source missing", CHANGED: "Source changed", ORPHANED: "No longer in the source"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class Excerpt:
    """One clip as printed: its quote's paragraphs, then its citation, then the analyst's note."""

    clip_id: str
    paragraphs: list[str]  # the stored quote, split at blank lines; never retyped
    note: str  # the analyst's note ("" for none)
    source_anchor: str
    url: str | None  # where the quoted article lives, for HTML's <blockquote cite>
    note_number: int | None = None  # note styles: the number after the quote
    first_reference: bool = True  # note styles: the first excerpt citing its note
    in_text: list[Run] = field(default_factory=list)  # author-date styles: "(Who, Year, ¶ 7)"
    problem: str | None = None  # "Does not match source — …" when exported anyway
    lang: str | None = None  # BCP 47 tag of a quote in another script than the briefing's ("und-Cyrl")
    direction: str = "ltr"  # "rtl" for Arabic or Hebrew script

    @property
    def anchor(self) -> str:
        return f"clip-{self.clip_id}"


@dataclass
class BriefSection:
    id: str
    title: str
    excerpts: list[Excerpt]

    @property
    def anchor(self) -> str:
        return f"section-{self.id}"


@dataclass
class BriefNote:
    number: int
    runs: list[Run]
    source_anchor: str
    cited_by: list[str]  # anchors of the excerpts that cite it, in order

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


@dataclass
class BriefSource:
    anchor: str
    article_id: str
    runs: list[Run]
    notes: list[int]  # note styles: the notes citing it
    quoted_in: list[tuple[str, str]]  # author-date styles: (section title, first excerpt anchor there)


@dataclass
class Cover:
    title: str
    author: str  # "" when not given
    date: str  # "1 December 2026"
    tally: str  # "7 excerpts from 3 sources in 3 sections"
    marked: int  # excerpts that do not match their source
    statement: str  # how the briefing was checked and cited


@dataclass
class Briefing:
    cover: Cover
    style: StyleInfo
    sections: list[BriefSection]
    notes: list[BriefNote]  # note styles only
    sources: list[BriefSource]  # in the order of the list of sources
    checks: list[ClipCheck]
    marked: list[ClipCheck]  # printed as not matching their source

    @property
    def notes_style(self) -> bool:
        return self.style.kind == NOTES

    @property
    def keywords(self) -> list[str]:
        return [section.title for section in self.sections]

    def excerpts(self) -> list[Excerpt]:
        return [e for section in self.sections for e in section.excerpts]


def prepare(
    dossier: Dossier,
    library: Library,
    *,
    style: str = NOTES,
    allow_mismatch: bool = False,
    include_empty: bool = False,
    say: Callable[[str], None] | None = None,
    today: date | None = None,
) -> Briefing:
    """Check, cite and arrange a dossier for export.

    Raises :class:`QuoteMismatch` when a clip does not match its source and
    ``allow_mismatch`` is False, ``ValueError`` for an unknown ``style``.
    """
    (say or (lambda message: None))("Checking every quote against its source…")
    checks = check_dossier(dossier, library)
    problems = [c for c in checks if not c.ok]
    if problems and not allow_mismatch:
        raise QuoteMismatch(problems)
    articles = library.get_many(c.article_id for c in dossier.clips())
    spans = {c.clip.id: c.new_span for c in checks if c.new_span}
    cites, text = cite_in_style(dossier, articles, style, spans=spans)
    return arrange(dossier, articles, cites, text, checks=checks, include_empty=include_empty, today=today)


def arrange(
    dossier: Dossier,
    articles: dict[str, Article],
    cites: citations.Citations,
    text: CitationText,
    *,
    checks: list[ClipCheck],
    include_empty: bool = False,
    today: date | None = None,
) -> Briefing:
    """The briefing of a dossier whose citations are numbered (``cites``) and worded (``text``)."""
    problems = {c.clip.id: c for c in checks if not c.ok}
    notes_style = text.style.kind == NOTES
    seen_notes: set[int] = set()
    sections: list[BriefSection] = []
    for section in dossier.sections:
        if not section.clips and not include_empty:
            continue
        excerpts = []
        for clip in section.clips:
            excerpt = _excerpt(clip, articles.get(clip.article_id), cites, text, problems.get(clip.id))
            if notes_style:
                excerpt.first_reference = excerpt.note_number not in seen_notes
                seen_notes.add(excerpt.note_number or 0)
            excerpts.append(excerpt)
        sections.append(BriefSection(section.id, section.title, excerpts))
    by_id = {s.article_id: s for s in cites.sources}
    notes = [BriefNote(n.number, text.notes.get(n.number, n.runs()), n.source.anchor, [f"clip-{c}" for c in n.clip_ids])
             for n in cites.notes] if notes_style else []
    sources = [BriefSource(by_id[a].anchor, a, text.entries[a], list(by_id[a].notes) if notes_style else [],
                           [] if notes_style else _quoted_in(dossier.sections, a)) for a in text.order]
    clips, source_count, section_count = dossier.stats()
    cover = Cover(
        title=dossier.title or "Untitled dossier",
        author=dossier.author or "",
        date=citations.format_date((today or date.today()).isoformat()),
        tally=tally(clips, source_count, section_count),
        marked=len(problems),
        statement=(f"Every excerpt was checked against its source before this briefing was made; quotations are "
                   f"reproduced verbatim and cited {_cited_by(text.style)}. Made with Dossier {__version__}."),
    )
    return Briefing(cover, text.style, sections, notes, sources, checks, list(problems.values()))


def _excerpt(clip: Clip, article: Article | None, cites: citations.Citations, text: CitationText,
             problem: ClipCheck | None) -> Excerpt:
    note = cites.note(clip)
    paragraphs = _BLANK_LINE.split(clip.quote.strip("\n")) or [""]
    script = script_of(clip.quote)
    excerpt = Excerpt(
        clip_id=clip.id,
        paragraphs=paragraphs,
        note=clip.note.strip(),
        source_anchor=note.source.anchor,
        url=article.meta.url if article and article.meta.url else None,
        lang=script.lang,
        direction=script.direction,
    )
    if text.style.kind == NOTES:
        excerpt.note_number = note.number
    else:
        excerpt.in_text = text.in_text.get(clip.id, cites.in_text_runs(clip))
    if problem is not None:
        what = PROBLEM_LABELS.get(problem.status, "Does not match source")
        excerpt.problem = f"{what} — {problem.detail}" if problem.detail else what
    return excerpt


def _quoted_in(sections: list[Section], article_id: str) -> list[tuple[str, str]]:
    out = []
    for section in sections:
        first = next((c for c in section.clips if c.article_id == article_id), None)
        if first is not None:
            out.append((section.title, f"clip-{first.id}"))
    return out


def _cited_by(style: StyleInfo) -> str:
    if style.csl_file is not None:
        return f"in {style.label} style"
    return "by notes" if style.kind == NOTES else "by author and date"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def tally(clips: int, sources: int, sections: int) -> str:
    return f"{plural(clips, 'excerpt')} from {plural(sources, 'source')} in {plural(sections, 'section')}"


def marked_sentence(n: int, how: str = "marked") -> str:
    """The cover's warning about excerpts that do not match their source: "… and are marked in red."."""
    return (f"{plural(n, 'excerpt')} {'does' if n == 1 else 'do'} not match {'its' if n == 1 else 'their'} "
            f"source word for word and {'is' if n == 1 else 'are'} {how}.")
