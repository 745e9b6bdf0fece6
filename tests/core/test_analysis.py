"""The bulk writer's fast analysis (:mod:`dossier.core.index.analysis`) gives whoosh's postings
to the byte: word by word against ``field.index``, and index against index."""

from __future__ import annotations

import os
import random

from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import TEXT

from dossier.core.index import SearchIndex, bulk, make_schema
from dossier.core.index import upkeep as index_module
from dossier.core.index.analysis import fast_index, index_faster
from dossier.core.library import Incoming, Library
from tests.core.multilingual import ARTICLES
from tests.perf import corpus

TRICKY = [
    "",
    "   \n\n  ",
    "the a of and",  # stop words only
    "The cat and the hat: the CAT sat.",
    "a b c d e f the quick fox",  # the first word kept is not the first word
    "İstanbul straße ﬁne ΟΔΟΣ Ὀδυσσεύς naïve café CAFÉ",
    "3.14 and U.S.A. or e.g. v1.2.3 under_score x*y *star* don't it's",
    "tab\tseparated\u00a0no-break\u2009thin\u200bzero-width",
    "running runs ran runner run RUN Running",
    " ".join(["word"] * 300 + ["other"] * 70000 + ["word", "last"]),  # positions past one and two bytes
    " ".join(f"w{i}" for i in range(5000)),  # single words beyond the precomputed values
]


def test_fast_index_gives_what_whooshs_field_index_gives():
    schema = make_schema()
    texts = TRICKY + [d["body"] for d in corpus.generate(200)] + [d["title"] for d in corpus.generate(50)]
    rng = random.Random(4)
    words = " ".join(texts[3:9]).split()
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(0, 60))) for _ in range(300)]
    for name in ("body", "title"):
        field = schema[name]
        fast = fast_index(field)
        assert fast is not None
        for text in texts:
            assert fast(text) == list(field.index(text)), text[:80]
        assert fast(TRICKY[3], mode="index") == list(field.index(TRICKY[3], mode="index"))  # whoosh's way


def test_other_patterns_are_tokenised_as_their_analyzer_says():
    field = TEXT(analyzer=StemmingAnalyzer(expression=r"\w+", minsize=3, maxsize=12))
    fast = fast_index(field)
    assert fast is not None
    for text in TRICKY:
        assert fast(text) == list(field.index(text))


def test_fields_of_other_languages_give_what_their_script_analyzer_gives():
    schema = make_schema()
    mixed = [
        "G20峰会在北京举行，中美两国领导人会面。トランプ大統領は東京で演説した。",
        "ประเทศไทยและกัมพูชา ตกลง หยุดยิง",
        "Переговори про перемир'я тривають; п’ятниця, ПЕРЕМИР'Я",
        "الْمُفَاوَضَات ـــ مفاوضات أإآا ة",
        "  ",
        "",
    ]
    texts = list(ARTICLES.values()) + mixed + TRICKY[3:9]
    names = [name for name in schema.names() if name.startswith(("title_", "body_"))]
    assert len(names) > 20
    for name in names:
        field = schema[name]
        fast = fast_index(field)
        assert fast is not None, name
        for text in texts:
            assert fast(text) == list(field.index(text)), (name, text[:40])
        assert fast(texts[0], mode="index") == list(field.index(texts[0], mode="index"))  # whoosh's way


def _fast_fields(schema) -> list[str]:
    return sorted(name for name in schema.names() if name.split("_")[0] in ("title", "body"))


def test_only_fields_it_can_do_exactly_are_taken():
    schema = make_schema()
    assert sorted(index_faster(schema)) == _fast_fields(schema)
    assert fast_index(TEXT(analyzer=StandardAnalyzer())) is None  # no stemmer
    assert fast_index(TEXT(analyzer=StemmingAnalyzer(), phrase=False)) is None  # no positions
    assert fast_index(schema["id"]) is None


def _postings(search_index: SearchIndex) -> dict:
    """Every posting of the title and body, and of the fields of other languages (weight and
    positions), and each field length, by article id: what the index holds, whatever the
    segments and document numbers."""
    found: dict = {}
    searcher = search_index._open().searcher()
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        ids = {docnum: reader.stored_fields(docnum)["id"] for docnum in reader.all_doc_ids()}
        text_fields = [name for name in reader.indexed_field_names() if name.startswith(("title", "body"))]
        for field in text_fields:
            for docnum, doc_id in ids.items():
                length = reader.doc_field_length(docnum, field)
                if length:  # a segment without the field has no length for it at all
                    found[("length", field, doc_id)] = length
            for text in reader.lexicon(field):
                m = reader.postings(field, text)
                while m.is_active():
                    if m.id() in ids:
                        found[(field, text, ids[m.id()])] = (m.weight(), m.value())
                    m.next()
    searcher.close()
    return found


def test_a_bulk_written_index_holds_the_postings_of_a_plain_one(tmp_path, monkeypatch):
    docs = corpus.generate(90)
    docs[5] = {**docs[5], "body": TRICKY[5] + "\n\n" + TRICKY[6]}
    for language, text in ARTICLES.items():  # analysed by whoosh itself, in the workers too
        title, body = text.split("\n\n", 1)
        docs.append({"id": f"article-{language}", "title": title, "body": body})
    marks = tmp_path / "marks"
    marks.mkdir()

    index_faster = bulk.index_faster

    def marked(schema):  # in the workers (forked, so patched too): leave a mark that it ran
        fields = index_faster(schema)
        (marks / f"{os.getpid()}-{len(list(marks.iterdir()))}").write_text(",".join(sorted(fields)))
        return fields

    monkeypatch.setattr(bulk, "index_faster", marked)
    monkeypatch.setattr(bulk, "start_method", lambda: "fork")
    indexes = {}
    for name, threshold in (("plain", 10**9), ("bulk", 10)):
        monkeypatch.setattr(index_module, "BULK_DOCS", threshold)
        library = Library(tmp_path / f"{name}.sqlite3")
        library.add_many([Incoming(corpus.as_file_bytes(d), name=f"{d['id']}.txt", key=d["id"]) for d in docs])
        search_index = SearchIndex(tmp_path / name, library)
        assert search_index.sync().added == len(docs)
        indexes[name] = _postings(search_index)
        search_index.close()
        library.close()
    fast = ",".join(_fast_fields(make_schema()))
    assert {mark.read_text() for mark in marks.iterdir()} == {fast}  # the workers analysed fast
    assert indexes["bulk"] == indexes["plain"]
    assert len(indexes["plain"]) > 5000
    assert any(key[0] == "body_ru" for key in indexes["plain"]) and any(key[0] == "body_xx" for key in indexes["plain"])
