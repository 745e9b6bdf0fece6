"""The quick segment writer (:mod:`dossier.core.index.postings`) writes the files whoosh's own
segment writer writes, byte for byte (postings, terms table, lengths and stored fields), when
it compresses every block as whoosh does; and the same postings when it leaves small blocks
uncompressed, as it does by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.writing import SegmentWriter

from dossier.core.index import make_schema
from dossier.core.index.analysis import index_faster
from dossier.core.index.postings import QuickSegmentWriter, takes
from dossier.core.index_fields import index_fields
from dossier.core.library import Incoming, Library
from tests.core.multilingual import ARTICLES
from tests.core.test_analysis import TRICKY
from tests.perf import corpus


class ExactWriter(QuickSegmentWriter):
    small_block = 0  # every block compressed, as whoosh does


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The files of the index's segments by what follows the segment's (random) name."""
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in folder.iterdir()
        if path.suffix in (".pst", ".trm", ".col", ".vps")
    }


def _write(folder: Path, schema: Schema, make, batches, fast_analysis: bool = True, **options) -> dict[str, bytes]:
    folder.mkdir()
    ix = index.create_in(str(folder), schema)
    for n, docs in enumerate(batches):
        writer = make(ix, compound=False, **options)
        fast = index_faster(writer.schema) if fast_analysis else []
        if n == 1:
            writer.delete_by_term("id", docs[0]["id"])
        for doc in docs:
            writer.add_document(**doc)
        for name in fast:  # whoosh's own again, which the table of contents can keep
            del writer.schema[name].index
        last = n == len(batches) - 1
        writer.commit(optimize=last)  # the last commit merges every segment into one
    return _segment_files(folder)


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """What the index is given for some 300 articles of the benchmark's kind, the articles in
    every language of the tests, and some tricky texts; some with boosts."""
    folder = tmp_path_factory.mktemp("docs")
    docs = corpus.generate(300)
    docs[7] = {**docs[7], "body": " ".join(TRICKY)}
    library = Library(folder / "lib.sqlite3")
    incoming = [Incoming(corpus.as_file_bytes(d), name=f"{d['id']}.txt", key=d["id"]) for d in docs]
    incoming += [Incoming(text.encode("utf-8"), name=f"{lang}.txt", key=lang) for lang, text in ARTICLES.items()]
    library.add_many(incoming)
    fields = [index_fields(article) for article in library.articles()]
    library.close()
    fields[3]["_boost"] = 2.5
    fields[4]["_title_boost"] = 0.5
    return fields


def test_one_segment_is_written_byte_for_byte_as_whoosh_writes_it(tmp_path, documents):
    whooshs = _write(tmp_path / "whoosh", make_schema(), SegmentWriter, [documents])
    ours = _write(tmp_path / "ours", make_schema(), ExactWriter, [documents])
    assert set(ours) == set(whooshs) and {"pst", "trm", "_body_len.col", "_body_ru_len.col"} <= set(ours)
    assert ours == whooshs
    searcher = index.open_dir(str(tmp_path / "ours")).searcher()
    assert max(searcher.doc_frequency("body", word) for word in searcher.lexicon("body")) > 128  # several blocks
    searcher.close()


def test_merged_segments_and_a_deletion_give_whooshs_bytes(tmp_path, documents):
    batches = [documents[:120], documents[120:250], documents[250:]]
    whooshs = _write(tmp_path / "whoosh", make_schema(), SegmentWriter, batches)
    ours = _write(tmp_path / "ours", make_schema(), ExactWriter, batches)
    assert ours == whooshs


def test_a_pool_that_spills_to_disk_gives_whooshs_bytes(tmp_path, documents):
    whooshs = _write(tmp_path / "whoosh", make_schema(), SegmentWriter, [documents], limitmb=1)
    ours = _write(tmp_path / "ours", make_schema(), ExactWriter, [documents], limitmb=1)
    assert ours == whooshs


def test_fields_with_vectors_spelling_or_columns_give_whooshs_bytes(tmp_path, documents):
    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True, spelling=True, sortable=True),
        body=TEXT(analyzer=StemmingAnalyzer(), vector=True),
        tags=KEYWORD(commas=True, scorable=True),
        size=NUMERIC(stored=True, sortable=True),
    )
    docs = [
        {"id": d["id"], "title": d["title"], "body": d.get("body", ""), "tags": d["tags"], "size": len(d["title"])}
        for d in documents[:150]
    ]
    for fast_analysis in (True, False):
        name = "fast" if fast_analysis else "whoosh-analysis"
        whooshs = _write(tmp_path / f"whoosh-{name}", schema, SegmentWriter, [docs], fast_analysis)
        ours = _write(tmp_path / f"ours-{name}", schema, ExactWriter, [docs], fast_analysis)
        assert ours == whooshs and "vps" in ours


def _everything(folder: Path) -> dict:
    """Every term's statistics and postings (document, weight, value), by field and word."""
    found = {}
    reader = index.open_dir(str(folder)).reader()
    for field, word in reader.all_terms():
        info = reader.term_info(field, word)
        stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
        matcher = reader.postings(field, word)
        postings = []
        while matcher.is_active():
            postings.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        found[(field, word)] = (stats, postings)
    reader.close()
    return found


def test_small_blocks_left_uncompressed_hold_the_same_postings(tmp_path, documents):
    batches = [documents[:200], documents[200:]]
    whooshs = _write(tmp_path / "whoosh", make_schema(), SegmentWriter, batches)
    ours = _write(tmp_path / "ours", make_schema(), QuickSegmentWriter, batches)
    assert len(ours["pst"]) < len(whooshs["pst"])  # no zlib header on a few bytes
    assert ours["pst"].count(b"W3Bl") == whooshs["pst"].count(b"W3Bl")
    found = _everything(tmp_path / "ours")
    assert len(found) > 5000 and found == _everything(tmp_path / "whoosh")


def test_another_codec_keeps_whooshs_own_writing(tmp_path):
    ix = index.create_in(str(tmp_path), make_schema())
    writer = QuickSegmentWriter(ix)
    assert takes(writer.codec, writer.fieldwriter)
    assert not takes(object(), writer.fieldwriter)
    writer.cancel()
