"""CSL styles through citeproc-py: APA, MLA, Chicago notes, Harvard; names parsed for them."""

from __future__ import annotations

import pytest

from dossier.core.briefing import prepare
from dossier.core.citations import ITALIC, TITLE, URL, plain
from dossier.core.dossier import Clip
from dossier.core.export.html import render_html
from dossier.core.export.markdown import render_markdown
from dossier.core.styles import STYLE_NAMES, STYLES, cite_in_style, style_info
from dossier.core.styles.names import parse_authors
from dossier.paths import resources_dir
from tests.core.briefing_data import make_dossier, make_library


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = make_library(tmp_path_factory.mktemp("lib"))
    second = "Second Story\n\nOne.\n\nThe second story by the same author in the same year.\n"
    lib.add_bytes(
        second.encode(),
        name="/data/second.txt",
        meta={
            "title": "Second Story",
            "publisher": "The Daily Wire",
            "author": "Ilse Vandermeer",
            "published": "2025-04-01",
        },
    )
    org = "Agency Story\n\nOne.\n\nAn agency wrote this without a byline.\n"
    lib.add_bytes(
        org.encode(),
        name="/data/agency.txt",
        meta={"title": "Agency Story", "publisher": "Reuters", "published": "2024-11-05"},
    )
    yield lib
    lib.close()


def styled(library, style: str):
    dossier = make_dossier(library)
    extra = {a.meta.title: a for a in library.articles() if a.meta.title in ("Second Story", "Agency Story")}
    from dossier.core.integrity import clip_quote

    dossier.sections[2].clips += [
        clip_quote(extra["Second Story"], "The second story by the same author"),
        clip_quote(extra["Agency Story"], "An agency wrote this"),
    ]
    articles = library.get_many(c.article_id for c in dossier.clips())
    return dossier, *cite_in_style(dossier, articles, style)


def entry_starting(text, start: str) -> str:
    entries = [plain(text.entries[a]) for a in text.order]
    return next(e for e in entries if e.startswith(start))


def test_the_styles_and_their_bundled_files():
    assert STYLE_NAMES == ("notes", "author-date", "chicago-note", "apa", "mla", "harvard")
    for info in STYLES.values():
        if info.csl_file:
            head = (resources_dir() / "csl" / info.csl_file).read_text(encoding="utf-8")[:3000]
            assert "creativecommons.org/licenses/by-sa/3.0" in head
    assert (resources_dir() / "csl" / "LICENSE-CC-BY-SA-3.0.txt").is_file()
    with pytest.raises(ValueError, match="unknown citation style 'ieee'; use one of notes, author-date"):
        style_info("ieee")


def test_apa_in_text_with_paragraphs_and_reference_entries(library):
    dossier, cites, text = styled(library, "apa")
    markets = dossier.sections[0].clips[2]  # ¶ 2 of Ilse Vandermeer's article
    assert plain(text.in_text[markets.id]) == "(Vandermeer, 2025a, para. 2)"
    second = dossier.sections[2].clips[-2]
    assert plain(text.in_text[second.id]) == "(Vandermeer, 2025b, para. 2)"  # same author, same year: a, b
    long = dossier.sections[3].clips[0]
    assert plain(text.in_text[long.id]).endswith(", n.d., paras. 1–10)")
    entry = entry_starting(text, "Vandermeer, I. (2025a")
    assert (
        entry
        == "Vandermeer, I. (2025a, March 17). Markets & Talks. The Daily Wire. https://example.org/markets?a=1&b=2"
    )
    runs = text.entries[cites.source(markets).article_id]
    assert (TITLE, "Markets & Talks") in runs and (ITALIC, "The Daily Wire") in runs
    assert (URL, "https://example.org/markets?a=1&b=2") in runs
    agency = dossier.sections[2].clips[-1]
    assert plain(text.in_text[agency.id]) == "(Reuters, 2024, para. 2)"
    assert entry_starting(text, "Reuters") == "Reuters. (2024, November 5). Agency Story."


def test_apa_without_a_second_source_has_no_year_suffix(library):
    dossier = make_dossier(library)
    _, text = cite_in_style(dossier, library.get_many(c.article_id for c in dossier.clips()), "apa")
    assert plain(text.in_text[dossier.sections[0].clips[2].id]) == "(Vandermeer, 2025, para. 2)"


def test_mla_keeps_given_names_whole(library):
    dossier, _, text = styled(library, "mla")
    assert plain(text.in_text[dossier.sections[0].clips[2].id]).startswith("(Vandermeer")
    entry = entry_starting(text, "Vandermeer, Ilse.")
    assert "“Markets & Talks.” The Daily Wire, 17 Mar. 2025, https://example.org/markets?a=1&b=2." in entry
    assert text.style.sources_heading == "Works Cited"


def test_chicago_notes_full_then_short(library):
    dossier, cites, text = styled(library, "chicago-note")
    assert text.in_text == {}
    first, later = cites.note(dossier.sections[0].clips[2]).number, cites.note(dossier.sections[1].clips[1]).number
    assert plain(text.notes[first]) == (
        "Ilse Vandermeer, “Markets & Talks,” The Daily Wire, March 17, 2025, para. 2, "
        "https://example.org/markets?a=1&b=2."
    )
    assert plain(text.notes[later]) == "Vandermeer, “Markets & Talks,” para. 3."
    assert entry_starting(text, "Vandermeer, Ilse.").startswith("Vandermeer, Ilse. “Markets & Talks.” The Daily Wire")


def test_harvard(library):
    dossier, _, text = styled(library, "harvard")
    assert plain(text.in_text[dossier.sections[0].clips[2].id]) == "(Vandermeer, 2025a, para. 2)"
    assert entry_starting(text, "Vandermeer, I. (2025a)").startswith(
        "Vandermeer, I. (2025a) ‘Markets & Talks’, The Daily Wire"
    )


def test_a_missing_source_is_cited_in_every_style(library):
    dossier = make_dossier(library)
    dossier.sections[0].clips.append(Clip("feedfacefeedface", 1, "Gone words", 0, 10, paragraph=3))
    for style in STYLE_NAMES:
        briefing = prepare(dossier, library, style=style, allow_mismatch=True)
        assert any("feedfacefeedface" in plain(s.runs) for s in briefing.sources), style


@pytest.mark.parametrize("style", ["apa", "chicago-note"])
def test_styles_reach_every_format(library, style):
    briefing = prepare(make_dossier(library), library, style=style)
    markdown, html = render_markdown(briefing), render_html(briefing)
    if style == "apa":
        assert "(Vandermeer, 2025, para. 2)" in markdown and "## References" in markdown
        assert "Vandermeer, I. (2025, March 17)." in html and "cited in APA 7th edition style" in html
    else:
        assert "[^1]:" in markdown and "## Bibliography" in markdown
        assert "Ilse Vandermeer, “" in html


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Ilse Vandermeer", [{"family": "Vandermeer", "given": "Ilse"}]),
        ("Vandermeer, Ilse", [{"family": "Vandermeer", "given": "Ilse"}]),
        ("By Jane Doe and John Smith", [{"family": "Doe", "given": "Jane"}, {"family": "Smith", "given": "John"}]),
        (
            "Anna Kowalska; Piotr Nowak & Li Wei",
            [
                {"family": "Kowalska", "given": "Anna"},
                {"family": "Nowak", "given": "Piotr"},
                {"family": "Wei", "given": "Li"},
            ],
        ),
        (
            "Jane Doe, John Smith, Ann Lee",
            [
                {"family": "Doe", "given": "Jane"},
                {"family": "Smith", "given": "John"},
                {"family": "Lee", "given": "Ann"},
            ],
        ),
        ("Ludwig van Beethoven", [{"family": "Beethoven", "non-dropping-particle": "van", "given": "Ludwig"}]),
        ("Martin Luther King Jr.", [{"family": "King", "given": "Martin Luther", "suffix": "Jr."}]),
        ("Reuters", [{"literal": "Reuters"}]),
        ("BBC News", [{"literal": "BBC News"}]),
        ("Associated Press", [{"literal": "Associated Press"}]),
        ("Guardian staff and agencies", [{"literal": "Guardian staff and agencies"}]),
        ("", []),
        (None, []),
    ],
)
def test_bylines_become_names(byline, names):
    assert parse_authors(byline) == names


def test_several_authors_and_organisations_in_apa(library, tmp_path):
    from dossier.core.dossier import Dossier
    from dossier.core.integrity import clip_quote

    text = "Joint Story\n\nA joint story.\n"
    article_id = library.add_bytes(
        text.encode(),
        name="/data/joint.txt",
        meta={
            "title": "Joint Story",
            "author": "By Jane Doe and John Smith",
            "publisher": "The Wire",
            "published": "2023-02-01",
        },
    ).article_id
    dossier = Dossier("Joint")
    dossier.sections[0].clips.append(clip_quote(library.get(article_id), "A joint story."))
    _, styled_text = cite_in_style(dossier, library.get_many([article_id]), "apa")
    assert plain(styled_text.in_text[dossier.sections[0].clips[0].id]) == "(Doe & Smith, 2023, para. 1)"
    assert plain(styled_text.entries[article_id]).startswith("Doe, J., & Smith, J. (2023, February 1). Joint Story.")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "apa",
            [
                "(Vandermeer, 2025, para. 2)",
                "References",
                "Vandermeer, I. (2025, March 17). Markets & Talks.",
                "cited in APA 7th edition style",
            ],
        ),
        (
            "chicago-note",
            ["Bibliography", "Ilse Vandermeer, “Markets & Talks,” The Daily Wire, March 17, 2025, para. 2"],
        ),
    ],
)
def test_the_pdf_is_cited_in_csl_styles_too(library, tmp_path, style, expected):
    from pypdf import PdfReader

    from dossier.core.export.formats import export

    report = export(make_dossier(library), library, tmp_path / "brief.pdf", style=style)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(report.path).pages).split())
    for words in expected:
        assert words in text
