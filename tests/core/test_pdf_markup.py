"""Text from a dossier can never become PDF markup: ids, titles, notes and quotes are printed
as they are, and the running header is fitted in a few measurements whatever the title's length."""

from __future__ import annotations

import math
from pathlib import Path

from pypdf import PdfReader

from dossier.core.dossier import Dossier
from dossier.core.export import pdf_fonts as pdf
from dossier.core.export.pdf import export_pdf
from dossier.core.integrity import clip_quote

FORGED = "We will withdraw every soldier tomorrow."
NASTY = f'x"/>{FORGED} <a name="y'


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_crafted_ids_and_text_print_nothing_forged(tmp_path, library, seed_articles):
    first, _ = seed_articles
    d = Dossier('<font size=300>Big</font> <img src="/etc/hostname"/>', author="<b>desk</b>")
    clip = clip_quote(first, "We will be talking about land.", note='<img src="/local/file.png"> & <b>bold</b>')
    clip.id = NASTY
    clip.article_id = first.id  # a real source, so the clip checks out
    d.sections[0].clips.append(clip)
    d.sections[0].id = NASTY + "-section"
    d.sections[0].title = '<a href="https://evil.example">Agenda</a>'
    out = export_pdf(d, library, tmp_path / "out.pdf").path
    text = text_of(out)
    quote_line = next(line for line in text.splitlines() if "We will be talking about land." in line)
    assert FORGED not in quote_line
    assert '<img src="/local/file.png"> & <b>bold</b>' in " ".join(text.split())
    assert "<font size=300>Big</font>" in text
    reader = PdfReader(str(out))
    assert not any("/XObject" in (page.get("/Resources") or {}) for page in reader.pages)  # no image embedded


def test_long_title_is_fitted_in_logarithmic_measurements(monkeypatch):
    calls = []
    real = pdf.pdfmetrics.stringWidth

    def counting(text, font, size):
        calls.append(len(text))
        return real(text, font, size)

    pdf.register_fonts()
    monkeypatch.setattr(pdf.pdfmetrics, "stringWidth", counting)
    title = "A very long dossier title " * 2000
    fitted = pdf.fit(title, pdf.SANS, 8, 400)
    assert fitted.endswith("…") and real(fitted, pdf.SANS, 8) <= 400
    assert real(title[: len(fitted)] + "…", pdf.SANS, 8) > 400 or len(fitted) > 10  # the longest that fits
    assert len(calls) <= math.ceil(math.log2(len(title))) + 2
