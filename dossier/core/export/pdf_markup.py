"""Reportlab paragraph markup from user text: the one place that escapes it.

Reportlab's ``Paragraph`` reads its text as XML-like markup, so every piece of user text
(titles, quotes, notes, names, the brief's words) goes through :func:`escape_text` before it
is put between tags; nothing a user typed is ever read as markup.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from reportlab.platypus import Flowable
from reportlab.platypus.flowables import AnchorFlowable

from dossier.core import citations
from dossier.core.citations import Run
from dossier.core.export.pdf_scripts import font_runs, in_fallback_face
from dossier.core.export.pdf_styles import LINK, hex_color


def escape_text(text: str) -> str:
    """Plain text as paragraph markup: escaped, with its line breaks kept, and each run of a
    script the paragraph's face cannot draw in a face that can (:mod:`.pdf_scripts`)."""
    parts = []
    for face, run in font_runs(text):
        markup = escape(run).replace("\r\n", "\n").replace("\n", "<br/>")
        parts.append(markup if face is None else f'<font name="{face}">{markup}</font>')
    return "".join(parts)


def anchor(name: str) -> str:
    """A link target's name made of safe characters only (ids come from files anyone can write),
    the same for the same name, so that links and their targets still meet."""
    return re.sub(r"[^A-Za-z0-9_.-]", lambda m: f"~{ord(m.group()):x}~", name)


def link(target: str, inner: str) -> str:
    """``inner`` (markup) as a link to ``target`` (a URL, or ``#anchor`` inside the PDF)."""
    if target.startswith("#"):
        target = "#" + anchor(target[1:])
    return f'<a href={quoteattr(target)} color="{hex_color(LINK)}">{inner}</a>'


def target(name: str) -> str:
    """Markup that makes the link target ``name`` here."""
    return f"<a name={quoteattr(anchor(name))}/>"


def place_target(name: str, markup: str) -> tuple[list[Flowable], str]:
    """The link target ``name`` at the start of a paragraph: in its markup, or, for markup with
    a run in a fallback face (which HarfBuzz shapes, and where reportlab cannot take an inline
    target), as a flowable just before the paragraph. ``(flowables before, markup)``."""
    if in_fallback_face(markup):
        return [AnchorFlowable(anchor(name))], markup
    return [], target(name) + markup


def citation_runs(runs: list[Run], source_anchor: str | None = None) -> str:
    """Citation runs as markup: titles link to the source entry, URLs are live, publishers in italics."""
    out = []
    for kind, text in runs:
        markup = escape_text(text)
        if kind == citations.TITLE and source_anchor:
            markup = link("#" + source_anchor, markup)
        elif kind in (citations.PUBLISHER, citations.ITALIC):
            markup = f"<i>{markup}</i>"
        elif kind == citations.URL and re.match(r"(?i)https?://", text):
            markup = link(text, markup)
        out.append(markup)
    return "".join(out)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
