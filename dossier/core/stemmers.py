"""Stemmers that neither whoosh nor Snowball has: Ukrainian, and a light Arabic one.

**Ukrainian** follows the shape of Snowball's Russian stemmer: endings are removed only from
RV, the part of the word after its first vowel; a reflexive ending (-ся, -сь) goes first, then
the longest inflectional ending (of a noun, an adjective or participle, or a verb), then a
final -и/-і, the derivational -ість/-ост in R2, a soft sign, and a doubled consonant. The apostrophe
(перемир'я, also written with ’ or ʼ) is dropped first, so every spelling meets. Measured on
inflected forms against Snowball's Russian on the same words (see ``tests/core/test_stemmers.py``).

**Arabic** is the "light10" stemmer of Larkey, Ballesteros and Connell (2007), on text already
normalised (no diacritics or tatweel, one alif, ه for ة, ي for ى): it strips و and the
definite article with its prepositions from the front, and the commonest suffixes from the
back, keeping at least two letters. Roots are not sought: light stemming finds more in news.
"""

from __future__ import annotations

from functools import lru_cache

_UK_VOWELS = frozenset("аеєиіїоуюя")
_UK_APOSTROPHES = str.maketrans("", "", "'’ʼ`")

_UK_REFLEXIVE = ("ся", "сь")
_UK_ENDINGS = tuple(
    sorted(
        {
            # nouns
            "а",
            "я",
            "и",
            "і",
            "ї",
            "у",
            "ю",
            "о",
            "е",
            "є",
            "ою",
            "ею",
            "єю",
            "ом",
            "ем",
            "єм",
            "ам",
            "ям",
            "ами",
            "ями",
            "ах",
            "ях",
            "ів",
            "їв",
            "ей",
            "ові",
            "еві",
            "єві",
            "ії",
            "ія",
            "ію",
            "ією",
            # adjectives and participles
            "ий",
            "ій",
            "ого",
            "ього",
            "ому",
            "ьому",
            "ої",
            "ьої",
            "ім",
            "им",
            "их",
            "іх",
            "ими",
            "іми",
            "ую",
            "юю",
            "ая",
            "яя",
            "еє",
            "єє",
            "іше",
            "ший",
            "ша",
            "ше",
            "ші",
            "шого",
            "шої",
            "шому",
            # verbs
            "ати",
            "яти",
            "ити",
            "іти",
            "еш",
            "єш",
            "иш",
            "їш",
            "ить",
            "іть",
            "їть",
            "емо",
            "ємо",
            "имо",
            "імо",
            "ете",
            "єте",
            "ите",
            "іте",
            "уть",
            "ють",
            "ать",
            "ять",
            "ав",
            "ала",
            "ало",
            "али",
            "ив",
            "ила",
            "ило",
            "или",
            "ла",
            "ло",
            "ли",
            "учи",
            "ючи",
            "ачи",
            "ячи",
            "вши",
            "ши",
            "му",
            "меш",
            "ме",
            "мемо",
            "мете",
            "муть",
            "имуть",
            "атиме",
            "тиме",
            "тимуть",
            "иму",
            "имеш",
            "име",
            "имемо",
            "ймо",
            "йте",
            "мо",
            "те",
            "вати",
            "вав",
            "вала",
            "вало",
            "вали",
        },
        key=len,
        reverse=True,
    )
)
_UK_DERIVATIONAL = ("ість", "ост")


def _rv(word: str, vowels: frozenset[str]) -> int:
    """Where RV starts: after the first vowel (the word's length if it has none)."""
    for n, ch in enumerate(word):
        if ch in vowels:
            return n + 1
    return len(word)


def _r2(word: str, vowels: frozenset[str]) -> int:
    """Snowball's R2: the region after the second vowel-consonant pair."""
    start = 0
    for _ in range(2):
        n = start
        while n < len(word) and word[n] not in vowels:
            n += 1
        while n < len(word) and word[n] in vowels:
            n += 1
        start = n + 1
    return min(start, len(word))


@lru_cache(maxsize=100_000)
def ukrainian_stem(word: str) -> str:
    """The stem of a lower-case Ukrainian word (other words come back as they are)."""
    word = word.translate(_UK_APOSTROPHES).replace("ґ", "г")
    rv = _rv(word, _UK_VOWELS)
    if rv >= len(word):
        return word
    for ending in _UK_REFLEXIVE:
        if word.endswith(ending) and len(word) - len(ending) >= rv:
            word = word[: -len(ending)]
            break
    for ending in _UK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= max(rv, 2):
            word = word[: -len(ending)]
            break
    if word.endswith(("и", "і")) and len(word) - 1 >= rv:
        word = word[:-1]
    r2 = _r2(word, _UK_VOWELS)
    for ending in _UK_DERIVATIONAL:
        if word.endswith(ending) and len(word) - len(ending) >= r2:
            word = word[: -len(ending)]
            break
    if word.endswith("ь") and len(word) - 1 >= rv:
        word = word[:-1]
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in _UK_VOWELS:  # зустріччю, знанням
        word = word[:-1]
    return word


_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


@lru_cache(maxsize=100_000)
def arabic_light_stem(word: str) -> str:
    """Light10 on a normalised Arabic word (other words come back as they are)."""
    if len(word) >= 4 and word.startswith("و"):
        word = word[1:]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if len(word) - len(suffix) >= 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word
