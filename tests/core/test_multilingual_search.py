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
