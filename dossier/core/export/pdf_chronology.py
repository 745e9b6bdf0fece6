"""The briefing's chronology: every clip in the order of its source's date, linked to where it
is quoted (``dossier export --timeline``; the entries come from :mod:`dossier.core.timeline`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, Spacer

from dossier.core.citations import NOTES, Citations
from dossier.core.dossier import Clip
from dossier.core.export.pdf_fonts import SANS, SANS_BOLD
from dossier.core.export.pdf_layout import Para
from dossier.core.export.pdf_markup import escape_text, link
from dossier.core.export.pdf_styles import GREY, hex_color
from dossier.core.timeline import Entry

#: A long quote is shown by its first words here; the chapter has it whole.
WORDS = 30


def chronology(entries: list[Entry], cites: Citations, clips: dict[str, Clip], st: Mapping[str, Any]) -> list[Flowable]:
    """The entries as paragraphs (the caller adds the heading)."""
    story: list[Flowable] = [Spacer(1, 8)]
    for entry in entries:
        words = entry.quote.split()
        quote = " ".join(words[:WORDS]) + ("…" if len(words) > WORDS else "")
        grade = f" [{entry.grade}]" if entry.grade else ""
        note = ""
        if cites.style == NOTES and entry.clip_id in clips:
            number = cites.note(clips[entry.clip_id]).number
            note = f"<super>{link(f'#note-{number}', str(number))}</super>"
        markup = (
            f'<font name="{SANS_BOLD}" size="9.5">{escape_text(entry.date)}</font>'
            f'<font name="{SANS}" size="9.5"> · {escape_text(entry.source + grade)}</font><br/>'
            f"{link(f'#clip-{entry.clip_id}', escape_text(f'“{quote}”'))}{note}"
            f' <font name="{SANS}" size="8.5" color="{hex_color(GREY)}">'
            f"({escape_text(entry.section)})</font>"
        )
        story.append(Para(markup, st["source"]))
    return story
