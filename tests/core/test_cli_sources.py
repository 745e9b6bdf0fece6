"""The `dossier` commands about sources: copies in list and search, corroborate, grade, article, timeline."""

from __future__ import annotations

import json

import pytest

from dossier.cli import main
from tests.core.reprint_texts import INDEPENDENT, REPRINT, WIRE


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def articles(tmp_path, capsys):
    """The wire story, its reprint and an independent report, imported with their dates."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("wire.txt", WIRE), ("reprint.txt", REPRINT), ("independent.txt", INDEPENDENT)):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "catalog.json").write_text(
        json.dumps(
            {
                "articles": {
                    "wire.txt": {"publisher": "Wire Agency", "published": "2025-06-14"},
                    "reprint.txt": {"publisher": "Coast Herald", "published": "2025-06-15"},
                    "independent.txt": {"publisher": "Valmora Post", "published": "2025-06-14"},
                }
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", folder)
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--json")
    rows = {r["publisher"]: r for r in json.loads(out)}
    return {name: rows[name] for name in ("Wire Agency", "Coast Herald", "Valmora Post")}


def test_list_json_has_copy_of(articles):
    assert articles["Coast Herald"]["copy_of"] == articles["Wire Agency"]["id"]
    assert articles["Wire Agency"]["copy_of"] is None
    assert articles["Valmora Post"]["copy_of"] is None


def test_search_folds_copies_and_all_unfolds(capsys, articles):
    code, out, _ = run(capsys, "search", '"cranes will move"', "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 2
    copies = {h["id"]: h["copies"] for h in data["hits"]}
    assert copies[articles["Wire Agency"]["id"]] == [articles["Coast Herald"]["id"]]
    code, out, _ = run(capsys, "search", '"cranes will move"', "--all", "--json")
    assert json.loads(out)["total"] == 3
    code, out, _ = run(capsys, "search", '"cranes will move"')
    assert "2 articles match." in out and "+1 copy" in out


@pytest.fixture
def brief(tmp_path, capsys, articles):
    """A dossier with the spokeswoman's words clipped from the reprint and a line from the independent report."""
    from tests.core.reprint_texts import QUOTE

    path = tmp_path / "brief.dossier"
    for doc, quote in (
        (articles["Coast Herald"]["id"], QUOTE),
        (articles["Valmora Post"]["id"], "The offer had barely changed since Thursday"),
    ):
        code, _, err = run(capsys, "clip", "--dossier", path, "--section", "Agenda", "--doc", doc, "--quote", quote)
        assert code == 0, err
    code, out, _ = run(capsys, "show", path, "--json")
    clips = [c for s in json.loads(out)["sections"] for c in s["clips"]]
    return path, clips


def test_corroborate_splits_independent_outlets_from_copies(capsys, articles, brief):
    path, clips = brief
    code, out, _ = run(capsys, "corroborate", path, "--json")
    assert code == 0
    data = json.loads(out)
    spokeswoman, offer = clips[0]["id"], clips[1]["id"]
    assert data[spokeswoman] == {
        "independent": [articles["Valmora Post"]["id"]],
        "copies": [articles["Wire Agency"]["id"]],
    }
    assert data[offer] == {"independent": [], "copies": []}
    code, out, _ = run(capsys, "corroborate", path)
    assert "1 independent · 1 copy" in out and "no other source" in out


def test_grade_article_and_clip(capsys, articles, brief):
    path, clips = brief
    herald = articles["Coast Herald"]["id"]
    code, out, _ = run(capsys, "grade", herald, "--reliability", "b")
    assert code == 0 and "B, usually reliable" in out
    code, out, _ = run(capsys, "grade", "--dossier", path, "--clip", clips[0]["id"], "--credibility", "2")
    assert code == 0 and "B2: source usually reliable; information probably true" in out
    code, out, _ = run(capsys, "show", path, "--json")
    assert json.loads(out)["sections"][0]["clips"][0]["credibility"] == 2
    code, _, err = run(capsys, "grade", herald, "--reliability", "G")
    assert code == 1 and "not a reliability" in err
    code, _, err = run(capsys, "grade", "--dossier", path, "--clip", clips[0]["id"], "--credibility", "7")
    assert code == 1 and "not a credibility" in err
    code, _, err = run(capsys, "grade", "--credibility", "2")
    assert code == 2


def test_article_details_headless(capsys, articles):
    herald = articles["Coast Herald"]["id"]
    code, out, _ = run(
        capsys, "article", herald, "--author", "Mara Quint", "--url", "https://herald.example/strike", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["author"] == "Mara Quint" and data["url"] == "https://herald.example/strike"
    assert data["copy_of"] == articles["Wire Agency"]["id"]
    code, out, _ = run(capsys, "search", "author:quint", "--json")
    assert [h["id"] for h in json.loads(out)["hits"]] == [herald]
    # dated before the wire story, the reprint becomes the original of the group
    code, out, _ = run(capsys, "article", herald, "--date", "2025-06-13", "--json")
    assert json.loads(out)["copy_of"] is None
    code, out, _ = run(capsys, "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows[articles["Wire Agency"]["id"]]["copy_of"] == herald


def test_timeline_orders_clips_by_their_sources_dates(capsys, tmp_path, articles, brief):
    path, clips = brief
    run(capsys, "article", articles["Valmora Post"]["id"], "--date", "")
    code, out, _ = run(capsys, "timeline", path, "--json")
    entries = json.loads(out)
    assert [e["clip"] for e in entries] == [clips[0]["id"], clips[1]["id"]]
    assert entries[0]["date"] == "2025-06-15" and entries[1]["date"] is None
    run(capsys, "article", articles["Valmora Post"]["id"], "--date", "2025-06-01")
    code, out, _ = run(capsys, "timeline", path)
    lines = out.splitlines()
    assert "1 June 2025" in lines[0] and "Valmora Post" in lines[0]
    assert "15 June 2025" in lines[1] and "Coast Herald" in lines[1]


def test_export_prints_grades_in_the_notes_and_a_chronology(capsys, tmp_path, articles, brief):
    from pypdf import PdfReader

    path, clips = brief
    run(capsys, "grade", articles["Coast Herald"]["id"], "--reliability", "B")
    run(capsys, "grade", "--dossier", path, "--clip", clips[0]["id"], "--credibility", "2")
    run(capsys, "article", articles["Valmora Post"]["id"], "--date", "2025-06-01", "--publisher", "Valmora <Post> & Co")
    out = tmp_path / "brief.pdf"
    code, _, err = run(capsys, "export", path, "-o", out, "--timeline")
    assert code == 0, err
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    text = " ".join(pages)
    assert "Graded B2." in text
    chronology = next(p for p in pages if "Chronology 1 June" in p)
    assert chronology.index("1 June 2025") < chronology.index("15 June 2025")
    assert "Valmora <Post> & Co" in chronology and "Coast Herald [B2]" in chronology
    code, _, _ = run(capsys, "export", path, "-o", tmp_path / "plain.pdf")
    assert "Chronology" not in " ".join(p.extract_text() for p in PdfReader(tmp_path / "plain.pdf").pages)
