"""Loading and saving dossiers: one JSON file each, versioned, atomic, with a backup.

A save goes through :func:`dossier.core.atomic.replacing`: a temporary file beside the target,
fsynced, the previous file kept as ``NAME.dossier.bak`` (a hard link, never by moving the live
file away), then renamed into place; so a crash at any moment leaves a complete file. A file
that cannot be read, or that holds what a dossier cannot (see :mod:`.dossier_schema`), raises
:class:`DamagedDossier` naming it, the field at fault and its backup; nothing is overwritten.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from dossier import __version__
from dossier.core import dossier_schema, limits
from dossier.core.atomic import atomic_write, backup_path, temp_files
from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.errors import DamagedDossier, DossierError

__all__ = [
    "InterruptedSave",
    "WouldOverwriteDossier",
    "atomic_write",
    "backup_path",
    "check_export_target",
    "from_dict",
    "load",
    "load_or_new",
    "save",
    "to_dict",
]

SCHEMA = "dossier"
#: 2 adds the cover fields, the bottom line and the sections' assessments (version 1 reads as
#: a dossier without them).
SCHEMA_VERSION = 2
SUFFIX = ".dossier"


def to_dict(dossier: Dossier) -> dict[str, Any]:
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


def from_dict(data: dict[str, Any]) -> Dossier:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError("it is not a Dossier file")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise dossier_schema.SchemaError("version", "must be a whole number from 1")
    if version > SCHEMA_VERSION:
        raise ValueError(f"it was written by a newer Dossier (file format {version})")
    dossier_schema.check(data)
    sections = []
    for raw in data["sections"]:
        clips = [Clip.from_dict(c) for c in raw.get("clips", [])]
        sections.append(
            Section(str(raw["title"]), clips, raw.get("id") or Section("").id, str(raw.get("assessment") or ""))
        )
    dossier = Dossier(str(data.get("title") or "Untitled dossier"), str(data.get("author") or ""), sections)
    for name in ("organisation", "date", "marking", "bottom_line"):
        setattr(dossier, name, str(data.get(name) or ""))
    dossier.created = data.get("created") or dossier.created
    dossier.modified = data.get("modified") or dossier.modified
    return dossier


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
        info = path.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):
            raise DamagedDossier(path, "it is not a regular file", backup_shown)
        if size > limits.MAX_DOSSIER_BYTES:
            raise DamagedDossier(
                path, limits.too_long("it", size, limits.MAX_DOSSIER_BYTES, "bytes").rstrip("."), backup_shown
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DamagedDossier(path, "the file does not exist", backup_shown) from None
    except OSError as exc:
        raise DamagedDossier(path, f"it could not be read ({exc.strerror or exc})", backup_shown) from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # a byte order mark is not damage
    except UnicodeDecodeError:
        raise DamagedDossier(path, "it is not a text file", backup_shown) from None
    except RecursionError:
        raise DamagedDossier(path, "its contents are nested too deeply to be a dossier", backup_shown) from None
    except ValueError as exc:
        raise DamagedDossier(
            path, f"its contents are damaged (JSON error at line {getattr(exc, 'lineno', '?')})", backup_shown
        ) from None
    try:
        return from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else f"it is missing data ({exc.__class__.__name__}: {exc})"
        raise DamagedDossier(path, reason, backup_shown) from None


class InterruptedSave(DossierError):
    """A dossier file is missing but its backup or a temporary file of a save is there."""

    def __init__(self, path: Path, left: list[Path]):
        self.path, self.left = path, left
        newest = max(left, key=lambda p: p.stat().st_mtime if p.exists() else 0)
        super().__init__(
            f"The dossier {path} does not exist, but {newest} does: the dossier may have been moved, deleted or "
            f"lost in an interrupted save. Nothing was written. To restore it, copy {newest} to {path}; to start a "
            f"new dossier there, move {', '.join(str(p) for p in left)} away first."
        )


def load_or_new(path: Path | str, title: str | None = None) -> Dossier:
    """Open a dossier, or start a new one when the file does not exist yet. When it does not
    exist but its backup or a save's temporary file does, raise :class:`InterruptedSave`
    rather than start afresh (the next save would overwrite that backup)."""
    path = Path(path)
    if not path.exists():
        left = [p for p in (backup_path(path), *temp_files(path)) if p.exists()]
        if left:
            raise InterruptedSave(path, left)
        return Dossier(
            title or path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Untitled dossier"
        )
    return load(path)


class WouldOverwriteDossier(DossierError):
    """An export was asked to write over a dossier file."""


def looks_like_dossier(path: Path | str) -> bool:
    """Whether the file at ``path`` is a dossier (by its first bytes, whatever its name)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return text.startswith("{") and f'"schema": "{SCHEMA}"' in text


def check_export_target(out_path: Path | str, source: Path | str | None = None) -> None:
    """Refuse to export over the dossier being exported (``source``) or over any dossier file."""
    out = Path(out_path)
    same = False
    if source is not None:
        try:
            same = out.exists() and Path(source).exists() and out.samefile(source)
        except OSError:
            same = False
        same = same or Path(os.path.realpath(out)) == Path(os.path.realpath(source))
    if same or out.suffix.lower() == SUFFIX or looks_like_dossier(out):
        raise WouldOverwriteDossier(
            f"Refusing to write the export to {out}: it is a dossier file and would be lost. Choose another name."
        )
