from pathlib import Path

import pytest

from dossier.core.errors import UnreadableFile
from dossier.core.library import Library
from dossier.core.textio import BOILERPLATE, MAX_ARTICLE_BYTES, TEXT, TITLE, decode, parse
from tests.conftest import FIRST_SEED, SEEDS


def test_seeds_import_with_titles_and_exact_text(seed_articles):
    first, second = seed_articles
    assert first.title.startswith("Russia – Ukraine war: Donald Trump to speak with Putin")
    assert second.title == "A New Path Toward Peace: Trump Confirms Talks with Putin on Ukraine War"
    assert first.text == (SEEDS / FIRST_SEED).read_text(encoding="utf-8")
    assert second.meta.sha256 and len(first.id) == 16
    assert second.meta.tags == ["ukraine", "russia", "zaporizhzhia"]
    assert second.meta.publisher is None and second.meta.published is None  # unknown stays unknown


def test_paragraph_spans_and_boilerplate_are_marked_not_deleted(seed_articles):
    first, second = seed_articles
    kinds = [p.kind for p in second.paragraphs]
    assert kinds[0] == TITLE
    furniture = [second.text[p.start : p.end] for p in second.paragraphs if p.kind == BOILERPLATE]
    assert furniture[0] == "Share."
    assert furniture[-1] == "Exit mobile version"
    assert any("Email" in block and "Telephone" in block for block in furniture)
    assert "Exit mobile version" in second.text  # stored text is still the source text
    assert [first.text[p.start : p.end] for p in first.paragraphs if p.kind == BOILERPLATE] == ["About The Author"]
    numbers = [p.number for p in first.paragraphs if p.kind == TEXT]
    assert numbers == list(range(1, len(numbers) + 1))
    para6 = next(p for p in first.paragraphs if p.number == 6)
    assert first.text[para6.start : para6.end].startswith("“We will be talking about land.")
    blanked = second.indexable_text()
    assert len(blanked) == len(second.text) and "Exit mobile" not in blanked and "Zaporizhzhia" in blanked


def test_reimport_changes_nothing(library):
    results = library.import_paths([SEEDS])
    assert [r.status for r in results] == ["unchanged", "unchanged"]
    assert len(library) == 2


def test_changed_file_becomes_new_version_and_old_stays(tmp_path, library):
    path = tmp_path / "story.txt"
    path.write_text("A story\n\nThe first version says hello.\n", encoding="utf-8")
    first = library.import_file(path)
    library.update_metadata(first.article_id, publisher="The Courier")
    path.write_text("A story\n\nThe second version says goodbye.\n", encoding="utf-8")
    second = library.import_file(path)
    assert second.status == "updated" and second.article_id != first.article_id
    old, new = library.get(first.article_id), library.get(second.article_id)
    assert not old.current and new.current and new.version == 2
    assert "hello" in old.text and "goodbye" in new.text
    assert new.meta.publisher == "The Courier"  # what the user said carries over
    assert library.current_version_of(old.id).id == new.id
    assert first.article_id not in library.current_ids()


def test_html_import_reads_meta_tags(tmp_path, library):
    page = tmp_path / "page.html"
    page.write_text(
        """<html><head><title>Site | Headline</title>
        <meta property="og:title" content="Talks resume in Riyadh">
        <meta property="og:site_name" content="The Daily Ledger">
        <meta name="author" content="Jane Roe">
        <meta property="article:published_time" content="2025-03-17T10:00:00Z"></head>
        <body><nav>Home | World | Sport</nav><article><h1>Talks resume in Riyadh</h1>
        <p>Negotiators from both sides met on Monday for a first round of talks about a ceasefire.</p>
        <p>The delegations agreed to meet again next week, officials said after the meeting ended.</p>
        </article><footer>Share this article</footer></body></html>""",
        encoding="utf-8",
    )
    result = library.import_file(page)
    assert result.status == "added", result.message
    article = library.get(result.article_id)
    assert article.title == "Talks resume in Riyadh"
    assert article.meta.publisher == "The Daily Ledger"
    assert article.meta.author == "Jane Roe"
    assert article.meta.published == "2025-03-17"
    assert "first round of talks" in article.text and "Home | World" not in article.text
    assert article.text.startswith("Talks resume in Riyadh\n\n")


def test_markdown_title(tmp_path, library):
    md = tmp_path / "note.md"
    md.write_text("# Weekly notes\n\nSome *text* about the talks.\n", encoding="utf-8")
    article = library.get(library.import_file(md).article_id)
    assert article.title == "Weekly notes"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes(range(0x80, 0x100)) * 4, "could not be decoded"),  # every high byte: no encoding reads it as text
    ],
)
def test_bad_files_are_refused_clearly(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        parse(data, "bad.txt", ".txt")


def test_cp1252_and_latin1_fallbacks():
    text, encoding = decode("Title\n\nIt’s a “quote” — café.".encode("cp1252"))
    assert encoding == "cp1252" and "“quote”" in text
    text, encoding = decode("Titre\n\nÇa coûte ±5 ¤".encode("latin-1").replace(b"\xa4", b"\xa4"))
    assert "Ça coûte" in text


def test_huge_file_is_refused(tmp_path, library):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        line = b"All work and no play makes a long article very long indeed.\n"
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    result = library.import_file(big)
    assert result.status == "failed" and "too large" in result.message and "MB" in result.message
    assert big.stat().st_size > MAX_ARTICLE_BYTES


def test_folder_with_many_files_and_one_bad(tmp_path, library):
    folder = tmp_path / "pile"
    folder.mkdir()
    for n in range(1000):
        (folder / f"a{n:04}.txt").write_text(f"Article {n}\n\nBody of article number {n} about talks.\n")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.md").write_bytes(b"")
    (folder / "picture.png").write_bytes(b"\x89PNG")  # not an article type: not even tried
    seen = []
    results = library.import_paths([folder, tmp_path / "missing"], progress=lambda d, t, name: seen.append(t))
    by_status = {}
    for r in results:
        by_status.setdefault(r.status, []).append(r)
    assert len(by_status["added"]) == 1000
    assert sorted(Path(r.path).name for r in by_status["failed"]) == ["broken.txt", "empty.md", "missing"]
    assert all(r.message for r in by_status["failed"])
    assert seen[-1] == 1002
    assert len(library) == 1002


def test_cancel_stops_import(tmp_path):
    folder = tmp_path / "pile"
    folder.mkdir()
    for n in range(20):
        (folder / f"{n}.txt").write_text(f"T{n}\n\nBody {n}.\n")
    lib = Library(tmp_path / "x.sqlite3")
    calls = []
    results = lib.import_paths([folder], cancelled=lambda: len(calls) >= 5, progress=lambda *a: calls.append(a))
    assert results[-1].message == "import cancelled" and len(lib) == 5


def test_update_metadata(library, seed_articles):
    first, _ = seed_articles
    library.update_metadata(first.id, publisher=" Mint ", published="2025-03-17", tags=["a", "b"])
    again = library.get(first.id)
    assert again.meta.publisher == "Mint" and again.meta.published == "2025-03-17" and again.meta.tags == ["a", "b"]
    with pytest.raises(ValueError):
        library.update_metadata(first.id, sha256="x")
