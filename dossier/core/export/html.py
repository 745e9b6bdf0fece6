"""The HTML briefing: one self-contained page, fit to publish on an intranet or print.

Written from a :class:`~dossier.core.briefing.Briefing`. Its style sheet is inline, with
print rules (page breaks before chapters, links' targets not printed, no colours lost); it
loads nothing and runs no script. Each quote is a ``<blockquote cite="URL">`` (the article's
address, when known) carrying ``lang`` and ``dir`` when it is written in another script
than the page. In a note style the notes follow the text as an ordered list, each with
links back to every quote citing it; the list of sources links back to notes or sections.
All user text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import BinaryIO

from dossier import __version__
from dossier.core import citations
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
from dossier.core.briefing import (
    BOTTOM_LINE_ANCHOR,
    BOTTOM_LINE_TITLE,
    LIVE_LINK,
    Briefing,
    BriefSection,
    Cited,
    Excerpt,
    marked_sentence,
    plural,
)
from dossier.core.citations import Run
from dossier.core.export.html_css import CSS


def write_html(briefing: Briefing, handle: BinaryIO) -> None:
    handle.write(render_html(briefing).encode("utf-8"))


def render_html(briefing: Briefing) -> str:
    """The briefing as one HTML5 document."""
    cover = briefing.cover
    head = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(cover.title)}</title>",
        f'<meta name="author" content="{escape(cover.author)}">' if cover.author else "",
        f'<meta name="description" content="{escape("Briefing: " + cover.tally)}">',
        f'<meta name="keywords" content="{escape(", ".join(briefing.keywords))}">',
        f'<meta name="generator" content="Dossier {escape(__version__)}">',
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    writer = _Writer(briefing)
    body = _cover(briefing)
    parts = [(BOTTOM_LINE_TITLE, BOTTOM_LINE_ANCHOR)] if briefing.bottom_line else []
    parts += [(s.title, s.anchor) for s in briefing.sections]
    if parts:
        body.append(
            '<nav aria-label="Contents"><h2>Contents</h2><ol>'
            + "".join(f'<li><a href="#{anchor}">{escape(title)}</a></li>' for title, anchor in parts)
            + "</ol></nav>"
        )
    body.append("<main>")
    if briefing.bottom_line:
        body.append(f'<section class="chapter" id="{BOTTOM_LINE_ANCHOR}"><h2>{BOTTOM_LINE_TITLE}</h2>')
        body += [writer.blocks(briefing.bottom_line), "</section>"]
    for section in briefing.sections:
        body += writer.section(section)
    body.append("</main>")
    if briefing.notes:
        body.append('<section class="chapter" id="notes"><h2>Notes</h2><ol class="notes">')
        for note in briefing.notes:
            back = " ".join(f'<a href="#{anchor}" aria-label="Back to the quote">↩</a>' for anchor in note.cited_by)
            body.append(
                f'<li id="{note.anchor}" value="{note.number}">{runs(note.runs, note.source_anchor)} '
                f'<span class="backlinks">{back}</span></li>'
            )
        body.append("</ol></section>")
    if briefing.sources:
        body.append(
            f'<section class="chapter" id="sources"><h2>{escape(briefing.style.sources_heading)}</h2>'
            '<ul class="sources">'
        )
        for source in briefing.sources:
            body.append(
                f'<li id="{source.anchor}">{runs(source.runs)}{_backlinks(source.notes, source.quoted_in)}</li>'
            )
        body.append("</ul></section>")
    if briefing.cover.marking:
        body.append(f'<p class="marking">{escape(briefing.cover.marking)}</p>')
    return "\n".join(line for line in head + body + ["</body>", "</html>"] if line) + "\n"


def _cover(briefing: Briefing) -> list[str]:
    cover = briefing.cover
    out = [f'<p class="marking">{escape(cover.marking)}</p>'] if cover.marking else []
    out += ["<header>", f"<h1>{escape(cover.title)}</h1>"]
    if cover.organisation:
        out.append(f"<p>{escape(cover.organisation)}</p>")
    if cover.author:
        out.append(f"<p>Prepared by {escape(cover.author)}</p>")
    out.append(f"<p>{escape(cover.date)}</p>")
    out.append(f'<p class="tally">{escape(cover.tally)}</p>')
    if cover.marked:
        out.append(f'<p class="alarm">{escape(marked_sentence(cover.marked, "marked in red"))}</p>')
    out.append(f'<p class="small">{escape(cover.statement)}</p>')
    out.append("</header>")
    return out


class _Writer:
    """The sections and the brief's text; a clip cited inline gets its anchor the first time."""

    def __init__(self, briefing: Briefing):
        self.briefing = briefing
        self.anchored: set[str] = set()

    def section(self, section: BriefSection) -> list[str]:
        out = [f'<section class="chapter" id="{section.anchor}">', f"<h2>{escape(section.title)}</h2>"]
        if section.assessment:
            out.append(self.blocks(section.assessment))
            if section.excerpts:
                out.append('<p class="label">SUPPORTING EXCERPT' + ("S" if len(section.excerpts) > 1 else "") + "</p>")
        elif section.excerpts:
            out.append(f'<p class="small">{plural(len(section.excerpts), "excerpt")}</p>')
        else:
            out.append('<p class="small">No excerpts in this section.</p>')
        for excerpt in section.excerpts:
            out += self.excerpt(excerpt)
        out.append("</section>")
        return out

    def excerpt(self, excerpt: Excerpt) -> list[str]:
        out = []
        if excerpt.problem:
            out.append(f'<p class="alarm">{escape(excerpt.problem)}</p>')
        attrs = f' id="{excerpt.anchor}"'
        if excerpt.url:
            attrs += f' cite="{escape(excerpt.url)}"'
        if excerpt.lang:
            attrs += f' lang="{escape(excerpt.lang)}" dir="{excerpt.direction}"'
        if excerpt.problem:
            attrs += ' class="marked"'
        paragraphs = [_text(p) for p in excerpt.paragraphs]
        paragraphs[-1] += self.marker(excerpt.cited)
        out.append(f"<blockquote{attrs}>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</blockquote>")
        if excerpt.note:
            out.append(f'<p class="note">{_text(excerpt.note)}</p>')
        return out

    @staticmethod
    def marker(cited: Cited) -> str:
        if cited.note_number is not None:
            n = cited.note_number
            return f'<sup><a href="#note-{n}" role="doc-noteref" aria-label="Note {n}">{n}</a></sup>'
        return f' <span class="in-text" lang="en" dir="ltr">{runs(cited.in_text, cited.source_anchor)}</span>'

    def blocks(self, blocks: Blocks) -> str:
        out = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(f"<p>{self.inlines(block.inlines)}</p>")
            else:
                items = "".join(f"<li>{self.blocks(item.blocks)}</li>" for item in block.items)
                out.append(
                    f"<ul>{items}</ul>" if isinstance(block, BulletList) else f'<ol start="{block.start}">{items}</ol>'
                )
        return "".join(out)

    def inlines(self, inlines: Sequence[Inline]) -> str:
        out = []
        for inline in inlines:
            if isinstance(inline, Text):
                out.append(escape(inline.text, quote=False))
            elif isinstance(inline, LineBreak):
                out.append("<br>")
            elif isinstance(inline, Emphasis):
                out.append(f"<em>{self.inlines(inline.children)}</em>")
            elif isinstance(inline, Strong):
                out.append(f"<strong>{self.inlines(inline.children)}</strong>")
            elif isinstance(inline, Link):
                inner = self.inlines(inline.children)
                out.append(
                    f'<a href="{escape(inline.target)}">{inner}</a>' if LIVE_LINK.fullmatch(inline.target) else inner
                )
            elif isinstance(inline, Citation):
                out.append(self.citation(self.briefing.cited[inline.clip_id]))
        return "".join(out)

    def citation(self, cited: Cited) -> str:
        """The quoted words, then the note or in-text citation."""
        anchor = "" if cited.anchor in self.anchored else f' id="{cited.anchor}"'
        self.anchored.add(cited.anchor)
        marked = f' marked" title="{escape(cited.problem)}' if cited.problem else ""
        return f'<span class="cited{marked}"{anchor}>{escape(cited.words, quote=False)}</span>' + self.marker(cited)


def _backlinks(notes: list[int], quoted_in: list[tuple[str, str]]) -> str:
    if notes:
        word = "note" if len(notes) == 1 else "notes"
        links = ", ".join(f'<a href="#note-{n}">{n}</a>' for n in notes)
        return f' <span class="backlinks">Cited in {word} {links}.</span>'
    if quoted_in:
        links = ", ".join(f'<a href="#{anchor}">{escape(title)}</a>' for title, anchor in quoted_in)
        return f' <span class="backlinks">Quoted in {links}.</span>'
    return ""


def _text(text: str) -> str:
    """Plain text as HTML: escaped, with its line breaks kept."""
    return escape(text.strip("\n"), quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def runs(pieces: list[Run], source_anchor: str | None = None) -> str:
    """Citation runs: titles link to the source entry, URLs are live, publishers and italics in italics."""
    out = []
    for kind, text in pieces:
        markup = escape(text, quote=False)
        if kind == citations.TITLE and source_anchor:
            markup = f'<a href="#{source_anchor}">{markup}</a>'
        elif kind == citations.URL and re.match(r"(?i)https?://", text):
            markup = f'<a href="{escape(text)}">{markup}</a>'
        elif kind in (citations.PUBLISHER, citations.ITALIC):
            markup = f"<i>{markup}</i>"
        out.append(markup)
    return "".join(out)
