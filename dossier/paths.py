"""The one place that knows where Dossier keeps things.

platformdirs decides the per-user directories; ``DOSSIER_HOME`` points all of
them at one folder instead (tests, portable use, the self-test).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "Dossier"
HOME_ENV = "DOSSIER_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Where the library, the index and autosaves live."""
    home = _home_override()
    return _ensure(home / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False)))


def config_dir() -> Path:
    home = _home_override()
    return _ensure(home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False)))


def settings_dir() -> Path | None:
    """Where the window keeps its settings when ``DOSSIER_HOME`` is set (a test, a build check, a
    screenshot: never the person's own settings); None means the platform's usual place."""
    home = _home_override()
    return _ensure(home / "config") if home else None


def log_dir() -> Path:
    home = _home_override()
    return _ensure(home / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False)))


def documents_dir() -> Path:
    """The default folder for dossiers and exported briefings."""
    home = _home_override()
    if home:
        return _ensure(home / "documents")
    return Path(platformdirs.user_documents_dir()) / APP


def library_db(data: Path | None = None) -> Path:
    """The library's database in ``data`` (the data folder by default)."""
    return (data if data is not None else data_dir()) / "library.sqlite3"


def index_dir(data: Path | None = None) -> Path:
    """The search index's folder in ``data`` (the data folder by default)."""
    return (data if data is not None else data_dir()) / "index"


def autosave_dir() -> Path:
    return _ensure(data_dir() / "autosave")


def bundle_root() -> Path:
    """The folder holding ``seeds/`` and ``resources/``: the source tree or the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    return bundle_root() / "seeds"


def resources_dir() -> Path:
    return bundle_root() / "resources"
