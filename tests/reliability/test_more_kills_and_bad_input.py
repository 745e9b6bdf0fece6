"""Killed imports, rebuilds and exports; a folder of bad files; fuzzed queries."""

from __future__ import annotations

import sys

import pytest

from tests.reliability import harness

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL, pipes and link loops")


def test_killed_import_index_and_export_leave_everything_usable(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    dossier = tmp_path / "brief.dossier"
    assert harness.run(home, *harness.clip_args(dossier, 0)).returncode == 0
    tally = harness.killed_commands(home, harness.write_articles(tmp_path / "news", 150), dossier, runs=6)
    assert tally.problems == [] and tally.tracebacks == 0


def test_a_folder_of_bad_files_is_a_line_each(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    tally = harness.import_bad_files(home, harness.bad_files(tmp_path / "bad", 60))
    assert tally.problems == [] and tally.tracebacks == 0


def test_fuzzed_queries_always_answer(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    tally = harness.fuzzed_queries(home, 300)
    assert tally.problems == [] and tally.tracebacks == 0
