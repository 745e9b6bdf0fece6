"""A data folder that may not be written still lists, searches, shows and exports elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.reliability import harness

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and mounts")


@contextmanager
def read_only(folder: Path):
    """``folder`` made read-only: a read-only bind mount for root (who writes anywhere else),
    the permissions for anyone else."""
    if os.geteuid() == 0:
        if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
            pytest.skip("no read-only mount here")
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)
            yield
        finally:
            subprocess.run(["umount", str(folder)], check=True)
        return
    paths = [folder, *folder.rglob("*")]
    for path in paths:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        yield
    finally:
        for path in paths:
            path.chmod(path.stat().st_mode | 0o200)


def test_list_search_show_export_on_a_read_only_data_folder(tmp_path):
    home = tmp_path / "home"
    harness.prepare(home)
    dossier = tmp_path / "brief.dossier"
    assert harness.run(home, *harness.clip_args(dossier, 0)).returncode == 0
    with read_only(home / "data"):
        for command in (
            ["list"],
            ["search", "land"],
            ["show", str(dossier)],
            ["export", str(dossier), "-o", str(tmp_path / "brief.pdf")],
            ["index"],
        ):
            result = harness.run(home, *command)
            assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result.stderr)
        assert (tmp_path / "brief.pdf").stat().st_size > 1000
        result = harness.run(home, "import", str(harness.write_articles(tmp_path / "news", 2)))
        assert result.returncode == 1 and "read-only" in result.stderr and "Traceback" not in result.stderr
