"""The briefing's page machinery: cached paragraphs, chapter headings, the page count and the document template.

The document is laid out twice (``multiBuild``): the first pass learns the page of each
chapter and the page count, the second prints them in the contents and the footers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from dossier.core.errors import ExportCancelled
from dossier.core.export.pdf_fonts import SANS, SANS_BOLD, fit
from dossier.core.export.pdf_markup import anchor, escape_text
from dossier.core.export.pdf_styles import ALARM, GREY, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE, RULE


class Para(Paragraph):
    """A paragraph that breaks its lines once per width.

    Line breaking is most of the export's time, and each paragraph is measured several
    times: by its clip's ``KeepTogether``, by the frame, and again on the next pass.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_at", None) != availWidth or not hasattr(self, "blPara"):  # split() may drop it
            super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self.width, self.height


class Heading(Paragraph):
    """A chapter title: a link target, a contents entry and (for sections) an outline entry."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, outline: bool):
        super().__init__(escape_text(text), style)
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

    def __init__(self, handle: BinaryIO, *, title: str, counter: PageCount, cancelled: Callable[[], bool] | None,
                 say: Callable[[str], None], marking: str = "", pagesize: tuple[float, float] = PAGE,
                 **info: object) -> None:
        super().__init__(handle, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                         bottomMargin=MARGIN_BOTTOM, title=title, initialFontName=SANS, pageCompression=1,
                         displayDocTitle=1, **info)
        self.header = title
        self.marking = " ".join(marking.split())
        self.counter = counter
        counter.doc = self
        self._cancelled = cancelled
        self._say = say
        self.passes = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=self._marking),
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
        canvas.drawString(MARGIN_X, top, fit(self.header, SANS, 8, width))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 5, MARGIN_X + width, top - 5)
        total = self.counter.previous
        footer = f"Page {doc.page} of {total}" if total else f"Page {doc.page}"
        canvas.drawCentredString(page_width / 2, MARGIN_BOTTOM - 1.1 * cm, footer)
        canvas.restoreState()
