"""Light or dark: View ▸ Theme (System, Light, Dark), remembered in the settings.

*System* follows the desktop's colour scheme as Qt reports it (``QStyleHints.colorScheme``)
and changes with it while the app runs. A change restyles the whole application
(:func:`dossier.gui.theme.restyle`) and emits :attr:`Appearance.changed` for views that bake
colours into what they show (the reader's page).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from dossier.gui import theme

SETTING = "view/theme"


class Choice(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


LABELS = {Choice.SYSTEM: "&System", Choice.LIGHT: "&Light", Choice.DARK: "&Dark"}
TIPS = {
    Choice.SYSTEM: "Follow the desktop's light or dark colour scheme",
    Choice.LIGHT: "Dark text on a light page",
    Choice.DARK: "Light text on a dark page",
}


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    return isinstance(app, QGuiApplication) and app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def scheme_for(choice: Choice, system_dark: bool) -> theme.Scheme:
    if choice is Choice.DARK or (choice is Choice.SYSTEM and system_dark):
        return theme.DARK
    return theme.LIGHT


def saved_choice() -> Choice:
    value = QSettings().value(SETTING, Choice.SYSTEM.value)
    try:
        return Choice(str(value))
    except ValueError:
        return Choice.SYSTEM


def shared() -> Appearance:
    """The application's one Appearance (made on first use), with the saved choice applied."""
    app = QGuiApplication.instance()
    found = app.findChild(Appearance, "Appearance") if app is not None else None
    if found is None:
        found = Appearance(app)
        found.setObjectName("Appearance")
    found.load_saved()
    return found


class Appearance(QObject):
    changed = Signal()  #: the scheme in use changed (the whole app has been restyled)
    choice_changed = Signal(object)  #: Choice

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._choice = saved_choice()
        self._system_dark = system_is_dark()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.styleHints().colorSchemeChanged.connect(self._on_system_changed)
        self._apply(force=True)

    def load_saved(self) -> None:
        """Use the choice saved in the settings (as at start-up)."""
        self._set(saved_choice())

    def choice(self) -> Choice:
        return self._choice

    def set_choice(self, choice: Choice) -> None:
        """Use ``choice`` from now on (and next time)."""
        QSettings().setValue(SETTING, choice.value)
        self._set(choice)

    def _set(self, choice: Choice) -> None:
        self._choice = choice
        self.choice_changed.emit(choice)
        self._apply()

    def build_menu(self, parent: QWidget) -> tuple[QMenu, dict[Choice, QAction]]:
        """The View ▸ Theme submenu (one checkable action per choice) and its actions."""
        menu = ThemeMenu(parent)
        group = QActionGroup(menu)
        group.setExclusive(True)
        actions = menu.choices
        for choice in Choice:
            action = QAction(LABELS[choice], menu, checkable=True)
            action.setStatusTip(TIPS[choice])
            action.setChecked(choice is self._choice)
            action.triggered.connect(lambda _checked=False, c=choice: self.set_choice(c))
            group.addAction(action)
            menu.addAction(action)
            actions[choice] = action
        self.choice_changed.connect(menu.show_choice)
        return menu, actions

    def _on_system_changed(self, scheme: Qt.ColorScheme) -> None:
        self._system_dark = scheme == Qt.ColorScheme.Dark
        if self._choice is Choice.SYSTEM:
            self._apply()

    def _apply(self, force: bool = False) -> None:
        scheme = scheme_for(self._choice, self._system_dark)
        if scheme is theme.current() and not force:
            return
        theme.use(scheme)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            theme.restyle(app)
        self.changed.emit()


class ThemeMenu(QMenu):
    """View ▸ Theme; its check mark follows the choice, however it was made."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("&Theme", parent)
        self.choices: dict[Choice, QAction] = {}

    def show_choice(self, choice: Choice) -> None:
        if choice in self.choices:
            self.choices[choice].setChecked(True)
