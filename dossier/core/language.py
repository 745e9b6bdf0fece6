"""The language an article is written in, detected offline, and what follows from it.

:func:`detect_language` gives an ISO 639-1 code (``"ru"``, ``"uk"``, ``"zh"`` …) or None when
the text is too short to tell. Plain English, most of any library, is recognised by its
commonest words without loading the model; anything else goes to py3langid (a naive Bayes
model of byte n-grams over 97 languages, loaded once, on first use). No Qt, no whoosh.
"""

from __future__ import annotations

import re
import threading
from typing import Any

#: Characters of an article looked at (its start: title and first paragraphs), to tell plain
#: English, and to ask the model.
ENGLISH_SAMPLE_CHARS = 400
SAMPLE_CHARS = 400
#: Fewer letters than this: no language is claimed.
MIN_LETTERS = 20
#: Below this probability the model's answer is not taken.
MIN_PROBABILITY = 0.5

NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "be": "Belarusian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ms": "Malay",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "yi": "Yiddish",
    "zh": "Chinese",
}
#: Languages whose words the index stems, each in fields of its own (``title_ru``, ``body_ru``);
#: an article in any other language but English goes to the ``xx`` fields (words normalised,
#: unspaced scripts in bigrams, nothing stemmed). English, and an article whose language is not
#: known, keep the ``title`` and ``body`` fields.
STEMMED = (
    "ar",
    "cs",
    "da",
    "de",
    "el",
    "es",
    "fi",
    "fr",
    "hi",
    "hu",
    "it",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sv",
    "tr",
    "uk",
)
OTHER = "xx"
ANALYSIS_GROUPS = (*STEMMED, OTHER)

#: Languages written right to left.
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "ug", "sd", "dv", "ku", "arz", "ary", "hbo"})

_ENGLISH = frozenset("the and of to in is that for on with as was by it are be at from has have said".split())
_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_lock = threading.Lock()
_identifier: Any = None


def detect_language(text: str) -> str | None:
    """The language of an article's text as an ISO 639-1 code, or None if it cannot be told."""
    if _plain_english(text[:ENGLISH_SAMPLE_CHARS]):
        return "en"
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    language, probability = classify(sample)
    return language if probability >= MIN_PROBABILITY else None


def _plain_english(sample: str) -> bool:
    """Whether the sample is English by its commonest words (about a fifth of English text),
    written in ASCII almost throughout. Cheap: most of a library is this."""
    words = sample.lower().split()
    if len(words) < 15 or (not sample.isascii() and len(_NON_ASCII.findall(sample)) > 0.03 * len(sample)):
        return False
    return sum(map(_ENGLISH.__contains__, words)) >= 0.12 * len(words)


def classify(text: str) -> tuple[str, float]:
    """py3langid's language and its probability (0-1) for a text."""
    identifier = _model()
    language, probability = identifier.classify(text)
    return str(language), float(probability)


def _model() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier  # numpy and a 4.5 MB model: only when needed

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _identifier


def language_name(code: str | None) -> str:
    """``"Russian"`` for ``"ru"``; the code itself for a language without a name here; "" for None."""
    if not code:
        return ""
    return NAMES.get(code, code)


def analysis_group(code: str | None) -> str | None:
    """The group of index fields an article in this language goes to (see :data:`STEMMED`);
    None for English or an unknown language."""
    if code is None or code == "en":
        return None
    return code if code in STEMMED else OTHER


def is_right_to_left(code: str | None) -> bool:
    return code in RIGHT_TO_LEFT
