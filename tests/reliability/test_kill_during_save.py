"""kill -9 at every step of a save (deterministic: the file operations are patched to kill the
process at the n-th call) never leaves a dossier missing or half-written."""

from __future__ import annotations

import sys

import pytest

from tests.reliability import harness

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def test_a_save_killed_at_any_step_leaves_a_complete_dossier(tmp_path):
    tally = harness.kill_at_every_step(tmp_path, tmp_path / "home")
    assert tally.kills >= 6  # create, write, fsync, link, rename the backup, rename the file…
    assert tally.problems == [] and tally.tracebacks == 0


def test_killed_clips_lose_no_confirmed_clip(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    dossier = tmp_path / "brief.dossier"
    tally = harness.killed_clips(home, dossier, runs=12, window=(0.3, 6.0))
    assert tally.problems == [] and tally.tracebacks == 0
    assert tally.lost == 0
