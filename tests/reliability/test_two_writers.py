"""Two processes writing at once: one waits for the other, and nothing is lost or doubled."""

from __future__ import annotations

from tests.reliability import harness


def test_two_clips_at_once_lose_nothing(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    dossier = tmp_path / "brief.dossier"
    tally = harness.concurrent_clips(home, dossier, rounds=4)
    assert tally.problems == [] and tally.tracebacks == 0
    assert len(tally.confirmed) == 8 and tally.lost == 0


def test_two_imports_at_once_index_each_article_once(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    folder = harness.write_articles(tmp_path / "news", 700)  # over the bulk writer's threshold
    tally, (library, docs, distinct) = harness.concurrent_imports(home, folder)
    assert tally.problems == [] and tally.tracebacks == 0
    assert library == docs == distinct == 702
