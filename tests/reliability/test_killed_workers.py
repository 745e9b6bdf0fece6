"""A bulk import killed with kill -9 leaves no worker behind, and the next command indexes what it stored."""

from __future__ import annotations

import sys

import pytest

from tests.reliability import harness

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_workers_end_with_their_killed_import(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    folder = harness.write_articles(tmp_path / "news", 800)
    workers, left = harness.kill_import_with_workers(home, folder)
    assert workers, "the import was killed before its workers started"
    assert left == []
    result = harness.run(home, "index")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    library, docs, distinct = harness.index_counts(home)
    assert library == docs == distinct
