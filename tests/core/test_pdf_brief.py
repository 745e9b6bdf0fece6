"""The brief in the PDF, read back: cover fields and marking, the bottom line first, assessments citing clips inline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from dossier.core import brief_text
from dossier.core.brief_text import Citation, Link, Text
from dossier.core.errors import UnknownCitation
from dossier.core.export.pdf import export_pdf
from dossier.core.export.pdf_brief import markup
from dossier.core.quoting import clip_quoted
from tests.core.test_pdf import TITLE, make_dossier, norm, seeded_library


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    yield from seeded_library(tmp_path_factory)


MARKING = "INTERNAL – NOT FOR DISTRIBUTION"
TRICKY = "Q&A <b>not bold</b> 5 > 3 & <font size=40>big</font>"


def briefed(library):
    dossier = make_dossier(library)
    dossier.organisation, dossier.date, dossier.marking = "Eastern Europe desk", "2025-03-17", MARKING
    land, assets, markets = dossier.sections[0].clips
    demands = dossier.sections[1].clips[0]
    dossier.bottom_line = (
        f"Land comes first: [@{land.id[:5]}]\n\n"
        f"- **Watch** the *assets* [@{assets.id}]\n- Land again [@{land.id[:7]}]\n"
    )
    dossier.sections[0].assessment = f"{TRICKY}, see [the source](https://example.org/?a=1&b=2).\n\n1. [@{markets.id}]"
    dossier.sections[1].assessment = f"Terms: [@{demands.id}]"
    return dossier


@pytest.fixture(scope="module")
def exported(library, tmp_path_factory):
    dossier = briefed(library)
    report = export_pdf(dossier, library, tmp_path_factory.mktemp("brief") / "brief.pdf")
    pages = [page.extract_text() for page in PdfReader(report.path).pages]
    return dossier, report, pages


def test_cover_fields_and_marking_on_every_page(exported):
    _, report, pages = exported
    cover = norm(pages[0])
    for field in (TITLE, "Eastern Europe desk", "Prepared by Briefing desk", "17 March 2025", MARKING):
        assert field in cover
    assert all(MARKING in page for page in pages) and report.pages == len(pages)


def test_bottom_line_comes_before_the_first_section(exported):
    _, _, pages = exported
    text = norm("\n".join(pages[1:]))  # the body, after the cover and its contents
    assert text.index("Bottom line Land comes first") < text.index("Agenda")
    assert [item.title for item in PdfReader(exported[1].path).outline][:2] == ["Bottom line", "Agenda"]


def test_inline_citations_print_the_words_and_a_shared_note_number(exported):
    dossier, _, pages = exported
    text = norm("\n".join(pages[1:]))  # the body, after the cover and its contents
    land, assets, markets = dossier.sections[0].clips
    first = norm(clip_quoted(land).text())
    assert f"Land comes first: {first}1" in text  # the bottom line is read first: note 1
    assert f"Land again {first}1" in text  # cited again: the same number
    assert f"Watch the assets {norm(clip_quoted(assets).text())}2" in text
    assert f"Terms: {norm(clip_quoted(dossier.sections[1].clips[0]).text())}" in text


def test_a_clip_quoted_inline_is_not_printed_again(exported):
    dossier, _, pages = exported
    background = next(n for n, page in enumerate(pages) if n > 0 and "Background" in page.splitlines())
    body = norm("\n".join(pages[1:background]))  # up to the clip of a whole article, which holds them all
    for clip in dossier.sections[0].clips + dossier.sections[1].clips[:1]:
        quote = norm(clip_quoted(clip).body)
        assert body.count(quote) == (2 if clip is dossier.sections[0].clips[0] else 1), quote[:30]
    for clip in dossier.sections[1].clips[1:]:  # the rest of Demands stays as supporting excerpts
        assert norm(clip_quoted(clip).body) in body
    assert "SUPPORTING EXCERPTS" in body


def test_user_text_is_never_markup(exported):
    _, report, pages = exported
    text = norm("\n".join(pages))
    assert TRICKY in text
    assert "[@" not in text and "**" not in text and "*assets*" not in text
    assert "““" not in text and "””" not in text and "“”" not in text
    reader = PdfReader(report.path)
    uris = [
        a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", []) if "/A" in a.get_object()
    ]
    assert "https://example.org/?a=1&b=2" in uris


def test_unknown_citation_refuses_the_export(library, tmp_path):
    dossier = briefed(library)
    dossier.sections[1].assessment = "Terms: [@feedface]"
    out = tmp_path / "brief.pdf"
    with pytest.raises(UnknownCitation) as caught:
        export_pdf(dossier, library, out)
    assert "The assessment of “Demands” cites [@feedface]" in str(caught.value)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_letter_paper(library, tmp_path):
    report = export_pdf(briefed(library), library, tmp_path / "brief.pdf", paper="letter")
    box = PdfReader(report.path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    with pytest.raises(ValueError):
        export_pdf(briefed(library), library, tmp_path / "b.pdf", paper="a5")


def test_markup_escapes_text_and_keeps_only_web_links():
    cite = lambda c: f"[{c.key}]"  # noqa: E731
    assert markup([Text("<b>&</b>")], cite) == "&lt;b&gt;&amp;&lt;/b&gt;"
    live = markup([Link('https://a.b/?x="1"&y=<2>', (Text("go"),))], cite)
    assert live.startswith("<a href='https://a.b/?x=\"1\"&amp;y=&lt;2&gt;' ") and ">go</a>" in live
    assert markup([Link("javascript:alert(1)", (Text("no"),))], cite) == "no"
    blocks = brief_text.parse("*a* **b** [@k]")
    assert markup(blocks[0].inlines, cite) == "<i>a</i> <b>b</b> [k]"
    assert isinstance(blocks[0].inlines[-1], Citation)


def test_author_date_inline_citation(tmp_path, library):
    report = export_pdf(briefed(library), library, tmp_path / "b.pdf", style="author-date")
    text = norm("\n".join(page.extract_text() for page in PdfReader(Path(report.path)).pages))
    assert re.search(r"Land comes first: “.+?” \(“Russia – Ukraine war”, n\.d\., ¶ \d+\)", text)


def test_the_embedded_proof_holds_for_a_brief(exported, library):
    from dossier.core.proof_pdf import verify_pdf

    dossier, report, _ = exported
    result = verify_pdf(report.path, library)
    assert result.failures == []
    assert result.proof is not None and len(result.proof["quotes"]) == len(dossier.clips())
