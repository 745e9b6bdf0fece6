"""The Ukrainian and Arabic stemmers: inflected forms meet their word, and Ukrainian does about
as well as Snowball's Russian on the same words."""

from __future__ import annotations

from whoosh.lang import stemmer_for_language

from dossier.core.scripts import normalise
from dossier.core.stemmers import arabic_light_stem, ukrainian_stem
from tests.core.stemming_words import RUSSIAN, RUSSIAN_UNSEEN, UKRAINIAN, UKRAINIAN_UNSEEN, conflation


def test_ukrainian_brings_inflected_forms_together_about_as_well_as_russian():
    ukrainian, uk_collisions = conflation(UKRAINIAN + UKRAINIAN_UNSEEN, ukrainian_stem)
    russian, ru_collisions = conflation(RUSSIAN + RUSSIAN_UNSEEN, stemmer_for_language("ru"))
    assert ukrainian >= 0.95 and russian >= 0.95  # 0.962 and 0.972 (README, "Languages")
    assert ukrainian >= russian - 0.015
    assert uk_collisions == ru_collisions == 0  # no two words of the lists share a stem


def test_ukrainian_spellings_of_the_apostrophe_meet():
    assert ukrainian_stem("перемир'я") == ukrainian_stem("перемир’я") == ukrainian_stem("перемирʼя")


def test_words_of_other_scripts_are_left_alone():
    assert ukrainian_stem("nato") == "nato"
    assert arabic_light_stem("nato") == "nato"


def test_arabic_light_stemming_after_normalisation():
    def stem(word: str) -> str:
        return arabic_light_stem(normalise(word))

    assert stem("المفاوضات") == stem("مفاوضات") == stem("وَالمُفَاوَضَات")
    assert stem("الأسرى") == stem("الاسري") == stem("أسرى")
    assert stem("مدينة") == stem("المدينه")
