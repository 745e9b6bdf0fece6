"""The brief's text (:mod:`dossier.core.brief_text`) as Word paragraphs.

Paragraphs are set in the body's Normal style; list items in "List Paragraph", indented by
level, after a bullet or their number; emphasis, strong and links become run properties and
hyperlinks. A citation is written by the ``cite`` callable the caller gives (the quoted words
and the footnote reference or in-text citation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dossier.core.brief_text import (
    Blocks,
    BulletList,
    Citation,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Paragraph,
    Strong,
    Text,
)
from dossier.core.briefing import LIVE_LINK
from dossier.core.export import wordml

Cite = Callable[[Any, Citation], None]  # (the w:p, the citation)
INDENT = 360  # twentieths of a point per list level


def write_blocks(body: Any, part: Any, blocks: Blocks, cite: Cite, level: int = 0, prefix: str = "") -> None:
    """Append the blocks to ``body``; ``prefix`` (a bullet, a number) opens the first paragraph."""
    for block in blocks:
        if isinstance(block, Paragraph):
            style = "ListParagraph" if level else None
            p = wordml.paragraph(body, style)
            if level:
                _indent(p, level, bool(prefix))
            if prefix:
                wordml.text_run(p, prefix + "\t")
                prefix = ""
            write_inlines(p, part, block.inlines, cite)
            continue
        for n, item in enumerate(block.items):
            mark = "•" if isinstance(block, BulletList) else f"{block.start + n}."
            write_blocks(body, part, item.blocks, cite, level + 1, mark)


def write_inlines(
    p: Any, part: Any, inlines: Sequence[Inline], cite: Cite, *, italic: bool = False, bold: bool = False
) -> None:
    for inline in inlines:
        if isinstance(inline, Text):
            wordml.text_run(p, inline.text, italic=italic, bold=bold)
        elif isinstance(inline, LineBreak):
            wordml.text_run(p, "\n")
        elif isinstance(inline, Emphasis):
            write_inlines(p, part, inline.children, cite, italic=True, bold=bold)
        elif isinstance(inline, Strong):
            write_inlines(p, part, inline.children, cite, italic=italic, bold=True)
        elif isinstance(inline, Link):
            label = "".join(c.text for c in inline.children if isinstance(c, Text)) or inline.target
            if LIVE_LINK.fullmatch(inline.target):
                wordml.link(p, part, inline.target, label, italic=italic, bold=bold)
            else:
                write_inlines(p, part, inline.children, cite, italic=italic, bold=bold)
        elif isinstance(inline, Citation):
            cite(p, inline)


def _indent(p: Any, level: int, hanging: bool) -> None:
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(INDENT * level))
    if hanging:
        ind.set(qn("w:hanging"), str(INDENT))
    p.find(qn("w:pPr")).append(ind)
