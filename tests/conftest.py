"""Shared fixtures. Every test gets its own DOSSIER_HOME, so nothing touches the real user dirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIRST_SEED = "000_a22b62033c914142.txt"
SECOND_SEED = "003_1913b87785396f9a.txt"


@pytest.fixture(autouse=True)
def dossier_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("DOSSIER_HOME", str(home))
    return home


@pytest.fixture
def library(tmp_path):
    from dossier.core.library import Library

    lib = Library(tmp_path / "lib.sqlite3")
    lib.import_paths([SEEDS])
    yield lib
    lib.close()


@pytest.fixture
def seed_articles(library):
    """The two bundled articles, first and second."""
    by_file = {Path(a.meta.source_file).name: a for a in library.articles()}
    return by_file[FIRST_SEED], by_file[SECOND_SEED]
