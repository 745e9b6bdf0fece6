"""Clips across versions: a new version of a source moves, changes or orphans a clip, never drops it."""

from pathlib import Path

import pytest

from dossier.core import store
from dossier.core.commands import ReanchorClips, UndoStack
from dossier.core.dossier import Dossier
from dossier.core.integrity import CHANGED, MOVED, OK, ORPHANED, clip_quote
from dossier.core.versions import ADDED, REMOVED, check_dossier, follow, follow_dossier, reanchored, redline
from tests.conftest import FIRST_SEED, SEEDS

LAND = "We will be talking about land."
CHANCE = "Maybe we can, maybe we can’t, but I think we have a very good chance"
SANCTIONS = "He also wants western sanctions eased and a presidential election in Ukraine"
PARAGRAPH = SANCTIONS + ", which Kyiv says is premature while martial law is in force.\n\n"


@pytest.fixture
def story(tmp_path, library):
    """An article imported from a file of its own, so that it can be given new versions."""
    path = tmp_path / "story.txt"
    path.write_text((SEEDS / FIRST_SEED).read_text(encoding="utf-8") + "\n", encoding="utf-8")  # not the seed itself
    old = library.get(library.import_file(path).article_id)

    def new_version(text: str):
        path.write_text(text, encoding="utf-8")
        result = library.import_file(path)
        assert result.status == "updated" and result.previous_id == old.id
        return library.get(result.article_id)

    return old, new_version


def _dossier(*clips) -> Dossier:
    d = Dossier()
    d.sections[0].clips.extend(clips)
    return d


def test_paragraph_added_on_top_moves_and_reanchors(story, library):
    old, new_version = story
    clip = clip_quote(old, LAND, note="mine")
    d = _dossier(clip)
    new = new_version("Update: a paragraph added on top.\n\n" + old.text)
    check = follow(clip, old, new)
    assert check.status == MOVED and new.text[slice(*check.span)] == LAND
    [status] = check_dossier(d, library)
    assert status.status == MOVED and status.ok
    UndoStack(d).push(ReanchorClips({clip.id: reanchored(check)}))
    assert (clip.article_id, clip.article_version) == (new.id, 2)
    assert new.text[clip.start : clip.end] == clip.quote == LAND and clip.note == "mine"
    assert clip.history[0]["article_id"] == old.id and clip.history[0]["start"] != clip.start
    assert [c.status for c in check_dossier(d, library)] == [OK]


def test_reanchoring_undoes(story):
    old, new_version = story
    clip = clip_quote(old, LAND)
    d = _dossier(clip)
    new = new_version("On top.\n\n" + old.text)
    stack = UndoStack(d)
    stack.push(ReanchorClips({clip.id: reanchored(follow(clip, old, new))}))
    stack.undo()
    assert (clip.article_id, clip.history) == (old.id, [])


def test_altered_words_are_changed_with_both_wordings(story, library):
    old, new_version = story
    clip = clip_quote(old, CHANCE)
    d = _dossier(clip)
    new = new_version(old.text.replace(CHANCE, CHANCE.replace("very", "really").replace("Maybe", "Perhaps")))
    [status] = check_dossier(d, library)
    assert status.status == CHANGED and not status.ok
    check = status.versions
    assert check.closest == "Perhaps we can, maybe we can’t, but I think we have a really good chance"
    assert (REMOVED, "very") in check.redline and (ADDED, "really") in check.redline
    assert "Perhaps" in status.detail
    assert clip.article_id == old.id  # the clip still quotes the version that says it
    with pytest.raises(ValueError):
        reanchored(check)
    UndoStack(d).push(ReanchorClips({clip.id: reanchored(check, wording=True)}))
    assert clip.quote == check.closest and clip.article_id == new.id


def test_deleted_passage_is_orphaned_and_kept(story, library, tmp_path):
    old, new_version = story
    kept, gone = clip_quote(old, LAND), clip_quote(old, SANCTIONS)
    d = _dossier(kept, gone)
    new_version(old.text.replace(PARAGRAPH, ""))
    statuses = {c.clip.id: c.status for c in check_dossier(d, library)}
    assert statuses == {kept.id: OK, gone.id: ORPHANED}
    assert len(d.clips()) == 2
    gone.keep_version = True  # quoting version 1 on purpose
    assert {c.status for c in check_dossier(d, library)} == {OK}
    store.save(d, tmp_path / "d.dossier")
    assert store.load(tmp_path / "d.dossier").clips()[1].keep_version


def test_follow_dossier_reports_only_clips_on_old_versions(story, library, seed_articles):
    old, new_version = story
    d = _dossier(clip_quote(old, LAND), clip_quote(seed_articles[1], "Zaporizhzhia nuclear power plant"))
    assert follow_dossier(d, library) == []
    new_version("Top.\n\n" + old.text)
    assert [c.status for c in follow_dossier(d, library)] == [MOVED]


def test_edited_clip_follows_when_left_out_words_change(story, library):
    old, new_version = story
    clip = clip_quote(old, "We will be talking about land … power plants")
    new = new_version(old.text.replace("We will be talking about power plants", "We will discuss power plants"))
    check = follow(clip, old, new)
    assert check.status == MOVED and [new.text[s:e] for s, e in check.spans] == [
        "We will be talking about land",
        "power plants",
    ]


def test_old_dossier_files_still_load(tmp_path):
    raw = (
        '{"schema": "dossier", "version": 1, "title": "Old", "sections": [{"title": "A", "clips": '
        '[{"article_id": "a", "article_version": 1, "quote": "q", "start": 0, "end": 1, "id": "c1"}]}]}'
    )
    path = Path(tmp_path / "old.dossier")
    path.write_text(raw, encoding="utf-8")
    clip = store.load(path).clips()[0]
    assert (clip.edit, clip.spans, clip.history, clip.keep_version, clip.printed) == ("", [], [], False, "q")


def test_redline_marks_words():
    assert redline("a b c", "a x c") == [("same", "a"), ("removed", "b"), ("added", "x"), ("same", "c")]
