"""The benchmark's queries, picked from the corpus itself so that they find something.

The mix follows the search-speed notes (52 queries: 25 single words, 12 two-word ANDs, 7
phrases, 3 ``title:`` queries, 3 fuzzy words, 2 mixed), scaled to the number asked for. Words
are spread from common to rare (evenly on a log scale of their rank). The same corpus and
count give the same queries. Each query is written for every engine:

* ``whoosh``: what a Dossier user types (raw Whoosh parses the same text);
* ``fts5``: the same for SQLite FTS5, which has no fuzzy search: a fuzzy word becomes a prefix;
* ``grep``: one word or phrase to scan the raw text for (the floor: no index at all).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter

MIX = {"single": 25, "and": 12, "phrase": 7, "title": 3, "fuzzy": 3, "mixed": 2}
_WORD = re.compile(r"[a-z]{4,}")
_PAIR = re.compile(r"\b([a-z]{3,})\s+([a-z]{3,})\b")
_STOP = set(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the this to us we "
    "when will with yet you your "  # whoosh's stop words, then more very common ones
    "about above after again against also among another because been before being below between both "
    "could does doing down during each even every first from further have having here into itself just "
    "least made many more most much must never only other over same should since some such than that "
    "their them then there these they this those through under until upon very were what when where "
    "which while will with within without would your with from".split()
)


def kinds_for(count: int) -> list[str]:
    """How many of each kind for ``count`` queries, in the proportions of :data:`MIX`."""
    total = sum(MIX.values())
    wanted = {k: max(1, round(v * count / total)) for k, v in MIX.items()}
    while sum(wanted.values()) > count and wanted["single"] > 1:
        wanted["single"] -= 1
    wanted["single"] += max(0, count - sum(wanted.values()))
    return [k for k, n in wanted.items() for _ in range(n)]


def _spread(items: list, count: int, rng: random.Random) -> list:
    """``count`` different items (as far as there are) from a list sorted common-first, evenly
    on a log scale of the rank."""
    if not items:
        return []
    picked: list = []
    taken: set[int] = set()
    for i in range(count):
        rank = min(len(items) - 1, int(math.exp(math.log(len(items)) * (i + rng.random()) / max(count, 1)) - 1))
        while rank in taken and rank + 1 < len(items):
            rank += 1
        taken.add(rank)
        picked.append(items[rank])
    return picked


def make_queries(docs: list[dict], count: int = 52, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    sample = docs[:: max(1, len(docs) // 4000)]
    df: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    titles: Counter[str] = Counter()
    for doc in sample:
        body = doc["body"].lower()
        df.update({w for w in _WORD.findall(body) if w not in _STOP})
        pairs.update({p for p in _PAIR.findall(body) if p[0] not in _STOP and p[1] not in _STOP})
        titles.update({w for w in _WORD.findall(doc["title"].lower()) if w not in _STOP})
    # a word in at least 2 documents and at most half of them; ties in alphabetical order
    words = [w for w, n in _common_first(df) if 2 <= n <= len(sample) / 2]
    middle = words[len(words) // 50 : len(words) // 4] or words
    phrases = [p for p, n in _common_first(pairs) if n >= 2] or [(words[0], words[1])]
    title_words = [w for w, n in _common_first(titles) if n >= 2] or words

    queries: list[dict] = []
    kinds = kinds_for(count)
    singles = iter(_spread(words, kinds.count("single"), rng))
    phrase_picks = iter(_spread(phrases, kinds.count("phrase") + kinds.count("mixed"), rng))
    title_picks = iter(_spread(title_words[:200], kinds.count("title"), rng))
    for kind in kinds:
        if kind == "single":
            w = next(singles)
            queries.append(_query(kind, w, f'"{w}"', w))
        elif kind == "and":
            a, b = _pair_in_one_doc(sample, middle, rng)
            queries.append(_query(kind, f"{a} AND {b}", f'"{a}" AND "{b}"', a))
        elif kind == "phrase":
            a, b = next(phrase_picks)
            queries.append(_query(kind, f'"{a} {b}"', f'"{a} {b}"', f"{a} {b}"))
        elif kind == "title":
            w = next(title_picks)
            queries.append(_query(kind, f"title:{w}", f'title : "{w}"', w))
        elif kind == "fuzzy":
            w = rng.choice([w for w in middle if len(w) >= 6] or words)
            typo = _typo(w, set(df), rng)
            queries.append(_query(kind, f"{typo}~", f'"{typo[:4]}"*', typo))
        else:  # mixed: a phrase and a word, or either of two words
            a, b = next(phrase_picks)
            c = rng.choice(middle)
            if len([q for q in queries if q["kind"] == "mixed"]) % 2 == 0:
                queries.append(_query(kind, f'"{a} {b}" AND {c}', f'"{a} {b}" AND "{c}"', f"{a} {b}"))
            else:
                queries.append(_query(kind, f"{a} OR {c}", f'"{a}" OR "{c}"', a))
    return queries


def _common_first(counts: Counter) -> list:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _query(kind: str, whoosh: str, fts5: str, grep: str) -> dict:
    return {"kind": kind, "whoosh": whoosh, "fts5": fts5, "grep": grep}


def _pair_in_one_doc(sample: list[dict], middle: list[str], rng: random.Random) -> tuple[str, str]:
    allowed = set(middle)
    for _ in range(200):
        words = sorted({w for w in _WORD.findall(rng.choice(sample)["body"].lower()) if w in allowed})
        if len(words) >= 2:
            a, b = rng.sample(words, 2)
            return a, b
    a, b = rng.sample(middle, 2) if len(middle) >= 2 else (middle[0], middle[0])
    return a, b


def _typo(word: str, known: set[str], rng: random.Random) -> str:
    """``word`` with one letter after the second changed, so that it is not itself a word."""
    for _ in range(50):
        i = rng.randrange(2, len(word))
        typo = word[:i] + rng.choice("aeioutnrs".replace(word[i], "")) + word[i + 1 :]
        if typo not in known:
            return typo
    return word[:-1]
