"""Turning an article's bytes into text in the right encoding, and saying so when it is a guess.

In order: a byte-order mark; the charset the server declared (HTTP ``Content-Type``); for a
web page, the charset its markup declares (``<meta charset>`` or ``http-equiv``), read from
the bytes before anything is decoded, as a browser does; strict UTF-8; and only then a guess
by charset-normalizer, checked against the language each candidate reads as. A guess that is
not clearly better than the next one, or made from too few characters, still imports, but
with a warning that says which encoding was assumed, never as silent mojibake.

No Qt, no whoosh. :mod:`dossier.core.textio` calls :func:`decode_bytes`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from dossier.core.errors import UnreadableFile

#: How many bytes of a page are searched for a ``<meta>`` charset (HTML's prescan reads 1,024;
#: pages with long scripts in their head put it later).
META_SCAN_BYTES = 8192
#: Legacy encodings a guess chooses among, the most common first (ties go to the earlier one).
CANDIDATES = (
    "cp1252",
    "cp1250",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp874",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_8",
    "iso8859_9",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "cp949",
)
#: Languages that an encoding of a non-Latin script can hold (any other encoding: Latin script).
_SCRIPT_LANGUAGES = {
    "cyrillic": {"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba"},
    "greek": {"el", "grc"},
    "hebrew": {"he", "hbo", "yi"},
    "arabic": {"ar", "fa", "ur", "ps", "ug", "ku", "sdh", "arz", "ary"},
    "thai": {"th"},
    "chinese": {"zh", "yue", "wuu"},
    "japanese": {"ja"},
    "korean": {"ko"},
}
_ENCODING_SCRIPT = {
    "cp1251": "cyrillic",
    "koi8_r": "cyrillic",
    "koi8_u": "cyrillic",
    "iso8859_5": "cyrillic",
    "cp1253": "greek",
    "iso8859_7": "greek",
    "cp1255": "hebrew",
    "iso8859_8": "hebrew",
    "cp1256": "arabic",
    "cp874": "thai",
    "gb18030": "chinese",
    "big5": "chinese",
    "shift_jis": "japanese",
    "euc_jp": "japanese",
    "euc_kr": "korean",
    "cp949": "korean",
}
_NON_LATIN = set().union(*_SCRIPT_LANGUAGES.values())
#: The same names as Python's codecs spell them ("koi8-r", "iso8859-5").
_CODECS = [codecs.lookup(name).name for name in CANDIDATES]
_ENCODING_SCRIPT = {codecs.lookup(name).name: script for name, script in _ENCODING_SCRIPT.items()}
#: The letters beyond ASCII of languages written in Latin script: a decoding that gives a
#: French text "ŕ" where French has "à" is the wrong code page.
_ALPHABETS = {
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüß",
    "es": "áéíóúüñ",
    "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú",
    "nl": "éëïóöü",
    "sv": "åäöé",
    "da": "æøåé",
    "no": "æøåé",
    "fi": "äöå",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșşțţ",
    "tr": "çğıöşüâî",
    "hr": "čćđšž",
    "sl": "čšž",
    "et": "äöõüšž",
    "lv": "āčēģīķļņšūž",
    "lt": "ąčęėįšųūž",
    "ca": "àçèéíïòóúü",
    "is": "áðéíóúýþæö",
    "ga": "áéíóú",
    "cy": "âêîôûŵŷ",
}
#: Fewer non-ASCII characters than this make any guess a weak one.
MIN_EVIDENCE = 12
#: A guess is sure when its score (coherence + language probability, up to 2) reaches this
#: and beats the next candidate that reads differently by at least MARGIN.
SURE_SCORE, MARGIN = 1.3, 0.15

_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """An article's text, the encoding it was read with, and a warning if that was a guess."""

    text: str
    encoding: str
    warning: str | None = None


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset a web page declares in a ``<meta>`` tag near its start, or None."""
    found = _META.search(data[:META_SCAN_BYTES])
    return found.group(1).decode("ascii", "replace") if found else None


def codec_name(label: str | None) -> str | None:
    """Python's codec for a charset label as web pages write it, or None for an unknown one.
    As browsers do, ISO-8859-1 and ASCII are read as Windows-1252 (a superset)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name == "utf-16-le" or name == "utf-16-be":
        return "utf-16"
    return name


def decode_bytes(data: bytes, name: str, *, declared: str | None = None, html: bool = False) -> Decoded:
    """Decode an article's bytes (see the module's docstring). ``declared`` is the charset the
    server sent; ``html`` looks for the page's own declaration too. Raises :class:`UnreadableFile`
    when no encoding reads the bytes."""
    bom = bom_encoding(data)
    if bom is not None:
        try:
            return Decoded(data.decode(bom), bom.replace("-sig", ""))
        except UnicodeDecodeError:
            pass
    mislabelled: list[str] = []
    for label in (declared, meta_charset(data) if html else None):
        encoding = codec_name(label)
        if encoding is None:
            continue
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            mislabelled.append(label or encoding)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(text, "utf-8", _mislabelled(mislabelled, "utf-8"))
    guess = _guess(data)
    if guess is None:
        raise UnreadableFile(name, "its characters could not be decoded in any known encoding")
    text, encoding, sure = guess
    warning = _mislabelled(mislabelled, encoding)
    if warning is None and not sure:
        warning = f"its encoding is not declared and was guessed as {_label(encoding)}; check that its text reads right"
    return Decoded(text, encoding, warning)


def _mislabelled(labels: list[str], used: str) -> str | None:
    if not labels:
        return None
    return f"it declares the encoding {labels[0]} but is not written in it; it was read as {_label(used)}"


def _label(encoding: str) -> str:
    names = {
        "cp1252": "Windows-1252",
        "cp1250": "Windows-1250",
        "cp1251": "Windows-1251",
        "cp1253": "Windows-1253",
        "cp1254": "Windows-1254",
        "cp1255": "Windows-1255",
        "cp1256": "Windows-1256",
        "cp1257": "Windows-1257",
        "cp874": "Windows-874",
        "koi8-r": "KOI8-R",
        "koi8-u": "KOI8-U",
        "gb18030": "GB18030",
        "big5": "Big5",
        "shift_jis": "Shift JIS",
        "euc_jp": "EUC-JP",
        "euc_kr": "EUC-KR",
        "cp949": "EUC-KR (CP949)",
    }
    return names.get(encoding, encoding.upper().replace("_", "-"))


def _guess(data: bytes) -> tuple[str, str, bool] | None:
    """``(text, encoding, sure)`` for bytes in an undeclared legacy encoding, or None."""
    import charset_normalizer  # imported here: only undeclared legacy text needs it

    from dossier.core.language import classify

    matches = [m for m in charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)) if m.chaos <= 0.2]
    if not matches:
        return _fallback(data)
    least = min(m.chaos for m in matches)
    western = _decodes(data, "cp1252")
    scored = []
    for match in matches:
        if match.chaos > least + 0.05:
            continue
        text = str(match)
        encoding = "cp1252" if text == western else codec_name(match.encoding) or match.encoding
        language, probability = classify(text[:2000])
        script = _ENCODING_SCRIPT.get(encoding)
        fits = language in _SCRIPT_LANGUAGES[script] if script else language not in _NON_LATIN
        if fits:
            if script is None:
                probability *= _alphabet_fit(text, language)
            elif script == "thai":
                probability *= _thai_fit(text)
        rank = _CODECS.index(encoding) if encoding in _CODECS else len(_CODECS)
        scored.append((match.coherence + (probability if fits else 0.0), -rank, text, encoding))
    scored = [item for item in scored if item[0] >= 0.5]  # neither coherent nor a language: not text
    if not scored:
        return _fallback(data)
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    score, _, text, encoding = scored[0]
    rival = next((s for s, _, t, _ in scored[1:] if t != text), None)
    evidence = sum(1 for ch in text if ord(ch) > 127)
    sure = score >= SURE_SCORE and (rival is None or rival <= score - MARGIN) and evidence >= MIN_EVIDENCE
    return text, encoding, sure


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _alphabet_fit(text: str, language: str) -> float:
    """The share of a Latin-script text's non-ASCII letters that its language's alphabet has."""
    alphabet = _ALPHABETS.get(language)
    extra = [ch for ch in text.lower() if ord(ch) > 127 and ch.isalpha()]
    if alphabet is None or not extra:
        return 1.0
    return sum(1 for ch in extra if ch in alphabet) / len(extra)


def _thai_fit(text: str) -> float:
    """The share of Thai vowel and tone marks that stand where Thai writes them: after a
    consonant or another mark (Windows-874 turns other bytes into marks at random)."""
    marks = placed = 0
    previous = ""
    for ch in text:
        if _is_thai_mark(ch):
            marks += 1
            placed += "\u0e01" <= previous <= "\u0e2e" or _is_thai_mark(previous)
        previous = ch
    return placed / marks if marks else 1.0


def _is_thai_mark(ch: str) -> bool:
    return ch == "\u0e31" or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"


def _fallback(data: bytes) -> tuple[str, str, bool] | None:
    for encoding in ("cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding, False
        except UnicodeDecodeError:
            continue
    return None
