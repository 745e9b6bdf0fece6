"""The benchmark runs, and what it measures is the real thing. Nothing here is timed.

``python -m tests.perf.run`` is the benchmark; these tests run it on a tiny generated corpus
(``--quick``) and check the paths its figures come from: the library's batch import gives
what importing one file at a time gives. The fast paths' oracle tests (each compared with
Whoosh's own code) are in ``test_fast_paths_match_whoosh.py``.
"""

from __future__ import annotations

import json

from dossier.core.errors import UnreadableFile
from dossier.core.library import Incoming, Library
from tests.perf import corpus


def test_the_quick_benchmark_runs_and_prints_its_table(tmp_path, capsys):
    from tests.perf import run

    out = tmp_path / "results.json"
    assert run.main(["--quick", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    for row in ("index  s", "peak RSS MB", "re-import unchanged", "search+highlight p50 ms", "p95 ms"):
        assert row in printed
    step = json.loads(out.read_text())["scales"]["1"]
    ours = step["dossier"]
    assert ours["indexed"] == step["docs"] and ours["added_again"] == 0
    assert ours["reimport_statuses"] == {"unchanged": step["docs"]}
    search = step["search"]
    for query, dossier, whoosh in zip(
        json.loads(out.read_text())["queries"], search["dossier"]["hits"], search["whoosh"]["hits"]
    ):
        if query["kind"] != "fuzzy":  # raw whoosh's "~" allows other words than Dossier's
            assert dossier == whoosh, query
    assert (tmp_path / "README-performance.md").read_text().startswith("## Performance")


def _incoming(docs: list[dict]) -> list[Incoming]:
    return [
        Incoming(
            corpus.as_file_bytes(d),
            name=f"{d['id']}.txt",
            key=d["id"],
            meta={"title": d["title"], "published": d["date"]},
        )
        for d in docs
    ]


def test_add_many_imports_what_add_bytes_imports(tmp_path):
    docs = corpus.generate(12)
    items = _incoming(docs)
    items.append(items[3])  # the same file again
    items.append(Incoming(b"\x00\x01binary", name="bad.bin"))  # unreadable
    changed = {**docs[5], "body": docs[5]["body"] + " And a new last sentence."}
    items += _incoming([changed])  # a new version of one document
    one, many = Library(tmp_path / "one.sqlite3"), Library(tmp_path / "many.sqlite3")
    singly = []
    for item in items:
        try:
            singly.append(one.add_bytes(item.data, name=item.name, key=item.key, suffix=item.suffix, meta=item.meta))
        except UnreadableFile as exc:
            singly.append(exc.reason)
    batched = many.add_many(items, batch=5)
    assert [r.status if not isinstance(r, str) else "failed" for r in singly] == [r.status for r in batched]
    assert [r.message for r in batched if r.status == "failed"] == [r for r in singly if isinstance(r, str)]
    assert [r.status for r in batched].count("updated") == 1
    assert one.current_ids() == many.current_ids() and len(one) == len(many) == 12
    for a, b in zip(one.articles(current_only=False), many.articles(current_only=False)):
        a.meta.imported_at = b.meta.imported_at = ""
        assert a == b
