"""View ▸ Theme: System, Light and Dark; the reader, highlights, tints and badges readable in both."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from dossier.gui import appearance, theme
from tests.gui import test_main_window as window_tests

data_dir, open_window = window_tests.data_dir, window_tests.open_window  # fixtures
open_result = window_tests.open_result


@pytest.fixture(autouse=True)
def _light_again(qapp):
    yield
    theme.use(theme.LIGHT)
    theme.restyle(qapp)


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
def test_text_is_readable_on_every_tint(scheme):
    for back in (
        scheme.paper,
        scheme.match,
        scheme.current_match,
        scheme.clipped,
        scheme.focused_clip,
        scheme.selected_row,
        scheme.field,
    ):
        assert contrast(scheme.ink, back) >= 4.5, back
    for back in (scheme.paper, scheme.panel):
        assert contrast(scheme.muted, back) >= 4.5, back
        assert contrast(scheme.accent, back) >= 4.5, back
    assert contrast(scheme.alarm, scheme.alarm_back) >= 4.5
    assert contrast(scheme.alarm, scheme.panel) >= 4.5  # a mismatched clip's row in the tree
    assert contrast(scheme.warning, scheme.panel) >= 4.5
    for ink in (scheme.good, scheme.alarm, scheme.warning, scheme.accent):  # the brief editor's marks
        assert contrast(ink, scheme.field) >= 4.5, ink
    assert contrast("#ffffff", scheme.highlight) >= 4.5


def body_color(window) -> QColor:
    doc = window.reader.view.document()
    block = doc.lastBlock()
    return (
        block.charFormat().foreground().color()
        if block.text()
        else block.begin().fragment().charFormat().foreground().color()
    )


def test_the_theme_menu_switches_and_remembers(qtbot, open_window):
    window = open_window()
    open_result(qtbot, window)
    actions = window.acts.theme
    assert [a.text() for a in actions.values()] == ["&System", "&Light", "&Dark"]
    assert actions[appearance.Choice.SYSTEM].isChecked()
    assert body_color(window).lightness() < 100

    actions[appearance.Choice.DARK].trigger()
    assert actions[appearance.Choice.DARK].isChecked() and not actions[appearance.Choice.SYSTEM].isChecked()
    assert theme.is_dark()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert body_color(window).lightness() > 180  # the page was laid out again in light ink
    assert QSettings().value(appearance.SETTING) == "dark"

    window.hide()
    theme.use(theme.LIGHT)
    again = open_window()
    assert theme.is_dark() and again.acts.theme[appearance.Choice.DARK].isChecked()
    again.acts.theme[appearance.Choice.LIGHT].trigger()
    assert window.acts.theme[appearance.Choice.LIGHT].isChecked()  # every window's menu follows
    assert not theme.is_dark()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_system_follows_the_desktop(qtbot, open_window):
    window = open_window()
    hints = QGuiApplication.styleHints()
    with qtbot.waitSignal(window.appearance.changed):
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark()
    window.appearance.set_choice(appearance.Choice.LIGHT)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark()  # an explicit choice wins over the desktop
    window.appearance.set_choice(appearance.Choice.SYSTEM)
    assert theme.is_dark()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark()


def test_the_mismatch_badge_and_rows_use_the_scheme(qtbot, open_window):
    window = open_window()
    window.appearance.set_choice(appearance.Choice.DARK)
    sheet = QApplication.instance().styleSheet()
    assert f"background: {theme.DARK.alarm_back}" in sheet and f"color: {theme.DARK.alarm}" in sheet
