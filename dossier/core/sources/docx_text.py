"""Word documents (.docx, python-docx): paragraphs and headings, title and author.

Each paragraph of the document is a paragraph of the article, in document order with the
rows of its tables (cells separated by a tab); empty ones are left out. A paragraph in the
"Title" style (else the core properties' title) is the article's title; the core
properties also give the author and the date.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from dossier.core.errors import UnreadableFile
from dossier.core.textio import Parsed, split_paragraphs

MAX_DOCX_BYTES = 60 * 1024 * 1024


def parse_docx(data: bytes, name: str) -> Parsed:
    """Read a .docx; raise :class:`UnreadableFile` for a damaged, old-format or empty one."""
    if len(data) > MAX_DOCX_BYTES:
        raise UnreadableFile(
            name, f"the document is too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_DOCX_BYTES / 1e6:.0f} MB)"
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(name, "it is an old Word .doc file; save it as .docx first")
    import docx  # imported here: only Word documents need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks, styled_title = _blocks(document)
        props = document.core_properties
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(name, "it is not a readable Word document (.docx)") from exc
    title = styled_title or (props.title or "").strip()
    if not any(blocks):
        raise UnreadableFile(name, "the document holds no text")
    starts_with_title = bool(title) and blocks[0] == title
    text = "\n\n".join(blocks) + "\n"
    paragraphs = split_paragraphs(text, first_is_title=starts_with_title or _title_sized(blocks))
    found: dict[str, Any] = {}
    if (props.author or "").strip():
        found["author"] = props.author.strip()
    when = props.created
    if when is not None:
        found["published"] = when.date().isoformat()
    if not title:
        first = paragraphs[0]
        title = text[first.start : first.end].splitlines()[0][:120]
    return Parsed(text, paragraphs, title, found, "docx")


def _blocks(document: Any) -> tuple[list[str], str | None]:
    """The text of each paragraph and table row in order, and the text styled as the title."""
    from docx.table import Table

    blocks: list[str] = []
    title: str | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(" ".join(c.text.split()) for c in row.cells))
                line = "\t".join(c for c in cells if c)
                if line:
                    blocks.append(line)
            continue
        text = "\n".join(" ".join(part.split()) for part in item.text.split("\n")).strip()
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        if style == "Title" and title is None and not blocks:
            title = " ".join(text.split())
        blocks.append(text)
    return blocks, title


def _title_sized(blocks: list[str]) -> bool:
    """Without a Title style: a short first paragraph followed by others reads as a title."""
    return len(blocks) > 1 and "\n" not in blocks[0] and len(blocks[0]) <= 150
