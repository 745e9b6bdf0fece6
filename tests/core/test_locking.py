"""Locks between processes: a second writer is told who holds it; a dead holder is never in the way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from dossier.core.locking import Busy, FileLock, dossier_lock, dossier_lock_path, is_locked, read_owner

HOLD = """
import sys, time
from dossier.core.locking import FileLock
lock = FileLock(sys.argv[1], program="dossier clip", what="x")
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def holder(path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_waits_then_is_told_who_holds_it(tmp_path):
    path = tmp_path / "brief.dossier"
    proc = holder(dossier_lock_path(path))
    try:
        assert is_locked(dossier_lock_path(path))
        started = time.monotonic()
        with pytest.raises(Busy) as info:
            dossier_lock(path, "dossier note").acquire(timeout=0.3)
        assert time.monotonic() - started >= 0.3
        assert f"The dossier {path} is in use by dossier clip (process {proc.pid}" in str(info.value)
    finally:
        proc.kill()
        proc.wait()


def test_the_lock_of_a_killed_process_is_taken_at_once(tmp_path):
    path = tmp_path / ".brief.dossier.lock"
    proc = holder(path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert path.exists() and not is_locked(path)  # the file stays, the lock went with the process
    lock = FileLock(path, program="dossier clip", what="x")
    lock.acquire(timeout=0)
    assert read_owner(path)["pid"] == os.getpid()
    lock.release()
    assert not path.exists()


def test_symlinked_dossiers_share_one_lock(tmp_path):
    real = tmp_path / "real.dossier"
    real.write_text("{}")
    link = tmp_path / "link.dossier"
    link.symlink_to(real)
    with dossier_lock(real, "a"), pytest.raises(Busy):
        dossier_lock(link, "b").acquire(timeout=0)
