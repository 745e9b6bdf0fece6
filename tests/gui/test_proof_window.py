"""Editing quotes, following new versions (the Orphans view) and verifying a briefing, in the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from dossier.core.commands import AddClip
from dossier.core.dossier import Dossier
from dossier.core.export.pdf import export_pdf
from dossier.core.integrity import CHANGED, ORPHANED, clip_quote, edit_changes
from dossier.core.workspace import Workspace
from dossier.gui.app import create_window
from dossier.gui.dialogs.quote_edit import QuoteEditDialog
from dossier.gui.widgets.orphans_panel import OrphansPanel
from tests.conftest import FIRST_SEED, SEEDS
from tests.gui.test_main_window import FakePrompts, close, open_result, search, select_words

CHANCE = "Maybe we can, maybe we can’t, but I think we have a very good chance"
SANCTIONS = "He also wants western sanctions eased and a presidential election in Ukraine"


class ProofPrompts(FakePrompts):
    def edit_quote(self, parent, article, clip):
        self.asked.append("edit_quote")
        edit = self.answers.get("edit_quote")
        return edit_changes(article, clip, edit) if edit else None

    def briefing_to_verify(self, parent, folder):
        return self._answer("verify")

    def show_briefing_check(self, parent, report):
        self.reports.append(report)


@pytest.fixture
def story(tmp_path, workspace):
    path = tmp_path / "story.txt"
    text = (SEEDS / FIRST_SEED).read_text(encoding="utf-8") + "\n"
    path.write_text(text, encoding="utf-8")
    old = workspace.library.get(workspace.library.import_file(path).article_id)
    return path, text, old


def test_the_quote_dialog_allows_omissions_and_refuses_other_words(qtbot, workspace, story):
    _, _, article = story
    clip = clip_quote(article, "We will be talking about land. We will be talking about power plants")
    dialog = QuoteEditDialog(article, clip)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.changes()["edit"] == ""  # unedited: no edit
    cursor = dialog.editor.textCursor()
    start = dialog.editor.toPlainText().index(". We will be talking about")
    cursor.setPosition(start)
    cursor.setPosition(start + len(". We will be talking about"), cursor.MoveMode.KeepAnchor)
    dialog.editor.setTextCursor(cursor)
    dialog.leave_out_selection()
    assert dialog.editor.toPlainText() == "We will be talking about land … power plants"
    assert ok.isEnabled() and len(dialog.changes()["spans"]) == 2
    assert "background" in dialog.source.toHtml()
    dialog.editor.setPlainText("We will be talking about sand … power plants")
    assert not ok.isEnabled() and dialog.changes() is None
    assert "“sand”" in dialog.status.text() and "“land”" in dialog.status.text()
    dialog.editor.setPlainText("We will be talking about [the] land")
    assert ok.isEnabled()


def test_the_orphans_view_lists_changed_and_orphaned_clips(qtbot, session, story, workspace):
    path, text, old = story
    changed, gone, kept = clip_quote(old, CHANCE), clip_quote(old, SANCTIONS), clip_quote(old, "Air Force One")
    for clip in (changed, gone, kept):
        session.push(AddClip(session.dossier.sections[0].id, clip))
    panel = OrphansPanel(session)
    qtbot.addWidget(panel)
    assert panel.list.count() == 0 and panel.empty.isVisibleTo(panel)
    new_text = "On top.\n\n" + text.replace("very good chance", "really good chance").replace(SANCTIONS, "Gone.")
    path.write_text(new_text, encoding="utf-8")
    workspace.library.import_file(path)
    session.refresh_checks()
    assert session.follow_new_versions() == 1 and kept.article_version == 2  # moved, re-anchored
    assert {c.clip.id: c.status for c in session.problems()} == {changed.id: CHANGED, gone.id: ORPHANED}
    assert panel.list.count() == 2
    panel.list.setCurrentRow(0)
    html = panel.detail.toHtml()
    assert "very" in html and "really" in html and "line-through" in html
    assert panel.use_new.isEnabled()
    panel.use_new_wording()
    assert changed.article_version == 2 and "really good chance" in changed.quote
    assert panel.list.count() == 1 and not panel.use_new.isEnabled()
    panel.keep_version()
    assert gone.keep_version and panel.list.count() == 0
    session.undo_stack.undo()
    assert not gone.keep_version and panel.list.count() == 1
    assert len(session.dossier.clips()) == 3  # nothing dropped


def test_edit_a_quote_and_verify_a_briefing_in_the_window(qtbot, tmp_path):
    brief = tmp_path / "brief.pdf"
    prompts = ProofPrompts(edit_quote="We will be talking about land … power plants", verify=brief)
    window = create_window(Workspace(tmp_path / "data"), prompts)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=15000):
        window.start()
    try:
        search(qtbot, window, '"power plants"')
        for row in range(2):
            article = open_result(qtbot, window, row)
            if "We will be talking about land" in article.text:
                break
        select_words(window, "We will be talking about land. We will be talking about power plants")
        window.clip_to_section(0)
        window.dossier_panel.select_clip(window.session.dossier.clips()[0].id)
        window.proof.edit_quote()
        clip = window.session.dossier.clips()[0]
        assert clip.edit == "We will be talking about land … power plants"
        assert window.session.undo_stack.undoText() == "Edit quote"
        dossier = Dossier("Brief")
        dossier.sections[0].clips.append(clip)
        export_pdf(dossier, window.workspace.library, brief)
        assert article.id == clip.article_id
        window.proof.verify_briefing()
        qtbot.waitUntil(lambda: bool(prompts.reports), timeout=30000)
        assert prompts.reports[-1].ok
        assert window.proof.verify_action in window.acts.file_menu.actions()
    finally:
        close(window)
