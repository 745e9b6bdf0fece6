"""The briefing's cover: the marking, the title, who made it and when, and what it holds."""

from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer

from dossier import __version__
from dossier.core import dates
from dossier.core.briefing import cited_by
from dossier.core.dossier import Dossier
from dossier.core.export.pdf_layout import Para
from dossier.core.export.pdf_markup import escape_text, plural
from dossier.core.styles import style_info


def cover_date(dossier: Dossier) -> str:
    """The date the cover prints: the dossier's own, else the day of export ("17 March 2025")."""
    return dates.format_date(dossier.date or date.today().isoformat())


def cover(dossier: Dossier, tally: str, marked: int, style: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The cover page, ending with the switch to the body pages; ``marked`` clips do not match their source;
    ``style`` names the citation style."""
    story: list[Flowable] = [Spacer(1, 3 * cm)]
    if dossier.marking.strip():
        story.append(Para(escape_text(" ".join(dossier.marking.split())), st["marking"]))
    else:
        story.append(Spacer(1, 1.4 * cm))
    story += [Spacer(1, 0.6 * cm), Para(escape_text(dossier.title or "Untitled dossier"), st["title"])]
    if dossier.organisation.strip():
        story.append(Para(escape_text(dossier.organisation.strip()), st["cover"]))
    if dossier.author.strip():
        story.append(Para(escape_text(f"Prepared by {dossier.author.strip()}"), st["cover"]))
    story.append(Paragraph(escape_text(cover_date(dossier)), st["cover"]))
    story.append(Spacer(1, 0.8 * cm))
    story.append(Paragraph(escape_text(tally), st["cover"]))
    if marked:
        story.append(Spacer(1, 0.5 * cm))
        story.append(
            Paragraph(
                f"{plural(marked, 'excerpt')} {'does' if marked == 1 else 'do'} not match "
                f"{'its' if marked == 1 else 'their'} source word for word and {'is' if marked == 1 else 'are'} "
                "marked in red.",
                st["alarm"],
            )
        )
    story.append(Spacer(1, 1.2 * cm))
    story.append(
        Paragraph(
            f"Every excerpt was checked against its source before this briefing was made; quotations are "
            f"reproduced verbatim and cited {cited_by(style_info(style))}. Made with Dossier {__version__}.",
            st["cover_small"],
        )
    )
    story += [NextPageTemplate("body"), PageBreak()]
    return story
