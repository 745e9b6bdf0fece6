"""How much Dossier takes in one piece, so that no input can make it run for hours or fill memory.

Each limit is far above what real work needs; what goes beyond one is refused with a sentence
that names the limit, never cut silently.
"""

from __future__ import annotations

#: Longest search query, in characters (Whoosh's query reading is quadratic in the length).
MAX_QUERY_CHARS = 2_000
#: Longest dossier or section title, in characters.
MAX_TITLE_CHARS = 1_000
#: Longest author name, date stamp or other short field of a dossier, in characters.
MAX_SHORT_CHARS = 1_000
#: Longest note on a clip, in characters.
MAX_NOTE_CHARS = 200_000
#: Longest quote (a whole article at most), in characters.
MAX_QUOTE_CHARS = 10 * 1024 * 1024
#: Largest ``.dossier`` file read, in bytes.
MAX_DOSSIER_BYTES = 256 * 1024 * 1024
#: Most sections in a dossier, and clips in a section.
MAX_SECTIONS = 10_000
MAX_CLIPS = 100_000
#: Most elements (opening tags) in an HTML page: a long news page has a few thousand. Text
#: extraction grows faster than linearly with them (20,000 inline elements in one paragraph
#: take seconds), so this is also what bounds the time one page can take.
MAX_HTML_TAGS = 20_000
#: Largest ``catalog.json`` read, in bytes.
MAX_CATALOG_BYTES = 16 * 1024 * 1024


def too_long(what: str, length: int, limit: int, unit: str = "characters") -> str:
    """The sentence that refuses something over a limit."""
    return f"{what} is too long ({length:,} {unit}; the limit is {limit:,})."
