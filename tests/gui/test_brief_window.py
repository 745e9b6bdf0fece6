"""The brief in the window: the Brief tab, excerpts quoted in the tree, and an export that cites no clip refused."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dossier.core.commands import EditBottomLine
from dossier.core.errors import UnknownCitation
from tests.gui import test_main_window as window_tests

data_dir, open_window = window_tests.data_dir, window_tests.open_window  # fixtures
open_result, select_words = window_tests.open_result, window_tests.select_words


def test_an_export_citing_no_clip_is_refused_with_a_message(qtbot, open_window, tmp_path):
    target = tmp_path / "out.pdf"
    window = open_window(window_tests.FakePrompts(export=target))
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    window.session.push(EditBottomLine("Land first: [@feedface]"))
    window.centre.setCurrentWidget(window.brief_editor)
    assert "[@feedface]" in window.brief_editor.problems_label.text()
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        window.export_pdf()
    assert done.args[0] is None and not target.exists()
    assert [type(e) for e in window.prompts.errors] == [UnknownCitation]
    assert "The bottom line cites [@feedface]" in str(window.prompts.errors[0])
    assert "Not exported" in window.statusBar().currentMessage()


def test_opening_a_clip_shows_the_article_tab_and_the_tree_quotes_it(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    clip = window.session.dossier.sections[0].clips[0]
    model = window.dossier_panel.model
    shown = model.data(model.clip_index(clip.id), Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("“…") and shown.endswith("…”")  # cut inside a sentence, both ends
    assert "Clipped to “Agenda”: “…power plants…”" in window.statusBar().currentMessage()
    window.centre.setCurrentWidget(window.brief_editor)
    window.open_clip(clip)
    assert window.centre.currentWidget() is window.reader


def test_the_paper_follows_the_setting_else_the_locale():
    from PySide6.QtCore import QLocale, QSettings

    from dossier.gui.operations import PAPER_KEY, default_paper

    QSettings().setValue(PAPER_KEY, "letter")
    assert default_paper() == "letter"
    QSettings().remove(PAPER_KEY)
    us = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    assert default_paper() == ("letter" if us else "a4")
