"""The briefing's page machinery: cached paragraphs, chapter headings, the page count and the document template.

The document is laid out twice (``multiBuild``): the first pass learns the page of each
chapter and the page count, the second prints them in the contents and the footers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from dossier.core.errors import ExportCancelled
from dossier.core.export.pdf_fonts import SANS, SANS_BOLD, fit
from dossier.core.export.pdf_markup import anchor, escape_text
from dossier.core.export.pdf_scripts import in_fallback_face
from dossier.core.export.pdf_styles import ALARM, GREY, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE, RULE

_SHAPED: dict[str, ParagraphStyle] = {}
HAIR_SPACE = "\u200a"  # between a quote and its note marker
_TAG = re.compile(r"<[^>]*>")


def plain_text(markup: str) -> str:
    """The text of paragraph markup: without its tags, unescaped, ``<br/>`` as a line break."""
    return html.unescape(_TAG.sub("", markup.replace("<br/>", "\n")))


def shaped_style(markup: str, style: ParagraphStyle) -> ParagraphStyle:
    """``style``, shaping its text by HarfBuzz if the markup has a run in a fallback face (it
    joins Arabic letters, builds Devanagari conjuncts, places Thai marks, lays Arabic and Hebrew
    right to left). Only then: reportlab cannot shape a paragraph with inline targets or the
    contents' dot leaders."""
    if getattr(style, "shaping", 0) or not in_fallback_face(markup):
        return style
    if style.name not in _SHAPED:
        _SHAPED[style.name] = ParagraphStyle(style.name + "-shaped", style, shaping=1)
    return _SHAPED[style.name]


class Para(Paragraph):
    """A paragraph that breaks its lines once per width, shaped when its scripts need it.

    Line breaking is most of the export's time, and each paragraph is measured several
    times: by its clip's ``KeepTogether``, by the frame, and again on the next pass.

    A shaped paragraph's glyphs (Arabic joining forms, ligatures, conjuncts) do not all stand
    for one character each, so its text goes into the PDF's text layer as the paragraph's
    ``/ActualText``: copying or extracting the text gives the characters of the quote, in
    their order, not the glyphs.
    """

    def __init__(
        self, text: str | None, style: ParagraphStyle, *args: Any, plain: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(text, shaped_style(text, style) if text is not None else style, *args, **kwargs)
        self._made_of = (text, style, args, kwargs)
        self.plain = plain if plain is not None or text is None else plain_text(text)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for n, part in enumerate(parts):
            if isinstance(part, Para):
                part.plain = self.plain if n == 0 else ""  # the whole text once, where it starts
        return parts

    def draw(self) -> None:
        actual = bool(self.style.shaping) and self.plain is not None
        if actual:
            code = ("\ufeff" + (self.plain or "")).encode("utf-16-be").hex().upper()
            self.canv.addLiteral(f"/Span <</ActualText <{code}>>> BDC")
        super().draw()
        if actual:
            self.canv.addLiteral("EMC")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_at", None) != availWidth or not hasattr(self, "blPara"):  # split() may drop it
            try:
                super().wrap(availWidth, availHeight)
            except (KeyError, AttributeError, IndexError):
                if not self.style.shaping:
                    raise
                # reportlab shapes a word in the face of its first letter: a word mixing faces it
                # cannot shape is set unshaped (every glyph is still there)
                text, style, args, kwargs = self._made_of
                Paragraph.__init__(self, text, style, *args, **kwargs)
                super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self.width, self.height


class RightToLeftPara(Para):
    """A quote paragraph in Arabic or Hebrew with its note marker: reportlab sets the marker
    (a left-to-right run) after the right-to-left text on its line, which is its logical end
    only when the text runs over several lines; on one line the marker goes first, so that it
    stands at the left, where the sentence ends."""

    def __init__(
        self,
        markup: str | None,
        marker: Any,
        style: ParagraphStyle | None = None,
        *,
        plain: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._parts: tuple[str, str, ParagraphStyle, str | None] | None = None
        if markup is None or style is None:  # a part made by split(): (None, style, bulletText=…, frags=…)
            super().__init__(None, marker, **kwargs)
            return
        self._parts = (markup, marker, style, plain)
        super().__init__(markup + (HAIR_SPACE + marker if marker else ""), style, plain=plain)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = super().wrap(availWidth, availHeight)
        parts, self._parts = self._parts, None
        if parts is not None and len(getattr(self.blPara, "lines", ())) == 1:
            markup, marker, style, plain = parts
            Para.__init__(self, (marker + HAIR_SPACE if marker else "") + markup, style, plain=plain)
            self.__dict__.pop("_wrapped_at", None)
            width, height = super().wrap(availWidth, availHeight)
        return width, height


class Heading(Para):
    """A chapter title: a link target, a contents entry and (for sections) an outline entry."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, outline: bool):
        super().__init__(escape_text(text), style, plain=text)
        self.toc_text, self.toc_key, self.outline = escape_text(text), anchor(key), outline
        self.plain_title = text

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.toc_key, 0, self.height)
        if self.outline:
            self.canv.addOutlineEntry(self.plain_title, self.toc_key, level=0)
        super().draw()


class PageCount(Flowable):
    """Remembers the page count of the last pass, and asks for another pass if it changed."""

    def __init__(self) -> None:
        super().__init__()
        self.previous: int | None = None
        self.current: int | None = None
        self.doc: BriefingDoc | None = None

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

    def notify(self, kind: str, stuff: object) -> None:
        """Indexing flowables hear every notification; this one needs none."""


class BriefingDoc(BaseDocTemplate):
    """A cover page template, and body pages with a running header and a "page X of Y" footer.

    A handling ``marking`` is printed at the head and the foot of every page, the cover included.
    """

    def __init__(
        self,
        handle: BinaryIO,
        *,
        title: str,
        counter: PageCount,
        cancelled: Callable[[], bool] | None,
        say: Callable[[str], None],
        marking: str = "",
        pagesize: tuple[float, float] = PAGE,
        **info: object,
    ) -> None:
        super().__init__(
            handle,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            initialFontName=SANS,
            pageCompression=1,
            displayDocTitle=1,
            **info,
        )
        self.header = title
        self.marking = " ".join(marking.split())
        self._header_style = ParagraphStyle("header", fontName=SANS, fontSize=8, leading=10, textColor=GREY, shaping=1)
        self.counter = counter
        counter.doc = self
        self._cancelled = cancelled
        self._say = say
        self.passes = 0
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._marking),
                PageTemplate("body", [frame], onPage=self._furniture),
            ]
        )

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

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.notify("TOCEntry", (0, flowable.toc_text, self.page, flowable.toc_key))

    def _marking(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """The handling marking, centred at the head and the foot of the page."""
        if not self.marking:
            return
        page_width, page_height = self.pagesize
        canvas.saveState()
        canvas.setFont(SANS_BOLD, 8)
        canvas.setFillColor(ALARM)
        text = fit(self.marking, SANS_BOLD, 8, page_width - 2 * MARGIN_X)
        canvas.drawCentredString(page_width / 2, page_height - 1.1 * cm, text)
        canvas.drawCentredString(page_width / 2, 0.8 * cm, text)
        canvas.restoreState()

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Running header (the dossier title), footer (page X of Y) and the marking."""
        self._marking(canvas, doc)
        canvas.saveState()
        page_width, page_height = self.pagesize
        width = page_width - 2 * MARGIN_X
        top = page_height - MARGIN_TOP + 0.9 * cm
        canvas.setFont(SANS, 8)
        canvas.setFillColor(GREY)
        if self.header.isascii():
            canvas.drawString(MARGIN_X, top, fit(self.header, SANS, 8, width))
        else:  # each script in its face, shaped: a paragraph of one line
            line = Paragraph(escape_text(fit(self.header, SANS, 8, width)), self._header_style)
            line.wrapOn(canvas, width * 1.2, 20)
            line.drawOn(canvas, MARGIN_X, top - 2)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 5, MARGIN_X + width, top - 5)
        total = self.counter.previous
        footer = f"Page {doc.page} of {total}" if total else f"Page {doc.page}"
        canvas.drawCentredString(page_width / 2, MARGIN_BOTTOM - 1.1 * cm, footer)
        canvas.restoreState()
