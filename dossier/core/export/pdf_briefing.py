"""The briefing's story: the cover, the contents, the bottom line, one chapter per section, the notes and the sources.

:class:`Briefing` turns a dossier, its parsed brief and its citations into reportlab flowables
and lays them out with :class:`~dossier.core.export.pdf_layout.BriefingDoc`. A section opens with
the analyst's assessment, whose citations print the clip's words in quotation marks and its
note number; the clips not quoted inline follow as supporting excerpts. Quote text always
comes from the stored quote, escaped for reportlab's paragraph markup and never retyped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import BinaryIO

from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from dossier import __version__
from dossier.core import brief_text
from dossier.core.brief import Brief
from dossier.core.brief_text import Citation
from dossier.core.citations import NOTES, Citations, Source
from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.export.pdf_brief import flowables
from dossier.core.export.pdf_chronology import chronology
from dossier.core.export.pdf_contents import CONTENTS_ON_COVER, Contents
from dossier.core.export.pdf_cover import cover
from dossier.core.export.pdf_fonts import SANS
from dossier.core.export.pdf_layout import HAIR_SPACE, BriefingDoc, Heading, PageCount, Para, RightToLeftPara
from dossier.core.export.pdf_markup import citation_runs, escape_text, link, place_target, plural
from dossier.core.export.pdf_scripts import right_to_left
from dossier.core.export.pdf_styles import (
    ALARM,
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
from dossier.core.quoting import clip_quoted
from dossier.core.styles import STYLES, CitationText, own_text
from dossier.core.timeline import Entry

BOTTOM_LINE_TITLE, BOTTOM_LINE_KEY = "Bottom line", "bottom-line"


class Briefing:
    """Turns a dossier, its brief and its citations into reportlab flowables, and builds the PDF."""

    def __init__(
        self,
        dossier: Dossier,
        cites: Citations,
        problems: dict[str, ClipCheck],
        include_empty: bool,
        brief: Brief | None = None,
        pagesize: tuple[float, float] = PAGE,
        timeline: list[Entry] | None = None,
        text: CitationText | None = None,
    ):
        self.dossier, self.cites, self.problems, self.timeline = dossier, cites, problems, timeline
        # The words of each citation: Dossier's own unless a citation style wrote them.
        self.text = text if text is not None else own_text(dossier, cites, STYLES[cites.style])
        self.brief = brief if brief is not None else Brief((), {})
        self.pagesize = pagesize
        self.sections = [
            s for s in dossier.sections if self.brief.excerpts(s) or self.brief.assessment(s) or include_empty
        ]
        self.st = styles()
        self._clips = {clip.id: clip for clip in dossier.clips()}
        self._quoted_in: dict[str, dict[str, str]] = {}  # article id -> part -> link to where it is quoted there
        for citation in brief_text.citations(self.brief.bottom_line):
            self._quoted(citation.clip_id, BOTTOM_LINE_KEY, f"#{BOTTOM_LINE_KEY}", BOTTOM_LINE_TITLE)
        for section in self.sections:
            for citation in brief_text.citations(self.brief.assessment(section)):
                self._quoted(citation.clip_id, section.id, f"#section-{section.id}", section.title)
            for clip in self.brief.excerpts(section):
                self._quoted(clip.id, section.id, f"#clip-{clip.id}", section.title)

    def _quoted(self, clip_id: str, part: str, target: str, title: str) -> None:
        article_id = self._clips[clip_id].article_id
        self._quoted_in.setdefault(article_id, {}).setdefault(part, link(target, escape_text(title)))

    def build(
        self,
        handle: BinaryIO,
        say: Callable[[str], None],
        cancelled: Callable[[], bool] | None,
        extra: Sequence[Flowable] = (),
    ) -> int:
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
            marking=self.dossier.marking,
            pagesize=self.pagesize,
        )
        story: list[Flowable] = [counter, *extra]
        front = cover(
            self.dossier, self._tally(clips, sources, sections), len(self.problems), self.text.style.name, self.st
        )
        if self.sections or self.brief.bottom_line:
            entries = len(self.sections) + sum(
                map(bool, (self.brief.bottom_line, self.timeline, self.cites.notes, self.cites.sources))
            )
            if entries <= CONTENTS_ON_COVER:  # a short contents goes under the cover's text, not on a page of its own
                front[-1:-1] = [Spacer(1, 1.2 * cm), *self._contents()]
            else:
                front += self._contents()
        story += front
        body = len(story)
        if self.brief.bottom_line:
            story += self._bottom_line()
        for n, section in enumerate(self.sections):
            story += self._chapter(section, first=n == 0 and not self.brief.bottom_line)
        if isinstance(front[-1], PageBreak) and body < len(story) and isinstance(story[body], PageBreak):
            del story[body]  # the cover's own page break starts the body: no blank page between
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

    def _contents(self) -> list[Flowable]:
        table = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("FONT", (0, 0), (-1, -1), SANS, 11),
            ]
        )
        toc = Contents(levelStyles=[self.st["toc"]], dotsMinLevel=0, tableStyle=table)
        return [Paragraph("Contents", self.st["h1"]), Spacer(1, 10), toc]

    def _heading(self, title: str, key: str, *, outline: bool) -> list[Flowable]:
        return [PageBreak(), Heading(title, self.st["h1"], key, outline)]

    @property
    def _room(self) -> float:
        """How much of a page a block may take before it is allowed to split."""
        return float(SPLIT_ROOM * (self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM))

    def _bottom_line(self) -> list[Flowable]:
        """The analyst's judgement, up front: on the page after the contents (the cover, when it holds them)."""
        heading = Heading(BOTTOM_LINE_TITLE, self.st["h1"], BOTTOM_LINE_KEY, True)
        paragraphs = flowables(self.brief.bottom_line, self.st["body"], self._cite)
        return [PageBreak(), KeepTogether([heading, *paragraphs[:1]], maxHeight=self._room), *paragraphs[1:]]

    def _chapter(self, section: Section, *, first: bool) -> list[Flowable]:
        """A section: its assessment, then its supporting excerpts.

        It starts on a new page after the contents (or the cover), then where the last one ends if there is
        room. The heading is kept with what follows it; a clip starts at the foot of a page only
        if a good part of the page is left for it, and then splits.
        """
        heading = Heading(section.title, self.st["h1"], f"section-{section.id}", True)
        excerpts = self.brief.excerpts(section)
        assessment = flowables(self.brief.assessment(section), self.st["body"], self._cite)
        if assessment:
            top: list[Flowable] = [heading]
        elif excerpts:
            top = [heading, Paragraph(plural(len(excerpts), "excerpt"), self.st["h1_sub"])]
        else:
            top = [heading, Paragraph("No excerpts in this section.", self.st["empty"])]
        blocks = [[paragraph] for paragraph in assessment] + [self._clip(clip) for clip in excerpts]
        if assessment and excerpts:
            label = "SUPPORTING EXCERPT" if len(excerpts) == 1 else "SUPPORTING EXCERPTS"
            blocks[len(assessment)].insert(0, Paragraph(label, self.st["label"]))
        blocks = blocks or [[]]
        story: list[Flowable] = [PageBreak() if first else CondPageBreak(CHAPTER_ROOM)]
        story.append(KeepTogether(top + blocks[0], maxHeight=self._room))
        story += [KeepTogether(block, maxHeight=self._room) for block in blocks[1:]]
        return story

    def _marker(self, clip: Clip) -> str:
        """What follows a quote: the note number as a superscript link, or "(Who, Year, ¶ 7)"."""
        if self.cites.style == NOTES:
            note = self.cites.note(clip)
            return f"<super>{link('#' + note.anchor, str(note.number))}</super>"
        source = self.cites.source(clip)
        in_text = citation_runs(self.text.in_text.get(clip.id) or self.cites.in_text_runs(clip), source.anchor)
        return f' <font name="{SANS}" size="8.5">{in_text}</font>'

    def _cite(self, citation: Citation) -> str:
        """An inline citation: the clip's words in quotation marks, then its marker (red if it fails its check)."""
        clip = self._clips[citation.clip_id]
        words = escape_text(" ".join(clip_quoted(clip).text().split()))
        if clip.id in self.problems:
            words = f'<font color="{hex_color(ALARM)}">{words}</font>'
        return words + self._marker(clip)

    def _clip(self, clip: Clip) -> list[Flowable]:
        st = self.st
        problem = self.problems.get(clip.id)
        out: list[Flowable] = []
        if problem is not None:
            what = {MISSING: "Source missing", CHANGED: "Source changed", ORPHANED: "No longer in the source"}.get(
                problem.status, "Does not match source"
            )
            label = f"{what} — {problem.detail}" if problem.detail else what
            out.append(Para(escape_text(label), st["alarm_first"]))
        quoted = clip_quoted(clip)
        parts = re.split(r"\n[ \t]*\n\s*", quoted.body) or [""]
        for n, part in enumerate(parts):
            lead, tail = quoted.lead if n == 0 else "", quoted.tail if n == len(parts) - 1 else ""
            text = lead + part + tail
            # right to left, the opening quotation mark stands at the right: last in drawing order
            if right_to_left(part):  # a hair space keeps each mark out of the shaped run
                markup = escape_text((tail + HAIR_SPACE if tail else "") + part + (HAIR_SPACE + lead if lead else ""))
            else:
                markup = escape_text(text)
            if n == 0:
                before, markup = place_target(f"clip-{clip.id}", markup)
                out += before
            end = self._marker(clip) if n == len(parts) - 1 else ""
            if problem is not None:  # red, and the label above it carries the space before the clip
                name = "quote_marked_more" if n else "quote_marked"
            else:
                name = "quote_more" if n else "quote_first"
            if right_to_left(part):  # Arabic, Hebrew …: set right to left, the marker at the sentence's end
                out.append(RightToLeftPara(markup, end, st[name + "_rtl"], plain=text))
            else:
                out.append(Para(markup + end, st[name], plain=text))
        if clip.note.strip():
            out.append(Para(escape_text(clip.note.strip()), st["note"]))
        return out

    def _notes(self) -> list[Flowable]:
        story = self._heading("Notes", "notes", outline=False)
        story.append(Spacer(1, 8))
        for note in self.cites.notes:
            runs = self.text.notes.get(note.number) or note.runs()
            before, markup = place_target(note.anchor, citation_runs(runs, note.source.anchor))
            story += [*before, Para(markup, self.st["endnote"], bulletText=f"{note.number}.")]
        return story

    def _sources(self) -> list[Flowable]:
        heading = self.text.style.sources_heading
        if self.cites.style == NOTES and self.cites.notes:
            story: list[Flowable] = [
                CondPageBreak(6 * cm),
                Heading(heading, self.st["h1"], "sources", False),
                Spacer(1, 8),
            ]
        else:
            story = self._heading(heading, "sources", outline=False) + [Spacer(1, 8)]
        by_id = {source.article_id: source for source in self.cites.sources}
        for source in (by_id[article_id] for article_id in self.text.order):
            entry = citation_runs(self.text.entries[source.article_id])
            before, markup = place_target(source.anchor, entry + self._backlinks(source))
            story += [*before, Para(markup, self.st["source"])]
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
