"""Excerpts read as quotes: an ellipsis where a sentence was cut, never doubled quotation marks (clips in context)."""

from __future__ import annotations

import pytest

from dossier.core.dossier import Clip
from dossier.core.quoting import clip_quoted


def quoted(quote: str, before: str, after: str):
    return clip_quoted(Clip("a", 1, quote, 0, len(quote), context_before=before, context_after=after))


@pytest.mark.parametrize(
    "quote, before, after, printed",
    [
        # whole sentences: marks only
        ("He left.", "It ended. ", " Then", "“He left.”"),
        ("He left.", "", "", "“He left.”"),
        ("a very good chance,”", "has ", " he said.", "“…a very good chance,”"),
        ("“I’ll be speaking to him.", "", " Then", "“I’ll be speaking to him.”"),
        ("“We can,” Trump said", "\n\n", " today.", "“‘We can,’ Trump said…”"),
        ("He left.", "Title\n\n", "\n\nNext", "“He left.”"),
        # cut at the start, at the end, at both
        ("negotiators had met", "said that ", " twice.", "“…negotiators had met…”"),
        ("Donald Trump is trying", "The meeting comes as ", ", as", "“…Donald Trump is trying…”"),
        ("power plants,", "talking about ", " he said", "“…power plants, …”"),
        # a cut just before the full stop needs no ellipsis
        ("the talks had ended", "He said ", ". Then", "“…the talks had ended”"),
        # a clip that opens a quotation in its source, or follows a colon with a capital
        ("We will talk about land.", "in Kursk.\n\n“", "” Trump said", "“We will talk about land.”"),
        ("We will talk", "He said: ", " today.", "“We will talk…”"),
        # quotation marks inside become single; a clip that is one whole quotation keeps its own
        ("calling it “not good enough.”", "Starmer has ", "\n\nNext", "“…calling it ‘not good enough.’”"),
        ('he said "no"', "Then ", ".", "“…he said ‘no’”"),
        ("“We will be talking about land.”", "reporters: ", " Next", "“We will be talking about land.”"),
    ],
)
def test_quoted(quote, before, after, printed):
    assert quoted(quote, before, after).text() == printed


def test_short_form_keeps_one_ellipsis():
    q = quoted("Donald Trump is trying to win support for a long ceasefire plan", "as ", ", as")
    assert q.short(22) == "“…Donald Trump is trying…”" and q.short(20) == "“…Donald Trump is…”"
    assert quoted("Short.", "", "").short(20) == "“Short.”"
