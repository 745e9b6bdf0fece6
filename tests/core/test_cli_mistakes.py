"""Mistakes on the command line get one clear line on stderr, a failing exit code, and create nothing."""

from __future__ import annotations

import os

import pytest

from dossier.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ids(capsys):
    assert main(["list", "--json"]) == 0
    import json

    return [row["id"] for row in json.loads(capsys.readouterr().out)]


@pytest.fixture
def brief(capsys, tmp_path, ids):
    path = tmp_path / "brief.dossier"
    code, _out, err = run(
        capsys,
        "clip",
        "--dossier",
        str(path),
        "--section",
        "Agenda",
        "--create-section",
        "--doc",
        ids[0],
        "--quote",
        "power plants",
    )
    assert code == 0, err
    return path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_export_to_a_place_that_cannot_be_written(capsys, brief):
    code, _out, err = run(capsys, "export", str(brief), "-o", "/proc/x.pdf")
    assert code == 1
    assert one_line(err).startswith("dossier: could not write /proc/x.pdf")


def test_export_into_a_missing_folder_creates_nothing(capsys, brief, tmp_path):
    target = tmp_path / "missing" / "dir" / "x.pdf"
    code, _out, err = run(capsys, "export", str(brief), "-o", str(target))
    assert code == 1
    assert "does not exist" in one_line(err)
    assert not (tmp_path / "missing").exists()


def test_clip_into_a_dossier_in_a_missing_folder_creates_nothing(capsys, tmp_path, ids):
    target = tmp_path / "missing" / "dir" / "b.dossier"
    code, _out, err = run(
        capsys,
        "clip",
        "--dossier",
        str(target),
        "--section",
        "A",
        "--create-section",
        "--doc",
        ids[0],
        "--quote",
        "power plants",
    )
    assert code == 1
    assert "does not exist" in one_line(err)
    assert not (tmp_path / "missing").exists()


def test_a_short_id_is_explained_not_denied(capsys, brief, ids):
    short = ids[0][0]
    code, _out, err = run(
        capsys, "clip", "--dossier", str(brief), "--section", "Agenda", "--doc", short, "--quote", "power plants"
    )
    assert code == 1
    line = one_line(err)
    assert "too short" in line and "No article" not in line
    code, _out, err = run(
        capsys, "clip", "--dossier", str(brief), "--section", "Agenda", "--doc", "zzzz", "--quote", "power plants"
    )
    assert "No article with id 'zzzz'" in one_line(err)


def test_a_clip_message_names_the_paragraph_or_the_title(capsys, tmp_path, ids):
    path = tmp_path / "b.dossier"
    code, out, _ = run(
        capsys,
        "clip",
        "--dossier",
        str(path),
        "--section",
        "A",
        "--create-section",
        "--doc",
        ids[0],
        "--quote",
        "power plants",
    )
    assert code == 0 and "¶ None" not in out
