"""Grades (Admiralty code) and article edits as library commands with an undo of their own."""

from __future__ import annotations

import pytest

from dossier.core import grading
from dossier.core.commands import EditClip, UndoStack
from dossier.core.dossier import Dossier
from dossier.core.integrity import clip_quote
from dossier.core.library_commands import EditArticle, LibraryUndoStack


def test_scales_and_codes():
    assert grading.reliability(" b ") == "B" and grading.reliability("none") is None
    assert grading.credibility("2") == 2 and grading.credibility("") is None
    with pytest.raises(grading.BadGrade):
        grading.reliability("G")
    with pytest.raises(grading.BadGrade):
        grading.credibility("0")
    assert grading.code("B", 2) == "B2"
    assert grading.code("B", None) == "B–" and grading.code(None, 6) == "–6" and grading.code(None, None) == ""
    assert grading.describe("F", 6) == "F6: source cannot be judged; information cannot be judged"
    assert grading.describe("B", None) == "B–: source usually reliable"


def test_article_edits_undo_apart_from_the_dossier(library, seed_articles):
    article = seed_articles[0]
    dossier = Dossier("Brief")
    dossier_stack = UndoStack(dossier)
    clip = clip_quote(article, article.text[article.paragraphs[2].start : article.paragraphs[2].start + 40].strip())
    from dossier.core.commands import AddClip

    dossier_stack.push(AddClip(dossier.sections[0].id, clip))
    dossier_stack.set_clean()
    edits = LibraryUndoStack(library)
    edits.push(EditArticle(article.id, {"publisher": "Reuters", "reliability": "b"}))
    dossier_stack.push(EditClip(clip.id, {"credibility": 2}))
    assert library.get(article.id).meta.publisher == "Reuters"
    assert library.get(article.id).meta.reliability == "B"
    # undoing the dossier's edit leaves the article's details alone, and the other way round
    assert dossier_stack.undo() and dossier.clip(clip.id).credibility is None
    assert library.get(article.id).meta.reliability == "B"
    dossier_stack.redo()
    assert edits.undo()
    assert library.get(article.id).meta.publisher is None and library.get(article.id).meta.reliability is None
    assert dossier.clip(clip.id).credibility == 2 and not dossier_stack.is_clean
    assert edits.redo() and library.get(article.id).meta.publisher == "Reuters"


def test_an_edit_is_named_for_what_it_changes():
    assert EditArticle("x", {"reliability": "A"}).text == "Grade source"
    assert EditArticle("x", {"published": "2025-01-01"}).text == "Edit article date"
    with pytest.raises(grading.BadGrade):
        EditArticle("x", {"reliability": "Z"})
    with pytest.raises(ValueError):
        EditArticle("x", {"text": "no"})
