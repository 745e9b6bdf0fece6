"""GUI tests run offscreen; a test that leaves a worker thread running fails."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, QThreadPool


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """QSettings go to the test's own folder, never the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture(autouse=True)
def _no_threads_left_behind(qapp):
    yield
    pool = QThreadPool.globalInstance()
    finished = pool.waitForDone(5000)
    assert finished, "a test left background work running"


@pytest.fixture
def workspace(tmp_path):
    """A workspace of its own holding the two bundled articles (not yet indexed)."""
    from dossier.core.workspace import Workspace

    ws = Workspace(tmp_path / "ws")
    ws.import_seeds()
    yield ws
    ws.close()


@pytest.fixture
def article(workspace):
    """The seed article whose title sorts first ("A New Path Toward Peace…")."""
    return min(workspace.library.articles(), key=lambda a: a.title)


@pytest.fixture
def session(workspace, qtbot):
    from dossier.gui.session import DossierSession

    s = DossierSession(workspace)
    yield s
    s.discard_autosave()
    s.close()
