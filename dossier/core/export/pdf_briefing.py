"""The briefing's story: the cover, the contents, one chapter per section, the notes and the sources.

:class:`Briefing` turns a dossier and its citations into reportlab flowables and lays them out
with :class:`~dossier.core.export.pdf_layout.BriefingDoc`. Quote text always comes from the
stored quote, escaped for reportlab's paragraph markup and never retyped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import BinaryIO

from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from dossier import __version__
from dossier.core import citations
from dossier.core.citations import NOTES, Citations, Source
from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.export.pdf_chronology import chronology
from dossier.core.export.pdf_fonts import SANS
from dossier.core.export.pdf_layout import BriefingDoc, Heading, PageCount, Para
from dossier.core.export.pdf_markup import citation_runs, escape_text, link, plural, target
from dossier.core.export.pdf_styles import (
    CHAPTER_ROOM,
    GREY,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAGE,
    SPLIT_ROOM,
    hex_color,
    styles,
)
from dossier.core.integrity import CHANGED, MISSING, ORPHANED, ClipCheck
from dossier.core.timeline import Entry


class Briefing:
    """Turns a dossier and its citations into reportlab flowables, and builds the PDF."""

    def __init__(self, dossier: Dossier, cites: Citations, problems: dict[str, ClipCheck], include_empty: bool,
                 timeline: list[Entry] | None = None):
        self.dossier, self.cites, self.problems, self.timeline = dossier, cites, problems, timeline
        self.sections = [s for s in dossier.sections if s.clips or include_empty]
        self.st = styles()
        self._quoted_in: dict[str, dict[str, str]] = {}  # article id -> section id -> link to its first clip there
        for section in self.sections:
            for clip in section.clips:
                self._quoted_in.setdefault(clip.article_id, {}).setdefault(
                    section.id, link(f"#clip-{clip.id}", escape_text(section.title)))

    def build(self, handle: BinaryIO, say: Callable[[str], None], cancelled: Callable[[], bool] | None,
              extra: Sequence[Flowable] = ()) -> int:
        """Lay out and write the PDF; ``extra`` flowables (of no size: an attachment) go first."""
        counter = PageCount()
        clips, sources, sections = self.dossier.stats()
        doc = BriefingDoc(
            handle,
            title=self.dossier.title or "Untitled dossier",
            author=self.dossier.author or "",
            subject=f"Briefing: {self._tally(clips, sources, sections)}",
            keywords=[s.title for s in self.sections],
            creator=f"Dossier {__version__}",
            counter=counter,
            cancelled=cancelled,
            say=say,
        )
        story: list[Flowable] = [counter, *extra]
        story += self._cover(clips, sources, sections)
        if self.sections:
            story += self._contents()
        for n, section in enumerate(self.sections):
            story += self._chapter(section, first=n == 0)
        if self.timeline:
            story += self._heading("Chronology", "chronology", outline=True)
            story += chronology(self.timeline, self.cites, {c.id: c for c in self.dossier.clips()}, self.st)
        if self.cites.style == NOTES and self.cites.notes:
            story += self._notes()
        if self.cites.sources:
            story += self._sources()
        doc.multiBuild(story, maxPasses=6)
        return int(doc.page)

    @staticmethod
    def _tally(clips: int, sources: int, sections: int) -> str:
        return f"{plural(clips, 'excerpt')} from {plural(sources, 'source')} in {plural(sections, 'section')}"

    def _cover(self, clips: int, sources: int, sections: int) -> list[Flowable]:
        st = self.st
        title = escape_text(self.dossier.title or "Untitled dossier")
        story: list[Flowable] = [Spacer(1, 5 * cm), Paragraph(title, st["title"])]
        if self.dossier.author:
            story.append(Paragraph(escape_text(f"Prepared by {self.dossier.author}"), st["cover"]))
        story.append(Paragraph(citations.format_date(date.today().isoformat()), st["cover"]))
        story.append(Spacer(1, 0.8 * cm))
        story.append(Paragraph(self._tally(clips, sources, sections), st["cover"]))
        if self.problems:
            n = len(self.problems)
            story.append(Spacer(1, 0.5 * cm))
            story.append(Paragraph(
                f"{plural(n, 'excerpt')} {'does' if n == 1 else 'do'} not match {'its' if n == 1 else 'their'} "
                f"source word for word and {'is' if n == 1 else 'are'} marked in red.", st["alarm"]))
        story.append(Spacer(1, 1.2 * cm))
        rule = "notes" if self.cites.style == NOTES else "author and date"
        story.append(Paragraph(
            f"Every excerpt was checked against its source before this briefing was made; quotations are "
            f"reproduced verbatim and cited by {rule}. Made with Dossier {__version__}.", st["cover_small"]))
        story += [NextPageTemplate("body"), PageBreak()]
        return story

    def _contents(self) -> list[Flowable]:
        table = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONT", (0, 0), (-1, -1), SANS, 11)])
        toc = TableOfContents(levelStyles=[self.st["toc"]], dotsMinLevel=0, tableStyle=table)
        return [Paragraph("Contents", self.st["h1"]), Spacer(1, 10), toc]

    def _heading(self, title: str, key: str, *, outline: bool) -> list[Flowable]:
        return [PageBreak(), Heading(title, self.st["h1"], key, outline)]

    def _chapter(self, section: Section, *, first: bool) -> list[Flowable]:
        """A section: on a new page after the contents, then where the last one ends if there is room.

        The heading is kept with the first clip; a clip starts at the foot of a page only if
        a good part of the page is left for it, and then splits.
        """
        heading = Heading(section.title, self.st["h1"], f"section-{section.id}", True)
        if section.clips:
            top = [heading, Paragraph(plural(len(section.clips), "excerpt"), self.st["h1_sub"])]
        else:
            top = [heading, Paragraph("No excerpts in this section.", self.st["empty"])]
        blocks = [self._clip(clip) for clip in section.clips] or [[]]
        room = SPLIT_ROOM * (PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM)
        story: list[Flowable] = [PageBreak() if first else CondPageBreak(CHAPTER_ROOM)]
        story.append(KeepTogether(top + blocks[0], maxHeight=room))
        story += [KeepTogether(block, maxHeight=room) for block in blocks[1:]]
        return story

    def _clip(self, clip: Clip) -> list[Flowable]:
        st = self.st
        problem = self.problems.get(clip.id)
        out: list[Flowable] = []
        if problem is not None:
            what = {MISSING: "Source missing", CHANGED: "Source changed",
                    ORPHANED: "No longer in the source"}.get(problem.status, "Does not match source")
            label = f"{what} — {problem.detail}" if problem.detail else what
            out.append(Paragraph(escape_text(label), st["alarm_first"]))
        if self.cites.style == NOTES:
            note = self.cites.note(clip)
            marker = f"<super>{link('#' + note.anchor, str(note.number))}</super>"
        else:
            source = self.cites.source(clip)
            in_text = citation_runs(self.cites.in_text_runs(clip), source.anchor)
            marker = f' <font name="{SANS}" size="8.5">{in_text}</font>'
        parts = re.split(r"\n[ \t]*\n\s*", clip.printed.strip("\n")) or [""]
        for n, part in enumerate(parts):
            markup = escape_text(part)
            if n == 0:
                markup = target(f"clip-{clip.id}") + markup
            if n == len(parts) - 1:
                markup += marker
            if problem is not None:  # red, and the label above it carries the space before the clip
                style = st["quote_marked_more"] if n else st["quote_marked"]
            else:
                style = st["quote_more"] if n else st["quote_first"]
            out.append(Para(markup, style))
        if clip.note.strip():
            out.append(Para(escape_text(clip.note.strip()), st["note"]))
        return out

    def _notes(self) -> list[Flowable]:
        story = self._heading("Notes", "notes", outline=False)
        story.append(Spacer(1, 8))
        for note in self.cites.notes:
            markup = target(note.anchor) + citation_runs(note.runs(), note.source.anchor)
            story.append(Paragraph(markup, self.st["endnote"], bulletText=f"{note.number}."))
        return story

    def _sources(self) -> list[Flowable]:
        if self.cites.style == NOTES and self.cites.notes:
            story: list[Flowable] = [CondPageBreak(6 * cm), Heading("Sources", self.st["h1"], "sources", False),
                                     Spacer(1, 8)]
        else:
            story = self._heading("Sources", "sources", outline=False) + [Spacer(1, 8)]
        for source in self.cites.sources:
            entry = citation_runs(source.entry_runs(self.cites.style))
            markup = target(source.anchor) + entry + self._backlinks(source)
            story.append(Paragraph(markup, self.st["source"]))
        return story

    def _backlinks(self, source: Source) -> str:
        """Links from a source back to where it is cited: its notes, or the sections quoting it."""
        if self.cites.style == NOTES:
            links = ", ".join(link(f"#note-{n}", str(n)) for n in source.notes)
            word = "note" if len(source.notes) == 1 else "notes"
            return f' <font name="{SANS}" size="8.5" color="{hex_color(GREY)}">Cited in {word} {links}.</font>'
        first = self._quoted_in.get(source.article_id)
        if not first:
            return ""
        quoted_in = ", ".join(first.values())
        return f' <font name="{SANS}" size="8.5" color="{hex_color(GREY)}">Quoted in {quoted_in}.</font>'
