"""The Markdown briefing: CommonMark, with ``[^n]`` footnotes for note styles.

Written from a :class:`~dossier.core.briefing.Briefing`. The brief's text (bottom line,
assessments) is written back as Markdown, each citation as the quoted words and their note
or in-text citation. Excerpts are block quotes; every
character of user text that Markdown would read as markup is escaped with a backslash, so a
renderer shows the stored quote exactly (a line break inside a quote paragraph is a hard
break). Anchors for links (sections, excerpts, sources) are ``<a id>`` elements, which
CommonMark passes through. In a note style each quote ends with ``[^n]`` and the notes follow
as footnote definitions, the syntax of GitHub, GitLab, pandoc and most renderers; a place
cited again reuses its footnote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import BinaryIO

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

_INLINE = re.compile(r"([\\`*_\[\]<>&|~!#])")
_LINE_START = re.compile(r"^(\s*\d*)([-+=>.)])")
_AUTOLINK_SAFE = re.compile(r"(?i)^https?://[^\s<>]+$")


def write_markdown(briefing: Briefing, handle: BinaryIO) -> None:
    handle.write(render_markdown(briefing).encode("utf-8"))


def render_markdown(briefing: Briefing) -> str:
    """The briefing as one Markdown document."""
    out: list[str] = []
    cover = briefing.cover
    if cover.marking:
        out.append(f"**{escape(cover.marking)}**")
    out.append(f"# {escape(cover.title)}")
    lines = [escape(line) for line in (cover.organisation, cover.author and f"Prepared by {cover.author}") if line]
    out.append("\\\n".join(lines + [escape(cover.date), escape(cover.tally)]))
    if cover.marked:
        out.append(f"**{escape(marked_sentence(cover.marked, 'marked “Does not match source”'))}**")
    out.append(f"*{escape(cover.statement)}*")
    writer = _Writer(briefing)
    if briefing.sections or briefing.bottom_line:
        out.append("## Contents")
        parts = [(BOTTOM_LINE_TITLE, BOTTOM_LINE_ANCHOR)] if briefing.bottom_line else []
        parts += [(s.title, s.anchor) for s in briefing.sections]
        out.append("\n".join(f"- [{escape(title)}](#{anchor})" for title, anchor in parts))
    if briefing.bottom_line:
        out.append(f'## <a id="{BOTTOM_LINE_ANCHOR}"></a>{BOTTOM_LINE_TITLE}')
        out += writer.blocks(briefing.bottom_line)
    for section in briefing.sections:
        out += writer.section(section)
    if briefing.sources:
        out.append(f"## {escape(briefing.style.sources_heading)}")
        out.append("\n".join(_source_line(briefing, n) for n in range(len(briefing.sources))))
    for note in briefing.notes:
        out.append(f"[^{note.number}]: {runs(note.runs, note.source_anchor)}")
    if cover.marking:
        out.append(f"**{escape(cover.marking)}**")
    return "\n\n".join(out) + "\n"


class _Writer:
    """The sections and the brief's text, each anchor written once."""

    def __init__(self, briefing: Briefing):
        self.briefing = briefing
        self.anchored: set[str] = set()

    def section(self, section: BriefSection) -> list[str]:
        out = [f'## <a id="{section.anchor}"></a>{escape(section.title)}']
        if section.assessment:
            out += self.blocks(section.assessment)
            if section.excerpts:
                out.append("*Supporting excerpt" + ("s*" if len(section.excerpts) > 1 else "*"))
        elif section.excerpts:
            out.append(f"*{plural(len(section.excerpts), 'excerpt')}*")
        else:
            return out + ["*No excerpts in this section.*"]
        for excerpt in section.excerpts:
            out += self.excerpt(excerpt)
        return out

    def excerpt(self, excerpt: Excerpt) -> list[str]:
        out = []
        if excerpt.problem:
            out.append(f"**{escape(excerpt.problem)}**")
        paragraphs = [_block(text) for text in excerpt.paragraphs]
        paragraphs[0] = f'<a id="{excerpt.anchor}"></a>' + paragraphs[0]
        paragraphs[-1] += self.marker(excerpt.cited)
        out.append("\n>\n".join("\n".join("> " + line for line in p.split("\n")) for p in paragraphs))
        if excerpt.note:
            out.append("*Note:* " + _block(excerpt.note))
        return out

    def marker(self, cited: Cited) -> str:
        if cited.note_number is not None:
            return f"[^{cited.note_number}]"
        return " " + runs(cited.in_text, cited.source_anchor)

    def blocks(self, blocks: Blocks, indent: str = "") -> list[str]:
        out = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(indent + self.inlines(block.inlines).replace("\n", "\n" + indent))
                continue
            items = []
            for n, item in enumerate(block.items):
                mark = "- " if isinstance(block, BulletList) else f"{block.start + n}. "
                inner = self.blocks(item.blocks, indent + " " * len(mark))
                first = inner[0][len(indent) + len(mark) :] if inner else ""
                items.append("\n\n".join([indent + mark + first, *inner[1:]]))
            out.append("\n".join(items))
        return out

    def inlines(self, inlines: Sequence[Inline]) -> str:
        out = []
        for inline in inlines:
            if isinstance(inline, Text):
                out.append(escape(inline.text))
            elif isinstance(inline, LineBreak):
                out.append("\\\n")
            elif isinstance(inline, Emphasis):
                out.append(f"*{self.inlines(inline.children)}*")
            elif isinstance(inline, Strong):
                out.append(f"**{self.inlines(inline.children)}**")
            elif isinstance(inline, Link):
                inner = self.inlines(inline.children)
                out.append(f"[{inner}](<{inline.target}>)" if LIVE_LINK.fullmatch(inline.target) else inner)
            elif isinstance(inline, Citation):
                out.append(self.citation(self.briefing.cited[inline.clip_id]))
        return "".join(out)

    def citation(self, cited: Cited) -> str:
        """Inline: the quoted words, then the note or in-text citation; the clip's anchor the first time."""
        anchor = "" if cited.anchor in self.anchored else f'<a id="{cited.anchor}"></a>'
        self.anchored.add(cited.anchor)
        words = escape(cited.words)
        if cited.problem:
            words = f"**{words}** (*{escape(cited.problem)}*)"
        return anchor + words + self.marker(cited)


def _source_line(briefing: Briefing, n: int) -> str:
    source = briefing.sources[n]
    line = f'- <a id="{source.anchor}"></a>{runs(source.runs)}'
    if source.notes:
        word = "note" if len(source.notes) == 1 else "notes"
        line += f" Cited in {word} {', '.join(str(number) for number in source.notes)}."
    elif source.quoted_in:
        line += " Quoted in " + ", ".join(f"[{escape(title)}](#{anchor})" for title, anchor in source.quoted_in) + "."
    return line


def escape(text: str) -> str:
    """Plain text as Markdown inline content that renders as exactly that text."""
    text = _INLINE.sub(r"\\\1", text)
    return re.sub(r"\s+", " ", text)


def _block(text: str) -> str:
    """A paragraph of plain text: escaped, each line break kept as a hard break."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escape(line)) for line in lines if line]
    return "\\\n".join(lines) or "\u00a0"


def runs(pieces: list[Run], source_anchor: str | None = None) -> str:
    """Citation runs: titles link to the source entry, URLs are links, publishers and italics in italics."""
    out = []
    for kind, text in pieces:
        if kind == citations.TITLE and source_anchor:
            out.append(f"[{escape(text)}](#{source_anchor})")
        elif kind == citations.URL and _AUTOLINK_SAFE.match(text):
            out.append(f"<{text}>")
        elif kind in (citations.PUBLISHER, citations.ITALIC) and text.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.DOTALL).groups()  # type: ignore[union-attr]
            out.append(f"{lead}*{escape(core)}*{trail}")
        else:
            out.append(escape(text))
    return "".join(out)
