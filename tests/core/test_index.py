"""The search index: building, keeping up with the library, searching, spans and snippets."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

from dossier.core.index import SearchIndex, SearchResults
from dossier.core.index import upkeep as index_module
from dossier.core.library import Library
from dossier.core.locking import Busy

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SECOND_TITLE = "A New Path Toward Peace"


@pytest.fixture
def lib(tmp_path) -> Library:
    library = Library(tmp_path / "lib.sqlite3")
    library.import_paths([SEEDS])
    yield library
    library.close()


@pytest.fixture
def idx(tmp_path, lib) -> SearchIndex:
    search_index = SearchIndex(tmp_path / "index", lib)
    search_index.sync()
    yield search_index
    search_index.close()


def ids_by_title(lib: Library) -> tuple[str, str]:
    """(first seed's id, second seed's id)."""
    articles = {a.title: a.id for a in lib.articles()}
    second = next(i for t, i in articles.items() if t.startswith(SECOND_TITLE))
    first = next(i for i in articles.values() if i != second)
    return first, second


def write_articles(folder: Path, texts: dict[str, str], catalog: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    if catalog is not None:
        (folder / "catalog.json").write_text(json.dumps({"articles": catalog}), encoding="utf-8")
    return folder


def body_of(lib: Library, article_id: str) -> str:
    """The article text with the title and boilerplate blanked (what search sees)."""
    return lib.get(article_id).indexable_text()


def check_hit(lib: Library, hit) -> str:
    """Assert a hit's snippet and spans are true slices of its article; return the text."""
    text = lib.get(hit.id).text
    assert hit.snippet == text[hit.snippet_start : hit.snippet_start + len(hit.snippet)]
    assert hit.spans == sorted(hit.spans)
    for s, e in hit.snippet_spans:
        start = hit.snippet_start + s
        assert (start, hit.snippet_start + e) in hit.spans or any(a <= start < b for a, b in hit.spans)
    return text


# ---------------------------------------------------------------------- building


def test_first_sync_builds_and_second_adds_nothing(tmp_path, lib):
    search_index = SearchIndex(tmp_path / "index", lib)
    seen = []
    first = search_index.sync(progress=lambda done, total, label: seen.append((done, total)))
    assert (first.added, first.removed, first.rebuilt) == (2, 0, True)
    assert first.message
    assert seen[-1] == (2, 2)
    again = search_index.sync()
    assert (again.added, again.removed, again.rebuilt, again.message) == (0, 0, False, None)
    assert search_index.doc_count() == 2
    search_index.close()


def test_a_new_index_object_on_the_same_folder_finds_the_same(tmp_path, lib, idx):
    idx.close()
    reopened = SearchIndex(tmp_path / "index", lib)
    assert reopened.sync().added == 0
    assert reopened.search("Zaporizhzhia").total == 1
    reopened.close()


@pytest.mark.parametrize("damage", ["garbage", "truncate"])
def test_damaged_index_is_rebuilt_with_a_message(tmp_path, lib, idx, damage):
    idx.close()
    files = [p for p in (tmp_path / "index").iterdir() if p.is_file() and "LOCK" not in p.name]
    assert files
    for path in files:
        if damage == "garbage":
            path.write_bytes(b"\x00garbage\xff" * 50)
        else:
            path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    reopened = SearchIndex(tmp_path / "index", lib)
    report = reopened.sync()
    assert report.rebuilt and report.added == 2
    assert "rebuilt" in report.message
    assert reopened.search("Zaporizhzhia").total == 1
    reopened.close()


def test_rebuild_keeps_the_index_complete(idx):
    report = idx.rebuild()
    assert report.rebuilt and report.added == 2
    assert idx.doc_count() == 2
    assert idx.search("power plants").total == 2


def test_cancelled_sync_writes_nothing_and_the_next_one_catches_up(tmp_path, lib):
    search_index = SearchIndex(tmp_path / "index", lib)
    report = search_index.sync(cancelled=lambda: True)
    assert report.cancelled and report.added == 0
    assert search_index.doc_count() == 0
    assert search_index.sync().added == 2
    search_index.close()


def test_an_index_busy_in_another_window_is_reported_not_rebuilt(tmp_path, lib, idx, monkeypatch):
    monkeypatch.setattr(index_module, "LOCK_TIMEOUT", 0.05)
    first, _ = ids_by_title(lib)
    lib.import_paths([write_articles(tmp_path / "news", {"a.txt": "Walrus news\n\nThe walruses gathered.\n"})])
    other = SearchIndex(tmp_path / "index", lib)  # as another Dossier window would
    writing, release = threading.Event(), threading.Event()

    def slow_progress(done: int, total: int, label: str) -> None:
        writing.set()
        release.wait(10)

    thread = threading.Thread(target=other.sync, kwargs={"progress": slow_progress})
    thread.start()
    try:
        assert writing.wait(10)
        report = idx.sync()
        assert (report.added, report.rebuilt) == (0, False) and "is in use by" in report.message
        with pytest.raises(Busy):
            idx.update_article(first)
    finally:
        release.set()
        thread.join(10)
    assert idx.sync().added == 0
    assert idx.search("walrus").total == 1 and idx.doc_count() == 3
    other.close()


def test_a_changed_file_replaces_its_old_version(tmp_path, lib, idx):
    folder = write_articles(tmp_path / "news", {"walrus.txt": "Walrus news\n\nThe walruses gathered on the ice.\n"})
    lib.import_paths([folder])
    assert idx.sync().added == 1
    assert idx.search("walrus").total == 1
    write_articles(folder, {"walrus.txt": "Walrus news\n\nThe narwhals gathered on the ice.\n"})
    lib.import_paths([folder])
    report = idx.sync()
    assert (report.added, report.removed) == (1, 1)
    assert idx.search("walruses").total == 0
    hits = idx.search("narwhal").hits
    assert len(hits) == 1 and hits[0].id in lib.current_ids()
    assert idx.doc_count() == 3


def test_update_article_reindexes_edited_metadata(lib, idx):
    first, _ = ids_by_title(lib)
    lib.update_metadata(first, title="Walrus summit", publisher="Arctic Times", author="Ada Byron")
    idx.update_article(first)
    hit = idx.search("title:walrus").hits[0]
    assert (hit.id, hit.title, hit.publisher, hit.author) == (first, "Walrus summit", "Arctic Times", "Ada Byron")
    assert idx.search("publisher:arctic").total == 1
    assert idx.search("author:byron").total == 1
    assert idx.doc_count() == 2


# ---------------------------------------------------------------------- searching


def test_words_find_both_articles_and_spans_slice_them(lib, idx):
    results = idx.search("power plants")
    assert results.total == 2 and results.message is None
    for hit in results.hits:
        text = check_hit(lib, hit)
        words = {text[s:e].lower() for s, e in hit.spans}
        assert words <= {"power", "plants", "plant"} and "power" in words
        assert hit.snippet_spans


def test_a_rare_word_finds_only_its_article(lib, idx):
    results = idx.search("Zaporizhzhia")
    assert results.total == 1
    hit = results.hits[0]
    assert hit.title.startswith(SECOND_TITLE)
    text = check_hit(lib, hit)
    assert {text[s:e] for s, e in hit.spans} == {"Zaporizhzhia"}
    assert hit.truncated_left and hit.truncated_right


def test_stemming_highlights_inflections(lib, idx):
    for hit in idx.search("talk").hits:
        text = check_hit(lib, hit)
        assert hit.spans
        assert {text[s:e].lower() for s, e in hit.spans} <= {"talk", "talks", "talking", "talked"}


def test_title_words_are_not_highlighted_in_the_body(lib, idx):
    first, _ = ids_by_title(lib)
    title_end = lib.get(first).text.index("\n")
    for start, _end in idx.match_spans("division", first):
        assert start > title_end


def test_boolean_queries(lib, idx):
    first, second = ids_by_title(lib)
    assert {h.id for h in idx.search("Zaporizhzhia OR Kursk").hits} == {first, second}
    assert idx.search("Zaporizhzhia AND Kursk").total == 0
    assert [h.id for h in idx.search("trump NOT Zaporizhzhia").hits] == [first]
    assert [h.id for h in idx.search("trump -Zaporizhzhia").hits] == [first]
    assert idx.search("(Kursk OR Zaporizhzhia) AND putin").total == 2


def test_field_queries(lib, idx):
    first, second = ids_by_title(lib)
    assert [h.id for h in idx.search("title:peace").hits] == [second]
    assert [h.id for h in idx.search("tags:zaporizhzhia").hits] == [second]
    assert [h.id for h in idx.search("tags:ceasefire").hits] == [first]
    assert idx.search("tags:ukraine").total == 2


def test_date_queries(tmp_path, lib, idx):
    first, _ = ids_by_title(lib)
    lib.update_metadata(first, published="2025-03-17")
    idx.update_article(first)
    folder = write_articles(
        tmp_path / "dated",
        {"old.txt": "Old report\n\nA report about the reactor from long ago.\n"},
        {"old.txt": {"published": "2019-06-01", "publisher": "Archive"}},
    )
    lib.import_paths([folder])
    idx.sync()
    old = idx.search("reactor AND date:2019").hits
    assert len(old) == 1 and old[0].date == "2019-06-01" and old[0].publisher == "Archive"
    assert [h.id for h in idx.search("date:[2025-01-01 to 2025-03-31]").hits] == [first]
    assert [h.id for h in idx.search("date:2025").hits] == [first]
    assert idx.search("date:[2025-04-01 to 2025-12-31]").total == 0
    assert idx.search("date:[2019-01-01 to 2025-12-31]").total == 2
    assert idx.search("date:>2020-01-01").total == 1


def test_wildcard_and_fuzzy_highlight_what_they_matched(lib, idx):
    for query in ("Zapor*", "Zaporizhia~", "zaporizhzia~1"):
        results = idx.search(query)
        assert results.total == 1, query
        text = check_hit(lib, results.hits[0])
        assert {text[s:e] for s, e in results.hits[0].spans} == {"Zaporizhzhia"}


def test_phrase_lights_up_as_one_span_where_it_occurs(lib, idx):
    _, second = ids_by_title(lib)
    results = idx.search('"power plants"')
    assert results.total == 2
    for hit in results.hits:
        text = check_hit(lib, hit)
        for s, e in hit.spans:
            assert re.fullmatch(r"power\s+plants?", text[s:e], re.IGNORECASE), text[s:e]
    body = body_of(lib, second)
    spans = idx.match_spans('"power plants"', second)
    assert len(spans) == len(re.findall(r"power\s+plants?", body, re.IGNORECASE))
    # "plant" alone ("The Zaporizhzhia plant") is not lit by the phrase, but is by the word
    assert len(idx.match_spans("plants", second)) > len(spans)


def test_snippet_shows_different_matches_together(lib, idx):
    for hit in idx.search('putin AND "power plants"').hits:
        words = {hit.snippet[s:e].lower() for s, e in hit.snippet_spans}
        assert "power plants" in words
    _, second = ids_by_title(lib)
    hit = next(h for h in idx.search('putin AND "power plants"').hits if h.id == second)
    assert {"putin", "power plants"} <= {hit.snippet[s:e].lower() for s, e in hit.snippet_spans}


def test_match_spans_covers_every_occurrence(lib, idx):
    _, second = ids_by_title(lib)
    body = body_of(lib, second)
    expected = [(m.start(), m.end()) for m in re.finditer(r"\bTrump\b", body, re.IGNORECASE)]
    assert len(expected) > 3
    assert idx.match_spans("trump", second) == expected
    assert idx.match_spans("", second) == []


def test_match_spans_of_an_article_the_index_no_longer_holds(tmp_path, lib, idx):
    folder = write_articles(tmp_path / "news", {"a.txt": "Walrus news\n\nThe walruses gathered.\n"})
    old_id = lib.import_paths([folder])[0].article_id
    write_articles(folder, {"a.txt": "Walrus news\n\nThe narwhals gathered.\n"})
    lib.import_paths([folder])
    idx.sync()
    text = lib.get(old_id).text
    assert [text[s:e] for s, e in idx.match_spans("walrus OR walr*", old_id)] == ["walruses"]


def test_bad_queries_give_a_message_and_a_plain_word_search(idx):
    for query in ['"unclosed', "title:", "AND AND", "(", "trump AND", "foo:bar", "NOT NOT trump"]:
        results = idx.search(query)
        assert isinstance(results, SearchResults)
        assert results.message, query
    plain = idx.search('"power plants')
    assert plain.total == 2 and "plain words" in plain.message
    dated = idx.search("date:garbage trump")
    assert dated.total == 2 and "date" in dated.message


def test_empty_query_finds_nothing(idx):
    for query in ("", "   "):
        results = idx.search(query)
        assert (results.total, results.hits, results.message) == (0, [], None)


def test_paging(tmp_path, lib, idx):
    texts = {f"light{n:02}.txt": f"Lighthouse {n}\n\nThe lighthouse number {n} stood by the sea.\n" for n in range(25)}
    lib.import_paths([write_articles(tmp_path / "lights", texts)])
    idx.sync()
    pages = [idx.search("lighthouse", limit=10, page=p) for p in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [10, 10, 5, 0]
    assert all(p.total == 25 for p in pages)
    ids = [h.id for p in pages for h in p.hits]
    assert len(set(ids)) == 25
    assert [h.score for h in pages[0].hits] == sorted((h.score for h in pages[0].hits), reverse=True)


def test_json_shapes(idx):
    data = idx.search("Zaporizhzhia").to_json()
    assert set(data) >= {"total", "hits", "message"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "publisher", "date", "score", "snippet", "spans"}
    json.dumps(data)


def test_searches_from_another_thread_during_writes(lib, idx):
    first, _ = ids_by_title(lib)
    errors: list[BaseException] = []

    def search_a_lot() -> None:
        try:
            for _ in range(30):
                assert idx.search("power plants").total == 2
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=search_a_lot)
    thread.start()
    for n in range(5):
        lib.update_metadata(first, author=f"Writer {n}")
        idx.update_article(first)
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors
