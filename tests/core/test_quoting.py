"""A quotation gets one pair of quotation marks, however it begins and ends."""

from __future__ import annotations

import pytest

from dossier.core.quoting import quoted, strip_marks


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("power plants", "“power plants”"),
        ('"power plants"', "“power plants”"),
        ("“I’ll be speaking to President Putin on Tuesday.", "“I’ll be speaking to President Putin on Tuesday.”"),
        ("a very good chance,”", "“a very good chance,”"),
        ("“We want to see if we can,” Trump said", "“‘We want to see if we can,’ Trump said”"),
        ("discussed “dividing up certain assets”", "“discussed ‘dividing up certain assets’”"),
        ("„Frieden“", "“Frieden”"),
        ("« la paix »", "“ la paix ”"),
        ("  padded  ", "“padded”"),
        ('"', "“”"),
        ("", "“”"),
    ],
)
def test_one_pair_of_marks(text, shown):
    assert quoted(text) == shown


def test_apostrophes_and_single_marks_are_words_not_quotation_marks():
    assert quoted("the leaders’") == "“the leaders’”"
    assert quoted("‘division of assets’") == "“‘division of assets’”"


def test_other_marks_and_the_bare_text():
    assert quoted('"Frieden"', "„", "“") == "„Frieden“"
    assert strip_marks("“Trump”") == "Trump"
