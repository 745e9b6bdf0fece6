"""What a ``.dossier`` file must hold, checked before anything of it is used.

A file is read as data from anywhere (a colleague, a download), so every field the app uses
is checked for its type, its length and, for ids, its form; the first field at fault is named
in the error (``sections[1].clips[4].article_id``). Fields this version does not know are left
alone, for the versions that wrote them.
"""

from __future__ import annotations

import re
from typing import Any

from dossier.core import limits

#: Section, clip and article ids: letters, digits and a few marks (they become PDF link names).
ID_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


class SchemaError(ValueError):
    """A field of a dossier file is missing or wrong; the message names it."""

    def __init__(self, where: str, problem: str):
        self.where = where
        super().__init__(f"the field {where} {problem}")


def _text(data: dict[str, Any], key: str, where: str, limit: int, *, required: bool = False) -> None:
    if key not in data or data[key] is None:
        if required:
            raise SchemaError(f"{where}{key}", "is missing")
        return
    value = data[key]
    if not isinstance(value, str):
        raise SchemaError(f"{where}{key}", f"must be text, not {_kind(value)}")
    if len(value) > limit:
        raise SchemaError(f"{where}{key}", f"is too long ({len(value):,} characters; the limit is {limit:,})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SchemaError(f"{where}{key}", "holds a character that is not valid Unicode (a lone surrogate)") from None


def _identifier(data: dict[str, Any], key: str, where: str, *, required: bool = True) -> None:
    _text(data, key, where, 128, required=required)
    value = data.get(key)
    if value is not None and not ID_PATTERN.fullmatch(value):
        raise SchemaError(f"{where}{key}", "must be an id of letters, digits, '.', ':', '_' or '-'")


def _integer(data: dict[str, Any], key: str, where: str, *, required: bool = True, optional_null: bool = False) -> None:
    if key not in data or (optional_null and data[key] is None):
        if required and key not in data:
            raise SchemaError(f"{where}{key}", "is missing")
        return
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemaError(f"{where}{key}", f"must be a whole number, not {_kind(value)}")
    if not 0 <= value <= 2**53:
        raise SchemaError(f"{where}{key}", "is out of range")


def _list(data: dict[str, Any], key: str, where: str, limit: int) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise SchemaError(f"{where}{key}", f"must be a list, not {_kind(value)}")
    if len(value) > limit:
        raise SchemaError(f"{where}{key}", f"has too many entries ({len(value):,}; the limit is {limit:,})")
    return value


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def check_clip(clip: Any, where: str) -> None:
    if not isinstance(clip, dict):
        raise SchemaError(where.rstrip("."), f"must be an object, not {_kind(clip)}")
    _identifier(clip, "id", where, required=False)
    _identifier(clip, "article_id", where)
    _integer(clip, "article_version", where, required=False)
    _text(clip, "quote", where, limits.MAX_QUOTE_CHARS, required=True)
    _integer(clip, "start", where)
    _integer(clip, "end", where)
    if clip["start"] > clip["end"]:
        raise SchemaError(f"{where}end", "comes before its start")
    for key in ("context_before", "context_after", "created"):
        _text(clip, key, where, limits.MAX_SHORT_CHARS)
    _text(clip, "note", where, limits.MAX_NOTE_CHARS)
    _integer(clip, "paragraph", where, required=False, optional_null=True)


def check(data: Any) -> None:
    """Raise :class:`SchemaError` (a ``ValueError``) naming the first field of ``data`` that a
    dossier cannot hold; the schema name and version are checked by the caller."""
    if not isinstance(data, dict):
        raise SchemaError("(the whole file)", "must be an object")
    _text(data, "title", "", limits.MAX_TITLE_CHARS)
    for key in ("author", "created", "modified", "app_version", "organisation", "date", "marking"):
        _text(data, key, "", limits.MAX_SHORT_CHARS)
    _text(data, "bottom_line", "", limits.MAX_NOTE_CHARS)
    if "sections" not in data:
        raise SchemaError("sections", "is missing")
    total = 0
    seen: set[str] = set()
    for s, section in enumerate(_list(data, "sections", "", limits.MAX_SECTIONS)):
        where = f"sections[{s}]."
        if not isinstance(section, dict):
            raise SchemaError(f"sections[{s}]", f"must be an object, not {_kind(section)}")
        _identifier(section, "id", where, required=False)
        _unique(section, where, seen)
        _text(section, "title", where, limits.MAX_TITLE_CHARS, required=True)
        _text(section, "assessment", where, limits.MAX_NOTE_CHARS)
        clips = _list(section, "clips", where, limits.MAX_CLIPS)
        total += len(clips)
        if total > limits.MAX_CLIPS:
            raise SchemaError(f"{where}clips", f"bring the dossier over {limits.MAX_CLIPS:,} clips")
        for c, clip in enumerate(clips):
            check_clip(clip, f"{where}clips[{c}].")
            _unique(clip, f"{where}clips[{c}].", seen)


def _unique(item: dict[str, Any], where: str, seen: set[str]) -> None:
    """Ids name one section or clip each (they are link targets in a briefing)."""
    value = item.get("id")
    if value is None:
        return
    if value in seen:
        raise SchemaError(f"{where}id", f"repeats the id {value!r} of another section or clip")
    seen.add(value)
