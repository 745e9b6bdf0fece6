"""Decoding an article's bytes: byte-order marks, the charset a server or the page declares,
and a guess that says it is one; and the language detected at import."""

from __future__ import annotations

import codecs

import pytest

from dossier.core.decoding import codec_name, decode_bytes, meta_charset
from dossier.core.language import detect_language, is_right_to_left, language_name
from dossier.core.library import Library
from dossier.core.textio import parse
from tests.core.multilingual import ARTICLES

RUSSIAN = ARTICLES["ru"]
CP1251_PAGE = (
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    "<title>Переговоры о перемирии</title></head><body><article><h1>Переговоры о перемирии</h1>"
    + "".join(f"<p>{para}</p>" for para in RUSSIAN.split("\n\n")[1:])
    + "</article></body></html>"
).encode("cp1251")


def test_a_cp1251_page_with_a_meta_charset_is_decoded_right():
    parsed = parse(CP1251_PAGE, "page.html", ".html")
    assert parsed.encoding == "cp1251" and parsed.warning is None
    assert "Делегации России и Украины" in parsed.text
    assert "Ïåðåãîâîðû" not in parsed.text


def test_the_charset_a_server_declares_wins_over_a_guess():
    data = RUSSIAN.encode("koi8-r")
    assert decode_bytes(data, "a.txt", declared="KOI8-R").text == RUSSIAN
    assert parse(data, "a.txt", ".txt", charset="koi8-r").text.startswith("Переговоры")


def test_meta_charset_is_read_from_the_bytes():
    assert meta_charset(b'<html><head><meta charset="utf-8">') == "utf-8"
    assert meta_charset(b"<meta http-equiv='content-type' content='text/html;charset=Shift_JIS'>") == "Shift_JIS"
    assert meta_charset(b"<html><body>no declaration</body></html>") is None
    assert codec_name("ISO-8859-1") == "cp1252" and codec_name("x-nonsense") is None


@pytest.mark.parametrize(
    "bom,encoding",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_a_byte_order_mark_is_honoured(bom, encoding):
    data = bom + ARTICLES["el"].encode(encoding)
    decoded = decode_bytes(data, "a.txt")
    assert decoded.text == ARTICLES["el"] and decoded.warning is None


@pytest.mark.parametrize(
    "language,encoding", [("ru", "cp1251"), ("uk", "cp1251"), ("ru", "koi8-r"), ("el", "iso-8859-7"), ("th", "cp874")]
)
def test_undeclared_legacy_text_is_guessed_right(language, encoding):
    decoded = decode_bytes(ARTICLES[language].encode(encoding), "a.txt")
    assert decoded.text == ARTICLES[language]


@pytest.mark.parametrize(
    "language,encoding", [("zh", "gb18030"), ("ja", "shift_jis"), ("ko", "euc-kr"), ("ar", "cp1256")]
)
def test_undeclared_east_asian_and_arabic_text_is_read(language, encoding):
    decoded = decode_bytes(ARTICLES[language].encode(encoding), "a.txt")
    assert decoded.text == ARTICLES[language]


def test_a_weak_guess_imports_with_a_warning_the_user_sees(tmp_path):
    library = Library(tmp_path / "lib.sqlite3")
    path = tmp_path / "short.txt"
    path.write_bytes("Привет\n\nМир и мир.".encode("cp1251"))
    result = library.import_file(path)
    assert result.ok and "guessed as" in result.warning and "check that its text reads right" in result.warning
    assert "warning:" in result.line()
    assert library.get(result.article_id).meta.encoding_warning == result.warning
    library.close()


def test_a_page_that_declares_the_wrong_charset_says_so():
    data = RUSSIAN.replace("\n\n", "</p><p>").encode("cp1251")
    page = b'<html><head><meta charset="utf-8"><title>T</title></head><body><p>' + data + b"</p></body></html>"
    decoded = decode_bytes(page, "p.html", html=True)
    assert "Делегации" in decoded.text
    assert decoded.warning is not None and "declares the encoding utf-8" in decoded.warning


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_the_language_of_each_article_is_detected(language):
    assert detect_language(ARTICLES[language]) == language


def test_too_little_text_has_no_language():
    assert detect_language("Да.") is None


def test_language_names_and_direction():
    assert language_name("uk") == "Ukrainian" and language_name(None) == ""
    assert is_right_to_left("ar") and is_right_to_left("he") and not is_right_to_left("ru")


def test_the_library_stores_each_article_language(tmp_path):
    library = Library(tmp_path / "lib.sqlite3")
    for language, text in ARTICLES.items():
        (tmp_path / f"{language}.txt").write_text(text, encoding="utf-8")
    results = library.import_paths(sorted(tmp_path.glob("*.txt")))
    assert all(r.status == "added" and not r.warning for r in results)
    stored = {a.meta.source_file.rsplit("/", 1)[-1][:-4]: a.meta.language for a in library.articles()}
    assert stored == {language: language for language in ARTICLES}
    library.close()


def test_a_page_fetched_with_an_http_charset_is_decoded_by_it(capsys):
    from dossier.cli import main
    from dossier.core.workspace import Workspace
    from tests.core.web_server import serve

    body = (
        "<html><head><title>Переговоры</title></head><body><article><h1>Переговоры о перемирии</h1>"
        + "".join(f"<p>{para}</p>" for para in RUSSIAN.split("\n\n")[1:])
        + "</article></body></html>"
    )
    with serve() as site:
        url = site.page("/ru.html", body.encode("koi8-r"), content_type="text/html; charset=KOI8-R")
        assert main(["import", url]) == 0
    capsys.readouterr()
    with Workspace() as workspace:
        article = next(a for a in workspace.library.articles() if a.meta.url)
        assert "Делегации России и Украины" in article.text and article.meta.encoding == "koi8-r"
        assert article.meta.language == "ru" and not article.meta.encoding_warning
        assert workspace.index.search("перемирие").total == 1
