"""The PDF briefing: cover, contents, one chapter per section, notes and sources.

:func:`export_pdf` is the entry point. Every clip is checked against its source first, and
against the newest version of it (:func:`dossier.core.versions.check_dossier`); a clip that no
longer matches, or whose source changed or lost it, stops the export with
:class:`~dossier.core.errors.QuoteMismatch`, unless the caller forces it, and then the clip is
printed under a red label that says what is wrong. The finished PDF carries the proof of
every quote as an attached file (:mod:`dossier.core.proof`, :mod:`dossier.core.proof_pdf`).

Only the modules of :mod:`dossier.core.export` import reportlab: ``pdf_fonts`` (typefaces),
``pdf_scripts`` (a face for every script, and the check that every character has a glyph),
``pdf_styles`` (page, colours, paragraph styles), ``pdf_markup`` (escaping user text),
``pdf_layout`` (flowables and the document template), ``pdf_cover`` (the cover), ``pdf_brief``
(the analyst's Markdown text) and ``pdf_briefing`` (the story).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dossier.core.atomic import replacing
from dossier.core.brief import read_brief
from dossier.core.citations import NOTES
from dossier.core.dossier import Dossier
from dossier.core.errors import QuoteMismatch, UnprintableText
from dossier.core.export.pdf_attachment import Attachment
from dossier.core.export.pdf_briefing import Briefing
from dossier.core.export.pdf_fonts import register_fonts
from dossier.core.export.pdf_scripts import unprintable
from dossier.core.export.pdf_styles import PAPERS
from dossier.core.integrity import ClipCheck
from dossier.core.library import Article, Library
from dossier.core.proof import PROOF_NAME, build_proof, digest, proof_bytes
from dossier.core.store import check_export_target
from dossier.core.styles import cite_in_style, style_info
from dossier.core.timeline import timeline as chronology
from dossier.core.versions import check_dossier


@dataclass
class ExportReport:
    path: Path
    pages: int
    clips: int
    sources: int
    marked: list[ClipCheck] = field(default_factory=list)  # printed as not matching their source


def check_glyphs(dossier: Dossier) -> None:
    """Raise :class:`UnprintableText` if a quote (or a note on it) has a character that no font
    of the briefing can draw, naming the characters and the clips."""
    problems = []
    for section in dossier.sections:
        for clip in section.clips:
            for what, text in (("the quote", clip.printed), ("the note on the quote", clip.note)):
                missing = unprintable(text)
                if missing:
                    quote = clip.quote if len(clip.quote) <= 40 else clip.quote[:39] + "…"
                    where = f"{what} “{quote}” in “{section.title}”"
                    problems.append((where, ", ".join(m.describe() for m in missing)))
    if problems:
        raise UnprintableText(problems)


def export_pdf(
    dossier: Dossier,
    library: Library,
    out_path: Path | str,
    *,
    style: str = NOTES,
    allow_mismatch: bool = False,
    include_empty: bool = False,
    paper: str = "a4",
    timeline: bool = False,
    progress: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Write ``dossier`` as a cited PDF briefing at ``out_path`` (atomically).

    Raises :class:`UnknownCitation` if the brief cites something that is not a clip of the
    dossier, :class:`QuoteMismatch` if a clip does not match its source and ``allow_mismatch``
    is False, :class:`UnprintableText` if a quote or note has a character no font can draw,
    :class:`ExportCancelled` if ``cancelled()`` turns true, ``ValueError`` for an unknown
    ``style`` or ``paper``, ``OSError`` if the file cannot be written. ``timeline`` adds a
    chronology of the clips by their sources' dates after the chapters.
    """
    style_info(style)  # ValueError for an unknown style
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}; use one of {', '.join(PAPERS)}")
    say = progress or (lambda message: None)
    out_path = Path(out_path)
    check_export_target(out_path)
    brief = read_brief(dossier)
    say("Checking every quote against its source…")
    checks = check_dossier(dossier, library)
    problems = [c for c in checks if not c.ok]
    if problems and not allow_mismatch:
        raise QuoteMismatch(problems)
    register_fonts()
    check_glyphs(dossier)
    articles = library.get_many(c.article_id for c in dossier.clips())
    spans = {c.clip.id: c.new_span for c in checks if c.new_span}
    cites, text = cite_in_style(dossier, articles, style, spans=spans, order=brief.reading_order(dossier))
    entries = chronology(dossier, library) if timeline else None
    writer = Briefing(
        dossier, cites, {c.clip.id: c for c in problems}, include_empty, brief, PAPERS[paper], entries, text
    )
    with replacing(out_path) as handle:
        pages = writer.build(handle, say, cancelled, [_attachment(dossier, writer, checks, articles)])
    say(f"Wrote {pages} pages to {out_path.name}.")
    return ExportReport(out_path, pages, len(checks), len(cites.sources), problems)


def _attachment(
    dossier: Dossier, writer: Briefing, checks: list[ClipCheck], articles: dict[str, Article]
) -> Attachment:
    """The proof of every quote printed, in the order printed, to embed in the PDF."""
    by_id = {c.clip.id: c for c in checks}
    printed = [by_id[clip.id] for clip in writer.brief.reading_order(dossier)]
    data = proof_bytes(build_proof(dossier.title or "Untitled dossier", printed, articles))
    return Attachment(PROOF_NAME, data, digest(data), "The proof of every quote: check it with `dossier verify`")
