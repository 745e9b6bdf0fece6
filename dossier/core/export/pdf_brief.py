"""The brief's text (:mod:`dossier.core.brief_text`) as reportlab flowables.

Paragraphs become paragraphs and lists reportlab lists; inline emphasis, strong and links
become paragraph markup around escaped text. A citation is printed by the ``cite`` callable
the caller gives (the quoted words and the note number), already as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ListFlowable, ListItem

from dossier.core.brief_text import (
    Block,
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
from dossier.core.export.pdf_layout import Para
from dossier.core.export.pdf_markup import escape_text, link

#: Link targets a briefing makes live; anything else (``javascript:``, a file) prints as text.
_LIVE = re.compile(r"(?i)(https?://|mailto:)\S+")

CiteMarkup = Callable[[Citation], str]


def flowables(blocks: Blocks, style: ParagraphStyle, cite: CiteMarkup) -> list[Flowable]:
    """The blocks as flowables set in ``style`` (lists indented under it)."""
    return [_block(block, style, cite) for block in blocks]


def markup(inlines: Sequence[Inline], cite: CiteMarkup) -> str:
    """Inline content as paragraph markup; all user text escaped."""
    out = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.append(escape_text(inline.text))
        elif isinstance(inline, LineBreak):
            out.append("<br/>")
        elif isinstance(inline, Citation):
            out.append(cite(inline))
        elif isinstance(inline, Emphasis):
            out.append(f"<i>{markup(inline.children, cite)}</i>")
        elif isinstance(inline, Strong):
            out.append(f"<b>{markup(inline.children, cite)}</b>")
        elif isinstance(inline, Link):
            inner = markup(inline.children, cite)
            out.append(link(inline.target, inner) if _LIVE.fullmatch(inline.target) else inner)
    return "".join(out)


def _block(block: Block, style: ParagraphStyle, cite: CiteMarkup) -> Flowable:
    if isinstance(block, Paragraph):
        return Para(markup(block.inlines, cite), style)
    items = [ListItem([_block(b, style, cite) for b in item.blocks]) for item in block.items]
    if isinstance(block, BulletList):
        return ListFlowable(
            items,
            bulletType="bullet",
            start="•",
            leftIndent=16,
            bulletFontName=style.fontName,
            bulletFontSize=style.fontSize,
            spaceBefore=style.spaceBefore,
        )
    return ListFlowable(
        items,
        bulletType="1",
        start=str(block.start),
        leftIndent=18,
        bulletFormat="%s.",
        bulletFontName=style.fontName,
        bulletFontSize=style.fontSize,
        spaceBefore=style.spaceBefore,
    )
