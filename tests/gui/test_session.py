"""DossierSession: files, clean state, checks, autosave and recovery, recent files."""

from __future__ import annotations

import json

import pytest

from dossier.core import locking, store
from dossier.core.commands import AddSection, EditClip, RenameSection
from dossier.core.errors import DamagedDossier, QuoteNotFound
from dossier.gui import session as session_module
from dossier.gui.session import DossierSession, pending_recovery
from tests.gui.crash import crash


def test_new_session_is_clean_with_default_sections(session):
    assert not session.is_modified()
    assert session.path is None
    assert [s.title for s in session.dossier.sections] == ["Agenda", "Demands", "Reactions"]


def test_push_modifies_and_undo_returns_to_clean(session):
    session.push(AddSection("Background"))
    assert session.is_modified()
    assert session.dossier.sections[-1].title == "Background"
    session.undo_stack.undo()
    assert not session.is_modified()
    assert len(session.dossier.sections) == 3


def test_clip_selection_snaps_to_words(session, article):
    text = article.text
    start = text.index("Putin")
    clip = session.clip_selection(article, start + 2, start + 3, 1, note="who")
    assert clip.quote == "Putin"
    assert clip.note == "who"
    assert session.dossier.sections[1].clips == [clip]
    assert session.undo_stack.undoText() == "Clip passage"
    assert session.clips_of(article.id) == [clip]
    assert session.check(clip).status == "ok"


def test_clip_selection_at_row_and_without_sections(session, article):
    first = session.clip_selection(article, 0, 10, 0)
    second = session.clip_selection(article, 20, 30, 0, row=0)
    assert session.dossier.sections[0].clips == [second, first]
    with pytest.raises(QuoteNotFound):
        session.clip_selection(article, 5, 5, 0)
    for _section in list(session.dossier.sections):
        session.dossier.remove_section(0)
    clip = session.clip_selection(article, 0, 10, 0)
    assert [s.title for s in session.dossier.sections] == ["Clips"]
    session.undo_stack.undo()  # one step undoes the section made for it too
    assert session.dossier.sections == []
    assert clip.quote


def test_save_open_round_trip(session, article, tmp_path, qtbot):
    clip = session.clip_selection(article, 0, 40, 2, note="first")
    target = tmp_path / "brief.dossier"
    with qtbot.waitSignal(session.path_changed):
        assert session.save(target) == target.resolve()
    assert not session.is_modified()
    assert session.path == target.resolve()

    session.close()  # another window opens it once this one lets go of it
    other = DossierSession(session.workspace)
    with qtbot.waitSignal(other.dossier_replaced):
        other.open(target)
    assert not other.is_modified()
    assert other.undo_stack.count() == 0
    loaded = other.dossier.sections[2].clips[0]
    assert (loaded.id, loaded.quote, loaded.note) == (clip.id, clip.quote, "first")
    assert other.last_path() == target.resolve()


def test_save_without_path_needs_a_name(session):
    with pytest.raises(ValueError):
        session.save()


def test_open_keeps_the_same_dossier_object(session, tmp_path):
    dossier = session.dossier
    path = store.save(store.from_dict(store.to_dict(dossier)), tmp_path / "x.dossier")
    session.open(path)
    assert session.dossier is dossier


def test_damaged_file_raises_and_is_left_untouched(session, tmp_path):
    bad = tmp_path / "bad.dossier"
    bad.write_bytes(b'{"schema": "dossier", "sections": [')
    session.push(AddSection("Kept"))
    with pytest.raises(DamagedDossier) as info:
        session.open(bad)
    assert "bad.dossier" in str(info.value)
    assert bad.read_bytes() == b'{"schema": "dossier", "sections": ['
    assert session.dossier.sections[-1].title == "Kept"  # nothing replaced
    assert session.is_modified()


def test_autosave_after_timer_and_removed_on_save(session, tmp_path, qtbot):
    session.set_autosave_delay(50)
    target = tmp_path / "brief.dossier"
    session.save(target)
    session.push(RenameSection(session.dossier.sections[0].id, "Agenda of the talks"))
    auto = session.autosave_path
    qtbot.waitUntil(auto.exists, timeout=2000)
    assert store.load(auto).sections[0].title == "Agenda of the talks"
    sidecar = json.loads((auto.parent / session_module.AUTOSAVE_SIDECAR).read_text())
    assert sidecar["path"] == str(target.resolve())
    session.save()
    assert not auto.exists()


def test_undo_to_clean_removes_autosave(session, qtbot):
    session.set_autosave_delay(10)
    session.push(AddSection("Temp"))
    qtbot.waitUntil(session.autosave_path.exists, timeout=2000)
    session.undo_stack.undo()
    assert not session.autosave_path.exists()


def test_recovery_brings_work_back_as_modified(workspace, article, tmp_path, qtbot):
    crashed = DossierSession(workspace)
    target = tmp_path / "brief.dossier"
    crashed.save(target)
    clip = crashed.clip_selection(article, 0, 30, 0)
    crashed.push(EditClip(clip.id, {"note": "unsaved"}))
    assert crashed.flush_autosave() == crashed.autosave_path
    assert pending_recovery() is None  # a running session's autosave is never offered
    crash(crashed)  # the run "crashes": the autosave stays, nobody holds it

    found = pending_recovery()
    assert found == crashed.autosave_path
    fresh = DossierSession(workspace)
    fresh.recover(found)
    assert fresh.is_modified()
    assert fresh.path == target.resolve()
    assert fresh.dossier.sections[0].clips[0].note == "unsaved"
    assert fresh.autosave_path.exists() and not found.exists()  # still unsaved: in the new session's autosave
    fresh.save()
    assert pending_recovery() is None


def test_flush_autosave_does_nothing_when_clean(session):
    assert session.flush_autosave() is None
    assert pending_recovery() is None


def test_recent_files(session, tmp_path, qtbot):
    paths = [tmp_path / f"d{i}.dossier" for i in range(12)]
    for path in paths:
        session.save(path)
    recent = session.recent_files()
    assert len(recent) == 10
    assert recent[0] == paths[-1].resolve()
    paths[-2].unlink()
    assert paths[-2].resolve() not in session.recent_files()
    session.open(paths[0])
    assert session.recent_files()[0] == paths[0].resolve()


def test_checks_follow_changes(session, article, qtbot):
    clip = session.clip_selection(article, 0, 30, 0)
    assert session.check(clip).status == "ok"
    with qtbot.waitSignal(session.checks_changed):
        session.push(EditClip(clip.id, {"quote": "words that are not in the article"}))
    assert session.check(clip).status == "mismatch"
    with qtbot.waitSignal(session.checks_changed):
        session.refresh_checks()
    assert session.check(clip).status == "mismatch"


def test_two_sessions_never_share_an_autosave(workspace, qtbot):
    one, two = DossierSession(workspace), DossierSession(workspace)
    one.push(AddSection("One"))
    two.push(AddSection("Two"))
    assert one.flush_autosave() != two.flush_autosave()
    assert store.load(one.autosave_path).sections[-1].title == "One"
    assert store.load(two.autosave_path).sections[-1].title == "Two"
    assert pending_recovery() is None
    crash(one)
    assert pending_recovery() == one.autosave_path
    assert pending_recovery() is None  # claimed: a third window is not offered it too
    session_module.discard_recovery(one.autosave_path)
    assert not one.autosave_folder.exists() and two.autosave_path.exists()
    two.discard_autosave()


def test_an_open_dossier_is_held_against_other_writers(workspace, tmp_path, capsys):
    from dossier.cli import main
    from dossier.core.locking import Busy

    first = DossierSession(workspace)
    path = tmp_path / "brief.dossier"
    first.save(path)
    second = DossierSession(workspace)
    with pytest.raises(Busy, match="in use by Dossier window"):
        second.open(path)
    lock_wait = locking.DOSSIER_WAIT
    locking.DOSSIER_WAIT = 0.2
    try:
        code = main(["note", str(path), "nope", "text"])
    finally:
        locking.DOSSIER_WAIT = lock_wait
    assert code == 1 and "in use by Dossier window" in capsys.readouterr().err
    first.new()  # lets go of it
    second.open(path)
    assert second.path == path.resolve()
    second.close()
