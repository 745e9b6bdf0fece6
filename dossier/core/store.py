"""Loading and saving dossiers: one JSON file each, versioned, atomic, with a backup.

A save writes a temporary file beside the target, fsyncs it, keeps the previous file as
``NAME.dossier.bak`` and renames the new one into place, so a crash at any moment leaves
either the old file or the new one, never half of one. A file that cannot be read raises
:class:`DamagedDossier` naming it and its backup; nothing is overwritten.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from dossier import __version__
from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.errors import DamagedDossier

SCHEMA = "dossier"
#: 2 adds the cover fields, the bottom line and the sections' assessments (version 1 reads as
#: a dossier without them).
SCHEMA_VERSION = 2
SUFFIX = ".dossier"


def backup_path(path: Path | str) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".bak")


def to_dict(dossier: Dossier) -> dict:
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "app_version": __version__,
        **dossier.info(),
        "created": dossier.created,
        "modified": dossier.modified,
        "sections": [
            {"id": s.id, "title": s.title, "assessment": s.assessment, "clips": [c.to_dict() for c in s.clips]}
            for s in dossier.sections
        ],
    }


def from_dict(data: dict) -> Dossier:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError("it is not a Dossier file")
    version = data.get("version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ValueError(f"it was written by a newer Dossier (file format {version})")
    sections = []
    for raw in data["sections"]:
        clips = [Clip.from_dict(c) for c in raw.get("clips", [])]
        sections.append(Section(str(raw["title"]), clips, raw.get("id") or Section("").id,
                                str(raw.get("assessment") or "")))
    dossier = Dossier(str(data.get("title") or "Untitled dossier"), str(data.get("author") or ""), sections)
    for name in ("organisation", "date", "marking", "bottom_line"):
        setattr(dossier, name, str(data.get(name) or ""))
    dossier.created = data.get("created") or dossier.created
    dossier.modified = data.get("modified") or dossier.modified
    return dossier


def atomic_write(path: Path | str, data: bytes, *, keep_backup: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temp file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            os.replace(path, backup_path(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def save(dossier: Dossier, path: Path | str, *, keep_backup: bool = True) -> Path:
    """Save atomically; the previous version of the file is kept as ``.bak``."""
    path = Path(path)
    text = json.dumps(to_dict(dossier), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"), keep_backup=keep_backup)
    return path


def load(path: Path | str) -> Dossier:
    path = Path(path)
    backup = backup_path(path)
    backup_shown = backup if backup.exists() else None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DamagedDossier(path, "the file does not exist", backup_shown) from None
    except OSError as exc:
        raise DamagedDossier(path, f"it could not be read ({exc.strerror or exc})", backup_shown) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedDossier(path, "it is not a text file", backup_shown) from None
    except ValueError as exc:
        raise DamagedDossier(path, f"its contents are damaged (JSON error at line {getattr(exc, 'lineno', '?')})", backup_shown) from None
    try:
        return from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else f"it is missing data ({exc.__class__.__name__}: {exc})"
        raise DamagedDossier(path, reason, backup_shown) from None


def load_or_new(path: Path | str, title: str | None = None) -> Dossier:
    """Open a dossier, or start a new one when the file does not exist yet."""
    path = Path(path)
    if not path.exists():
        return Dossier(title or path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Untitled dossier")
    return load(path)
