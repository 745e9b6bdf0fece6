"""Searching a library written in many languages: lang:, the language of each hit."""

from __future__ import annotations

import pytest

from dossier.core.index import SearchIndex
from dossier.core.library import Library
from tests.core.multilingual import ARTICLES


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("world")
    for language, text in ARTICLES.items():
        (folder / f"{language}.txt").write_text(text, encoding="utf-8")
    library = Library(folder / "lib.sqlite3")
    library.import_paths(sorted(folder.glob("*.txt")))
    index = SearchIndex(folder / "index", library)
    index.sync()
    yield library, index
    index.close()
    library.close()


def languages(results) -> list[str | None]:
    return sorted(hit.language for hit in results.hits)


def test_lang_finds_the_articles_in_one_language(world):
    _, index = world
    assert languages(index.search("lang:ru")) == ["ru"]
    assert languages(index.search("lang:UK")) == ["uk"]
    assert index.search("lang:fr").total == 0


def test_every_hit_says_its_language(world):
    _, index = world
    results = index.search("Istanbul")
    assert {hit.language for hit in results.hits} >= {"en", "de"}
    assert results.hits[0].to_json()["language"] in {"en", "de"}


def found(index, library, query: str) -> dict[str | None, list[str]]:
    """{language of each hit: the texts its spans light up}."""
    results = index.search(query)
    texts = library.texts(hit.id for hit in results.hits)
    return {hit.language: [texts[hit.id][s:e] for s, e in hit.spans] for hit in results.hits}


@pytest.mark.parametrize(
    "query,language,lit",
    [
        ("перемирие", "ru", ["перемирии"]),  # the article says "о перемирии"
        ("переговор", "ru", ["переговоров", "переговоры"]),
        ("переговори", "uk", ["переговорів", "переговори"]),
        ("перемир’я", "uk", ["перемир'я"]),  # either apostrophe
        ("спостерігачі", "uk", ["спостерігачів"]),
        ("Gefangene", "de", ["Gefangenen"]),
        ("prisoner", "en", ["prisoners"]),
    ],
)
def test_inflected_forms_are_found(world, query, language, lit):
    library, index = world
    assert found(index, library, query).get(language) == lit


@pytest.mark.parametrize(
    "query,language,lit",
    [
        ("中美", "zh", ["中美"]),
        ("停火", "zh", ["停火", "停火"]),  # the title is not body text
        ("人道主义走廊", "zh", ["人道主义走廊"]),
        ("トランプ", "ja", ["トランプ"]),
        ("停戦", "ja", ["停戦", "停戦"]),
        ("협상", "ko", ["협상", "협상"]),
        ("หยุดยิง", "th", ["หยุดยิง", "หยุดยิง"]),
    ],
)
def test_words_inside_runs_of_unspaced_scripts_are_found_exactly(world, query, language, lit):
    library, index = world
    assert found(index, library, query).get(language) == lit


@pytest.mark.parametrize("query", ["الأسرى", "الاسري", "أسرى", "مُفَاوَضَات", "مفاوضات"])
def test_arabic_is_found_across_spelling_variants(world, query):
    library, index = world
    assert "ar" in found(index, library, query)


def test_hebrew_with_or_without_points(world):
    library, index = world
    assert found(index, library, "שבויים")["he"] == ["שבויים"]
    assert found(index, library, "שְׁבוּיִים")["he"] == ["שבויים"]


def test_greek_without_accents_or_in_capitals(world):
    library, index = world
    assert "el" in found(index, library, "ΑΙΧΜΑΛΩΤΩΝ")
    assert found(index, library, "αιχμαλωτων")["el"] == ["αιχμαλώτων"]


def test_title_searches_the_titles_in_every_language(world):
    library, index = world
    assert set(found(index, library, "title:停火")) == {"zh"}
    assert set(found(index, library, "title:переговоры")) == {"ru"}


def test_the_reader_lights_up_the_same_characters(world):
    library, index = world
    article = next(a for a in library.articles() if a.meta.language == "zh")
    spans = index.match_spans("中美 AND 谈判", article.id)
    assert [article.text[s:e] for s, e in spans] == ["中美", "谈判", "谈判"]


def test_a_phrase_of_bigrams_must_be_in_one_run(world):
    library, index = world
    assert "zh" in found(index, library, '"停火协议"')
    assert "zh" not in found(index, library, '"停火美国"')


def test_an_index_of_the_schema_before_languages_is_rebuilt_with_progress(tmp_path):
    from whoosh.fields import Schema

    from dossier.core.index import make_schema
    from dossier.core.index.storage import MappedStorage

    library = Library(tmp_path / "lib.sqlite3")
    (tmp_path / "ru.txt").write_text(ARTICLES["ru"], encoding="utf-8")
    library.import_paths([tmp_path / "ru.txt"])
    old = Schema(
        **{
            name: field
            for name, field in make_schema().items()
            if not name.startswith(("title_", "body_")) and name != "lang"
        }
    )
    (tmp_path / "index").mkdir()
    MappedStorage(str(tmp_path / "index")).create_index(old)
    index = SearchIndex(tmp_path / "index", library)
    steps = []
    report = index.sync(progress=lambda done, total, text: steps.append((done, total)))
    assert report.rebuilt and "another version" in report.message
    assert steps and steps[-1][0] == steps[-1][1] == 1
    assert index.search("перемирие").total == 1
    index.close()
    library.close()


def test_a_word_of_marks_only_is_no_term_and_indexes(tmp_path):
    """A tatweel or a run of diacritics on its own is nothing once normalised: no empty term,
    and no stemmer is asked to stem an empty word (Hungarian's fails on one)."""
    from dossier.core.scripts import terms

    assert [t for t, _, _ in terms("مفاوضات ـــ \u064b\u064c ة")] == ["مفاوضات", "ه"]
    text = (
        "Tárgyalások Isztambulban ـــ\n\n"
        "A küldöttségek ma Isztambulban tárgyaltak a tűzszünetről és a foglyok cseréjéről. ـ "
        "A megállapodás még nem született meg, de a tárgyalások jövő héten folytatódnak."
    )
    (tmp_path / "hu.txt").write_text(text, encoding="utf-8")
    library = Library(tmp_path / "lib.sqlite3")
    library.import_paths([tmp_path / "hu.txt"])
    assert next(library.articles()).meta.language == "hu"
    index = SearchIndex(tmp_path / "index", library)
    assert index.sync().added == 1
    assert index.search("tárgyalás").total == 1
    index.close()
    library.close()
