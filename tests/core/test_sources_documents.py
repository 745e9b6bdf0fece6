"""Local PDF, DOCX and Markdown files: imported, searched and clipped as their reader sees them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dossier.core.errors import UnreadableFile
from dossier.core.integrity import OK, check_clip, clip_quote
from dossier.core.textio import TITLE, parse
from dossier.core.workspace import Workspace

WRAPPED = (
    "The talks in Istanbul ended late on Tuesday after negotiators agreed that the grain corridor would "
    "stay open for another one hundred and twenty days, officials said on the record."
)


def make_pdf(
    path: Path, *, title: str | None = "Port Capacity Report", author: str | None = "Jane Roe", pages: int = 1
) -> bytes:
    """A PDF made with ReportLab: a title, a paragraph wrapping over several lines, a word
    hyphenated at a line end ("recon-" / "struction"), a compound broken at its hyphen."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=title or "", author=author or "")
    story = [
        Paragraph("Port Capacity Report", styles["Title"]),
        Paragraph(WRAPPED, styles["BodyText"]),
        Paragraph(
            "The recon-<br/>struction of the port will take years, and the state-<br/>owned "
            "operator will pay for it. The state-owned operator said so.",
            styles["BodyText"],
        ),
    ]
    for n in range(1, pages):
        story += [PageBreak(), Paragraph(f"Page {n + 1} says the grain kept moving.", styles["BodyText"])]
    doc.build(story)
    return path.read_bytes()


def make_docx(path: Path) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Memo on the corridor"
    document.core_properties.author = "John Smith"
    document.add_paragraph("Memo on the corridor", style="Title")
    document.add_heading("Background", level=1)
    document.add_paragraph("The corridor reopened on Monday after the inspectors left the port.")
    document.add_paragraph("Shipping insurers raised their rates by a third, brokers said.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Tonnes"
    table.rows[0].cells[1].text = "420,000"
    document.save(str(path))
    return path.read_bytes()


def test_pdf_paragraphs_and_metadata(tmp_path):
    parsed = parse(make_pdf(tmp_path / "r.pdf"), "r.pdf", ".pdf")
    assert parsed.title == "Port Capacity Report"
    assert parsed.found["author"] == "Jane Roe" and len(parsed.found["published"]) == 10
    assert parsed.paragraphs[0].kind == TITLE
    body = [parsed.text[p.start : p.end] for p in parsed.paragraphs if p.kind != TITLE]
    assert body[0] == WRAPPED  # the lines of one paragraph joined into one
    assert body[1].startswith("The reconstruction of the port")  # hyphenation at a line end joined
    assert "the state-owned operator will pay" in body[1]  # the document's own compound kept
    assert parsed.found["joined"] == ["recon-|struction → reconstruction", "state-owned (hyphen kept)"]


def test_pdf_without_text_layer_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 400, 600, fill=1)
    page.save()
    with pytest.raises(UnreadableFile, match="no text layer; scanned PDFs need OCR"):
        parse(path.read_bytes(), "scan.pdf", ".pdf")
    with pytest.raises(UnreadableFile, match="PDF could not be read"):
        parse(b"%PDF-1.4\nnot really a pdf", "broken.pdf", ".pdf")


def test_local_documents_import_search_and_clip(tmp_path):
    make_pdf(tmp_path / "report.pdf", pages=2)
    make_docx(tmp_path / "memo.docx")
    (tmp_path / "notes.md").write_text(
        "# Weekly **notes**\n\nThe ministers were **adamant**: the [corridor](http://x.org/c) stays\nopen.\n\n"
        "- first point\n- second point\n",
        encoding="utf-8",
    )
    with Workspace() as ws:
        results, _ = ws.import_sources([tmp_path])
        assert sorted(r.status for r in results) == ["added"] * 3, [r.line() for r in results]
        by_name = {Path(a.meta.source_file).name: a for a in ws.library.articles() if a.meta.source_file}
        pdf, memo, notes = by_name["report.pdf"], by_name["memo.docx"], by_name["notes.md"]

        # A sentence that wraps across PDF lines is found and quoted whole.
        hits = ws.search('"grain corridor would stay open for another"')
        assert [h.id for h in hits.hits] == [pdf.id]
        clip = clip_quote(pdf, "the grain corridor would stay open for another one hundred and twenty days")
        assert check_clip(clip, pdf).status == OK and clip.paragraph == 1
        assert ws.search("reconstruction").total == 1
        assert "Page 2 says the grain kept moving." in pdf.text

        assert memo.title == "Memo on the corridor" and memo.meta.author == "John Smith"
        assert "Background" in memo.text and "Tonnes\t420,000" in memo.text
        assert ws.search("insurers").hits[0].id == memo.id

        assert notes.title == "Weekly notes"
        assert "The ministers were adamant: the corridor stays open." in notes.text
        assert "• first point\n• second point" in notes.text and "**" not in notes.text
        assert ws.search("adamant").hits[0].id == notes.id
        clip = clip_quote(notes, "were adamant: the corridor stays open")
        assert clip.quote == "were adamant: the corridor stays open"


def test_damaged_docx_and_old_doc_are_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="not a readable Word document"):
        parse(b"PK\x03\x04 not a zip at all", "x.docx", ".docx")
    with pytest.raises(UnreadableFile, match=r"old Word \.doc"):
        parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "x.docx", ".docx")
    import docx

    empty = io.BytesIO()
    docx.Document().save(empty)
    with pytest.raises(UnreadableFile, match="no text"):
        parse(empty.getvalue(), "empty.docx", ".docx")


def test_markdown_front_matter_gives_the_details():
    parsed = parse(
        b'---\ntitle: "Talks, day two"\nauthor: Jane Roe\ndate: 2025-03-18\n---\n\nThe *second* day.\n', "n.md", ".md"
    )
    assert parsed.title == "Talks, day two" and parsed.text == "The second day.\n"
    assert parsed.found == {"author": "Jane Roe", "published": "2025-03-18"}


def test_pdf_page_furniture_is_left_out_and_paragraphs_go_on_over_page_breaks(tmp_path):
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    def furniture(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(60, A5[1] - 30, "Port Authority — Annual Report 2025")
        canvas.drawString(A5[0] / 2, 20, str(doc.page))

    styles = getSampleStyleSheet()
    long_paragraph = " ".join(
        f"Sentence number {n} describes the berths and the cranes of the port." for n in range(40)
    )
    path = tmp_path / "annual.pdf"
    SimpleDocTemplate(str(path), pagesize=A5).build(
        [
            Paragraph("Annual Report", styles["Title"]),
            Paragraph(long_paragraph, styles["BodyText"]),
            Paragraph("The closing paragraph thanks the staff.", styles["BodyText"]),
        ],
        onFirstPage=furniture,
        onLaterPages=furniture,
    )
    parsed = parse(path.read_bytes(), "annual.pdf", ".pdf")
    import pypdf

    assert len(pypdf.PdfReader(path).pages) >= 2
    body = [parsed.text[p.start : p.end] for p in parsed.paragraphs if p.kind != TITLE]
    assert body == [long_paragraph, "The closing paragraph thanks the staff."]  # one paragraph over the page break
    assert "Annual Report 2025" not in parsed.text
