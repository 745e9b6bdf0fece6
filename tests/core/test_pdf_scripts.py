"""Quotes in every script, in the PDF: each drawn character has a real glyph in the font that
draws it, the text layer holds the quotes, right-to-left quotes are set right to left, and a
character no font has stops the export, naming it and its clip."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dossier.core.dossier import Dossier, Section
from dossier.core.errors import UnprintableText
from dossier.core.export.pdf import export_pdf
from dossier.core.export.pdf_scripts import FALLBACKS
from dossier.core.integrity import clip_quote
from dossier.core.library import Library
from dossier.paths import resources_dir
from tests.core.multilingual import ARTICLES

HINDI = "युद्धविराम वार्ता\n\nदोनों पक्षों के प्रतिनिधिमंडल आज इस्तांबुल में युद्धविराम वार्ता के नए दौर के लिए मिले।"
#: (section, language, quote)
QUOTES = [
    ("Europe", "ru", "Стороны обсудили обмен пленными и гуманитарные коридоры для мирных жителей."),
    ("Europe", "uk", "Сторони обговорили обмін полоненими та гуманітарні коридори для цивільних."),
    ("Europe", "el", "Συζήτησαν την ανταλλαγή αιχμαλώτων και τους ανθρωπιστικούς διαδρόμους."),
    ("Middle East", "ar", "وناقش الطرفان تبادل الأسرى وإقامة ممرات إنسانية للمدنيين."),
    ("Middle East", "he", "הצדדים דנו בחילופי שבויים ובמסדרונות הומניטריים לאזרחים."),
    ("Asia", "zh", "中美两国外交官今天在日内瓦举行会谈，讨论乌克兰停火谈判和人道主义走廊问题。"),
    ("Asia", "ja", "トランプ大統領は記者会見で、ウクライナの停戦交渉が来週ジュネーブで再開されると述べた。"),
    ("Asia", "ko", "양측은 포로 교환과 민간인을 위한 인도적 통로를 논의했다."),
    ("Asia", "th", "ทั้งสองฝ่ายหารือเรื่องการแลกเปลี่ยนเชลยและระเบียงมนุษยธรรมสำหรับพลเรือน"),
    ("Asia", "hi", "दोनों पक्षों के प्रतिनिधिमंडल आज इस्तांबुल में युद्धविराम वार्ता के नए दौर के लिए मिले।"),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scripts")
    for language, text in {**ARTICLES, "hi": HINDI}.items():
        (folder / f"{language}.txt").write_text(text, encoding="utf-8")
    library = Library(folder / "lib.sqlite3")
    library.import_paths(sorted(folder.glob("*.txt")))
    by_language = {a.meta.language: a for a in library.articles()}
    sections = {title: Section(title) for title in dict.fromkeys(section for section, _, _ in QUOTES)}
    dossier = Dossier("Переговоры · 停火谈判 · مفاوضات", author="Desk", sections=list(sections.values()))
    for section, language, quote in QUOTES:
        sections[section].clips.append(clip_quote(by_language[language], quote, note=f"Source in {language}."))
    out = folder / "scripts.pdf"
    export_pdf(dossier, library, out)
    yield library, by_language, out
    library.close()


def fonts_used(reader: PdfReader) -> dict[str, set[str]]:
    """{font's base name without its subset prefix: the characters drawn in it}."""
    found: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if font is not None and text:
            found.setdefault(str(font["/BaseFont"]).lstrip("/").split("+")[-1], set()).update(text)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return found


def test_every_drawn_character_has_a_real_glyph_in_its_font(world):
    _, _, pdf = world
    files = {
        TTFont(path.stem, str(path)).face.name.decode("latin-1"): path
        for path in (resources_dir() / "fonts").glob("*.ttf")
    }
    used = fonts_used(PdfReader(str(pdf)))
    registered = {
        font.face.name.decode("latin-1"): font for font in (pdfmetrics.getFont(name) for name, _ in FALLBACKS)
    }
    assert {
        "NotoNaskhArabic-Regular",
        "DroidSansFallback",
        "NanumMyeongjo",
        "NotoSerifThai-Regular",
        "NotoSerifDevanagari-Regular",
    } <= set(used)
    for name, chars in used.items():
        cmap = TTFont(name, str(files[name])).face.charToGlyph
        shaped = registered.get(name)
        for drawn in chars:
            if drawn.isspace() or unicodedata.category(drawn) in ("Cc", "Cf"):
                continue
            if "\ue000" <= drawn <= "\uf8ff" and shaped is not None:  # a glyph HarfBuzz chose: never .notdef
                assert shaped.face.charToGlyph.get(ord(drawn), 0) != 0, (name, hex(ord(drawn)))
                continue
            # a shaped glyph (an Arabic joining form) stands for the letter it is a form of
            assert ord(drawn) in cmap or all(ord(ch) in cmap for ch in unicodedata.normalize("NFKC", drawn)), (
                name,
                drawn,
                hex(ord(drawn)),
            )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_text_layer_holds_every_quote(world):
    _, _, pdf = world
    layer = unicodedata.normalize(
        "NFKC", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    flat = re.sub(r"\s+", "", layer)
    for _, language, quote in QUOTES:
        if language in ("ar", "he"):  # laid out right to left: each word, in whatever order
            for word in re.findall(r"\w+", unicodedata.normalize("NFKC", quote)):
                assert word in layer or word[::-1] in layer, (language, word)
        elif language in ("th", "hi"):  # shaped: marks may be reordered, every letter is there
            letters = [ch for ch in unicodedata.normalize("NFKC", quote) if unicodedata.category(ch) == "Lo"]
            assert all(ch in layer for ch in letters), language
        else:
            assert re.sub(r"\s+", "", unicodedata.normalize("NFKC", quote)) in flat, language


def test_right_to_left_quotes_are_set_right_to_left(world):
    _, _, pdf = world
    reader = PdfReader(str(pdf))
    lefts: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for key, probe in (("ar", "ﺍ"), ("ar", "ا"), ("he", "ש"), ("ru", "С")):
            if probe in text:
                lefts.setdefault(key, tm[4])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert lefts["ar"] > lefts["ru"] + 100 and lefts["he"] > lefts["ru"] + 100  # begins at the right margin


def test_a_character_no_font_has_stops_the_export(world, tmp_path):
    library, by_language, _ = world
    article = by_language["en"]
    clip = clip_quote(article, "Delegations met in Istanbul today")
    clip.note = "As the scribes wrote: 𓀀"
    dossier = Dossier("Emoji", sections=[Section("Notes", [clip])])
    out = tmp_path / "emoji.pdf"
    with pytest.raises(UnprintableText) as caught:
        export_pdf(dossier, library, out)
    message = str(caught.value)
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in message and "Delegations met in Istanbul today" in message
    assert "“Notes”" in message and not out.exists()


def test_words_that_mix_scripts_keep_every_glyph(tmp_path):
    text = (
        "Mixed\n\nقالت الأمم المتحدة (الأمم المتحدة) إن 2025م، و«السلام» ممكن. "
        "He said (שלום). 2025年の停戦、G20峰会。 «перемирие» (युद्धविराम) (หยุดยิง).\n"
    )
    (tmp_path / "mixed.txt").write_text(text, encoding="utf-8")
    library = Library(tmp_path / "lib.sqlite3")
    library.import_paths([tmp_path / "mixed.txt"])
    article = next(library.articles())
    quotes = [
        "قالت الأمم المتحدة (الأمم المتحدة) إن 2025م، و«السلام» ممكن.",
        "He said (שלום).",
        "2025年の停戦、G20峰会。 «перемирие» (युद्धविराम) (หยุดยิง).",
    ]
    dossier = Dossier("Mixed", sections=[Section("All", [clip_quote(article, q) for q in quotes])])
    out = tmp_path / "mixed.pdf"
    export_pdf(dossier, library, out)
    files = {
        TTFont(path.stem, str(path)).face.name.decode("latin-1"): path
        for path in (resources_dir() / "fonts").glob("*.ttf")
    }
    registered = {
        font.face.name.decode("latin-1"): font for font in (pdfmetrics.getFont(name) for name, _ in FALLBACKS)
    }
    for name, chars in fonts_used(PdfReader(str(out))).items():
        cmap = TTFont(name, str(files[name])).face.charToGlyph
        for drawn in chars:
            if drawn.isspace() or unicodedata.category(drawn) in ("Cc", "Cf"):
                continue
            if "\ue000" <= drawn <= "\uf8ff" and name in registered:
                assert registered[name].face.charToGlyph.get(ord(drawn), 0) != 0, (name, hex(ord(drawn)))
            else:
                assert ord(drawn) in cmap or all(ord(c) in cmap for c in unicodedata.normalize("NFKC", drawn)), (
                    name,
                    drawn,
                )
    library.close()
