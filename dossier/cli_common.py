"""What the headless subcommands share in what they say."""

from __future__ import annotations

from pathlib import Path


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def missing_folder(path: Path) -> str | None:
    """What to say when the folder ``path`` would be written in does not exist (it is never made)."""
    folder = path.parent
    if folder.is_dir():
        return None
    what = "is not a folder" if folder.exists() else "does not exist"
    return f"the folder {folder} {what}: create it first, or choose another place for {path.name}"
