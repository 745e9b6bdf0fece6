"""Article Details: every problem at once, dates as people write them, https:// added, room for the title."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from dossier.gui.accessibility import unnamed
from dossier.gui.dialogs.metadata_dialog import MIN_WIDTH, MetadataDialog


def dialog_for(qtbot, workspace) -> MetadataDialog:
    article = max(workspace.library.articles(), key=lambda a: len(a.title))
    dialog = MetadataDialog(article)
    qtbot.addWidget(dialog)
    return dialog


def ok(dialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_every_problem_is_shown_at_once(qtbot, workspace):
    dialog = dialog_for(qtbot, workspace)
    dialog.edits["title"].setText("")
    dialog.edits["published"].setText("yesterday")
    dialog.edits["url"].setText("not an address")
    lines = dialog.message.text().splitlines()
    assert len(lines) == 3 and not ok(dialog)
    assert lines[0] == "An article needs a title." and "is not a date" in lines[1] and "web address" in lines[2]


def test_dates_in_words_and_bare_addresses_are_taken(qtbot, workspace):
    dialog = dialog_for(qtbot, workspace)
    dialog.edits["published"].setText("17 March 2025")
    dialog.edits["url"].setText("www.example.com/news/talks")
    assert ok(dialog) and dialog.message.isHidden()
    assert dialog.date_note.text() == "Read as 17 March 2025"
    changes = dialog.changes()
    assert changes["published"] == "2025-03-17" and changes["url"] == "https://www.example.com/news/talks"


def test_the_dialog_has_room_and_names(qtbot, workspace):
    dialog = dialog_for(qtbot, workspace)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() > MIN_WIDTH  # the long seed title asks for more than the minimum
    assert unnamed(dialog) == []
