"""A crafted or damaged .dossier is refused with the field at fault named; nothing is saved back."""

from __future__ import annotations

import json

import pytest

from dossier.cli import main
from dossier.core import store
from dossier.core.errors import DamagedDossier

CLIP = {
    "id": "c1",
    "article_id": "96b06e36aaaa0000",
    "article_version": 1,
    "quote": "land",
    "start": 0,
    "end": 4,
    "note": "",
    "paragraph": 3,
}


def dossier_json(**changes):
    data = {
        "schema": "dossier",
        "version": 1,
        "title": "T",
        "author": "",
        "sections": [{"id": "s1", "title": "Agenda", "clips": [dict(CLIP)]}],
    }
    for where, value in changes.items():
        target = data
        *path, last = where.split("__")
        for key in path:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ["a list"]}, "title"),
        ({"sections": {"not": "a list"}}, "sections"),
        ({"sections__0": "text"}, "sections[0]"),
        ({"sections__0__title": 7}, "sections[0].title"),
        ({"sections__0__clips__0__start": "0"}, "sections[0].clips[0].start"),
        ({"sections__0__clips__0__start": True}, "sections[0].clips[0].start"),
        ({"sections__0__clips__0__note": {"x": 1}}, "sections[0].clips[0].note"),
        ({"sections__0__clips__0__quote": None}, "sections[0].clips[0].quote"),
        ({"sections__0__clips__0__end": -1}, "sections[0].clips[0].end"),
        (
            {"sections__0__clips__0__id": 'x"/>We will withdraw every soldier tomorrow. <a name="y'},
            "sections[0].clips[0].id",
        ),
        ({"sections__0__clips__0__article_id": "<img src='/etc/passwd'>"}, "sections[0].clips[0].article_id"),
        ({"sections__0__id": "c1"}, "sections[0].clips[0].id"),  # the same id twice
        ({"title": "x" * 100_000}, "title"),
    ],
)
def test_a_wrong_field_is_named(tmp_path, changes, field):
    path = tmp_path / "bad.dossier"
    path.write_text(json.dumps(dossier_json(**changes)))
    with pytest.raises(DamagedDossier) as info:
        store.load(path)
    assert f"the field {field} " in str(info.value)


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.dossier"
    path.write_text('{"schema": "dossier", "version": 1, "sections": ' + "[" * 200_000 + "]" * 200_000 + "}")
    with pytest.raises(DamagedDossier, match="nested too deeply"):
        store.load(path)


def test_a_lone_surrogate_is_refused_not_saved_back(capsys, tmp_path):
    path = tmp_path / "bad.dossier"
    path.write_text(json.dumps(dossier_json()).replace('"note": ""', '"note": "\\ud800"'))
    before = path.read_bytes()
    code = main(["note", str(path), "c1", "new note"])
    err = capsys.readouterr().err
    assert code == 1 and "sections[0].clips[0].note" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_wrong_types_are_not_saved_back_by_clip(capsys, tmp_path):
    path = tmp_path / "bad.dossier"
    path.write_text(json.dumps(dossier_json(sections__0__clips__0__paragraph="3")))
    before = path.read_bytes()
    code = main(
        [
            "clip",
            "--dossier",
            str(path),
            "--section",
            "Agenda",
            "--doc",
            "96b06e36",
            "--quote",
            "We will be talking about land.",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "sections[0].clips[0].paragraph" in err
    assert path.read_bytes() == before


def test_unknown_fields_are_left_for_newer_versions(tmp_path):
    data = dossier_json()
    data["sections"][0]["clips"][0]["grade"] = {"reliability": "B"}
    data["brief"] = {"bottom_line": "x"}
    path = tmp_path / "new.dossier"
    path.write_text(json.dumps(data))
    assert store.load(path).clips()[0].quote == "land"


def test_a_fifo_is_not_read(tmp_path):
    import os

    path = tmp_path / "fifo.dossier"
    os.mkfifo(path)
    with pytest.raises(DamagedDossier, match="not a regular file"):
        store.load(path)
