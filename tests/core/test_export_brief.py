"""The brief's text in Word, Markdown and HTML: bottom line and assessments, citations as quoted words with their note."""

from __future__ import annotations

import re
import zipfile

import lxml.html
import pytest
from docx import Document
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from dossier.core.briefing import prepare
from dossier.core.errors import UnknownCitation
from dossier.core.export.formats import export
from dossier.core.export.html import render_html
from dossier.core.export.markdown import render_markdown
from tests.core.briefing_data import make_dossier, make_library

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LAND = "“We will be talking about land. We will be talking about power plants, …”"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = make_library(tmp_path_factory.mktemp("lib"))
    yield lib
    lib.close()


def briefed(library):
    """The test dossier with a brief: the bottom line cites two clips, Agenda's assessment a third."""
    dossier = make_dossier(library)
    agenda, demands = dossier.sections[0], dossier.sections[1]
    land, demand, assets = agenda.clips[0], demands.clips[0], agenda.clips[1]
    dossier.bottom_line = (
        f"Trump names **land** first: [@{land.id[:6]}]\n\n"
        f"What Moscow wants:\n\n- [@{demand.id}]\n- *nothing* <b>else</b> & more"
    )
    dossier.marking = "Official — sensitive"
    dossier.organisation = "Policy Unit"
    agenda.assessment = f"Assets are on the table: [@{assets.id}]. See [the source](https://example.org/?a=1&b=2)."
    return dossier, land, demand, assets


def test_word_prints_the_brief_with_footnotes_in_reading_order(library, tmp_path):
    dossier, *_ = briefed(library)
    out = tmp_path / "brief.docx"
    export(dossier, library, out)
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Contents", "Bottom line", "Agenda"]
    assert f"Trump names land first: {LAND}" in texts
    assert "•\tnothing <b>else</b> & more" in texts
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        header = z.read("word/header1.xml").decode() if "word/header1.xml" in z.namelist() else ""
    refs = [int(r.get(W + "id")) for r in body.iter(W + "footnoteReference")]
    assert refs == sorted(refs) == list(range(1, len(refs) + 1))  # Word numbers them as Dossier does
    assert "Official — sensitive" in header
    strong = [r for r in body.iter(W + "r") if r.find(f"{W}rPr/{W}b") is not None]
    assert any("".join(t.text for t in r.iter(W + "t")) == "land" for r in strong)
    assert "Policy Unit" in texts


def test_markdown_prints_the_brief(library):
    dossier, land, demand, assets = briefed(library)
    briefing = prepare(dossier, library)
    source = render_markdown(briefing)
    page = lxml.html.fromstring("<div>" + MarkdownIt("commonmark").use(footnote_plugin).render(source) + "</div>")
    assert [h.text_content() for h in page.findall(".//h2")][:3] == ["Contents", "Bottom line", "Agenda"]
    first = page.findall(".//p")[4 if briefing.cover.marking else 3]
    paragraphs = [" ".join(p.text_content().split()) for p in page.findall(".//p")]
    assert any(p.startswith(f"Trump names land first: {LAND}") for p in paragraphs), paragraphs
    assert page.find(".//strong") is not None and first is not None
    items = [" ".join(li.text_content().split()) for li in page.findall(".//ul/li")]
    assert "nothing <b>else</b> & more" in items
    assert f'<a id="clip-{land.id}"></a>' in source and f'<a id="clip-{assets.id}"></a>' in source
    refs = re.findall(r"\[\^(\d+)\](?!:)", source)
    assert refs[:3] == ["1", "2", "3"]  # the bottom line's two citations, then the assessment's
    assert source.startswith("**Official — sensitive**")
    assert "[the source](<https://example.org/?a=1&b=2>)" in source


def test_html_prints_the_brief_and_notes_link_back_to_inline_citations(library):
    dossier, land, demand, assets = briefed(library)
    page = lxml.html.fromstring(render_html(prepare(dossier, library)))
    bottom = page.get_element_by_id("bottom-line")
    assert bottom.find(".//strong").text == "land" and bottom.find(".//ul/li//em").text == "nothing"
    cited = bottom.find(".//span[@class='cited']")
    assert cited.get("id") == f"clip-{land.id}" and cited.text == LAND
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    assert {a.get("href")[1:] for a in page.iter("a") if a.get("href", "").startswith("#")} <= ids
    note_1 = page.get_element_by_id("note-1")
    assert next(a.get("href") for a in note_1.iter("a") if a.text == "↩") == f"#clip-{land.id}"
    assert page.find(".//p[@class='marking']").text == "Official — sensitive"
    assert "SUPPORTING EXCERPT" in page.get_element_by_id(f"section-{dossier.sections[0].id}").text_content()
    links = [a.get("href") for a in page.iter("a")]
    assert "https://example.org/?a=1&b=2" in links


def test_author_date_inline_citations(library):
    dossier, *_ = briefed(library)
    markets = dossier.sections[0].clips[2]
    dossier.bottom_line += f"\n\nMarkets: [@{markets.id}]"
    source = render_markdown(prepare(dossier, library, style="apa"))
    assert "(Vandermeer, 2025, para. 2)" in source
    assert "Quoted in [Bottom line](#bottom-line)" in source


def test_a_brief_citing_no_clip_is_refused_in_every_format(library, tmp_path):
    dossier = make_dossier(library)
    dossier.bottom_line = "See [@feedface]."
    for suffix in (".docx", ".md", ".html"):
        with pytest.raises(UnknownCitation):
            export(dossier, library, tmp_path / f"brief{suffix}")
    assert list(tmp_path.iterdir()) == []
