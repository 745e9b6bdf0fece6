"""A library and a dossier for the export tests: the seeds, one article by Ilse Vandermeer, a doctored clip."""

from __future__ import annotations

import re
from pathlib import Path

from dossier.core.dossier import Clip, Dossier
from dossier.core.library import Library
from dossier.core.quoting import clip_quoted
from tests.core.test_pdf import EXTRA, EXTRA_URL, MARKUP_QUOTE, SCRIPTS_QUOTE, SEEDS, TITLE, make_dossier

__all__ = ["EXTRA_URL", "MARKUP_QUOTE", "SCRIPTS_QUOTE", "TITLE", "doctored", "make_dossier", "make_library", "printed"]


def make_library(folder: Path) -> Library:
    library = Library(folder / "lib.sqlite3")
    library.import_paths([SEEDS])
    library.add_bytes(
        EXTRA.encode(),
        name="/data/markets.txt",
        meta={
            "title": "Markets & Talks",
            "publisher": "The Daily Wire",
            "author": "Ilse Vandermeer",
            "published": "2025-03-17",
            "url": EXTRA_URL,
        },
    )
    return library


def doctored(library: Library) -> tuple[Dossier, Clip]:
    dossier = make_dossier(library)
    clip = dossier.sections[1].clips[0]
    clip.quote = "Words that no source ever said about the war."
    return dossier, clip


def printed(clip: Clip) -> list[str]:
    """A clip's paragraphs as every format prints them: the stored words in quotation marks (those inside
    as single ones), cuts shown."""
    quoted = clip_quoted(clip)
    parts = re.split(r"\n[ \t]*\n\s*", quoted.body)
    parts[0] = quoted.lead + parts[0]
    parts[-1] += quoted.tail
    return parts
