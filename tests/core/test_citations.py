"""Citation numbering, note text and the list of sources (no PDF involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core import citations as C
from dossier.core.dossier import Clip, Dossier
from dossier.core.integrity import clip_quote
from dossier.core.library import Library

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TRUMP_CALL, NEW_PATH = "000_a22b62033c914142.txt", "003_1913b87785396f9a.txt"


@pytest.fixture()
def library(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    lib.import_paths([SEEDS])
    yield lib
    lib.close()


def seed(library: Library, name: str):
    return next(a for a in library.articles() if Path(a.meta.source_file).name == name)


def add(library: Library, name: str, body: str, **meta):
    result = library.add_bytes(body.encode(), name=name, meta=meta)
    return library.get(result.article_id)


def articles_of(library: Library) -> dict:
    return {a.id: a for a in library.articles(current_only=False)}


# ---------------------------------------------------------------------- small parts


@pytest.mark.parametrize(
    "value, printed",
    [
        ("2025-03-17", "17 March 2025"),
        ("2025-03-17T08:30:00+00:00", "17 March 2025"),
        ("2025-03", "March 2025"),
        ("2025", "2025"),
        (None, "n.d."),
        ("", "n.d."),
        ("Spring 2024", "Spring 2024"),
        ("2025-13-40", "2025-13-40"),
    ],
)
def test_format_date(value, printed):
    assert C.format_date(value) == printed


def test_year_and_locator():
    assert C.year_of("2025-03-17") == "2025"
    assert C.year_of(None) == "n.d."
    assert C.locator(7) == "¶ 7"
    assert C.locator(7, 7) == "¶ 7"
    assert C.locator(7, 9) == "¶¶ 7–9"
    assert C.locator(None) == ""


def test_short_title():
    assert C.short_title("Russia – Ukraine war: Donald Trump to speak") == "Russia – Ukraine war"
    assert C.short_title("One two three four five six seven") == "One two three four five…"
    assert C.short_title("Short one") == "Short one"


# ---------------------------------------------------------------------- numbering


def test_numbers_follow_first_appearance_and_reuse_a_place(library):
    a, b = seed(library, TRUMP_CALL), seed(library, NEW_PATH)
    d = Dossier("Numbering")
    land = clip_quote(a, "We will be talking about land.")
    plants = clip_quote(a, "We will be talking about power plants")  # same ¶ as `land`
    starmer = clip_quote(b, "not good enough")
    demands = clip_quote(a, "He has demanded that Ukraine drop its Nato ambitions")
    land_again = clip_quote(a, "We will be talking about land.")
    d.sections[0].clips += [land, starmer]
    d.sections[1].clips += [plants, demands]
    d.sections[2].clips += [land_again]
    cites = C.cite(d, articles_of(library))

    assert [n.number for n in cites.notes] == [1, 2, 3]
    assert [cites.marker(c) for c in (land, starmer, plants, demands, land_again)] == ["1", "2", "1", "3", "1"]
    assert cites.note(land).clip_ids == [land.id, plants.id, land_again.id]
    assert cites.note(demands).first == a.paragraph_number(demands.start)
    assert all(cites.note(c).source.article is not None for c in d.clips())


def test_first_note_of_a_source_is_full_later_ones_short(library):
    a, b = seed(library, TRUMP_CALL), seed(library, NEW_PATH)
    d = Dossier()
    d.sections[0].clips += [
        clip_quote(a, "We will be talking about land."),
        clip_quote(b, "not good enough"),
        clip_quote(a, "He has demanded that Ukraine drop its Nato ambitions"),
    ]
    first, second, third = (n.text() for n in C.cite(d, articles_of(library)).notes)
    para = a.paragraph_number(a.text.index("We will be talking about land."))
    assert first == (f"“{a.meta.title}”, n.d., ¶ {para}, {TRUMP_CALL}.")
    assert second.startswith(f"“{b.meta.title}”, n.d., ¶ ") and second.endswith(f", {NEW_PATH}.")
    assert third.startswith("“Russia – Ukraine war”, ¶ ") and TRUMP_CALL not in third


def test_note_with_everything_known(library):
    article = add(
        library,
        "/some/where/story.txt",
        "Headline\n\nFirst words here.\n\nThe quoted words & more.\n",
        title="Headline",
        publisher="The Daily",
        author="Jane Doe",
        published="2025-03-17",
        url="https://example.org/story?a=1&b=2",
    )
    d = Dossier()
    d.sections[0].clips.append(clip_quote(article, "The quoted words & more."))
    cites = C.cite(d, articles_of(library))
    note = cites.notes[0]
    assert note.text() == "Jane Doe, “Headline”, The Daily, 17 March 2025, ¶ 2, https://example.org/story?a=1&b=2."
    kinds = dict(note.runs())
    assert kinds[C.PUBLISHER] == "The Daily" and kinds[C.URL].startswith("https://")
    entry = C.plain(cites.sources[0].entry_runs(C.NOTES))
    assert entry == "Doe, Jane. “Headline”. The Daily, 17 March 2025. https://example.org/story?a=1&b=2."
    d.sections[1].clips.append(clip_quote(article, "First words here."))
    later = C.cite(d, articles_of(library)).notes[1]
    assert later.text() == "Doe, “Headline”, ¶ 1."  # a short note: the family name


def test_quote_over_two_paragraphs_and_relocated_span(library):
    article = add(library, "two.txt", "Title\n\nAlpha beta gamma.\n\nDelta epsilon zeta.\n")
    d = Dossier()
    across = clip_quote(article, "gamma.\n\nDelta")
    moved = clip_quote(article, "Delta epsilon")
    d.sections[0].clips += [across, moved]
    cites = C.cite(d, articles_of(library))
    assert cites.place(across) == "¶¶ 1–2"
    assert cites.place(moved) == "¶ 2"
    # A relocated clip is cited where its words are now, not where they were.
    start = article.text.index("Alpha")
    cites = C.cite(d, articles_of(library), spans={moved.id: (start, start + 5)})
    assert cites.place(moved) == "¶ 1"


def test_later_version_is_named(library, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Title\n\nOld words.\n", encoding="utf-8")
    library.import_file(path)
    path.write_text("Title\n\nNew words.\n", encoding="utf-8")
    library.import_file(path)
    newer = library.versions(str(path.resolve()))[-1]
    d = Dossier()
    d.sections[0].clips.append(clip_quote(newer, "New words."))
    assert "version 2" in C.cite(d, articles_of(library)).notes[0].text()


def test_missing_source_is_cited_as_missing(library):
    d = Dossier()
    d.sections[0].clips.append(Clip("0123456789abcdef", 1, "Gone words", 0, 10, paragraph=4))
    cites = C.cite(d, {})
    assert cites.notes[0].text() == "Source missing from the library (article 0123456789abcdef), ¶ 4."
    assert cites.sources[0].article is None


# ---------------------------------------------------------------------- sources and author-date


def test_sources_are_alphabetical_with_their_notes(library):
    a, b = seed(library, TRUMP_CALL), seed(library, NEW_PATH)
    d = Dossier()
    d.sections[0].clips += [clip_quote(a, "We will be talking about land."), clip_quote(b, "not good enough")]
    cites = C.cite(d, articles_of(library))
    assert [s.article_id for s in cites.sources] == [b.id, a.id]  # "A New Path…" before "Russia…"
    assert [s.notes for s in cites.sources] == [[2], [1]]
    assert C.plain(cites.sources[0].entry_runs(C.NOTES)) == f"“{b.meta.title}”. n.d. {NEW_PATH}."
    # A title ending in "?" takes no extra full stop.
    assert C.plain(cites.sources[1].entry_runs(C.NOTES)).startswith(f"“{a.meta.title}” n.d. ")


def test_author_date_labels(library):
    one = add(library, "one.txt", "One\n\nFirst text here.\n", author="Jane Doe", published="2025-03-17")
    two = add(library, "two.txt", "Two\n\nSecond text here.\n", author="Jane Doe", published="2025-05-01")
    wire = add(library, "three.txt", "Three\n\nThird text here.\n", publisher="Wire Service", published="2024")
    seeded = seed(library, TRUMP_CALL)
    d = Dossier()
    clips = [
        clip_quote(one, "First text"),
        clip_quote(two, "Second text"),
        clip_quote(wire, "Third text"),
        clip_quote(seeded, "We will be talking about land."),
    ]
    d.sections[0].clips += clips
    cites = C.cite(d, articles_of(library), style=C.AUTHOR_DATE)
    markers = [cites.marker(c) for c in clips]
    assert markers == [
        "(Doe, 2025a, ¶ 1)",
        "(Doe, 2025b, ¶ 1)",
        "(Wire Service, 2024, ¶ 1)",
        f"(“Russia – Ukraine war”, n.d., ¶ {seeded.paragraph_number(clips[3].start)})",
    ]
    entries = [C.plain(s.entry_runs(C.AUTHOR_DATE)) for s in cites.sources]
    assert entries == [
        "Doe, Jane (2025a). “One”. one.txt.",
        "Doe, Jane (2025b). “Two”. two.txt.",
        f"“{seeded.meta.title}” (n.d.). {TRUMP_CALL}.",
        "Wire Service (2024). “Three”. three.txt.",
    ]


def test_unknown_style_is_refused(library):
    with pytest.raises(ValueError):
        C.cite(Dossier(), {}, style="footnotes")
