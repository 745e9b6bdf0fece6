"""The contents page: leaders in the same columns, ending in the same place."""

from __future__ import annotations

from pypdf import PdfReader

from dossier.core.dossier import Dossier, Section
from dossier.core.export.pdf import export_pdf
from dossier.core.export.pdf_contents import LEADER_STEP
from dossier.core.integrity import clip_quote

TITLES = ["Agenda", "What Moscow demands", "Reactions in Europe and beyond the continent", "Energy", "Territory"]


def test_contents_leaders_line_up(tmp_path, seed_articles, library):
    article = seed_articles[0]
    dossier = Dossier(title="Contents check", sections=[Section(t) for t in TITLES])
    for section in dossier.sections:
        section.clips.append(clip_quote(article, "power plants"))
    out = tmp_path / "brief.pdf"
    export_pdf(dossier, library, out)
    page = PdfReader(out).pages[0]  # a short contents stands on the cover
    leaders: list[tuple[float, int]] = []  # (where the first dot starts, how many dots)

    def visit(text, cm, tm, _font, _size):
        dots = text.split()[0] if text.strip() else ""  # "...... 3": the leader, then its page
        if len(dots) > 3 and set(dots) == {"."}:  # where it lands on the page: text matrix, then current
            leaders.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], len(dots)))

    page.extract_text(visitor_text=visit)
    assert len(leaders) == len(TITLES) + 2  # the sections, Notes and Sources
    ends = {round(x + (n - 1) * LEADER_STEP, 1) for x, n in leaders}
    assert len(ends) == 1  # every leader ends in the same place
    first = leaders[0][0]
    assert all(abs(((x - first) / LEADER_STEP) - round((x - first) / LEADER_STEP)) < 0.01 for x, _ in leaders)
    lines = page.extract_text().splitlines()
    assert lines[lines.index("Contents") + 1 :][: len(TITLES)] == TITLES  # entries read in order, not dots first
