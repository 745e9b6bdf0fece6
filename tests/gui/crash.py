"""What a killed process leaves behind, for tests of recovery."""

from __future__ import annotations

import os

from dossier.gui.session import DossierSession


def crash(session: DossierSession) -> None:
    """Its files stay as they are; the system lets go of its locks (the lock files stay too)."""
    for lock in (session._autosave_lock, session._file_lock):
        if lock is not None and lock.held:
            os.close(lock._fd)
            lock._fd = None
