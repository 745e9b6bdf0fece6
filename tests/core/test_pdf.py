"""The PDF briefing, read back with pypdf: quotes verbatim, notes, links, outline, fonts, metadata."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from dossier import __version__
from dossier.core import citations
from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.errors import ExportCancelled, QuoteMismatch
from dossier.core.export.pdf import export_pdf
from dossier.core.integrity import MISMATCH, MISSING, RELOCATED, check_clip, clip_quote
from dossier.core.library import Library
from dossier.core.quoting import clip_quoted

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TRUMP_CALL, NEW_PATH = "000_a22b62033c914142.txt", "003_1913b87785396f9a.txt"
TITLE = "Trump–Putin call: what is on the table"
MARKUP_QUOTE = "Analysts said Q&A sessions <b>were</b> tense: 5 > 3 and 2 < 4 — “so far”."
SCRIPTS_QUOTE = "Россия и Украина — переговоры. Ρωσία και Ουκρανία — διαπραγματεύσεις."
SCRIPTS_NOTE = "Пример / Παράδειγμα: naïve café – “quoted” ‘twice’"
EXTRA = f"Markets & Talks\n\nFirst paragraph of the extra story.\n\n{MARKUP_QUOTE}\n\n{SCRIPTS_QUOTE}\n"
EXTRA_URL = "https://example.org/markets?a=1&b=2"
NESTED = str.maketrans("“”", "‘’")  # a quotation inside a quote is printed in single marks


# ---------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    yield from seeded_library(tmp_path_factory)


def seeded_library(tmp_path_factory):
    """The seeds and one extra article with full metadata and markup characters (``markets.txt``)."""
    lib = Library(tmp_path_factory.mktemp("lib") / "lib.sqlite3")
    lib.import_paths([SEEDS])
    lib.add_bytes(
        EXTRA.encode(),
        name="/data/markets.txt",
        meta={
            "title": "Markets & Talks",
            "publisher": "The Daily Wire",
            "author": "Jane Doe",
            "published": "2025-03-17",
            "url": EXTRA_URL,
        },
    )
    yield lib
    lib.close()


def article(library: Library, name: str):
    return next(a for a in library.articles() if Path(a.meta.source_file).name == name)


def make_dossier(library: Library) -> Dossier:
    """Agenda, Demands and Background with clips; Reactions left empty."""
    a, b, extra = article(library, TRUMP_CALL), article(library, NEW_PATH), article(library, "markets.txt")
    d = Dossier(TITLE, author="Briefing desk")
    agenda, demands, _reactions = d.sections
    agenda.clips += [
        clip_quote(a, "We will be talking about land. We will be talking about power plants,", note=SCRIPTS_NOTE),
        clip_quote(b, "there are ongoing negotiations about “dividing up certain assets,”"),
        clip_quote(extra, MARKUP_QUOTE, note="Markup characters & escapes <i>stay</i> as typed."),
    ]
    demands.clips += [
        clip_quote(
            a,
            "He has demanded that Ukraine drop its Nato ambitions, that Russia keeps control of all "
            "Ukrainian territory seized, and that the size of the Ukrainian army be limited.",
        ),
        clip_quote(extra, SCRIPTS_QUOTE),
        clip_quote(a, "We will be talking about land."),  # the same place as the first clip: its number again
    ]
    body = [p for p in b.paragraphs if p.number is not None]
    long_quote = Section("Background")  # one quote of a whole article: it must run over pages
    long_quote.clips.append(clip_quote(b, b.text[body[0].start : body[-5].end], note="The whole story, for context."))
    d.sections.append(long_quote)
    return d


def page_texts(path: Path, header: str = TITLE) -> list[str]:
    """Each page's text without the running header and footer."""
    pages = []
    for page in PdfReader(path).pages:
        lines = [
            line
            for line in page.extract_text().splitlines()
            if line.strip() != header and not re.fullmatch(r"Page \d+( of \d+)?", line.strip())
        ]
        pages.append("\n".join(lines))
    return pages


def norm(text: str) -> str:
    """Undo line breaking only: a break after a hyphen joins, any other run of white space is one space."""
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def heading_page(pages: list[str], heading: str) -> int:
    """The page where a chapter begins (after the cover, which holds a short contents)."""
    return next(n for n, text in enumerate(pages) if n > 0 and heading in text.splitlines())


def links(reader: PdfReader, page_no: int) -> list[dict]:
    return [a.get_object() for a in reader.pages[page_no].get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]


def dest_page(reader: PdfReader, annot: dict) -> int:
    return reader.get_page_number(annot["/Dest"][0].get_object())


@pytest.fixture(scope="module")
def briefing(library, tmp_path_factory):
    dossier = make_dossier(library)
    out = tmp_path_factory.mktemp("out") / "brief.pdf"
    messages: list[str] = []
    report = export_pdf(dossier, library, out, progress=messages.append)
    return dossier, report, messages


# ---------------------------------------------------------------------- the briefing


def test_report_and_progress(briefing):
    dossier, report, messages = briefing
    assert report.path.is_file() and report.clips == 7 and report.sources == 3 and report.marked == []
    assert report.pages == len(PdfReader(report.path).pages) >= 5
    assert messages[0].startswith("Checking") and any("pass 2" in m for m in messages)
    assert not list(report.path.parent.glob("*.part"))
    assert report.path.stat().st_mode & 0o777 == 0o644


def test_every_quote_is_verbatim_and_followed_by_its_number(briefing, library):
    dossier, report, _ = briefing
    text = norm("\n".join(page_texts(report.path)))
    cites = citations.cite(dossier, library.get_many(c.article_id for c in dossier.clips()))
    for clip in dossier.clips():  # in quotation marks, with double marks inside made single
        printed = clip_quoted(clip)
        assert norm(printed.body) == norm(clip.quote).translate(NESTED)
        assert re.search(re.escape(norm(printed.text())) + r" ?" + cites.marker(clip) + r"\b", text), clip.quote[:40]
    assert MARKUP_QUOTE.translate(NESTED) in text and SCRIPTS_QUOTE in text


def test_long_quote_runs_over_pages(briefing):
    dossier, report, _ = briefing
    pages = page_texts(report.path)
    long_quote = clip_quoted(dossier.sections[-1].clips[0]).body
    start = heading_page(pages, "Background")
    assert norm(long_quote) not in norm(pages[start])  # it does not fit on one page…
    assert norm(long_quote) in norm("\n".join(pages[start : start + 3]))  # …and reads on across the break


def test_every_number_has_a_note_and_every_note_a_source(briefing, library):
    dossier, report, _ = briefing
    pages = page_texts(report.path)
    notes_at, sources_at = heading_page(pages, "Notes"), heading_page(pages, "Sources")
    back = norm("\n".join(pages[notes_at:]))
    cites = citations.cite(dossier, library.get_many(c.article_id for c in dossier.clips()))
    assert [n.number for n in cites.notes] == list(range(1, 7))  # 7 clips, one place cited twice
    for note in cites.notes:
        assert f"{note.number}. {norm(note.text())}" in back
        assert note.source.article_id in library
    sources_text = norm("\n".join(pages[sources_at:]))
    for source in cites.sources:
        assert norm(citations.plain(source.entry_runs(citations.NOTES))) in sources_text
    assert "Jane Doe, “Markets & Talks”, The Daily Wire, 17 March 2025, ¶ 2, " + EXTRA_URL in back
    assert SCRIPTS_NOTE in norm("\n".join(pages))


def test_citations_link_to_notes_and_notes_to_sources(briefing):
    dossier, report, _ = briefing
    reader = PdfReader(report.path)
    pages = page_texts(report.path)
    first_chapter, notes_at, sources_at = (
        heading_page(pages, "Agenda"),
        heading_page(pages, "Notes"),
        heading_page(pages, "Sources"),
    )
    citation_links = [a for n in range(first_chapter, notes_at) for a in links(reader, n)]
    assert len(citation_links) == len(dossier.clips())
    assert {dest_page(reader, a) for a in citation_links} == {notes_at}
    note_links = [a for a in links(reader, notes_at) if "/Dest" in a]
    assert sources_at in {dest_page(reader, a) for a in note_links}
    uris = [a["/A"]["/URI"] for n in range(len(reader.pages)) for a in links(reader, n) if "/A" in a]
    assert EXTRA_URL in uris
    contents_links = {dest_page(reader, a) for a in links(reader, 0)}  # the contents, on the cover
    assert {first_chapter, notes_at} <= contents_links


def test_outline_is_the_sections_with_clips(briefing):
    dossier, report, _ = briefing
    reader = PdfReader(report.path)
    assert [item.title for item in reader.outline] == ["Agenda", "Demands", "Background"]
    assert "Reactions" not in norm("\n".join(page_texts(report.path)))
    pages = page_texts(report.path)
    entries = ["Agenda", "Demands", "Background", "Notes", "Sources"]
    assert [line for line in pages[0].splitlines() if line in entries] == entries  # a short contents: on the cover
    printed = [int(n) for n in re.findall(r"\. *(\d+) *$", pages[0], re.MULTILINE)]
    assert printed == [heading_page(pages, title) + 1 for title in entries]


def test_fonts_are_embedded(briefing):
    reader = PdfReader(briefing[1].path)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert descriptor is not None, font["/BaseFont"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()), font["/BaseFont"]
            seen.add(font["/BaseFont"].split("+")[-1])
    assert {"DejaVuSerif", "DejaVuSans", "DejaVuSans-Bold", "DejaVuSerif-Italic"} <= seen


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_says_embedded(briefing):
    out = subprocess.run(["pdffonts", str(briefing[1].path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)


def test_metadata(briefing):
    info = PdfReader(briefing[1].path).metadata
    assert info.title == TITLE
    assert info.author == "Briefing desk"
    assert info.subject == "Briefing: 7 excerpts from 3 sources in 3 sections"
    assert info["/Keywords"] == "Agenda, Demands, Background"
    assert info.creator == f"Dossier {__version__}"


# ---------------------------------------------------------------------- integrity


def doctored(library: Library) -> tuple[Dossier, Clip]:
    dossier = make_dossier(library)
    clip = dossier.sections[1].clips[0]
    clip.quote = "Words that no source ever said about the war."
    return dossier, clip


def test_doctored_clip_stops_the_export(library, tmp_path):
    dossier, clip = doctored(library)
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"the previous export")
    with pytest.raises(QuoteMismatch) as caught:
        export_pdf(dossier, library, out)
    assert [(p.clip.id, p.status, p.section) for p in caught.value.problems] == [(clip.id, MISMATCH, "Demands")]
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_forced_export_marks_the_doctored_clip(library, tmp_path):
    dossier, clip = doctored(library)
    report = export_pdf(dossier, library, tmp_path / "brief.pdf", allow_mismatch=True)
    assert [c.clip.id for c in report.marked] == [clip.id]
    text = norm("\n".join(page_texts(report.path)))
    assert f"Does not match source — the quoted words are no longer in the source “{clip.quote}”" in text
    assert "1 excerpt does not match its source word for word and is marked in red." in text


def test_missing_source_is_a_problem_too(library, tmp_path):
    dossier = make_dossier(library)
    dossier.sections[0].clips.append(Clip("feedfacefeedface", 1, "Gone words", 0, 10, paragraph=3))
    with pytest.raises(QuoteMismatch) as caught:
        export_pdf(dossier, library, tmp_path / "brief.pdf")
    assert [p.status for p in caught.value.problems] == [MISSING]
    report = export_pdf(dossier, library, tmp_path / "brief.pdf", allow_mismatch=True)
    text = norm("\n".join(page_texts(report.path)))
    assert "Source missing — article feedfacefeedface is not in the library “Gone words”" in text
    assert "Source missing from the library (article feedfacefeedface), ¶ 3." in text


def test_relocated_clip_is_exported_unmarked(library, tmp_path):
    dossier = make_dossier(library)
    clip = dossier.sections[0].clips[0]
    clip.start, clip.end = clip.start + 3, clip.end + 3
    assert check_clip(clip, library.get(clip.article_id)).status == RELOCATED
    report = export_pdf(dossier, library, tmp_path / "brief.pdf")
    assert report.marked == []
    assert norm(clip.quote) in norm("\n".join(page_texts(report.path)))


# ---------------------------------------------------------------------- options


def test_author_date_style(library, tmp_path):
    dossier = make_dossier(library)
    report = export_pdf(dossier, library, tmp_path / "brief.pdf", style="author-date")
    pages = page_texts(report.path)
    text = norm("\n".join(pages))
    first = dossier.sections[0].clips[0]
    para = library.get(first.article_id).paragraph_number(first.start)
    assert f"{norm(clip_quoted(first).text())} (“Russia – Ukraine war”, n.d., ¶ {para})" in text
    assert f"“{MARKUP_QUOTE.translate(NESTED)}” (Doe, 2025, ¶ 2)" in text
    assert "Notes" not in {line for page in pages for line in page.splitlines()}
    assert "Doe, Jane (2025). “Markets & Talks”. The Daily Wire. " + EXTRA_URL in text
    reader = PdfReader(report.path)
    sources_at = heading_page(pages, "Sources")
    agenda_links = links(reader, heading_page(pages, "Agenda"))
    assert agenda_links and {dest_page(reader, a) for a in agenda_links} == {sources_at}


def test_empty_sections_shown_on_request(library, tmp_path):
    report = export_pdf(make_dossier(library), library, tmp_path / "brief.pdf", include_empty=True)
    assert [item.title for item in PdfReader(report.path).outline] == ["Agenda", "Demands", "Reactions", "Background"]
    assert "Reactions No excerpts in this section." in norm("\n".join(page_texts(report.path)))


def test_empty_dossier_gives_a_cover(library, tmp_path):
    report = export_pdf(Dossier("Nothing yet"), library, tmp_path / "brief.pdf")
    text = norm("\n".join(page_texts(report.path, "Nothing yet")))
    assert report.pages == 1 and "0 excerpts from 0 sources in 0 sections" in text
    assert "Placeholder" not in text


def test_cancel_writes_nothing(library, tmp_path):
    with pytest.raises(ExportCancelled):
        export_pdf(make_dossier(library), library, tmp_path / "brief.pdf", cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_unknown_style_is_refused(library, tmp_path):
    with pytest.raises(ValueError):
        export_pdf(Dossier(), library, tmp_path / "brief.pdf", style="footnotes")


def test_dossier_is_not_changed(library, tmp_path):
    dossier = make_dossier(library)
    before = copy.deepcopy([[c.to_dict() for c in s.clips] for s in dossier.sections])
    export_pdf(dossier, library, tmp_path / "brief.pdf")
    assert [[c.to_dict() for c in s.clips] for s in dossier.sections] == before
