"""Finding and reading the files an import is given, so that no file stops the others.

Folders are walked without trusting them: a named pipe, a socket or a device is skipped with a
line (reading a pipe would wait forever), a symbolic link that leads round in a loop or back into
a folder already read is skipped with a line, a folder that cannot be read is reported, and a
file name that is not valid UTF-8 is shown (and stored) with ``\\x`` escapes. A file is checked
by its size before it is read, and never read past the article limit (a 2 GB file costs
nothing). ``catalog.json`` is checked before its metadata is used; a bad one is reported and
ignored.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.core import limits
from dossier.core.errors import UnreadableFile, os_reason
from dossier.core.textio import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES

CATALOG_NAME = "catalog.json"
#: Fields a catalog may set: text each, but tags, a list of text.
CATALOG_FIELDS = ("title", "publisher", "author", "published", "url", "tags", "reliability", "language", "source_file")

_KINDS = {stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a device", stat.S_ISBLK: "a device"}


@dataclass
class Problem:
    """A path an import could not take, and why (``status`` "failed" or "skipped")."""

    path: str
    status: str
    message: str


def shown(path: Path | str) -> str:
    """A path as text that can be printed and stored: bytes of its name that are not UTF-8
    become ``\\xNN`` escapes (Python keeps them as lone surrogates, which nothing can encode)."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is, in words (None for those two)."""
    return next((name for test, name in _KINDS.items() if test(mode)), None if stat.S_ISREG(mode) else "not a file")


def find_articles(items: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The article files of ``items`` (files, and folders walked), and the problems met."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in items:
        try:
            info = os.stat(path)
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError)
            problems.append(Problem(shown(path), "failed", "no such file or folder" if missing else os_reason(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            found: list[Path] = []
            _walk(path, found, problems, {(info.st_dev, info.st_ino)})
            if not found:
                problems.append(
                    Problem(shown(path), "skipped", "no .txt, .md, .html, .pdf or .docx files in this folder")
                )
            files.extend(sorted(found))
        elif stat.S_ISREG(info.st_mode):
            files.append(path)
        else:
            problems.append(Problem(shown(path), "skipped", f"it is {_kind(info.st_mode)}, not a file"))
    return files, problems


def _walk(folder: Path, found: list[Path], problems: list[Problem], seen: set[tuple[int, int]]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(shown(folder), "failed", f"the folder could not be read ({os_reason(exc)})"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            info = entry.stat()  # follows a symbolic link
        except OSError as exc:
            if entry.is_symlink() or path.suffix.lower() in ARTICLE_SUFFIXES:
                problems.append(Problem(shown(path), "skipped", os_reason(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen:
                problems.append(Problem(shown(path), "skipped", "a link back into a folder already read"))
                continue
            _walk(path, found, problems, seen | {key})
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            if stat.S_ISREG(info.st_mode):
                found.append(path)
            else:
                problems.append(Problem(shown(path), "skipped", f"it is {_kind(info.st_mode)}, not a file"))


def too_large(size: int, limit: int = MAX_ARTICLE_BYTES) -> str:
    return f"the file is too large to be an article ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"


def read_article(path: Path, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of an article file, checked by size before they are read and never read past
    ``limit``. Raises :class:`UnreadableFile` (with the reason) for anything else."""
    name = shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UnreadableFile(name, f"could not be read ({os_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(name, f"it is {_kind(info.st_mode)}, not a file")
        if info.st_size > limit:
            raise UnreadableFile(name, too_large(info.st_size, limit))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(name, f"could not be read ({os_reason(exc)})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew since it was measured
        raise UnreadableFile(name, too_large(len(data), limit))
    return data


def check_catalog(folder: Path) -> tuple[dict[str, dict[str, Any]], Problem | None]:
    """The metadata ``folder/catalog.json`` gives its files, and what is wrong with it if it
    cannot be used (then no metadata at all is taken from it)."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}, None
    try:
        raw = read_article(path, limits.MAX_CATALOG_BYTES)
        data = json.loads(raw.decode("utf-8-sig"))
    except UnreadableFile as exc:
        return {}, Problem(shown(path), "skipped", f"not used: {exc.reason}")
    except RecursionError:
        return {}, Problem(shown(path), "skipped", "not used: it is nested too deeply")
    except ValueError as exc:  # bad UTF-8 or bad JSON
        return {}, Problem(shown(path), "skipped", f"not used: it is not valid JSON ({str(exc)[:80]})")
    try:
        return _catalog_entries(data), None
    except ValueError as exc:
        return {}, Problem(shown(path), "skipped", f"not used: {exc}")


def _catalog_entries(data: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("articles", {}), dict):
        raise ValueError('it must be an object with an "articles" object in it')
    entries: dict[str, dict[str, Any]] = {}
    for name, entry in data.get("articles", {}).items():
        if not isinstance(entry, dict):
            raise ValueError(f"the entry of {name[:80]!r} must be an object")
        clean: dict[str, Any] = {}
        for key, value in entry.items():
            if key not in CATALOG_FIELDS or value is None:
                continue
            if key == "tags":
                if not isinstance(value, list) or not all(isinstance(t, str) and len(t) <= 200 for t in value):
                    raise ValueError(f"the tags of {name[:80]!r} must be a list of short texts")
            elif not isinstance(value, str) or len(value) > limits.MAX_SHORT_CHARS:
                raise ValueError(
                    f"the field {key} of {name[:80]!r} must be a text of at most {limits.MAX_SHORT_CHARS:,} characters"
                )
            clean[key] = value
        entries[name] = clean
    return entries
