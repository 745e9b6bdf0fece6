"""Another Whoosh than the tested release turns the index's fast paths off, and says so once."""

import logging
import subprocess
import sys

from dossier.core.index import compat


def test_the_pinned_whoosh_runs_the_fast_paths():
    assert compat.installed_whoosh() == compat.TESTED_WHOOSH
    assert compat.FAST and compat.WARNING == ""


def test_another_whoosh_turns_the_fast_paths_off_and_warns_once(tmp_path):
    program = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.WARNING, format='%(levelname)s %(message)s')\n"
        "from importlib import metadata\n"
        "real = metadata.version\n"
        "metadata.version = lambda name: '2.8.0' if name == 'whoosh-reloaded' else real(name)\n"
        "from dossier.core.index import FAST, SearchIndex\n"
        "from dossier.core.index.compat import warn_once\n"
        "from dossier.core.library import Library\n"
        "warn_once('version', 'again')\n"
        f"lib = Library(r'{tmp_path / 'lib.sqlite3'}')\n"
        f"lib.import_paths([r'{tmp_path / 'a.txt'}'])\n"
        f"idx = SearchIndex(r'{tmp_path / 'index'}', lib)\n"
        "idx.sync()\n"
        "print('FAST', FAST, idx.search('reactors').total, idx.search('reactr~').total)\n"
    )
    (tmp_path / "a.txt").write_text("Reactors\n\nThe reactors of the plant were shut down for the winter.\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "FAST False 1 1" in done.stdout
    warnings = [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "Whoosh 2.8.0 is installed" in warnings[0]


def test_a_fallback_is_logged_once_at_warning_level(caplog):
    caplog.set_level(logging.WARNING, logger="dossier.core.index")
    for _ in range(3):
        compat.warn_once("test-fallback", "the fast way failed; the sure way runs")
    assert [r.levelno for r in caplog.records if "fast way" in r.message] == [logging.WARNING]
