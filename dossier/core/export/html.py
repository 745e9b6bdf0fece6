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
from html import escape
from typing import BinaryIO

from dossier import __version__
from dossier.core import citations
from dossier.core.briefing import Briefing, BriefSection, Excerpt, marked_sentence, plural
from dossier.core.citations import Run

CSS = """
:root { color-scheme: light; }
body { font: 17px/1.55 "DejaVu Serif", Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
       max-width: 44em; margin: 2.5em auto; padding: 0 1.2em; }
h1, h2, nav, .small, .tally, .alarm, .backlinks, .in-text { font-family: "DejaVu Sans", "Helvetica Neue", Arial,
       sans-serif; }
h1 { font-size: 2.1em; line-height: 1.2; margin: 0 0 .4em; }
h2 { font-size: 1.45em; margin: 2.2em 0 .2em; }
header { border-bottom: 1px solid #bbb; padding-bottom: 1.5em; margin-bottom: 1.5em; }
.small, .tally { color: #666; font-size: .85em; }
.alarm { color: #b00020; font-weight: bold; font-size: .85em; margin: 1.4em 0 .2em; }
blockquote { margin: 1.2em 0 .3em; padding: 0 0 0 1em; border-left: 3px solid #bbb; }
blockquote p { margin: .35em 0; }
blockquote.marked { border-left-color: #b00020; color: #b00020; }
.note { margin: .3em 0 1.3em 2.2em; color: #35506b; font-size: .9em; }
.in-text { font-size: .85em; }
a { color: #1f4e79; }
sup a { text-decoration: none; padding: 0 .1em; }
ol.notes li, ul.sources li { font-size: .92em; margin: .35em 0; }
ul.sources { list-style: none; padding-left: 0; }
ul.sources li { padding-left: 1.4em; text-indent: -1.4em; }
.backlinks { color: #666; font-size: .8em; }
:target { background: #fff3c4; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  @page { margin: 2.2cm 2.4cm; }
  header { page-break-after: always; break-after: page; border: none; padding-top: 6cm; }
  section.chapter { page-break-before: auto; break-before: auto; }
  h2 { page-break-after: avoid; break-after: avoid; }
  blockquote, .note { page-break-inside: avoid; break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .backlinks, nav { display: none; }
  :target { background: none; }
}
"""


def write_html(briefing: Briefing, handle: BinaryIO) -> None:
    handle.write(render_html(briefing).encode("utf-8"))


def render_html(briefing: Briefing) -> str:
    """The briefing as one HTML5 document."""
    cover = briefing.cover
    head = [
        '<!DOCTYPE html>', '<html lang="en" dir="ltr">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(cover.title)}</title>",
        f'<meta name="author" content="{escape(cover.author)}">' if cover.author else "",
        f'<meta name="description" content="{escape("Briefing: " + cover.tally)}">',
        f'<meta name="keywords" content="{escape(", ".join(briefing.keywords))}">',
        f'<meta name="generator" content="Dossier {escape(__version__)}">',
        f"<style>{CSS}</style>", "</head>", "<body>",
    ]
    body = _cover(briefing)
    if briefing.sections:
        body.append('<nav aria-label="Contents"><h2>Contents</h2><ol>'
                    + "".join(f'<li><a href="#{s.anchor}">{escape(s.title)}</a></li>' for s in briefing.sections)
                    + "</ol></nav>")
    body.append("<main>")
    for section in briefing.sections:
        body += _section(section)
    body.append("</main>")
    if briefing.notes:
        body.append('<section class="chapter" id="notes"><h2>Notes</h2><ol class="notes">')
        for note in briefing.notes:
            back = " ".join(f'<a href="#{anchor}" aria-label="Back to the quote">↩</a>' for anchor in note.cited_by)
            body.append(f'<li id="{note.anchor}" value="{note.number}">{runs(note.runs, note.source_anchor)} '
                        f'<span class="backlinks">{back}</span></li>')
        body.append("</ol></section>")
    if briefing.sources:
        body.append(f'<section class="chapter" id="sources"><h2>{escape(briefing.style.sources_heading)}</h2>'
                    '<ul class="sources">')
        for source in briefing.sources:
            body.append(f'<li id="{source.anchor}">{runs(source.runs)}{_backlinks(source.notes, source.quoted_in)}</li>')
        body.append("</ul></section>")
    return "\n".join(line for line in head + body + ["</body>", "</html>"] if line) + "\n"


def _cover(briefing: Briefing) -> list[str]:
    cover = briefing.cover
    out = ["<header>", f"<h1>{escape(cover.title)}</h1>"]
    if cover.author:
        out.append(f"<p>Prepared by {escape(cover.author)}</p>")
    out.append(f"<p>{escape(cover.date)}</p>")
    out.append(f'<p class="tally">{escape(cover.tally)}</p>')
    if cover.marked:
        out.append(f'<p class="alarm">{escape(marked_sentence(cover.marked, "marked in red"))}</p>')
    out.append(f'<p class="small">{escape(cover.statement)}</p>')
    out.append("</header>")
    return out


def _section(section: BriefSection) -> list[str]:
    out = [f'<section class="chapter" id="{section.anchor}">', f"<h2>{escape(section.title)}</h2>"]
    if not section.excerpts:
        out.append('<p class="small">No excerpts in this section.</p>')
    else:
        out.append(f'<p class="small">{plural(len(section.excerpts), "excerpt")}</p>')
    for excerpt in section.excerpts:
        out += _excerpt(excerpt)
    out.append("</section>")
    return out


def _excerpt(excerpt: Excerpt) -> list[str]:
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
    if excerpt.note_number is not None:
        n = excerpt.note_number
        paragraphs[-1] += f'<sup><a href="#note-{n}" role="doc-noteref" aria-label="Note {n}">{n}</a></sup>'
    else:
        paragraphs[-1] += f' <span class="in-text" lang="en" dir="ltr">{runs(excerpt.in_text, excerpt.source_anchor)}</span>'
    out.append(f"<blockquote{attrs}>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</blockquote>")
    if excerpt.note:
        out.append(f'<p class="note">{_text(excerpt.note)}</p>')
    return out


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
