"""Oracle tests: every fast path of the index gives what Whoosh's own code gives.

Search ranks and counts as Whoosh's collectors do, the bulk writer indexes every document,
seeks through the key sample land where Whoosh's do, the numbered fuzzy automaton steps as
Whoosh's DFA, fuzzy words are Whoosh's in every segment, and phrases are checked as
Whoosh's phrase matcher checks them.
"""

from __future__ import annotations

import os
import pickle
import random
from itertools import accumulate

import pytest
from whoosh import collectors, qparser
from whoosh.codec.base import Automata
from whoosh.query import FuzzyTerm

from dossier.core import ranking
from dossier.core.index import SearchIndex, bulk, compat, fuzzy, scoring
from dossier.core.index import upkeep as index_module
from dossier.core.index.storage import MappedFile
from dossier.core.library import Library
from tests.core.test_bench_smoke import _incoming
from tests.perf import corpus


@pytest.fixture(scope="module")
def two_segment_index(tmp_path_factory):
    """An index of 300 generated documents in two segments, one document replaced."""
    tmp_path = tmp_path_factory.mktemp("two_segments")
    docs = corpus.generate(300)
    library = Library(tmp_path / "lib.sqlite3")
    search_index = SearchIndex(tmp_path / "index", library)
    library.add_many(_incoming(docs[:180]))
    search_index.sync()
    library.add_many(_incoming(docs[180:] + [{**docs[7], "body": docs[7]["body"] + " reactor reactor"}]))
    search_index.sync()
    yield search_index
    search_index.close()
    library.close()


@pytest.mark.parametrize(
    "text",
    [
        "reactor",
        "memory AND kernel",
        '"the harbour"',
        "harbour OR museum",
        "reactor ANDNOT kernel",
        "reactor NOT kernel",
        "title:scheduler",
        "conv*",
        "(memory OR museum) AND reactor",
        "kernel OR museum OR harbour",
    ],
)
def test_search_ranks_and_counts_as_whoosh_does(two_segment_index, text, caplog):
    """Dossier's own scoring (:mod:`dossier.core.ranking`, cached field lengths, phrase matcher)
    against whoosh's collectors as Dossier used them before: the same scores to the last bit."""
    ix = two_segment_index._open()
    assert len(ix.reader().leaf_readers()) == 2 and ix.reader().has_deletions()
    parser = qparser.MultifieldParser(["title", "body"], ix.schema)
    with ix.searcher() as searcher:
        top = collectors.TopCollector(20, usequality=False, replace=0)
        searcher.search_with_collector(parser.parse(text), collectors.TermsCollector(top))
        expected = [(searcher.stored_fields(docnum)["id"], score) for score, docnum in top.results().top_n]
        total = top.total
    results = two_segment_index.search(text, limit=20)
    assert total > 0 and results.total == total
    assert [(h.id, h.score) for h in results.hits] == expected
    # and it was Dossier's ranking that did it, not whoosh's matchers standing in for it
    parsed = two_segment_index._parse(text)
    searcher = two_segment_index._get_searcher()
    planned = scoring.segment_plans(searcher, parsed.query, two_segment_index._field_lengths) is not None
    assert planned == ("NOT" not in text.split())  # NOT inside AND is whoosh's alone
    assert "failed" not in caplog.text


@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
def test_the_bulk_writer_indexes_everything(tmp_path, monkeypatch, start_method):
    monkeypatch.setattr(index_module, "BULK_DOCS", 10)
    monkeypatch.setattr(bulk, "start_method", lambda: start_method)
    started = []
    monkeypatch.setattr(
        bulk.SubWriter, "start", lambda self: (started.append(self.start_method), type(self).__mro__[1].start(self))
    )
    library = Library(tmp_path / "lib.sqlite3")
    library.add_many(_incoming(corpus.generate(60)))
    search_index = SearchIndex(tmp_path / "index", library)
    assert search_index.sync().added == 60
    assert started and set(started) == {start_method}
    assert search_index.doc_count() == 60 and search_index.search("note").total == 60
    search_index.close()


def test_a_bulk_writer_whose_workers_die_writes_in_one_process(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(index_module, "BULK_DOCS", 10)
    monkeypatch.setattr(bulk, "start_method", lambda: "fork")
    monkeypatch.setattr(bulk.SubWriter, "run", lambda self: os._exit(3))
    monkeypatch.setattr(compat, "_said", set())  # the fallback is told once a process: here, anew
    library = Library(tmp_path / "lib.sqlite3")
    library.add_many(_incoming(corpus.generate(40)))
    search_index = SearchIndex(tmp_path / "index", library)
    report = search_index.sync()
    assert report.added == 40 and not report.message.startswith("The search index could not")
    assert search_index.doc_count() == 40 and search_index.search("note").total == 40
    assert "writing in one process instead" in caplog.text
    search_index.close()


@pytest.mark.parametrize("step", [1, 3, 32])
def test_seeks_through_the_key_sample_land_where_whoosh_lands(two_segment_index, monkeypatch, step):
    """The word lists' sampled seek finds the same position as whoosh's binary search, for
    every key, between keys, before the first and after the last."""
    monkeypatch.setattr(fuzzy, "SEEK_SAMPLE", step)
    reader = two_segment_index._open().reader()
    for segment in reader.leaf_readers():
        tindex = segment[0]._terms._tindex
        every = range(tindex.indexlen)
        keys = [tindex.key_at(tindex._get_pos(tindex.indexbase + i * tindex.indexsize)) for i in every]
        assert isinstance(tindex.dbfile, MappedFile)  # read straight from the map
        key_of = fuzzy._key_reader(tindex)
        assert [key_of(i) for i in every] == keys
        sample = keys[::step]
        probes = [b"", b"\xff" * 8] + keys + [k + b"\x00" for k in keys] + [k[:-1] for k in keys if len(k) > 3]

        def position(key):
            at, found = fuzzy._closest_key(sample, key_of, tindex.indexlen, key)
            assert found == (keys[at] if at < len(keys) else None)
            return None if at == tindex.indexlen else tindex._get_pos(tindex.indexbase + at * tindex.indexsize)

        assert [position(k) for k in probes] == [tindex.closest_key_pos(k) for k in probes]
    reader.close()


@pytest.mark.parametrize("spec", [("reactr", 1, 1), ("destinatioo", 2, 2), ("memor", 1, 0), ("ab", 2, 0)])
def test_numbered_automaton_steps_as_whooshs(spec):
    """Dossier's automaton, its states numbered, gives whoosh's next valid string for words
    around the fuzzy word and for random strings, remembered or not."""
    dfa = Automata.levenshtein_dfa(*spec)
    ours = fuzzy.Automaton(dfa)
    rng = random.Random(3)
    word = spec[0]
    texts = ["", "\0", "a", "zzzz", word, word + "\0", word[:-1], word[:3] + "\uffff"]
    texts += [
        word[: rng.randint(0, len(word))] + "".join(rng.choice("abcdeinorstuz\0") for _ in range(rng.randint(0, 4)))
        for _ in range(3000)
    ]
    for text in texts + texts:
        assert ours.next_valid(text) == dfa.next_valid_string(text), text


@pytest.mark.parametrize("step", [1, 5, 32])
@pytest.mark.parametrize(
    "spec",
    [
        ("reactr", 1, 1),
        ("harbor", 2, 2),
        ("memor", 1, 0),
        ("kernell", 2, 1),
        ("zzzzq", 1, 1),
        ("the", 2, 0),
        ("sta", 2, 1),
    ],
)
def test_fuzzy_words_are_whooshs_in_every_segment(two_segment_index, monkeypatch, step, spec):
    """Dossier's fuzzy term (shared automaton, remembered steps, sampled seeks) finds in each
    segment and field exactly the words whoosh's own FuzzyTerm finds."""
    monkeypatch.setattr(fuzzy, "SEEK_SAMPLE", step)
    text, maxdist, prefix = spec
    searcher = two_segment_index._open().searcher()
    ours = fuzzy.Fuzzy("body", text, maxdist=maxdist, prefixlength=prefix)
    for field in ("body", "title"):
        ours.fieldname = field
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            theirs = FuzzyTerm(field, text, maxdist=maxdist, prefixlength=prefix)._btexts(reader)
            assert list(ours._find(reader)) == [searcher.schema[field].to_bytes(word) for word in theirs]
    searcher.close()


def test_phrase_check_in_order_is_phrase_ends_with_slop_one():
    def encode(positions):  # as whoosh's Positions format stores them, the final "." cut or not
        gaps = [b - a for a, b in zip([0] + positions, positions)]
        return len(positions).to_bytes(4, "big") + pickle.dumps(gaps, 2)[: rng.choice([None, -1])]

    rng = random.Random(5)
    for _ in range(300):
        words = rng.randint(1, 4)
        docs = [
            [sorted(rng.sample(range(rng.choice([6, 40, 70000])), rng.randint(1, 6))) for _ in range(words)]
            for _ in range(rng.randint(1, 30))
        ]
        columns = [[encode(doc[w]) for doc in docs] for w in range(words)]
        gaps = [scoring._gaps_of(column) for column in columns]
        assert gaps == [[scoring._gaps(value) for value in column] for column in columns]
        assert [[list(accumulate(g)) for g in word] for word in gaps] == [
            [doc[w] for doc in docs] for w in range(words)
        ]
        assert ranking.in_order(gaps) == [i for i, doc in enumerate(docs) if ranking.phrase_ends(doc, 1)]


def test_gaps_that_are_not_whooshs_pickles_are_read_one_at_a_time():
    good = [(2).to_bytes(4, "big") + pickle.dumps([3, 4], 2)]
    assert scoring._gaps_of(good * 3) == [[3, 4]] * 3
    with pytest.raises(Exception):
        scoring._gaps_of(good + [b"\x00\x00\x00\x01garbage"])  # the broken one fails as whoosh would
