"""The PDF briefing: cover, contents, one chapter per section, notes and sources.

The only module that imports reportlab. Every clip is checked against its source first
(:func:`dossier.core.versions.check_dossier`, which also looks at newer versions); a clip that no longer matches stops the export
with :class:`~dossier.core.errors.QuoteMismatch`, unless the caller forces it, and then the
clip is printed under a red "Does not match source" label. Quote text always comes from
the stored quote, escaped for reportlab's paragraph markup and never retyped.

The document is laid out twice (``multiBuild``): the first pass learns the page of each
chapter and the page count, the second prints them in the contents and the footers.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether,
                                NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from dossier import __version__
from dossier.core import citations
from dossier.core.citations import NOTES, Citations, Run
from dossier.core.dossier import Clip, Dossier
from dossier.core.errors import ExportCancelled, QuoteMismatch
from dossier.core.integrity import CHANGED, MISSING, ORPHANED, ClipCheck
from dossier.core.library import Library
from dossier.core.versions import check_dossier
from dossier.paths import resources_dir

SERIF, SERIF_BOLD, SERIF_ITALIC = "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"
SANS, SANS_BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_FILES = {SERIF: "DejaVuSerif.ttf", SERIF_BOLD: "DejaVuSerif-Bold.ttf", SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
              SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf"}

INK, GREY, RULE = colors.HexColor("#1a1a1a"), colors.HexColor("#666666"), colors.HexColor("#bbbbbb")
LINK, NOTE_INK, ALARM = colors.HexColor("#1f4e79"), colors.HexColor("#35506b"), colors.HexColor("#b00020")
PAGE = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 2.4 * cm, 2.6 * cm, 2.4 * cm
#: A clip taller than the space left on a page starts there and splits if at least this much
#: of the frame is free; otherwise it moves whole to the next page.
SPLIT_ROOM = 0.3
#: A chapter starts on a new page unless this much room is left on the current one.
CHAPTER_ROOM = 8 * cm
CLIP_SPACE, QUOTE_PARAGRAPH_SPACE = 16, 6

_fonts_lock = threading.Lock()
_fonts_ready = False


@dataclass
class ExportReport:
    path: Path
    pages: int
    clips: int
    sources: int
    marked: list[ClipCheck] = field(default_factory=list)  # printed as not matching their source


def export_pdf(
    dossier: Dossier,
    library: Library,
    out_path: Path | str,
    *,
    style: str = NOTES,
    allow_mismatch: bool = False,
    include_empty: bool = False,
    progress: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Write ``dossier`` as a cited PDF briefing at ``out_path`` (atomically).

    Raises :class:`QuoteMismatch` if a clip does not match its source and ``allow_mismatch``
    is False, :class:`ExportCancelled` if ``cancelled()`` turns true, ``ValueError`` for an
    unknown ``style``, ``OSError`` if the file cannot be written.
    """
    if style not in citations.STYLES:
        raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(citations.STYLES)}")
    say = progress or (lambda message: None)
    out_path = Path(out_path)
    say("Checking every quote against its source…")
    checks = check_dossier(dossier, library)
    problems = [c for c in checks if not c.ok]
    if problems and not allow_mismatch:
        raise QuoteMismatch(problems)
    articles = library.get_many(c.article_id for c in dossier.clips())
    spans = {c.clip.id: c.new_span for c in checks if c.new_span}
    cites = citations.cite(dossier, articles, style=style, spans=spans)
    _register_fonts()
    writer = _Briefing(dossier, cites, {c.clip.id: c for c in problems}, include_empty)
    mode = out_path.stat().st_mode & 0o777 if out_path.is_file() else 0o644
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.chmod(tmp_name, mode)  # mkstemp makes it private; a briefing is an ordinary document
            pages = writer.build(handle, say, cancelled)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, out_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(out_path.parent)
    say(f"Wrote {pages} pages to {out_path.name}.")
    return ExportReport(out_path, pages, len(checks), len(cites.sources), problems)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every system (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _register_fonts() -> None:
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = resources_dir() / "fonts"
        for name, file in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        # Only the faces the briefing uses are shipped: no bold italic serif, no oblique sans.
        pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD)
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
        _fonts_ready = True


# ---------------------------------------------------------------------- markup

def _text(text: str) -> str:
    """Plain text as paragraph markup: escaped, with its line breaks kept."""
    return escape(text).replace("\r\n", "\n").replace("\n", "<br/>")


def _hex(color: colors.Color) -> str:
    return "#" + color.hexval()[2:]


def _link(target: str, inner: str) -> str:
    return f'<a href={quoteattr(target)} color="{_hex(LINK)}">{inner}</a>'


def _runs(runs: list[Run], source_anchor: str | None = None) -> str:
    """Citation runs as markup: titles link to the source entry, URLs are live, publishers in italics."""
    out = []
    for kind, text in runs:
        markup = _text(text)
        if kind == citations.TITLE and source_anchor:
            markup = _link("#" + source_anchor, markup)
        elif kind == citations.PUBLISHER:
            markup = f"<i>{markup}</i>"
        elif kind == citations.URL and re.match(r"(?i)https?://", text):
            markup = _link(text, markup)
        out.append(markup)
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=SERIF, fontSize=10.5, leading=14.5, textColor=INK,
                          allowWidows=0, allowOrphans=0, alignment=TA_LEFT)
    s = {
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=26, leading=32, spaceAfter=18),
        "cover": ParagraphStyle("cover", base, fontSize=13, leading=19),
        "cover_small": ParagraphStyle("cover_small", base, fontName=SANS, fontSize=9.5, leading=14, textColor=GREY),
        "alarm": ParagraphStyle("alarm", base, fontName=SANS_BOLD, fontSize=9, leading=12, textColor=ALARM,
                                spaceAfter=3),
        "h1": ParagraphStyle("h1", base, fontName=SANS_BOLD, fontSize=18, leading=23, spaceBefore=26, spaceAfter=4),
        "h1_sub": ParagraphStyle("h1_sub", base, fontName=SANS, fontSize=9, leading=12, textColor=GREY,
                                 spaceAfter=4),
        "quote": ParagraphStyle("quote", base, fontSize=11, leading=15.5, leftIndent=16, rightIndent=10),
        "note": ParagraphStyle("note", base, fontName=SANS, fontSize=9, leading=12.5, textColor=NOTE_INK,
                               leftIndent=30, spaceBefore=5),
        "empty": ParagraphStyle("empty", base, fontName=SANS, fontSize=9.5, leading=13, textColor=GREY),
        "endnote": ParagraphStyle("endnote", base, fontSize=9.5, leading=13, leftIndent=22, bulletIndent=0,
                                  spaceAfter=5, bulletFontName=SERIF),
        "source": ParagraphStyle("source", base, fontSize=9.5, leading=13, leftIndent=14, firstLineIndent=-14,
                                 spaceAfter=7),
        "toc": ParagraphStyle("toc", base, fontName=SANS, fontSize=11, leading=20),
    }
    s["quote_marked"] = ParagraphStyle("quote_marked", s["quote"], textColor=ALARM)
    # Space goes *before* a clip (and between the paragraphs of a quote), where reportlab
    # drops it at the top of a page, never after it, where it could push a blank page.
    for name in ("alarm", "quote"):
        s[name + "_first"] = ParagraphStyle(name + "_first", s[name], spaceBefore=CLIP_SPACE)
    for name in ("quote", "quote_marked"):
        s[name + "_more"] = ParagraphStyle(name + "_more", s[name], spaceBefore=QUOTE_PARAGRAPH_SPACE)
    return s


# ---------------------------------------------------------------------- flowables

class _Para(Paragraph):
    """A paragraph that breaks its lines once per width.

    Line breaking is most of the export's time, and each paragraph is measured several
    times: by its clip's ``KeepTogether``, by the frame, and again on the next pass.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_at", None) != availWidth or not hasattr(self, "blPara"):  # split() may drop it
            super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self.width, self.height


class _Heading(Paragraph):
    """A chapter title: a link target, a contents entry and (for sections) an outline entry."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, outline: bool):
        super().__init__(_text(text), style)
        self.toc_text, self.toc_key, self.outline = _text(text), key, outline
        self.plain_title = text

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.toc_key, 0, self.height)
        if self.outline:
            self.canv.addOutlineEntry(self.plain_title, self.toc_key, level=0)
        super().draw()


class _PageCount(Flowable):
    """Remembers the page count of the last pass, and asks for another pass if it changed."""

    def __init__(self) -> None:
        super().__init__()
        self.previous: int | None = None
        self.current: int | None = None
        self.doc: _Doc | None = None

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass

    def isIndexing(self) -> int:
        return 1

    def beforeBuild(self) -> None:
        self.previous, self.current = self.current, None

    def afterBuild(self) -> None:
        self.current = self.doc.page if self.doc else None

    def isSatisfied(self) -> int:
        return int(self.previous == self.current)

    def notify(self, kind: str, stuff) -> None:
        """Indexing flowables hear every notification; this one needs none."""


class _Doc(BaseDocTemplate):
    def __init__(self, handle, *, title: str, counter: _PageCount, cancelled, say, **info):
        super().__init__(handle, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                         bottomMargin=MARGIN_BOTTOM, title=title, initialFontName=SANS, pageCompression=1,
                         displayDocTitle=1, **info)
        self.header = title
        self.counter = counter
        counter.doc = self
        self._cancelled = cancelled
        self._say = say
        self.passes = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame]),
                               PageTemplate("body", [frame], onPage=self._furniture)])

    def beforeDocument(self) -> None:
        """Called at the start of every pass, on a new canvas."""
        if self._cancelled and self._cancelled():
            raise ExportCancelled()
        self.passes += 1
        self._say(f"Laying out the briefing (pass {self.passes})…")
        self.canv.showOutline()

    def afterPage(self) -> None:
        if self._cancelled and self._cancelled():
            raise ExportCancelled()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _Heading):
            self.notify("TOCEntry", (0, flowable.toc_text, self.page, flowable.toc_key))

    def _furniture(self, canvas, doc) -> None:
        """Running header (the dossier title) and footer (page X of Y)."""
        canvas.saveState()
        width = PAGE[0] - 2 * MARGIN_X
        top = PAGE[1] - MARGIN_TOP + 0.9 * cm
        canvas.setFont(SANS, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN_X, top, _fit(self.header, SANS, 8, width))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 5, MARGIN_X + width, top - 5)
        total = self.counter.previous
        footer = f"Page {doc.page} of {total}" if total else f"Page {doc.page}"
        canvas.drawCentredString(PAGE[0] / 2, MARGIN_BOTTOM - 1.1 * cm, footer)
        canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width``."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# ---------------------------------------------------------------------- the story

class _Briefing:
    """Turns a dossier and its citations into reportlab flowables, and builds the PDF."""

    def __init__(self, dossier: Dossier, cites: Citations, problems: dict[str, ClipCheck], include_empty: bool):
        self.dossier, self.cites, self.problems = dossier, cites, problems
        self.sections = [s for s in dossier.sections if s.clips or include_empty]
        self.st = _styles()
        self._quoted_in: dict[str, dict[str, str]] = {}  # article id -> section id -> link to its first clip there
        for section in self.sections:
            for clip in section.clips:
                self._quoted_in.setdefault(clip.article_id, {}).setdefault(
                    section.id, _link(f"#clip-{clip.id}", _text(section.title)))

    def build(self, handle, say: Callable[[str], None], cancelled) -> int:
        counter = _PageCount()
        clips, sources, sections = self.dossier.stats()
        doc = _Doc(
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
        story: list[Flowable] = [counter]
        story += self._cover(clips, sources, sections)
        if self.sections:
            story += self._contents()
        for n, section in enumerate(self.sections):
            story += self._chapter(section, first=n == 0)
        if self.cites.style == NOTES and self.cites.notes:
            story += self._notes()
        if self.cites.sources:
            story += self._sources()
        doc.multiBuild(story, maxPasses=6)
        return doc.page

    @staticmethod
    def _tally(clips: int, sources: int, sections: int) -> str:
        return f"{_plural(clips, 'excerpt')} from {_plural(sources, 'source')} in {_plural(sections, 'section')}"

    def _cover(self, clips: int, sources: int, sections: int) -> list[Flowable]:
        st = self.st
        story: list[Flowable] = [Spacer(1, 5 * cm), Paragraph(_text(self.dossier.title or "Untitled dossier"), st["title"])]
        if self.dossier.author:
            story.append(Paragraph(_text(f"Prepared by {self.dossier.author}"), st["cover"]))
        story.append(Paragraph(citations.format_date(date.today().isoformat()), st["cover"]))
        story.append(Spacer(1, 0.8 * cm))
        story.append(Paragraph(self._tally(clips, sources, sections), st["cover"]))
        if self.problems:
            n = len(self.problems)
            story.append(Spacer(1, 0.5 * cm))
            story.append(Paragraph(
                f"{_plural(n, 'excerpt')} {'does' if n == 1 else 'do'} not match {'its' if n == 1 else 'their'} "
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
        return [PageBreak(), _Heading(title, self.st["h1"], key, outline)]

    def _chapter(self, section, *, first: bool) -> list[Flowable]:
        """A section: on a new page after the contents, then where the last one ends if there is room.

        The heading is kept with the first clip; a clip starts at the foot of a page only if
        a good part of the page is left for it, and then splits.
        """
        heading = _Heading(section.title, self.st["h1"], f"section-{section.id}", True)
        if section.clips:
            top = [heading, Paragraph(_plural(len(section.clips), "excerpt"), self.st["h1_sub"])]
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
            out.append(Paragraph(_text(f"{what} — {problem.detail}" if problem.detail else what), st["alarm_first"]))
        if self.cites.style == NOTES:
            note = self.cites.note(clip)
            marker = f"<super>{_link('#' + note.anchor, str(note.number))}</super>"
        else:
            source = self.cites.source(clip)
            marker = f' <font name="{SANS}" size="8.5">{_runs(self.cites.in_text_runs(clip), source.anchor)}</font>'
        parts = re.split(r"\n[ \t]*\n\s*", clip.printed.strip("\n")) or [""]
        for n, part in enumerate(parts):
            markup = _text(part)
            if n == 0:
                markup = f'<a name="clip-{clip.id}"/>' + markup
            if n == len(parts) - 1:
                markup += marker
            if problem is not None:  # red, and the label above it carries the space before the clip
                style = st["quote_marked_more"] if n else st["quote_marked"]
            else:
                style = st["quote_more"] if n else st["quote_first"]
            out.append(_Para(markup, style))
        if clip.note.strip():
            out.append(_Para(_text(clip.note.strip()), st["note"]))
        return out

    def _notes(self) -> list[Flowable]:
        story = self._heading("Notes", "notes", outline=False)
        story.append(Spacer(1, 8))
        for note in self.cites.notes:
            markup = f'<a name="{note.anchor}"/>' + _runs(note.runs(), note.source.anchor)
            story.append(Paragraph(markup, self.st["endnote"], bulletText=f"{note.number}."))
        return story

    def _sources(self) -> list[Flowable]:
        if self.cites.style == NOTES and self.cites.notes:
            story: list[Flowable] = [CondPageBreak(6 * cm), _Heading("Sources", self.st["h1"], "sources", False),
                                     Spacer(1, 8)]
        else:
            story = self._heading("Sources", "sources", outline=False) + [Spacer(1, 8)]
        for source in self.cites.sources:
            markup = f'<a name="{source.anchor}"/>' + _runs(source.entry_runs(self.cites.style)) + self._backlinks(source)
            story.append(Paragraph(markup, self.st["source"]))
        return story

    def _backlinks(self, source) -> str:
        """Links from a source back to where it is cited: its notes, or the sections quoting it."""
        if self.cites.style == NOTES:
            links = ", ".join(_link(f"#note-{n}", str(n)) for n in source.notes)
            word = "note" if len(source.notes) == 1 else "notes"
            return f' <font name="{SANS}" size="8.5" color="{_hex(GREY)}">Cited in {word} {links}.</font>'
        first = self._quoted_in.get(source.article_id)
        if not first:
            return ""
        return f' <font name="{SANS}" size="8.5" color="{_hex(GREY)}">Quoted in {", ".join(first.values())}.</font>'
