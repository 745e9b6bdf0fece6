"""Clips in scripts with and without spaces between words: whole words where there are
spaces, exactly the characters selected where there are none."""

from __future__ import annotations

import pytest

from dossier.core.integrity import snap_to_words


def snapped(text: str, selected: str, *, offset: int = 0) -> str:
    start = text.index(selected, offset)
    s, e = snap_to_words(text, start, start + len(selected))
    return text[s:e]


@pytest.mark.parametrize(
    "text,selected,clip",
    [
        ("中美两国外交官今天在日内瓦举行会谈", "两国外交", "两国外交"),
        ("トランプ大統領は記者会見で述べた", "大統領", "大統領"),
        ("양측 대표단은 오늘 이스탄불에서", "대표", "대표"),
        ("การเจรจาหยุดยิงดำเนินต่อไป", "หยุดยิง", "หยุดยิง"),
    ],
)
def test_unspaced_scripts_keep_exactly_the_selection(text, selected, clip):
    assert snapped(text, selected) == clip


@pytest.mark.parametrize(
    "text,selected,clip",
    [
        ("Делегации обсудили обмен пленными", "суди", "обсудили"),
        ("Переговори про перемир'я тривали", "мир", "перемир'я"),
        ("Οι αντιπροσωπείες συναντήθηκαν σήμερα", "ντιπροσω", "αντιπροσωπείες"),
        ("وناقش الطرفان تبادل الأسرى", "طرف", "الطرفان"),
        ("talks on a ceasefire resumed", "easefi", "ceasefire"),
    ],
)
def test_spaced_scripts_snap_to_whole_words(text, selected, clip):
    assert snapped(text, selected) == clip


def test_a_thai_character_keeps_its_marks():
    text = "หยุดยิง"
    start = text.index("ยิ")  # a consonant and its vowel mark
    s, e = snap_to_words(text, start + 1, start + 2)  # only the mark selected
    assert text[s:e] == "ยิ"


def test_arabic_words_with_vowel_marks_are_whole():
    text = "وَقْفُ إِطْلَاقِ النَّارِ"
    start = text.index("طْ")
    s, e = snap_to_words(text, start, start + 2)
    assert text[s:e] == "إِطْلَاقِ"


def test_a_mixed_run_snaps_the_latin_and_keeps_the_chinese():
    text = "在G20峰会上"
    start = text.index("2")
    s, e = snap_to_words(text, start, start + 3)  # "20峰"
    assert text[s:e] == "G20峰"
