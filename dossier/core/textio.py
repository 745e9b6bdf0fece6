"""Turning a file's bytes into article text: decoding, HTML extraction, paragraphs, boilerplate.

Nothing here deletes text. Page furniture ("Share.", "Exit mobile version", contact
blocks, "About The Author") is *marked* as boilerplate so that it is neither indexed nor
shown by default, while the stored text stays exactly what the source said and every
character offset into it stays true.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from dossier.core import limits
from dossier.core.decoding import Decoded, decode_bytes
from dossier.core.errors import UnreadableFile

#: Largest article accepted, in bytes of the original file.
MAX_ARTICLE_BYTES = 10 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: Read by their own modules in :mod:`dossier.core.sources` (see :func:`parse`).
MARKDOWN_SUFFIXES = {".md", ".markdown"}
DOCUMENT_SUFFIXES = {".pdf", ".docx"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCUMENT_SUFFIXES

TITLE, TEXT, BOILERPLATE = "title", "text", "boilerplate"


@dataclass(frozen=True)
class Paragraph:
    """A span of the article text. ``number`` counts text paragraphs from 1 (the ¶ of a citation)."""

    start: int
    end: int
    kind: str = TEXT
    number: int | None = None


@dataclass
class Parsed:
    """What a file says: its text, where its paragraphs are, and metadata found inside it."""

    text: str
    paragraphs: list[Paragraph]
    title: str
    found: dict[str, str] = field(default_factory=dict)  # publisher, author, published, url
    encoding: str = "utf-8"
    warning: str | None = None  # the encoding was a guess, or not the one declared
    language: str | None = None  # ISO 639-1, filled in by the library


# --------------------------------------------------------------------------- decoding


def decode(data: bytes, name: str = "file", *, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode article bytes; return ``(text, encoding)`` or raise :class:`UnreadableFile`."""
    decoded = decode_checked(data, name, declared=declared, html=html)
    return decoded.text, decoded.encoding


def decode_checked(data: bytes, name: str = "file", *, declared: str | None = None, html: bool = False) -> Decoded:
    """Decode article bytes (:func:`dossier.core.decoding.decode_bytes`) after checking that they
    are an article's: not empty, not too large, not binary. Raises :class:`UnreadableFile`."""
    if not data.strip():
        raise UnreadableFile(name, "the file is empty")
    if len(data) > MAX_ARTICLE_BYTES:
        raise UnreadableFile(
            name,
            f"the file is too large to be an article ({len(data) / 1e6:.1f} MB; "
            f"the limit is {MAX_ARTICLE_BYTES / 1e6:.0f} MB)",
        )
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(name, "it is a binary file, not text")
    decoded = decode_bytes(data, name, declared=declared, html=html)
    if not _looks_like_text(decoded.text):
        raise UnreadableFile(name, "its characters could not be decoded as text")
    return decoded


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x80-\x9f]")


def _looks_like_text(text: str) -> bool:
    """Few control characters (C0 other than tab/newlines/form feed, and C1) in the first 64 KB."""
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) <= max(2, len(sample) // 200)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- paragraphs

_PARA_SPLIT = re.compile(r"\n[ \t\f\v]*\n\s*")

_BOILERPLATE_LINES = [
    r"share\.?",
    r"share (this|on \w+).*",
    r"exit mobile version",
    r"about the author",
    r"(related|read more|recommended)( (articles?|posts?|stories))?:?",
    r"(tweet|print|e-?mail this|facebook|twitter|whatsapp|linkedin)",
    r"(address|email|e-mail|tel(ephone)?|phone|fax)\s*[–:—-].*",
    r"(all rights reserved|copyright|©).*",
    r"(subscribe|sign up)( to| for)? (our|the) newsletter.*",
    r"advertisement",
    r"skip to (main )?content",
]
_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(_BOILERPLATE_LINES) + r")\s*$", re.IGNORECASE)


_BOILERPLATE_START = re.compile(r"\s*(?:" + "|".join(_BOILERPLATE_LINES) + r")", re.IGNORECASE)


def is_boilerplate(block: str) -> bool:
    """True when every line of a block is page furniture rather than reporting."""
    if not _BOILERPLATE_START.match(block):  # the first line cannot match: most blocks stop here
        return False
    lines = [line for line in block.splitlines() if line.strip()]
    return bool(lines) and all(_BOILERPLATE.match(line) for line in lines)


def split_paragraphs(text: str, *, first_is_title: bool = True) -> list[Paragraph]:
    """Find the paragraph spans (blank-line separated, trimmed) and classify each one."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sep in _PARA_SPLIT.finditer(text):
        spans.append((pos, sep.start()))
        pos = sep.end()
    spans.append((pos, len(text)))
    paragraphs: list[Paragraph] = []
    number = 0
    for start, end in spans:
        block = text[start:end].strip()
        if not block:
            continue
        stripped_start = text.index(block[0], start)  # everything before it is white space
        stripped_end = stripped_start + len(block)
        if first_is_title and not paragraphs and "\n" not in block and len(block) <= 300:
            paragraphs.append(Paragraph(stripped_start, stripped_end, TITLE))
        elif is_boilerplate(block):
            paragraphs.append(Paragraph(stripped_start, stripped_end, BOILERPLATE))
        else:
            number += 1
            paragraphs.append(Paragraph(stripped_start, stripped_end, TEXT, number))
    return paragraphs


def _title_of(text: str, paragraphs: list[Paragraph]) -> str:
    for para in paragraphs:
        if para.kind == TITLE:
            return text[para.start : para.end].lstrip("# ").strip()
    first = next((p for p in paragraphs if p.kind == TEXT), None)
    if first is None:
        return "Untitled"
    line = text[first.start : first.end].splitlines()[0].strip()
    return line if len(line) <= 120 else line[:117].rstrip() + "…"


# --------------------------------------------------------------------------- formats


def parse_plain(data: bytes, name: str, charset: str | None = None) -> Parsed:
    decoded = decode_checked(data, name, declared=charset)
    text, encoding = decoded.text, decoded.encoding
    text = normalise_newlines(text)
    if not text.strip():
        raise UnreadableFile(name, "the file holds no text")
    paragraphs = split_paragraphs(text)
    if not any(p.kind == TEXT for p in paragraphs):
        raise UnreadableFile(name, "the file holds a title but no article text")
    return Parsed(text, paragraphs, _title_of(text, paragraphs), encoding=encoding, warning=decoded.warning)


_OPENING_TAG = re.compile(r"<[A-Za-z]")


def check_html_size(markup: str, name: str) -> None:
    """Refuse a page with more elements than :data:`~dossier.core.limits.MAX_HTML_TAGS`:
    extracting text takes time that grows faster than the number of elements (400,000 empty
    paragraphs took five minutes), and no article page has that many."""
    count = sum(1 for _ in itertools.islice(_OPENING_TAG.finditer(markup), limits.MAX_HTML_TAGS + 1))
    if count > limits.MAX_HTML_TAGS:
        raise UnreadableFile(
            name, f"the HTML page has more than {limits.MAX_HTML_TAGS:,} elements, too many for an article page"
        )


def parse_html(data: bytes, name: str, charset: str | None = None, base_url: str | None = None) -> Parsed:
    """Extract the article text with trafilatura; title, authors, date, publisher and URL from
    the page's JSON-LD and meta tags (:mod:`dossier.core.sources.page_meta`), else trafilatura's.
    The page is decoded by what the server (``charset``) or the page itself declares, before
    trafilatura sees it."""
    decoded = decode_checked(data, name, declared=charset, html=True)
    markup, encoding = decoded.text, decoded.encoding
    check_html_size(markup, name)
    import trafilatura  # imported here: it is slow to load and only HTML needs it

    from dossier.core.sources.page_meta import page_meta

    try:
        doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise UnreadableFile(name, f"the HTML could not be read ({exc.__class__.__name__})") from exc
    if doc is None:
        raise UnreadableFile(name, "no article text was found in the HTML page")
    info = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    page = page_meta(markup, base_url)
    title = page.title or (info.get("title") or "").strip()
    lines = [line.strip() for line in normalise_newlines(info.get("text") or "").split("\n")]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    if not lines:
        raise UnreadableFile(name, "no article text was found in the HTML page")
    text = (title + "\n\n" if title else "") + "\n\n".join(lines) + "\n"
    paragraphs = split_paragraphs(text, first_is_title=bool(title))
    found = {
        "publisher": info.get("sitename"),
        "author": info.get("author"),
        "published": info.get("date"),
        "url": info.get("url"),
        **page.found(),
    }
    return Parsed(
        text,
        paragraphs,
        title or _title_of(text, paragraphs),
        {k: v.strip() for k, v in found.items() if isinstance(v, str) and v.strip()},
        encoding,
        decoded.warning,
    )


def parse(data: bytes, name: str, suffix: str, charset: str | None = None) -> Parsed:
    """Parse a file's bytes by its suffix (``.txt``, ``.md``, ``.html``, ``.pdf``, ``.docx`` …);
    ``charset`` is the encoding a server declared for them, if any."""
    suffix = suffix.lower()
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        from dossier.core.sources.pdf_text import parse_pdf

        return parse_pdf(data, name)
    if suffix == ".docx":
        from dossier.core.sources.docx_text import parse_docx

        return parse_docx(data, name)
    if suffix in MARKDOWN_SUFFIXES:
        from dossier.core.sources.markdown_text import parse_markdown

        return parse_markdown(data, name)
    if suffix in HTML_SUFFIXES or (
        suffix not in TEXT_SUFFIXES and data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))
    ):
        return parse_html(data, name, charset)
    return parse_plain(data, name, charset)
