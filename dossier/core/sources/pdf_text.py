"""PDF articles (pypdf): the text layer read back into paragraphs a sentence can be quoted from.

A PDF holds lines, not paragraphs. Lines are rebuilt from the text pypdf shows with their
positions; a paragraph ends where the gap to the next line is clearly wider than the line
spacing, the font size changes, or a page ends after a finished sentence. Inside a paragraph
the lines are joined with a space, so a sentence that wraps reads (and is quoted) as one.
A word hyphenated across a line end ("recon-" / "struction") is joined without its hyphen,
unless the document writes the hyphenated form elsewhere ("state-" / "owned" stays
"state-owned"); each join is recorded (``Parsed.found["joined"]``) so a quote can be traced
back to the PDF's own lines.

Page numbers and running headers and footers (the same line at the top or bottom of many
pages) are left out, so a paragraph that goes on over a page break is one paragraph.
Title, author and date come from the PDF's document information when it has them. A PDF
without a text layer (a scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

from dossier.core.errors import UnreadableFile
from dossier.core.textio import TITLE, Parsed, split_paragraphs

#: Largest PDF read, in bytes (reports with figures are bigger than text articles).
MAX_PDF_BYTES = 60 * 1024 * 1024
#: A gap this many times the usual line step starts a new paragraph.
PARAGRAPH_GAP = 1.3
NO_TEXT = "no text layer; scanned PDFs need OCR"
_JUNK_TITLES = re.compile(r"^(untitled|microsoft word - .*|document\d*|\(anonymous\)|\(unspecified\))$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")


@dataclass
class _Line:
    page: int
    y: float
    size: float
    text: str


def parse_pdf(data: bytes, name: str) -> Parsed:
    """Read a PDF's text layer; raise :class:`UnreadableFile` for a scan, a locked or a broken file."""
    if len(data) > MAX_PDF_BYTES:
        raise UnreadableFile(
            name, f"the PDF is too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_PDF_BYTES / 1e6:.0f} MB)"
        )
    import pypdf  # imported here: only PDFs need it
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(name, "the PDF is locked with a password")
        lines = _lines(reader)
        info = reader.metadata
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError) as exc:
        raise UnreadableFile(name, f"the PDF could not be read ({exc.__class__.__name__})") from exc
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(name, NO_TEXT)
    blocks = _paragraphs(_without_furniture(lines))
    joined: list[str] = []
    compounds = _hyphenated_words(lines)
    body = "\n\n".join(_join_lines(block, joined, compounds) for block in blocks)
    text = body.strip() + "\n"
    paragraphs = split_paragraphs(text, first_is_title=_first_is_title(blocks))
    found: dict[str, Any] = {}
    title = _info(info, "/Title")
    if title and _JUNK_TITLES.match(title):
        title = None
    if _info(info, "/Author"):
        found["author"] = _info(info, "/Author")
    date = _pdf_date(_info(info, "/CreationDate"))
    if date:
        found["published"] = date
    if joined:
        found["joined"] = joined
    if not title:
        first = next((p for p in paragraphs if p.kind == TITLE), paragraphs[0] if paragraphs else None)
        title = text[first.start : first.end] if first is not None else "Untitled"
        title = title if len(title) <= 120 else title[:117].rstrip() + "…"
    return Parsed(text, paragraphs, title, found, "pdf")


# ---------------------------------------------------------------------- lines


def _lines(reader: Any) -> list[_Line]:
    """Every line of text with its page, baseline height and font size, in reading order."""
    lines: list[_Line] = []
    for number, page in enumerate(reader.pages):
        collector = _LineCollector(number, lines)
        page.extract_text(visitor_text=collector.visit)
        collector.flush()
    return lines


class _LineCollector:
    """Receives pypdf's text pieces with their matrices and cuts them into lines."""

    def __init__(self, page: int, lines: list[_Line]):
        self.page, self.lines = page, lines
        self.pieces: list[str] = []
        self.where: list[tuple[float, float]] = []

    def visit(self, text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or abs(cm[3]) or 1.0
        parts = text.split("\n")
        for n, piece in enumerate(parts):
            if piece:
                self.pieces.append(piece)
                self.where.append((y, size * scale if scale < 50 else size))
            if n < len(parts) - 1:
                self.flush()

    def flush(self) -> None:
        text = " ".join("".join(self.pieces).split())
        if text:
            self.lines.append(_Line(self.page, self.where[0][0], max(size for _, size in self.where), text))
        self.pieces.clear()
        self.where.clear()


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Lines grouped into paragraphs by the gaps between them."""
    steps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.page == b.page and 0 < a.y - b.y < 4 * a.size]
    usual = median(steps) if steps else 0.0
    blocks: list[list[_Line]] = []
    for line in lines:
        if not blocks:
            blocks.append([line])
            continue
        last = blocks[-1][-1]
        if line.page != last.page:  # a paragraph goes on over a page break unless its sentence ended
            new = bool(_SENTENCE_END.search(last.text)) or abs(line.size - last.size) > 0.5
        else:
            gap = last.y - line.y
            new = abs(line.size - last.size) > 0.5 or gap <= 0 or (usual > 0 and gap > usual * PARAGRAPH_GAP)
        if new:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s*)?\d+(\s*(of|/)\s*\d+)?[-–—\s]*$", re.IGNORECASE)
#: Lines this near the top or bottom of a page may be running headers and footers.
EDGE_LINES = 2


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """The lines without page furniture: page numbers, and running headers and footers (a line
    at the top or bottom of a page that comes back, digits aside, on two pages in five or more)."""
    pages: dict[int, list[_Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    if len(pages) < 2:
        return lines
    edges = {id(line) for page in pages.values() for line in page[:EDGE_LINES] + page[-EDGE_LINES:]}
    seen: Counter[str] = Counter()
    for page in pages.values():
        seen.update({_shape(line.text) for line in page[:EDGE_LINES] + page[-EDGE_LINES:]})
    repeated = {shape for shape, n in seen.items() if n >= max(2, 0.4 * len(pages))}
    return [
        line
        for line in lines
        if id(line) not in edges or not (_PAGE_NUMBER.match(line.text) or _shape(line.text) in repeated)
    ]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _first_is_title(blocks: list[list[_Line]]) -> bool:
    """The first paragraph is a title when it is one line set larger than the text after it."""
    if len(blocks) < 2 or len(blocks[0]) != 1:
        return False
    return blocks[0][0].size > median(line.size for block in blocks[1:] for line in block) + 0.5


# ---------------------------------------------------------------------- joining

_COMPOUND = re.compile(r"\w+-\w+")
_HYPHEN_END = re.compile(r"(\w+)-$")
_WORD_START = re.compile(r"^([a-zà-ÿ]\w*)")


def _hyphenated_words(lines: list[_Line]) -> set[str]:
    """Hyphenated words the document writes inside its lines ("state-owned"), lower-cased."""
    return {m.lower() for m in _COMPOUND.findall("\n".join(line.text for line in lines))}


def _join_lines(block: list[_Line], joined: list[str], keep: set[str]) -> str:
    """A paragraph's lines as one: soft breaks become spaces, line-end hyphens are resolved."""
    out = block[0].text
    for line in block[1:]:
        head = _HYPHEN_END.search(out)
        tail = _WORD_START.match(line.text)
        if head and tail and out[head.start() - 1 : head.start()] != "-":
            compound = f"{head.group(1)}-{tail.group(1)}"
            if compound.lower() in keep:
                out += line.text  # a real hyphenated word, broken at its hyphen
                joined.append(f"{compound} (hyphen kept)")
            else:
                out = out[:-1] + line.text
                joined.append(f"{head.group(1)}-|{tail.group(1)} → {head.group(1)}{tail.group(1)}")
        else:
            out += " " + line.text
    return out


# ---------------------------------------------------------------------- document information


def _info(info: Any, key: str) -> str | None:
    if not info:
        return None
    try:
        value = info.get(key)
    except Exception:  # noqa: BLE001 - a damaged info dictionary is just no information
        return None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _pdf_date(value: str | None) -> str | None:
    """``D:20250317120000+01'00'`` → ``2025-03-17``."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value or "")
    if not match:
        return None
    year, month, day = match.groups()
    if not month:
        return year
    if not (1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}" + (f"-{day}" if day else "")
