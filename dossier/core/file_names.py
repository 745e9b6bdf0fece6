"""File names proposed for a dossier and its exports, from its title."""

from __future__ import annotations

import re

#: The title a new dossier has until the person gives it one.
UNTITLED = "Untitled dossier"
FALLBACK = "Briefing"
MAX_STEM = 80
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def is_untitled(title: str) -> bool:
    return not title.strip() or title.strip() == UNTITLED


def file_stem(title: str, fallback: str = FALLBACK) -> str:
    """A file name (without suffix) that every system accepts, from ``title``; ``fallback``
    for a dossier that has no title of its own."""
    if is_untitled(title):
        return fallback
    stem = " ".join(_NOT_IN_NAMES.sub(" ", title).split()).strip(" .")
    if len(stem) > MAX_STEM:
        stem = stem[:MAX_STEM].rsplit(" ", 1)[0].rstrip(" .") or stem[:MAX_STEM]
    return stem or fallback
