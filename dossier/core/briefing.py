"""The briefing as every export format prints it: one structure, no renderer in sight.

:func:`prepare` reads the brief (bottom line and assessments, :mod:`dossier.core.brief`),
checks every clip against its source, numbers the citations in the order a reader meets
them and words them in the chosen style, and returns a :class:`Briefing`: the cover, the
bottom line, the sections (assessment, then the supporting excerpts: the clips the brief does
not quote inline), the notes and the list of sources, each with the anchors and
back-references a format with links needs. Word, Markdown and HTML render this and nothing
else, so they say the same thing; the brief's text stays in :mod:`dossier.core.brief_text`'s
blocks, whose citations name clips that :attr:`Briefing.cited` describes.

Quotes are printed as :func:`dossier.core.quoting.clip_quoted` sets them (in quotation marks,
their cuts shown), split into paragraphs. A clip that no longer matches its source stops
:func:`prepare` with :class:`~dossier.core.errors.QuoteMismatch`, unless the caller allows
it; then it carries a ``problem`` ("Does not match source — …") that every format prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from dossier import __version__
from dossier.core import brief_text, citations, dates
from dossier.core.article import language_of
from dossier.core.brief import Brief, read_brief
from dossier.core.brief_text import Blocks
from dossier.core.citations import NOTES, Run
from dossier.core.dossier import Clip, Dossier
from dossier.core.errors import QuoteMismatch
from dossier.core.integrity import CHANGED, MISSING, ORPHANED, ClipCheck
from dossier.core.library import Article, Library
from dossier.core.quoting import clip_quoted
from dossier.core.styles import CitationText, StyleInfo, cite_in_style
from dossier.core.versions import check_dossier
from dossier.core.writing import script_of

#: How an excerpt that does not hold is labelled, by the status of its check.
PROBLEM_LABELS = {MISSING: "Source missing", CHANGED: "Source changed", ORPHANED: "No longer in the source"}
BOTTOM_LINE_TITLE, BOTTOM_LINE_ANCHOR = "Bottom line", "bottom-line"
#: Link targets in the brief's text that a briefing makes live; anything else (``javascript:``, a file) is text.
LIVE_LINK = re.compile(r"(?i)(https?://|mailto:)[^\s<>]+")
#: The script of languages not written in Latin letters (ISO 639-1 -> ISO 15924).
SCRIPT_OF_LANGUAGE = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg"), "Cyrl"),
    "el": "Grek",
    **dict.fromkeys(("ar", "fa", "ur", "ps", "sd", "ug"), "Arab"),
    **dict.fromkeys(("he", "yi"), "Hebr"),
    "hy": "Armn",
    "ka": "Geor",
    **dict.fromkeys(("hi", "mr", "ne"), "Deva"),
    "th": "Thai",
    "ko": "Hang",
    "ja": "Jpan",
    "zh": "Hani",
    "bn": "Beng",
    "ta": "Taml",
    "am": "Ethi",
}
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class Cited:
    """How a clip is cited wherever it stands: after its excerpt, or inline in the brief's text."""

    clip_id: str
    words: str  # inline: the clip's words in quotation marks, on one line
    source_anchor: str
    note_number: int | None = None  # note styles
    in_text: list[Run] = field(default_factory=list)  # author-date styles: "(Who, Year, ¶ 7)"
    problem: str | None = None  # "Does not match source — …" when exported anyway

    @property
    def anchor(self) -> str:
        """Where a note links back to: the excerpt, or the first inline citation of the clip."""
        return f"clip-{self.clip_id}"


@dataclass
class Excerpt:
    """One clip printed whole: its quote's paragraphs, then its citation, then the analyst's note."""

    cited: Cited
    paragraphs: list[str]  # as printed: the first opens with the quotation mark, the last closes it
    note: str  # the analyst's note ("" for none)
    url: str | None  # where the quoted article lives, for HTML's <blockquote cite>
    lang: str | None = None  # BCP 47 tag of a quote in another script than the briefing's ("und-Cyrl")
    direction: str = "ltr"  # "rtl" for Arabic or Hebrew script

    @property
    def anchor(self) -> str:
        return self.cited.anchor

    @property
    def problem(self) -> str | None:
        return self.cited.problem


@dataclass
class BriefSection:
    id: str
    title: str
    assessment: Blocks  # the analyst's text, citations resolved to clip ids ((): none)
    excerpts: list[Excerpt]

    @property
    def anchor(self) -> str:
        return f"section-{self.id}"


@dataclass
class BriefNote:
    number: int
    runs: list[Run]
    source_anchor: str
    cited_by: list[str]  # anchors of the places that cite it, in reading order

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


@dataclass
class BriefSource:
    anchor: str
    article_id: str
    runs: list[Run]
    notes: list[int]  # note styles: the notes citing it
    quoted_in: list[tuple[str, str]]  # author-date styles: (part title, anchor of the first place there)


@dataclass
class Cover:
    title: str
    author: str  # "" when not given
    organisation: str
    date: str  # the dossier's own date, else the day of export: "1 December 2026"
    marking: str  # the handling marking printed on every page ("" for none)
    tally: str  # "7 excerpts from 3 sources in 3 sections"
    marked: int  # clips that do not match their source
    statement: str  # how the briefing was checked and cited


@dataclass
class Briefing:
    cover: Cover
    style: StyleInfo
    bottom_line: Blocks
    sections: list[BriefSection]
    cited: dict[str, Cited]  # by clip id: every clip printed, as an excerpt or inline
    notes: list[BriefNote]  # note styles only, in number order
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
    """Read the brief, check, cite and arrange a dossier for export.

    Raises :class:`~dossier.core.errors.UnknownCitation` when the brief cites no clip,
    :class:`QuoteMismatch` when a clip does not match its source and ``allow_mismatch`` is
    False, ``ValueError`` for an unknown ``style``.
    """
    brief = read_brief(dossier)
    (say or (lambda message: None))("Checking every quote against its source…")
    checks = check_dossier(dossier, library)
    problems = [c for c in checks if not c.ok]
    if problems and not allow_mismatch:
        raise QuoteMismatch(problems)
    articles = library.get_many(c.article_id for c in dossier.clips())
    spans = {c.clip.id: c.new_span for c in checks if c.new_span}
    cites, text = cite_in_style(dossier, articles, style, spans=spans, order=brief.reading_order(dossier))
    return arrange(dossier, brief, articles, cites, text, checks=checks, include_empty=include_empty, today=today)


def arrange(
    dossier: Dossier,
    brief: Brief,
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
    cited = {clip.id: _cited(clip, cites, text, problems.get(clip.id)) for clip in dossier.clips()}
    article_of = {clip.id: clip.article_id for clip in dossier.clips()}
    quoted_in: dict[str, dict[str, tuple[str, str]]] = {}  # article id -> part -> (title, anchor)

    def quoted(clip_id: str, part: str, title: str, anchor: str) -> None:
        quoted_in.setdefault(article_of[clip_id], {}).setdefault(part, (title, anchor))

    for citation in brief_text.citations(brief.bottom_line):
        quoted(citation.clip_id, BOTTOM_LINE_ANCHOR, BOTTOM_LINE_TITLE, BOTTOM_LINE_ANCHOR)
    sections: list[BriefSection] = []
    for section in dossier.sections:
        assessment, clips = brief.assessment(section), brief.excerpts(section)
        if not (assessment or clips or include_empty):
            continue
        for citation in brief_text.citations(assessment):
            quoted(citation.clip_id, section.id, section.title, f"section-{section.id}")
        for clip in clips:
            quoted(clip.id, section.id, section.title, f"clip-{clip.id}")
        excerpts = [_excerpt(clip, articles.get(clip.article_id), cited[clip.id]) for clip in clips]
        sections.append(BriefSection(section.id, section.title, assessment, excerpts))
    by_id = {s.article_id: s for s in cites.sources}
    notes = (
        [
            BriefNote(n.number, text.notes.get(n.number, n.runs()), n.source.anchor, [f"clip-{c}" for c in n.clip_ids])
            for n in cites.notes
        ]
        if notes_style
        else []
    )
    sources = [
        BriefSource(
            by_id[a].anchor,
            a,
            text.entries[a],
            list(by_id[a].notes) if notes_style else [],
            [] if notes_style else list(quoted_in.get(a, {}).values()),
        )
        for a in text.order
    ]
    clip_count, source_count, section_count = dossier.stats()
    cover = Cover(
        title=dossier.title or "Untitled dossier",
        author=dossier.author.strip(),
        organisation=dossier.organisation.strip(),
        date=dates.format_date(dossier.date or (today or date.today()).isoformat()),
        marking=" ".join(dossier.marking.split()),
        tally=tally(clip_count, source_count, section_count),
        marked=len(problems),
        statement=(
            f"Every excerpt was checked against its source before this briefing was made; quotations are "
            f"reproduced verbatim and cited {cited_by(text.style)}. Made with Dossier {__version__}."
        ),
    )
    return Briefing(
        cover, text.style, brief.bottom_line, sections, cited, notes, sources, checks, list(problems.values())
    )


def _cited(clip: Clip, cites: citations.Citations, text: CitationText, problem: ClipCheck | None) -> Cited:
    note = cites.note(clip)
    out = Cited(clip.id, " ".join(clip_quoted(clip).text().split()), note.source.anchor)
    if text.style.kind == NOTES:
        out.note_number = note.number
    else:
        out.in_text = text.in_text.get(clip.id) or cites.in_text_runs(clip)
    if problem is not None:
        what = PROBLEM_LABELS.get(problem.status, "Does not match source")
        out.problem = f"{what} — {problem.detail}" if problem.detail else what
    return out


def _excerpt(clip: Clip, article: Article | None, cited: Cited) -> Excerpt:
    quoted = clip_quoted(clip)
    paragraphs = _BLANK_LINE.split(quoted.body) or [""]
    paragraphs[0] = quoted.lead + paragraphs[0]
    paragraphs[-1] += quoted.tail
    lang, direction = quote_language(quoted.body, article)
    return Excerpt(
        cited,
        paragraphs,
        clip.note.strip(),
        article.meta.url if article and article.meta.url else None,
        lang,
        direction,
    )


def quote_language(words: str, article: Article | None) -> tuple[str | None, str]:
    """``(lang, dir)`` of a quote: its article's language when the quote is written in that language's
    script and it is not English (``"ru"``), else its script's when that is not Latin (``"und-Cyrl"``),
    else None; "rtl" for Arabic or Hebrew script."""
    script = script_of(words)
    language = language_of(article) if article is not None else None
    if language and language != "en" and SCRIPT_OF_LANGUAGE.get(language, "Latn") == script.code:
        return language, script.direction
    return script.lang, script.direction


def cited_by(style: StyleInfo) -> str:
    """How a briefing says it is cited: "by notes", "by author and date", "in APA 7th edition style"."""
    if style.csl_file is not None:
        return f"in {style.label} style"
    return "by notes" if style.kind == NOTES else "by author and date"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def tally(clips: int, sources: int, sections: int) -> str:
    return f"{plural(clips, 'excerpt')} from {plural(sources, 'source')} in {plural(sections, 'section')}"


def marked_sentence(n: int, how: str = "marked") -> str:
    """The cover's warning about excerpts that do not match their source: "… and are marked in red."."""
    return (
        f"{plural(n, 'excerpt')} {'does' if n == 1 else 'do'} not match {'its' if n == 1 else 'their'} "
        f"source word for word and {'is' if n == 1 else 'are'} {how}."
    )
