import pytest

from dossier.core.dossier import Dossier
from dossier.core.errors import QuoteNotFound
from dossier.core.integrity import MISMATCH, MISSING, OK, RELOCATED, clip_quote, find_quote, verify


def test_verify_ok_relocated_mismatch(library, seed_articles):
    first, second = seed_articles
    d = Dossier()
    good = clip_quote(first, "We will be talking about land.")
    moved = clip_quote(second, "Zaporizhzhia nuclear power plant")
    moved.start, moved.end = moved.start + 5, moved.end + 5  # span drifted, words still there
    spaced = clip_quote(first, "dividing up certain assets")
    spaced.quote = "dividing  up\ncertain assets"  # whitespace differs from the source
    doctored = clip_quote(first, "Maybe we can, maybe we can’t")
    doctored.quote = "Maybe we will, maybe we won’t"
    ghost = clip_quote(first, "land")
    ghost.article_id = "0000000000000000"
    for clip in (good, moved, spaced, doctored, ghost):
        d.sections[0].clips.append(clip)
    status = {c.clip.id: c for c in verify(d, library)}
    assert status[good.id].status == OK
    assert status[moved.id].status == RELOCATED
    assert second.text[slice(*status[moved.id].new_span)] == moved.quote
    assert status[spaced.id].status == RELOCATED and "spacing" in status[spaced.id].detail
    assert status[doctored.id].status == MISMATCH and not status[doctored.id].ok
    assert status[ghost.id].status == MISSING
    assert len(d.clips()) == 5  # nothing is dropped


def test_find_quote_prefers_the_nearest_place(seed_articles):
    first, _ = seed_articles
    places = [i for i in range(len(first.text)) if first.text.startswith("Putin", i)]
    assert find_quote(first, "Putin", near=places[3] + 2) == (places[3], places[3] + 5)


def test_quote_not_found(seed_articles):
    with pytest.raises(QuoteNotFound):
        clip_quote(seed_articles[0], "words that are not in the article")
