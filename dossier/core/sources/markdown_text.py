"""Markdown articles rendered to text (markdown-it-py): what a reader sees, not the markup.

``**bold**`` reads (and is searched and quoted) as "bold", a link as its text, an image as
its alt text. Headings, paragraphs, quotes and code blocks are paragraphs; a list is one
paragraph with a line per item ("• item", "1. item"); a table has a line per row, cells
separated by a tab. A line break inside a paragraph is a space, as a browser shows it.
A YAML front matter block (``---`` … ``---``) gives the title, author and date and is
not part of the text. The first heading is the title.
"""

from __future__ import annotations

import re
from typing import Any

from dossier.core.errors import UnreadableFile
from dossier.core.textio import Parsed, decode, normalise_newlines, split_paragraphs

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^(title|author|authors|date|publisher|source|url)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def parse_markdown(data: bytes, name: str) -> Parsed:
    source, encoding = decode(data, name)
    source = normalise_newlines(source)
    found, source = _front_matter(source)
    blocks, heading = render_blocks(source)
    if not blocks:
        raise UnreadableFile(name, "the file holds no text")
    title = found.pop("title", None)
    starts_with_title = heading is not None and blocks[0] == heading
    text = "\n\n".join(blocks) + "\n"
    paragraphs = split_paragraphs(text, first_is_title=starts_with_title)
    if not title:
        first = paragraphs[0]
        title = text[first.start : first.end].splitlines()[0]
        title = title if len(title) <= 120 else title[:117].rstrip() + "…"
    return Parsed(text, paragraphs, title, found, encoding)


def render_blocks(source: str) -> tuple[list[str], str | None]:
    """The rendered text of each block, and the first heading's text (if it comes first)."""
    from markdown_it import MarkdownIt  # imported here: only Markdown needs it

    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks: list[str] = []
    first_heading: str | None = None
    lists: list[int | None] = []  # per open list: the next number (None: bullets)
    pending: list[str] = []  # lines of the list or table being built
    prefix: str | None = None  # the marker the next line of a list item starts with
    row: list[str] = []
    for n, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(int(token.attrGet("start") or 1) if kind == "ordered_list_open" else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists and pending:
                blocks.append("\n".join(pending))
                pending = []
        elif kind == "list_item_open":
            number = lists[-1]
            if number is not None:
                lists[-1] = number + 1
            prefix = "  " * (len(lists) - 1) + ("•" if number is None else f"{number}.") + " "
        elif kind == "inline":
            text = _inline(token.children or [])
            if not text:
                continue
            if tokens[n - 1].type in ("th_open", "td_open"):
                row.append(text)
            elif lists:
                pending.append((prefix or "  " * len(lists)) + text)
                prefix = None
            else:
                if tokens[n - 1].type == "heading_open" and not blocks:
                    first_heading = text
                blocks.append(text)
        elif kind == "tr_close":
            if row:
                pending.append("\t".join(row))
            row = []
        elif kind == "table_close" and pending:
            blocks.append("\n".join(pending))
            pending = []
        elif kind in ("fence", "code_block") and token.content.strip():
            (pending if lists else blocks).append(token.content.rstrip("\n"))
    return [b for b in blocks if b.strip()], first_heading


def _inline(children: list[Any]) -> str:
    """An inline run as plain text: emphasis and links dropped to their words."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(_inline(child.children or []) or child.content)
        elif kind == "html_inline":
            continue
    return re.sub(r"[ \t]+", " ", "".join(parts)).strip()


def _front_matter(source: str) -> tuple[dict[str, Any], str]:
    """Title, author and date from a YAML front matter block, and the text without it."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    found: dict[str, Any] = {}
    for key, value in _FIELD.findall(match.group(1)):
        key = {"authors": "author", "date": "published", "source": "publisher"}.get(key.lower(), key.lower())
        value = value.strip().strip("\"'")
        if value and key not in found:
            found[key] = value
    rest = source[match.end() :]
    return found, rest
