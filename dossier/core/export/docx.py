"""The Word briefing: a .docx with real Word styles, document properties and footnotes.

Built with python-docx from a :class:`~dossier.core.briefing.Briefing`. Headings are Word's
Title, Subtitle, Heading 1; quotes are set in the Quote style (in red, under an "Alarm"
line, when exported although they do not match their source); an analyst's note is an
"Excerpt Note". In a note style each quote ends with a real footnote
(:mod:`dossier.core.export.footnotes`); in an author-date style with its in-text citation.
The list of sources closes the document, each entry in "Source Entry" style with links back.
Title, author, subject, keywords and comments go into the document's core properties.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, BinaryIO

import docx
from docx.document import Document

from dossier.core.brief_text import Citation
from dossier.core.briefing import (
    BOTTOM_LINE_ANCHOR,
    BOTTOM_LINE_TITLE,
    Briefing,
    BriefSection,
    Cited,
    Excerpt,
    marked_sentence,
    plural,
)
from dossier.core.export import wordml
from dossier.core.export.docx_text import write_blocks
from dossier.core.export.footnotes import Footnotes, bookmark

ALARM_COLOR = "B00020"


def write_docx(briefing: Briefing, handle: BinaryIO) -> None:
    """Write ``briefing`` as a Word document to ``handle``."""
    _WordBriefing(briefing).save(handle)


class _WordBriefing:
    def __init__(self, briefing: Briefing):
        self.b = briefing
        self.doc: Document = docx.Document()
        wordml.add_styles(self.doc.styles.element)
        self.body = self.doc.element.body
        self.part = self.doc.part
        self.bookmarks = wordml.Bookmarks()
        self.footnotes = Footnotes(self.doc, self.bookmarks) if briefing.notes_style else None
        self.anchored: set[str] = set()  # clips cited inline whose bookmark is written
        self._properties()
        self._cover()
        if briefing.sections or briefing.bottom_line:
            self._contents()
        if briefing.bottom_line:
            self._heading(BOTTOM_LINE_TITLE, BOTTOM_LINE_ANCHOR)
            write_blocks(self.body, self.part, briefing.bottom_line, self._inline)
        for section in briefing.sections:
            self._section(section)
        if briefing.notes_style and self.footnotes is not None:
            self._footnotes()
        if briefing.sources:
            self._sources()

    def save(self, handle: BinaryIO) -> None:
        self.doc.save(handle)

    # ------------------------------------------------------------------ pieces
    def _p(self, style_id: str | None = None, text: str = "", **kw: Any) -> Any:
        p = wordml.paragraph(self.body, style_id, **kw)
        if text:
            wordml.text_run(p, text)
        return p

    def _properties(self) -> None:
        props = self.doc.core_properties
        cover = self.b.cover
        props.title = cover.title
        props.author = cover.author
        props.subject = f"Briefing: {cover.tally}"
        props.keywords = ", ".join(self.b.keywords)
        props.comments = cover.statement
        props.category = "Briefing"
        props.language = "en"
        props.last_modified_by = cover.author
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        props.created = props.modified = now
        props.revision = 1

    def _cover(self) -> None:
        cover = self.b.cover
        if cover.marking:
            self._p("Marking", cover.marking)
            for section in self.doc.sections:  # and at the top of every page
                wordml.text_run(section.header.paragraphs[0]._p, cover.marking, bold=True)
        self._p("Title", cover.title)
        if cover.organisation:
            self._p("Subtitle", cover.organisation)
        if cover.author:
            self._p("Subtitle", f"Prepared by {cover.author}")
        self._p(None, cover.date)
        self._p(None, cover.tally)
        if cover.marked:
            self._p("Alarm", marked_sentence(cover.marked, "marked in red"))
        self._p("Small", cover.statement)
        wordml.page_break(self.body)

    def _contents(self) -> None:
        self._p("Heading1", "Contents")
        parts = [(BOTTOM_LINE_TITLE, BOTTOM_LINE_ANCHOR)] if self.b.bottom_line else []
        for title, anchor in parts + [(s.title, s.anchor) for s in self.b.sections]:
            p = self._p()
            wordml.link(p, self.part, "#" + anchor, title)

    def _heading(self, title: str, anchor: str) -> None:
        heading = self._p("Heading1", keep_next=True)
        run = wordml.text_run(heading, title)
        self.bookmarks.around(heading, anchor, run)

    def _section(self, section: BriefSection) -> None:
        self._heading(section.title, section.anchor)
        if section.assessment:
            write_blocks(self.body, self.part, section.assessment, self._inline)
            if section.excerpts:
                label = "Supporting excerpt" + ("s" if len(section.excerpts) > 1 else "")
                self._p("Small", label.upper(), keep_next=True)
        elif section.excerpts:
            self._p("Small", plural(len(section.excerpts), "excerpt"), keep_next=True)
        else:
            self._p("Small", "No excerpts in this section.")
        for excerpt in section.excerpts:
            self._excerpt(excerpt)

    def _inline(self, p: Any, citation: Citation) -> None:
        """A clip cited in the brief's text: its quoted words (red if it fails its check), then its citation."""
        cited = self.b.cited[citation.clip_id]
        run = wordml.text_run(p, cited.words, color=ALARM_COLOR if cited.problem else None)
        if cited.anchor not in self.anchored:
            self.anchored.add(cited.anchor)
            self.bookmarks.around(p, cited.anchor, run)
        self._cite(p, cited)

    def _excerpt(self, excerpt: Excerpt) -> None:
        if excerpt.problem:
            self._p("Alarm", excerpt.problem)
        rtl = excerpt.direction == "rtl"
        color = ALARM_COLOR if excerpt.problem else None
        for n, text in enumerate(excerpt.paragraphs):
            p = self._p("Quote", rtl=rtl, keep_next=n < len(excerpt.paragraphs) - 1)
            run = wordml.text_run(p, text, color=color, rtl=rtl)
            if n == 0:
                self.bookmarks.around(p, excerpt.anchor, run)
            if n == len(excerpt.paragraphs) - 1:
                self._cite(p, excerpt.cited)
        if excerpt.note:
            self._p("ExcerptNote", excerpt.note)

    def _cite(self, p: Any, cited: Cited) -> None:
        if self.footnotes is not None and cited.note_number is not None:
            self.footnotes.reference(p, cited.note_number)
            return
        wordml.text_run(p, " ")
        wordml.runs(p, self.part, cited.in_text, cited.source_anchor)

    def _footnotes(self) -> None:
        assert self.footnotes is not None
        for note in self.b.notes:
            p = self.footnotes.add(note.number)
            wordml.runs(p, self.footnotes.part, note.runs, note.source_anchor)

    def _sources(self) -> None:
        heading = self._p("Heading1", keep_next=True)
        wordml.text_run(heading, self.b.style.sources_heading)
        for source in self.b.sources:
            p = self._p("SourceEntry")
            first = len(p)
            wordml.runs(p, self.part, source.runs)
            self.bookmarks.around(p, source.anchor, *list(p)[first : first + 1])
            self._backlinks(p, source.notes, source.quoted_in)

    def _backlinks(self, p: Any, notes: list[int], quoted_in: list[tuple[str, str]]) -> None:
        """Links from a source back to where it is cited: its notes, or the sections quoting it."""
        grey = "666666"
        if notes:
            wordml.text_run(p, f" Cited in {'note' if len(notes) == 1 else 'notes'} ", color=grey, size=17)
            for n, number in enumerate(notes):
                if n:
                    wordml.text_run(p, ", ", color=grey, size=17)
                wordml.link(p, self.part, "#" + bookmark(number), str(number))
            wordml.text_run(p, ".", color=grey, size=17)
        elif quoted_in:
            wordml.text_run(p, " Quoted in ", color=grey, size=17)
            for n, (title, anchor) in enumerate(quoted_in):
                if n:
                    wordml.text_run(p, ", ", color=grey, size=17)
                wordml.link(p, self.part, "#" + anchor, title)
            wordml.text_run(p, ".", color=grey, size=17)
