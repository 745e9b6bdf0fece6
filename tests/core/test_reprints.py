"""Reprints found at import: copy_of, the original chosen by date, search folding copies."""

from __future__ import annotations

import pytest

from dossier.core import minhash
from dossier.core.library import Incoming
from dossier.core.reprints import is_copy, shingles, similarity
from dossier.core.workspace import Workspace
from tests.core.reprint_texts import INDEPENDENT, LATER, REPRINT, WIRE


def item(text: str, name: str, publisher: str, date: str | None) -> Incoming:
    return Incoming(text.encode(), name=name, key=name, meta={"publisher": publisher, "published": date})


WIRE_ITEM = item(WIRE, "wire.txt", "Wire Agency", "2025-06-14")
REPRINT_ITEM = item(REPRINT, "reprint.txt", "Coast Herald", "2025-06-15")
INDEPENDENT_ITEM = item(INDEPENDENT, "independent.txt", "Valmora Post", "2025-06-14")


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace(tmp_path / "data")
    yield workspace
    workspace.close()


def ids_by_name(ws: Workspace) -> dict[str, str]:
    return {a.meta.source_file: a.id for a in ws.library.articles()}


def test_signatures_estimate_similarity():
    a = minhash.text_signature(WIRE)
    assert minhash.estimate(a, minhash.text_signature(WIRE)) == 1.0
    assert minhash.estimate(a, minhash.text_signature(REPRINT)) > 0.4
    assert minhash.estimate(a, minhash.text_signature(INDEPENDENT)) < 0.2
    assert len(a) == minhash.BINS and len(minhash.bands(a)) == minhash.BANDS


def test_a_short_text_still_has_a_full_signature():
    sig = minhash.text_signature("Just four words here")
    assert len(sig) == minhash.BINS
    assert (sig == minhash.text_signature("just FOUR words, here!")).all()


def test_reprint_with_other_furniture_and_a_trimmed_end_is_a_copy(ws):
    results, _ = ws.import_items([WIRE_ITEM, REPRINT_ITEM, INDEPENDENT_ITEM])
    assert [r.status for r in results] == ["added"] * 3
    ids = ids_by_name(ws)
    assert ws.reprints.copy_of(ids["reprint.txt"]) == ids["wire.txt"]
    assert ws.reprints.copy_of(ids["wire.txt"]) is None
    assert ws.reprints.copy_of(ids["independent.txt"]) is None
    assert ws.reprints.copies(ids["wire.txt"]) == [ids["reprint.txt"]]


def test_the_confirmation_is_on_exact_shingles(ws):
    ws.import_items([WIRE_ITEM, REPRINT_ITEM, INDEPENDENT_ITEM])
    articles = {a.meta.source_file: a for a in ws.library.articles()}
    wire, reprint, other = (shingles(articles[n]) for n in ("wire.txt", "reprint.txt", "independent.txt"))
    assert is_copy(similarity(wire, reprint))
    assert not is_copy(similarity(wire, other))
    assert similarity(wire, other).jaccard < 0.1


def test_the_original_is_the_earliest_by_date_whatever_came_first(ws):
    ws.import_items([REPRINT_ITEM])
    ws.import_items([WIRE_ITEM])
    ids = ids_by_name(ws)
    assert ws.reprints.copy_of(ids["reprint.txt"]) == ids["wire.txt"]
    assert ws.reprints.copy_of(ids["wire.txt"]) is None


def test_without_dates_the_first_imported_is_the_original(ws):
    ws.import_items([item(REPRINT, "reprint.txt", "Coast Herald", None)])
    ws.import_items([item(WIRE, "wire.txt", "Wire Agency", "2025-06-14")])
    ids = ids_by_name(ws)
    assert ws.reprints.copy_of(ids["wire.txt"]) == ids["reprint.txt"]


def test_articles_from_before_are_caught_up(ws):
    for it in (WIRE_ITEM, REPRINT_ITEM):  # one by one, as the bundled articles come in
        ws.library.add_bytes(it.data, name=it.name, key=it.key, meta=it.meta)
    assert ws.reprints.copies_map() == {}
    ws.ensure_ready()
    ids = ids_by_name(ws)
    assert ws.reprints.copies_map() == {ids["reprint.txt"]: ids["wire.txt"]}


def test_search_folds_copies_under_their_original_unless_all(ws):
    ws.import_items([WIRE_ITEM, REPRINT_ITEM, INDEPENDENT_ITEM, item(LATER, "later.txt", "Wire Agency", "2025-06-22")])
    ids = ids_by_name(ws)
    folded = ws.search('"cranes will move again"')
    assert folded.total == 2
    by_id = {h.id: h for h in folded.hits}
    assert set(by_id) == {ids["wire.txt"], ids["independent.txt"]}
    assert by_id[ids["wire.txt"]].copies == [ids["reprint.txt"]]
    assert by_id[ids["independent.txt"]].copies == []
    unfolded = ws.search('"cranes will move again"', fold=False)
    assert unfolded.total == 3
    assert {h.id for h in unfolded.hits} == {ids["wire.txt"], ids["reprint.txt"], ids["independent.txt"]}
    assert all(h.copies == [] for h in unfolded.hits)
    # a word only the copy's furniture has: the copy stands for its group
    alone = ws.search("newsletter")
    assert [h.id for h in alone.hits] == [ids["reprint.txt"]] and alone.total == 1
    # words (not a phrase) go through another road of the index: folded the same way
    words = ws.search("Valmora dock")
    assert words.total == len(ws.search("Valmora dock", fold=False).hits) - 1


def test_a_new_version_of_the_original_keeps_the_group(ws):
    ws.import_items([WIRE_ITEM, REPRINT_ITEM])
    changed = item(WIRE + "\nThis story was updated with the vote count.\n", "wire.txt", "Wire Agency", "2025-06-14")
    ws.import_items([changed])
    current = {a.meta.source_file: a for a in ws.library.articles()}
    new_wire, reprint = current["wire.txt"].id, current["reprint.txt"].id
    assert current["wire.txt"].version == 2
    assert ws.reprints.copies_map() == {reprint: new_wire}


@pytest.mark.parametrize(
    "query",
    [
        '"cranes will move again"',
        "Valmora",
        "strike OR newsletter",
        "ribeiro",
        "cranes -newsletter",
        "Valmor~",
        "title:valmora",
    ],
)
def test_folding_agrees_with_grouping_every_match(ws, query):
    """The folded search against the unfolded one grouped by hand (every match, every road)."""
    ws.import_items(
        [
            WIRE_ITEM,
            REPRINT_ITEM,
            INDEPENDENT_ITEM,
            item(LATER, "later.txt", "Wire Agency", "2025-06-22"),
            item(LATER + "\nShare this article\nMore from Valmora\n", "later-copy.txt", "Coast Herald", "2025-06-23"),
        ]
    )
    copies = ws.reprints.copies_map()
    assert len(copies) == 2
    every = ws.search(query, limit=100, fold=False)
    groups: dict[str, list] = {}
    for hit in every.hits:
        groups.setdefault(copies.get(hit.id, hit.id), []).append(hit)
    expected = {}
    for root, hits in groups.items():
        lead = next((h for h in hits if h.id == root), max(hits, key=lambda h: h.score))
        expected[lead.id] = sorted(h.id for h in hits if h is not lead)
    for limit in (1, 2, 100):
        folded = ws.search(query, limit=limit)
        assert folded.total == len(groups)
        assert len(folded.hits) == min(limit, len(groups))
        for hit in folded.hits:
            assert sorted(hit.copies) == expected[hit.id]
    assert [h.id for h in ws.search(query, limit=100).hits] == [h.id for h in every.hits if h.id in expected]


def test_articles_imported_by_another_process_are_compared_too(tmp_path):
    """Two workspaces on one library (the window and a command, say): each finds the other's articles."""
    first, second = Workspace(tmp_path / "data"), Workspace(tmp_path / "data")
    try:
        result = first.library.add_bytes(INDEPENDENT_ITEM.data, name="independent.txt", meta=INDEPENDENT_ITEM.meta)
        with first.reprints.detecting() as detector:  # the other one writes while this one finds copies
            second.import_items([WIRE_ITEM])
            detector.add(first.library.get(result.article_id))
        first.import_items([REPRINT_ITEM])
        ids = ids_by_name(first)
        assert first.reprints.copy_of(ids["reprint.txt"]) == ids["wire.txt"]
    finally:
        second.close()
        first.close()
