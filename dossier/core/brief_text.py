"""The brief's text: Markdown parsed into a small structure that every exporter renders.

The analyst writes the bottom line and each section's assessment in Markdown: paragraphs,
*emphasis*, **strong**, bullet and numbered lists, [links](https://…), and citations of clips
in Pandoc's convention, ``[@CLIPID]`` (or ``[@id1; @id2]``), where a unique prefix of a clip's
id is enough. :func:`parse` reads it with a real parser (markdown-it-py, CommonMark, raw HTML
off) and returns renderer-independent :data:`Blocks`:

* blocks — :class:`Paragraph`, :class:`BulletList`, :class:`NumberedList` (list items hold
  blocks, so lists nest);
* inlines — :class:`Text`, :class:`Emphasis`, :class:`Strong`, :class:`Link`,
  :class:`LineBreak` and :class:`Citation` (the key as written; :mod:`dossier.core.brief`
  resolves it to a clip id).

Typewriter quotation marks become typographic ones ("Putin's" reads "Putin’s").
Headings become a strong paragraph, block quotes their contents, code plain text; a renderer
never sees Markdown syntax and never needs to parse again. Every string in the structure is
plain user text: a renderer must escape it for its own format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# ---------------------------------------------------------------------- the structure


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    target: str  # the URL as written
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Citation:
    """``[@key]``: a clip cited inline. ``clip_id`` is set once resolved (see :mod:`dossier.core.brief`)."""

    key: str
    clip_id: str = ""


Inline = Text | LineBreak | Emphasis | Strong | Link | Citation


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class NumberedList:
    items: tuple[ListItem, ...]
    start: int = 1


Block = Paragraph | BulletList | NumberedList
Blocks = tuple[Block, ...]

#: What a citation key may be made of (clip ids are hexadecimal; a little more is allowed).
KEY = re.compile(r"@([A-Za-z0-9][A-Za-z0-9_-]*)")


# ---------------------------------------------------------------------- parsing


def parse(markdown: str) -> Blocks:
    """The blocks of a Markdown text (citations unresolved)."""
    if not markdown.strip():
        return ()
    builder = _Builder()
    for token in _parser().parse(markdown):
        builder.feed(token)
    return builder.finish()


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable("smartquotes")  # typewriter quotation marks become typographic ones
    md.disable("image")  # an image's text stays text: a briefing has no pictures from URLs
    md.inline.ruler.before("link", "citation", _citation_rule)
    return md


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """``[@key]`` and ``[@key1; @key2]`` as one ``citation`` token with the keys in ``meta``."""
    src, pos = state.src, state.pos
    if not src.startswith("[@", pos):
        return False
    end = src.find("]", pos, state.posMax)
    if end < 0:
        return False
    parts = [p.strip() for p in src[pos + 1 : end].split(";")]
    matches = [KEY.fullmatch(p) for p in parts]
    if not all(matches):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": [m.group(1) for m in matches if m]}
    state.pos = end + 1
    return True


@dataclass
class _Frame:
    """A block being built: the document, a list, or a list item."""

    kind: str  # "root", "bullet", "ordered", "item"
    start: int = 1
    blocks: list[Block] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.stack = [_Frame("root")]
        self.strong_heading = False

    def feed(self, token: Token) -> None:
        kind = token.type
        if kind == "bullet_list_open":
            self.stack.append(_Frame("bullet"))
        elif kind == "ordered_list_open":
            start = token.attrGet("start")
            self.stack.append(_Frame("ordered", start=int(start) if isinstance(start, int | str) else 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            frame = self.stack.pop()
            items = tuple(frame.items)
            block: Block = BulletList(items) if frame.kind == "bullet" else NumberedList(items, frame.start)
            self.stack[-1].blocks.append(block)
        elif kind == "list_item_open":
            self.stack.append(_Frame("item"))
        elif kind == "list_item_close":
            frame = self.stack.pop()
            self.stack[-1].items.append(ListItem(tuple(frame.blocks)))
        elif kind == "heading_open":
            self.strong_heading = True
        elif kind == "inline":
            content = _inlines(token.children or [])
            if self.strong_heading:
                content = (Strong(content),)
                self.strong_heading = False
            if content:
                self.stack[-1].blocks.append(Paragraph(content))
        elif kind in ("code_block", "fence"):
            lines = token.content.rstrip("\n").split("\n")
            code: tuple[Inline, ...] = ()
            for n, line in enumerate(lines):
                code += ((LineBreak(),) if n else ()) + (Text(line),)
            self.stack[-1].blocks.append(Paragraph(code))

    def finish(self) -> Blocks:
        return tuple(self.stack[0].blocks)


_CLOSERS = {"em_open": "em_close", "strong_open": "strong_close", "link_open": "link_close"}


def _inlines(tokens: Sequence[Token]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    stack: list[tuple[Token, list[Inline]]] = []
    current = out
    for token in tokens:
        kind = token.type
        if kind in _CLOSERS:
            stack.append((token, current))
            current = []
        elif kind in _CLOSERS.values() and stack:
            opener, parent = stack.pop()
            children = tuple(current)
            if opener.type == "em_open":
                parent.append(Emphasis(children))
            elif opener.type == "strong_open":
                parent.append(Strong(children))
            else:
                parent.append(Link(str(opener.attrGet("href") or ""), children))
            current = parent
        elif kind == "citation":
            current.extend(Citation(key) for key in token.meta["keys"])
        elif kind == "hardbreak":
            current.append(LineBreak())
        elif kind == "softbreak":
            _add_text(current, " ")
        elif kind in ("text", "code_inline", "html_inline"):
            _add_text(current, token.content)
    return tuple(out)


def _add_text(inlines: list[Inline], text: str) -> None:
    """Append text, joining it to a text just before (the parser splits text at brackets and stars)."""
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1] = Text(inlines[-1].text + text)
    elif text:
        inlines.append(Text(text))


# ---------------------------------------------------------------------- walking


def inlines(blocks: Blocks) -> Iterator[Inline]:
    """Every inline of some blocks, depth first in reading order (an emphasis, then what it holds)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from _walk(block.inlines)
        else:
            for item in block.items:
                yield from inlines(item.blocks)


def _walk(items: Sequence[Inline]) -> Iterator[Inline]:
    for inline in items:
        yield inline
        if isinstance(inline, Emphasis | Strong | Link):
            yield from _walk(inline.children)


def citations(blocks: Blocks) -> Iterator[Citation]:
    """Every citation of some blocks, in reading order."""
    return (inline for inline in inlines(blocks) if isinstance(inline, Citation))


def texts(blocks: Blocks) -> Iterator[str]:
    """Every piece of plain text of some blocks (link targets aside), in reading order."""
    return (inline.text for inline in inlines(blocks) if isinstance(inline, Text))


def map_citations(blocks: Blocks, change: Callable[[Citation], Citation]) -> Blocks:
    """The same blocks with every citation replaced by ``change(citation)``."""
    return tuple(_map_block(block, change) for block in blocks)


def _map_block(block: Block, change: Callable[[Citation], Citation]) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(_map_inlines(block.inlines, change))
    items = tuple(ListItem(map_citations(item.blocks, change)) for item in block.items)
    return replace(block, items=items)


def _map_inlines(inlines: Sequence[Inline], change: Callable[[Citation], Citation]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Citation):
            out.append(change(inline))
        elif isinstance(inline, Emphasis | Strong | Link):
            out.append(replace(inline, children=_map_inlines(inline.children, change)))
        else:
            out.append(inline)
    return tuple(out)


# ---------------------------------------------------------------------- plain text


def plain_text(blocks: Blocks, cite: Callable[[Citation], str]) -> str:
    """The blocks as plain text (for a terminal): lists with "-" and "1.", citations as ``cite`` writes them."""
    return "\n\n".join(_plain_block(block, cite, "") for block in blocks)


def _plain_block(block: Block, cite: Callable[[Citation], str], indent: str) -> str:
    if isinstance(block, Paragraph):
        return indent + _plain_inlines(block.inlines, cite).replace("\n", "\n" + indent)
    lines = []
    for n, item in enumerate(block.items):
        mark = "- " if isinstance(block, BulletList) else f"{block.start + n}. "
        inner = indent + " " * len(mark)
        text = "\n".join(_plain_block(b, cite, inner) for b in item.blocks)
        lines.append(indent + mark + text[len(inner) :])
    return "\n".join(lines)


def _plain_inlines(inlines: Sequence[Inline], cite: Callable[[Citation], str]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        elif isinstance(inline, Citation):
            parts.append(cite(inline))
        elif isinstance(inline, Link):
            label = _plain_inlines(inline.children, cite)
            parts.append(label if label == inline.target else f"{label} <{inline.target}>")
        else:
            parts.append(_plain_inlines(inline.children, cite))
    return "".join(parts)
