"""The window fits the screen: on first start, and when a geometry saved on a bigger screen comes back."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize

from dossier.gui import screen_fit
from tests.gui import test_main_window as window_tests

data_dir, open_window = window_tests.data_dir, window_tests.open_window  # fixtures


LAPTOP = QRect(0, 0, 1366, 768)


def test_sizes_and_places_fit_the_area():
    assert screen_fit.first_size(QRect(0, 0, 2560, 1440)) == screen_fit.PREFERRED
    small = screen_fit.first_size(LAPTOP)
    assert small.width() <= 1366 and small.height() <= 768
    assert screen_fit.inside(QRect(-50, 300, 1500, 920), LAPTOP) == LAPTOP
    assert screen_fit.inside(QRect(900, 500, 600, 400), LAPTOP) == QRect(766, 368, 600, 400)


def test_the_first_window_fits_a_1366_by_768_screen(qtbot, open_window, monkeypatch):
    monkeypatch.setattr(screen_fit, "available", lambda widget: LAPTOP)
    window = open_window()
    assert LAPTOP.contains(window.frameGeometry())
    sizes = window.splitter.sizes()
    assert sizes[1] > sizes[0] and sizes[1] > sizes[2]  # the reader gets the most room
    assert all(size >= window.splitter.widget(n).minimumWidth() for n, size in enumerate(sizes))
    assert sum(sizes) <= window.width()


def test_a_geometry_saved_on_a_bigger_screen_is_brought_inside(qtbot, open_window, monkeypatch):
    big = open_window()
    big.resize(QSize(2400, 1300))
    big.move(200, 100)
    big.save_settings()
    big.hide()
    assert QSettings().value("window/geometry") is not None
    monkeypatch.setattr(screen_fit, "available", lambda widget: LAPTOP)
    again = open_window()
    assert LAPTOP.contains(again.frameGeometry())


def test_panes_give_way_to_the_reader():
    from PySide6.QtWidgets import QSplitter, QWidget

    splitter = QSplitter()
    for minimum in (260, 360, 260):
        pane = QWidget()
        pane.setMinimumWidth(minimum)
        splitter.addWidget(pane)
    splitter.resize(1000, 400)
    screen_fit.share_width(splitter, 1000)
    sizes = splitter.sizes()
    assert sum(sizes) <= 1000 and sizes[0] >= 260 and sizes[2] >= 260 and sizes[1] >= 360


def test_with_dossier_home_the_settings_stay_in_it(qapp, dossier_home):
    """A build check or a screenshot runs with DOSSIER_HOME and must not rewrite the person's own settings."""
    from pathlib import Path

    from dossier.gui import app as dossier_app

    dossier_app.configure(qapp)
    settings = QSettings()
    settings.setValue("window/probe", 1)
    settings.sync()
    assert Path(settings.fileName()).resolve().is_relative_to(dossier_home.resolve())
