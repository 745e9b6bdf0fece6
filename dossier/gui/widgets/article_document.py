"""An article laid out as a QTextDocument, and the map between its positions and the text's.

The reader shows only some of an article's paragraphs (not the title paragraph, and no
boilerplate unless asked), with a header above them. :class:`PositionMap` remembers where
each shown paragraph starts in the document and in ``article.text``, so a selection maps
back to the exact characters of the article, and a clip's span maps onto the page.
Each paragraph is inserted character for character (a line break inside a paragraph becomes
Qt's line separator, also one character), so offsets inside a paragraph map one to one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from dossier.core.dates import format_date
from dossier.core.language import is_right_to_left, language_name
from dossier.core.library import BOILERPLATE, TEXT, Article, Paragraph
from dossier.gui import theme

LINE_SEPARATOR = "\u2028"
#: The header's link to the article details dialog.
DETAILS_LINK = "dossier:details"
#: Block numbers of the header: the title, then the metadata line.
HEADER_BLOCKS = 2
Span = tuple[int, int]


@dataclass(frozen=True)
class Placed:
    """A paragraph on the page: document position, article offset, length, the paragraph."""

    doc_start: int
    art_start: int
    length: int
    paragraph: Paragraph
    block_number: int

    @property
    def doc_end(self) -> int:
        return self.doc_start + self.length

    @property
    def art_end(self) -> int:
        return self.art_start + self.length


class PositionMap:
    """Document positions <-> ``article.text`` offsets, for the paragraphs on the page."""

    def __init__(self, placed: list[Placed]):
        self.placed = placed
        self._doc_starts = [p.doc_start for p in placed]
        self._art_starts = [p.art_start for p in placed]

    def __bool__(self) -> bool:
        return bool(self.placed)

    def to_article(self, pos: int, *, forward: bool = True) -> int | None:
        """The article offset at document position ``pos``. A position outside the paragraphs
        moves to the next paragraph's start (``forward``) or the previous one's end."""
        if not self.placed:
            return None
        i = bisect_right(self._doc_starts, pos) - 1
        if i >= 0 and pos <= self.placed[i].doc_end:
            p = self.placed[i]
            return p.art_start + (pos - p.doc_start)
        if forward:
            return self.placed[i + 1].art_start if i + 1 < len(self.placed) else None
        return self.placed[i].art_end if i >= 0 else None

    def to_document(self, offset: int) -> int | None:
        """The document position of article offset ``offset`` (None if it is not shown)."""
        i = bisect_right(self._art_starts, offset) - 1
        if i >= 0 and offset <= self.placed[i].art_end:
            p = self.placed[i]
            return p.doc_start + (offset - p.art_start)
        return None

    def document_ranges(self, start: int, end: int) -> list[Span]:
        """The parts of article span ``[start, end)`` on the page, as document ranges."""
        out: list[Span] = []
        i = max(0, bisect_right(self._art_starts, start) - 1)
        for p in self.placed[i:]:
            if p.art_start >= end:
                break
            s, e = max(start, p.art_start), min(end, p.art_end)
            if e > s:
                out.append((p.doc_start + s - p.art_start, p.doc_start + e - p.art_start))
        return out

    def nearest_document(self, offset: int) -> int:
        """Where article offset ``offset`` is, or the start of the next shown paragraph."""
        exact = self.to_document(offset)
        if exact is not None:
            return exact
        for p in self.placed:
            if p.art_start >= offset:
                return p.doc_start
        return self.placed[-1].doc_end if self.placed else 0


def header_lines(article: Article) -> tuple[str, str]:
    """(title, "Publisher · Author · 17 March 2025 · Russian") for the page header (the language
    when it is not English)."""
    meta = article.meta
    parts = [p for p in (meta.publisher, meta.author) if p]
    parts.append(format_date(meta.published) if meta.published else "no date")
    if meta.language and meta.language != "en":
        parts.append(language_name(meta.language))
    if article.version > 1 or not article.current:
        parts.append(f"version {article.version}" + ("" if article.current else " (not the current one)"))
    if meta.fetched:  # a web page: when this copy of it was fetched (and archived)
        parts.append(f"fetched {format_date(meta.fetched[:10])}")
    return meta.title or "Untitled", " · ".join(parts)


def render(doc: QTextDocument, article: Article, *, boilerplate: bool = False) -> PositionMap:
    """Lay the article out in ``doc`` (cleared first): header, then the shown paragraphs."""
    doc.clear()
    doc.setDefaultFont(theme.reader_font())
    cursor = QTextCursor(doc)
    title, meta_line = header_lines(article)

    title_block = QTextBlockFormat()
    title_block.setBottomMargin(6)
    title_block.setLineHeight(118, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    title_format = QTextCharFormat()
    title_format.setFontPointSize(theme.READER_POINT_SIZE + 5)
    title_format.setFontWeight(QFont.Weight.Bold)
    title_format.setForeground(theme.INK)
    cursor.setBlockFormat(title_block)
    cursor.insertText(title, title_format)

    meta_block = QTextBlockFormat()
    meta_block.setBottomMargin(22)  # the view draws a hairline under the header here
    meta_format = QTextCharFormat()
    meta_format.setFontFamilies([theme.UI_FAMILY])
    meta_format.setFontPointSize(theme.READER_POINT_SIZE - 2)
    meta_format.setForeground(theme.MUTED)
    cursor.insertBlock(meta_block, meta_format)
    cursor.insertText(meta_line, meta_format)
    if article.meta.url:
        cursor.insertText(" · ", meta_format)
        cursor.insertText(_short_url(article.meta.url), _link(meta_format, article.meta.url))
    if not (article.meta.publisher and article.meta.published):
        cursor.insertText(" · ", meta_format)
        cursor.insertText("Add details for citations…", _link(meta_format, DETAILS_LINK))

    body_block = QTextBlockFormat()
    body_block.setTopMargin(14)
    body_block.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    body_format = QTextCharFormat()
    body_format.setForeground(theme.INK)
    furniture_format = QTextCharFormat()
    furniture_format.setForeground(theme.BOILERPLATE)
    furniture_format.setFontItalic(True)
    furniture_format.setFontPointSize(theme.READER_POINT_SIZE - 1)

    if is_right_to_left(article.meta.language):  # Arabic, Hebrew …: the title and text read right to left
        for block in (title_block, body_block):
            block.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.setBlockFormat(title_block)
        cursor.movePosition(QTextCursor.MoveOperation.End)
    placed: list[Placed] = []
    for para in article.visible_paragraphs(boilerplate=boilerplate):
        fmt = body_format if para.kind == TEXT else furniture_format
        cursor.insertBlock(body_block, fmt)
        start = cursor.position()
        text = article.text[para.start : para.end].replace("\n", LINE_SEPARATOR)
        cursor.insertText(text, fmt)
        placed.append(Placed(start, para.start, para.end - para.start, para, cursor.block().blockNumber()))
    return PositionMap(placed)


def _link(base: QTextCharFormat, href: str) -> QTextCharFormat:
    link = QTextCharFormat(base)
    link.setAnchor(True)
    link.setAnchorHref(href)
    link.setForeground(theme.ACCENT)
    return link


def boilerplate_count(article: Article) -> int:
    return sum(1 for p in article.paragraphs if p.kind == BOILERPLATE)


def _short_url(url: str) -> str:
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= 48 else bare[:46] + "…"


def highlight_format(color: QColor, *, underline: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(color)
    if underline:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(theme.INK)
    return fmt
