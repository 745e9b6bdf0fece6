"""The Export dialog: format and style, the file name following the format, both remembered."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QSettings

from dossier.core.export.formats import FORMATS as CORE_FORMATS
from dossier.core.styles import STYLE_NAMES
from dossier.gui.dialogs.export_dialog import FORMATS, STYLES, ExportChoice, ExportDialog, remembered
from tests.gui.test_main_window import FakePrompts, data_dir, open_result, open_window, select_words

__all__ = ["data_dir", "open_window"]  # fixtures


def test_the_dialog_offers_every_format_and_style_of_the_core():
    assert [f[0] for f in FORMATS] == list(CORE_FORMATS)
    assert [s[0] for s in STYLES] == list(STYLE_NAMES)


def test_the_file_name_follows_the_format_and_back(qtbot, tmp_path):
    dialog = ExportDialog(None, tmp_path / "Brief")
    qtbot.addWidget(dialog)
    assert dialog.choice() == ExportChoice(tmp_path / "Brief.pdf", "pdf", "notes")
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("docx"))
    assert dialog.path_edit.text() == str(tmp_path / "Brief.docx")
    dialog.path_edit.setText(str(tmp_path / "notes.md"))
    dialog.path_edit.textEdited.emit(dialog.path_edit.text())
    assert dialog.format_box.currentData() == "md"
    dialog.path_edit.setText(str(tmp_path / "plain"))
    assert dialog.choice().path == tmp_path / "plain.md"


def test_every_format_offers_every_style(qtbot, tmp_path):
    dialog = ExportDialog(None, tmp_path / "Brief")
    qtbot.addWidget(dialog)
    dialog.style_box.setCurrentIndex(dialog.style_box.findData("apa"))
    assert "para. 2" in dialog.about_style.text()
    for fmt in ("html", "pdf", "docx"):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
        assert dialog.style_box.currentData() == "apa"
    model = dialog.style_box.model()
    assert all(model.item(n).isEnabled() for n in range(model.rowCount()))


def test_format_and_style_are_remembered(qtbot, tmp_path):
    dialog = ExportDialog(None, tmp_path / "Brief")
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    dialog.style_box.setCurrentIndex(dialog.style_box.findData("mla"))
    dialog.accept()
    assert remembered() == ("md", "mla")
    again = ExportDialog(None, tmp_path / "Other")
    qtbot.addWidget(again)
    assert again.choice() == ExportChoice(tmp_path / "Other.md", "md", "mla")
    QSettings().setValue("export/style", "no such style")
    assert remembered() == ("md", "notes")


def test_the_window_exports_word_in_apa(qtbot, open_window, tmp_path):
    target = tmp_path / "brief.docx"
    window = open_window(FakePrompts(export=ExportChoice(target, "docx", "apa")))
    open_result(qtbot, window)
    select_words(window, "power plants")
    window.clip_to_section(0)
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        window.export_pdf()
    report = done.args[0]
    assert report is not None and report.format == "docx" and report.pages is None
    with zipfile.ZipFile(target) as z:
        assert "para." in z.read("word/document.xml").decode()
    assert "Exported to" in window.statusBar().currentMessage()
    assert isinstance(report.path, Path)
