"""The benchmark's documents: a real corpus (JSONL or a folder of files), or a small generated one.

A document is a dict ``{"id", "title", "date", "body"}``. Every engine gets the same documents;
Dossier gets each as the bytes of a text file, ``title + "\\n\\n" + body``.
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "scale.jsonl.gz"
FILE_SUFFIXES = {".txt", ".md", ".text", ".markdown", ".html", ".htm"}


def load(path: Path | str) -> list[dict]:
    """Documents from a ``.jsonl``/``.jsonl.gz`` file or a folder of text files (the first line
    of a file is its title). Missing fields become empty strings."""
    return list(_read(Path(path)))


def _read(path: Path) -> Iterator[dict]:
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_SUFFIXES):
            text = file.read_text(encoding="utf-8", errors="replace")
            title, _, body = text.partition("\n")
            yield {"id": str(file.relative_to(path)), "title": title.strip(), "date": "", "body": body.strip()}
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if line.strip():
                d = json.loads(line)
                yield {
                    "id": str(d.get("id", n)),
                    "title": d.get("title") or "",
                    "date": d.get("date") or "",
                    "body": d.get("body") or "",
                }


def stream(spec: str, factor: int) -> Iterator[dict]:
    """The documents of :func:`scaled` one at a time, read from the file as they go (so that
    holding the corpus does not count in an indexer's memory). ``spec``: a path or ``generated:N``."""
    for copy in range(1, factor + 1):
        docs = _generated(int(spec.split(":", 1)[1])) if spec.startswith("generated:") else _read(Path(spec))
        for d in docs:
            yield _copy(d, copy)


class Timed:
    """Iterates over ``items`` and adds up the time spent making them (reading and decoding the
    corpus), so that a benchmark can leave it out of what it measures."""

    def __init__(self, items: Iterable):
        self._items = iter(items)
        self.seconds = 0.0

    def __iter__(self) -> Iterator:
        while True:
            started = time.perf_counter()
            try:
                item = next(self._items)
            except StopIteration:
                self.seconds += time.perf_counter() - started
                return
            self.seconds += time.perf_counter() - started
            yield item


def scaled(docs: list[dict], factor: int) -> list[dict]:
    """The corpus repeated ``factor`` times with new ids. A copy's title gets a mark (" (2)"),
    so its bytes differ (Dossier keeps identical files once) while its indexed words do not
    (one-character words are not indexed)."""
    return [_copy(d, copy) for copy in range(1, factor + 1) for d in docs]


def _copy(doc: dict, copy: int) -> dict:
    return doc if copy == 1 else {**doc, "id": f"{doc['id']}~{copy}", "title": f"{doc['title']} ({copy})"}


def as_file_bytes(doc: dict) -> bytes:
    return f"{doc['title']}\n\n{doc['body']}".encode()


def text_mb(docs: list[dict]) -> float:
    return sum(len(d["title"]) + len(d["body"]) for d in docs) / 1e6


# ---------------------------------------------------------------------- generated

_SYLLABLES = [
    "ka",
    "ri",
    "to",
    "men",
    "sa",
    "lo",
    "vin",
    "der",
    "ath",
    "ul",
    "pre",
    "con",
    "sta",
    "mo",
    "re",
    "tu",
    "pla",
    "nor",
    "gen",
    "ex",
]
_COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "they",
    "you",
    "were",
    "her",
    "she",
    "all",
    "there",
    "their",
    "one",
    "has",
    "been",
    "would",
    "will",
    "more",
]
_THEMES = [
    "reactor",
    "ceasefire",
    "harbour",
    "election",
    "grain",
    "winter",
    "convoy",
    "missile",
    "summit",
    "tariffs",
    "border",
    "energy",
    "kernel",
    "driver",
    "memory",
    "scheduler",
    "network",
    "filesystem",
    "museum",
    "river",
    "mountain",
    "orchestra",
]


@lru_cache(maxsize=2)
def _generated(count: int) -> tuple[dict, ...]:
    return tuple(generate(count))


def generate(count: int = 300, seed: int = 7) -> list[dict]:
    """``count`` documents of made-up but word-like text, the same for the same seed: a Zipf-ish
    mix of common words, theme words (which the queries find) and invented words."""
    rng = random.Random(seed)
    invented = sorted({"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)})
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(invented))))
    docs = []
    for n in range(count):
        themes = rng.sample(_THEMES, 3)
        paragraphs = []
        for _ in range(rng.randint(1, 8)):
            words = []
            for _ in range(rng.randint(20, 120)):
                roll = rng.random()
                if roll < 0.45:
                    words.append(rng.choice(_COMMON))
                elif roll < 0.55:
                    words.append(rng.choice(themes) + rng.choice(["", "", "s", "ing", "ed"]))
                else:
                    words.append(rng.choices(invented, cum_weights=cumulative)[0])
            paragraphs.append(" ".join(words).capitalize() + ".")
        title = f"{themes[0].capitalize()} and {themes[1]}: note {n}"
        date = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}" if n % 3 else ""
        docs.append({"id": f"gen-{n}", "title": title, "date": date, "body": "\n\n".join(paragraphs)})
    return docs
