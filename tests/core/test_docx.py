"""The Word briefing read back: real footnotes, Word's styles, properties, links; LibreOffice reads it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from lxml import etree

from dossier.core.briefing import prepare
from dossier.core.citations import plain
from dossier.core.export.formats import export
from tests.core.briefing_data import SCRIPTS_QUOTE, TITLE, make_dossier, make_library, printed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = make_library(tmp_path_factory.mktemp("lib"))
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def word(library, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "brief.docx"
    export(make_dossier(library), library, out)
    return out


def part(path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def test_the_footnotes_part_holds_one_footnote_per_note(library, word):
    briefing = prepare(make_dossier(library), library)
    with zipfile.ZipFile(word) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert f'PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"' in types
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    notes = part(word, "word/footnotes.xml").findall(W + "footnote")
    assert [n.get(W + "type") for n in notes[:2]] == ["separator", "continuationSeparator"]
    real = notes[2:]
    assert [int(n.get(W + "id")) for n in real] == [n.number for n in briefing.notes] == [1, 2, 3, 4, 5, 6]
    for footnote, note in zip(real, briefing.notes):
        assert footnote.find(f".//{W}footnoteRef") is not None
        assert text(footnote).strip() == plain(note.runs)
    assert text(real[2]).strip().startswith("Ilse Vandermeer, “Markets & Talks”, The Daily Wire, 17 March 2025, ¶ 2")


def test_the_text_references_each_footnote_once_and_cross_refers_after(word):
    body = part(word, "word/document.xml")
    refs = [int(r.get(W + "id")) for r in body.iter(W + "footnoteReference")]
    assert refs == [1, 2, 3, 4, 5, 6]  # Word numbers footnotes by these, in this order
    fields = [t.text for t in body.iter(W + "instrText")]
    assert fields == [r" NOTEREF _RefNote1 \f \h "]  # "We will be talking about land." again: note 1
    marks = {b.get(W + "name") for b in body.iter(W + "bookmarkStart")}
    assert {f"_RefNote{n}" for n in range(1, 7)} <= marks


def test_quotes_are_verbatim_in_words_quote_style(library, word):
    doc = Document(str(word))
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    clips = make_dossier(library).clips()
    expected = [part for clip in clips for part in printed(clip)]
    expected[5] += "1"  # the NOTEREF field's number (a footnote reference itself holds no text)
    assert quotes == expected
    assert f"“{SCRIPTS_QUOTE}”" in quotes
    assert "“Analysts said Q&A sessions <b>were</b> tense: 5 > 3 and 2 < 4 — ‘so far’.”" in quotes


def test_word_styles_and_document_properties(word):
    doc = Document(str(word))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Title" and doc.paragraphs[0].text == TITLE
    assert "Subtitle" in styles and "Excerpt Note" in styles and "Source Entry" in styles
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents", "Agenda", "Demands", "Background", "Sources"]
    props = doc.core_properties
    assert (props.title, props.author, props.keywords) == (TITLE, "Briefing desk", "Agenda, Demands, Background")
    assert props.subject == "Briefing: 7 excerpts from 3 sources in 3 sections"
    assert "cited by notes" in props.comments


def test_links_go_to_sources_and_back(word):
    body = part(word, "word/document.xml")
    marks = {b.get(W + "name") for b in body.iter(W + "bookmarkStart")}
    anchors = {h.get(W + "anchor") for h in body.iter(W + "hyperlink") if h.get(W + "anchor")}
    assert anchors and anchors <= marks
    notes = part(word, "word/footnotes.xml")
    assert {h.get(W + "anchor") for h in notes.iter(W + "hyperlink") if h.get(W + "anchor")} <= marks
    with zipfile.ZipFile(word) as z:
        assert "https://example.org/markets?a=1&amp;b=2" in z.read("word/_rels/footnotes.xml.rels").decode()


def test_author_date_word_has_in_text_citations_and_no_footnotes(library, tmp_path):
    out = tmp_path / "apa.docx"
    export(make_dossier(library), library, out, style="apa")
    with zipfile.ZipFile(out) as z:
        assert "word/footnotes.xml" not in z.namelist()
    doc = Document(str(out))
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert "— ‘so far’.” (Vandermeer, 2025, para. 2)" in " ".join(quotes)
    entries = [p.text for p in doc.paragraphs if p.style.name == "Source Entry"]
    assert any(e.startswith("Vandermeer, I. (2025, March 17). Markets & Talks.") for e in entries)
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][-1] == "References"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_footnotes(library, word, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(word),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf_text = subprocess.run(
        ["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(pdf_text.split())
    assert "We will be talking about land. We will be talking about power plants," in flat
    assert "Ilse Vandermeer, “Markets & Talks”, The Daily Wire, 17 March 2025, ¶ 2" in flat
    assert "“A New Path Toward Peace”, ¶¶ 1–10." in flat  # the last footnote, at the foot of a page
