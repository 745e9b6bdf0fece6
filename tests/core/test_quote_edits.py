"""Edited quotes: omissions (…), insertions ([word]) and [sic] stand in the source; doctored edits do not."""

import pytest

from dossier.core.dossier import Dossier
from dossier.core.errors import QuoteNotFound
from dossier.core.integrity import MISMATCH, OK, RELOCATED, check_clip, clip_quote, edited_clip, verify
from dossier.core.quote_edits import EditError, explain, locate_in, normalized, parse


def _fragments(article, clip):
    return [article.text[s:e] for s, e in clip.spans]


@pytest.mark.parametrize(
    "edit, fragments",
    [
        ("We will be talking about land … power plants", ["We will be talking about land", "power plants"]),
        (
            "We will be talking about land... We will be talking about power plants",
            ["We will be talking about land", "We will be talking about power plants"],
        ),
        ("We will be talking about [the] land", ["We will be talking about", "land"]),
        ("[W]e will be talking about land", ["e will be talking about land"]),
        ("the two wiorld [sic] leaders would speak", ["the two wiorld", "leaders would speak"]),
        ("[Trump] told reporters on Air Force One", ["told reporters on Air Force One"]),
    ],
)
def test_edits_are_accepted_and_verified(seed_articles, edit, fragments):
    article = seed_articles[0]
    clip = clip_quote(article, edit)
    assert _fragments(article, clip) == fragments
    assert clip.edit == normalized(edit) and clip.printed == clip.edit
    assert clip.quote == article.text[clip.start : clip.end]  # the whole passage, verbatim
    assert (clip.start, clip.end) == (clip.spans[0][0], clip.spans[-1][1])
    assert check_clip(clip, article).status == OK


def test_doctored_edit_is_refused_with_the_word_that_differs(seed_articles):
    article = seed_articles[0]
    with pytest.raises(QuoteNotFound) as caught:
        clip_quote(article, "We will be talking about sand … power plants")
    assert "“sand”" in str(caught.value) and "“land”" in str(caught.value)
    with pytest.raises(QuoteNotFound, match="“bananas” is not in the source"):
        clip_quote(article, "We will be talking about land … bananas")
    with pytest.raises(QuoteNotFound, match="“would”"):  # [sic] stands for nothing left out
        clip_quote(article, "the two wiorld [sic] would speak")
    with pytest.raises(QuoteNotFound):  # the fragments are there, but not in this order
        clip_quote(article, "We will be talking about power plants … We will be talking about land")
    with pytest.raises(QuoteNotFound, match="not closed"):
        clip_quote(article, "We will be talking about [the land")


def test_a_doctored_edit_in_a_saved_clip_fails_verify(library, seed_articles):
    article = seed_articles[0]
    clip = clip_quote(article, "We will be talking about land … power plants")
    clip.edit = "We will be talking about sand … power plants"
    d = Dossier()
    d.sections[0].clips.append(clip)
    [check] = verify(d, library)
    assert check.status == MISMATCH and "“sand”" in check.detail


def test_relocated_passage_keeps_its_edit(seed_articles):
    article = seed_articles[0]
    clip = clip_quote(article, "We will be talking about land … power plants")
    clip.start, clip.end = clip.start + 3, clip.end + 3
    check = check_clip(clip, article)
    assert check.status == RELOCATED and article.text[slice(*check.new_span)] == clip.quote


def test_edit_within_a_passage(seed_articles):
    article = seed_articles[0]
    whole = clip_quote(article, "We will be talking about land. We will be talking about power plants")
    clip = edited_clip(article, "We will be talking about land … power plants", lo=whole.start, hi=whole.end)
    assert clip.start == whole.start
    with pytest.raises(QuoteNotFound):  # the words stand elsewhere in the article, not in this passage
        edited_clip(article, "Putin … Ukraine", lo=whole.start, hi=whole.end)


def test_parse_and_explain():
    assert [p.kind for p in parse("a … [b] c [sic] d [...] e")] == [
        "text",
        "omit",
        "insert",
        "text",
        "insert",
        "text",
        "omit",
        "text",
    ]
    with pytest.raises(EditError):
        parse("a [] b")
    with pytest.raises(EditError):
        parse("… [only an insertion] …")
    assert locate_in("one two three", "one … three") == [(0, 3), (8, 13)]
    assert locate_in("one two three", "on … three") is None  # fragments are whole words
    assert explain("one two three", "one two four") == "“four” differs from the source, which has “three” there."
    assert normalized(" a ... b [...] c ") == "a … b […] c"
