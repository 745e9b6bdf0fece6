"""Crafted dossiers and a full disk: one sentence each, never a traceback, nothing changed."""

from __future__ import annotations

from tests.reliability import harness


def test_crafted_dossiers_never_give_a_traceback(tmp_path):
    harness.prepare(tmp_path / "home")
    import os

    os.environ["DOSSIER_HOME"] = str(tmp_path / "home")  # the in-process commands' data folder
    tally = harness.crafted_dossiers(tmp_path / "crafted", 40)
    assert tally.tracebacks == 0 and tally.problems == []


def test_a_full_disk_is_one_sentence_and_the_dossier_intact(tmp_path):
    import pytest

    home = tmp_path / "home"
    harness.prepare(home)
    tally = harness.disk_full(home, tmp_path / "small")
    if tally.problems == ["skipped: no tmpfs here"]:
        pytest.skip("no tmpfs can be mounted here")
    assert tally.tracebacks == 0 and tally.problems == [] and tally.lost == 0
