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
    (folder / "catalog.json").write_text(json.dumps({"articles": {
        "wire.txt": {"publisher": "Wire Agency", "published": "2025-06-14"},
        "reprint.txt": {"publisher": "Coast Herald", "published": "2025-06-15"},
        "independent.txt": {"publisher": "Valmora Post", "published": "2025-06-14"},
    }}), encoding="utf-8")
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
