"""Keyboard and assistive technology: accessible names, the tab order, moving between panes.

:func:`unnamed` walks a window for interactive widgets that a screen reader would announce
without a name; the tests hold it empty. :class:`Panes` moves the keyboard focus between the
library, the reader and the dossier (F6 and Shift+F6 in turn, Alt+1 … Alt+3 straight to one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QToolButton,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QAbstractSlider,
    QAbstractScrollArea,
)


def name(widget: QWidget, text: str, description: str = "") -> QWidget:
    """Give ``widget`` an accessible name (and a description); returns it, for chaining."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology announces for ``widget`` (its own, a button's text, …)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def is_interactive(widget: QWidget) -> bool:
    if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(widget, QAbstractButton):
        return False
    holder = widget.parent()
    if isinstance(widget, QAbstractSlider) and holder is not None and isinstance(holder.parent(), QAbstractScrollArea):
        return False  # a scroll area's own scroll bar: announced with its area
    return isinstance(widget, INTERACTIVE)


def unnamed(root: QWidget) -> list[QWidget]:
    """The interactive widgets of ``root``'s window (popups have their own) with no accessible name."""
    widgets = [root, *root.findChildren(QWidget)]
    return [w for w in widgets if w.window() is root.window() and is_interactive(w) and not spoken_name(w)]


def chain(widgets: Sequence[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


class Panes:
    """The window's panes in order, each with the widget that takes the focus when one goes to it."""

    def __init__(self, panes: Sequence[tuple[QWidget, Callable[[], QWidget]]]):
        self._panes = list(panes)

    def go_to(self, n: int) -> None:
        target = self._panes[n][1]()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current(self) -> int:
        """The pane holding the focus, or -1."""
        focus = self._panes[0][0].window().focusWidget()
        for n, (pane, _target) in enumerate(self._panes):
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return n
        return -1

    def cycle(self, step: int) -> None:
        """To the next (step 1) or previous (step -1) pane, round."""
        now = self.current()
        start = now if now >= 0 else (-1 if step > 0 else 0)
        self.go_to((start + step) % len(self._panes))


def name_field_buttons(root: QWidget) -> None:
    """Text fields show their actions as small buttons that Qt leaves unnamed: name each after
    its action (the clear button has none: it clears)."""
    for field in root.findChildren(QLineEdit):
        for button in field.findChildren(QToolButton):
            action = button.defaultAction()
            words = (action.text() or action.toolTip()) if action is not None else ""
            name(button, words.replace("&", "") or "Clear the text")


def describe_window(window) -> Panes:  # a MainWindow
    """Names for the window's interactive widgets, its tab order, and its panes."""
    sp, reader, dp = window.search_panel, window.reader, window.dossier_panel
    name(sp.field, "Search articles", "Type words to search the library; Down moves to the results")
    name_field_buttons(window)
    name(sp.sort_combo, "Sort the library by")
    name(sp.view, "Articles", "The library or the search results; Enter opens one in the reader")
    name(reader.prev_button, "Previous match")
    name(reader.next_button, "Next match")
    name(reader.view, "Article", "The article's text; select a passage and press Ctrl+Return to clip it")
    name(dp.title_edit, "Dossier title")
    name(dp.tree, "Sections and clips", "F2 renames a section, Delete removes, Ctrl+Up and Ctrl+Down move")
    name(dp.note_edit, "Note on the selected clip")
    dp.note_edit.setTabChangesFocus(True)  # Tab leaves the note; a note needs no tab characters
    name(dp.badge_label, "Warning")
    for button in window.findChildren(QAbstractButton):
        if button.objectName() == "qt_toolbar_ext_button":
            name(button, "More toolbar buttons")
        elif button.objectName() == "qt_menubar_ext_button":
            name(button, "More menus")
    chain(
        [
            sp.field,
            sp.sort_combo,
            sp.view,
            sp.more_button,
            reader.prev_button,
            reader.next_button,
            reader.boilerplate_box,
            reader.view,
            dp.title_edit,
            dp.add_section_button,
            dp.tree,
            dp.note_edit,
        ]
    )
    return Panes([(sp, lambda: sp.field), (reader, lambda: reader.view), (dp, lambda: dp.tree)])
