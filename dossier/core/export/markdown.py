"""The Markdown briefing: CommonMark, with ``[^n]`` footnotes for note styles.

Written from a :class:`~dossier.core.briefing.Briefing`. Quotes are block quotes; every
character of user text that Markdown would read as markup is escaped with a backslash, so a
renderer shows the stored quote exactly (a line break inside a quote paragraph is a hard
break). Anchors for links (sections, excerpts, sources) are ``<a id>`` elements, which
CommonMark passes through. In a note style each quote ends with ``[^n]`` and the notes follow
as footnote definitions, the syntax of GitHub, GitLab, pandoc and most renderers; a place
cited again reuses its footnote.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from dossier.core import citations
from dossier.core.briefing import Briefing, BriefSection, Excerpt, marked_sentence, plural
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
    out.append(f"# {escape(cover.title)}")
    lines = ([f"Prepared by {escape(cover.author)}"] if cover.author else []) + [escape(cover.date), escape(cover.tally)]
    out.append("\\\n".join(lines))
    if cover.marked:
        out.append(f"**{escape(marked_sentence(cover.marked, 'marked “Does not match source”'))}**")
    out.append(f"*{escape(cover.statement)}*")
    if briefing.sections:
        out.append("## Contents")
        out.append("\n".join(f"- [{escape(s.title)}](#{s.anchor})" for s in briefing.sections))
    for section in briefing.sections:
        out += _section(section)
    if briefing.sources:
        out.append(f"## {escape(briefing.style.sources_heading)}")
        out.append("\n".join(_source_line(briefing, n) for n in range(len(briefing.sources))))
    for note in briefing.notes:
        out.append(f"[^{note.number}]: {runs(note.runs, note.source_anchor)}")
    return "\n\n".join(out) + "\n"


def _section(section: BriefSection) -> list[str]:
    out = [f'## <a id="{section.anchor}"></a>{escape(section.title)}']
    if not section.excerpts:
        return out + ["*No excerpts in this section.*"]
    out.append(f"*{plural(len(section.excerpts), 'excerpt')}*")
    for excerpt in section.excerpts:
        out += _excerpt(excerpt)
    return out


def _excerpt(excerpt: Excerpt) -> list[str]:
    out = []
    if excerpt.problem:
        out.append(f"**{escape(excerpt.problem)}**")
    paragraphs = [_block(text) for text in excerpt.paragraphs]
    paragraphs[0] = f'<a id="{excerpt.anchor}"></a>' + paragraphs[0]
    if excerpt.note_number is not None:
        paragraphs[-1] += f"[^{excerpt.note_number}]"
    else:
        paragraphs[-1] += " " + runs(excerpt.in_text, excerpt.source_anchor)
    quote = "\n>\n".join("\n".join("> " + line for line in p.split("\n")) for p in paragraphs)
    out.append(quote)
    if excerpt.note:
        out.append("*Note:* " + _block(excerpt.note))
    return out


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
