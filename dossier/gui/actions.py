"""The window's actions, menus and toolbar, declared in one place.

Each action calls one public method of the window; shortcuts are the platform's standard
ones where Qt has them. Ctrl+1 … Ctrl+9 clip the selection into the first nine sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton

if TYPE_CHECKING:
    from dossier.gui.main_window import MainWindow


CLIP_KEYS = 9
Std = QKeySequence.StandardKey


@dataclass
class Actions:
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    import_files: QAction
    import_folder: QAction
    import_url: QAction
    check_sources: QAction
    export_pdf: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    edit_metadata: QAction
    rename_dossier: QAction
    clip: QAction
    new_section: QAction
    boilerplate: QAction
    focus_library: QAction
    focus_reader: QAction
    focus_dossier: QAction
    next_pane: QAction
    previous_pane: QAction
    rebuild_index: QAction
    syntax: QAction
    timeline: QAction
    about: QAction
    clip_to: list[QAction] = field(default_factory=list)
    recent_menu: QMenu | None = None
    clip_menu: QMenu | None = None
    file_menu: QMenu | None = None
    view_menu: QMenu | None = None
    theme_menu: QMenu | None = None
    bar_undo: QAction | None = None  #: the toolbar's Undo and Redo
    bar_redo: QAction | None = None
    theme: dict = field(default_factory=dict)  #: appearance.Choice -> its checkable action


def _keys(standard: QKeySequence.StandardKey, *extra: str) -> list[QKeySequence]:
    """The platform's keys for ``standard``, plus ``extra`` ones it lacks (no duplicates,
    which would make the shortcut ambiguous)."""
    keys = list(QKeySequence.keyBindings(standard))
    for key in extra:
        if QKeySequence(key) not in keys:
            keys.append(QKeySequence(key))
    return keys


def _action(window: QMainWindow, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work even while the menu bar is hidden
    return action


def build(window: MainWindow) -> Actions:
    """Create the actions of ``window`` (a MainWindow), its menus and its toolbar."""
    stack = window.session.undo_stack
    undo = stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence(Std.Undo))
    redo = stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence(Std.Redo))
    a = Actions(
        new=_action(window, "&New Dossier", window.new_dossier, Std.New, "Start a new, empty dossier"),
        open=_action(window, "&Open…", window.open_dossier, Std.Open, "Open a dossier file"),
        save=_action(window, "&Save", window.save, Std.Save, "Save the dossier"),
        save_as=_action(window, "Save &As…", window.save_as, Std.SaveAs, "Save the dossier under a new name"),
        import_files=_action(
            window,
            "&Import Articles…",
            window.import_files,
            "Ctrl+I",
            "Add .txt, .md, .html, .pdf or .docx articles to the library",
        ),
        import_folder=_action(
            window,
            "Import &Folder…",
            window.import_folder,
            "Ctrl+Shift+I",
            "Add every article in a folder (and its subfolders)",
        ),
        import_url=_action(
            window,
            "Import from &URL…",
            window.import_from_url,
            "Ctrl+L",
            "Fetch web pages or feeds by their address and add them to the library",
        ),
        check_sources=_action(
            window,
            "&Check Sources for Changes",
            window.check_sources,
            None,
            "Fetch the web articles again and say which changed since they were imported",
        ),
        export_pdf=_action(
            window,
            "&Export Briefing…",
            window.export_pdf,
            "Ctrl+E",
            "Write the dossier as a cited briefing: PDF, Word, Markdown or HTML",
        ),
        quit=_action(window, "&Quit", window.close, Std.Quit),
        undo=undo,
        redo=redo,
        find=_action(window, "&Find…", window.search_panel.focus_search, Std.Find, "Search the library"),
        find_next=_action(window, "Find &Next", window.reader.next_match, Std.FindNext, "Next match in the article"),
        find_previous=_action(
            window, "Find &Previous", window.reader.previous_match, Std.FindPrevious, "Previous match in the article"
        ),
        edit_metadata=_action(
            window,
            "Article &Details…",
            window.edit_metadata,
            "Ctrl+Shift+E",
            "Edit the title, publisher, author, date and URL the citations use",
        ),
        rename_dossier=_action(
            window,
            "Rename D&ossier…",
            window.dossier_panel.edit_title,
            "Ctrl+Shift+R",
            "Edit the dossier's title, which heads the briefing",
        ),
        clip=_action(
            window,
            "&Clip Selection",
            window.clip_to_current_section,
            "Ctrl+Return",
            "Clip the selected passage into the selected section",
        ),
        new_section=_action(
            window,
            "Clip to &New Section…",
            lambda: window.clip_to_section(-1),
            "Ctrl+0",
            "Make a new section and clip the selected passage into it",
        ),
        boilerplate=_action(
            window,
            "Show Page &Furniture",
            lambda: None,
            "Ctrl+Shift+B",
            "Show share buttons, contact lines and other page furniture in the reader",
        ),
        focus_library=_action(
            window, "Go to &Library", lambda: window.panes.go_to(0), "Alt+1", "Move the keyboard to the search field"
        ),
        focus_reader=_action(
            window, "Go to &Reader", lambda: window.panes.go_to(1), "Alt+2", "Move the keyboard to the article"
        ),
        focus_dossier=_action(
            window,
            "Go to &Dossier",
            lambda: window.panes.go_to(2),
            "Alt+3",
            "Move the keyboard to the dossier's sections and clips",
        ),
        next_pane=_action(window, "Next &Pane", lambda: window.panes.cycle(+1), "F6"),
        previous_pane=_action(window, "Pre&vious Pane", lambda: window.panes.cycle(-1), "Shift+F6"),
        rebuild_index=_action(
            window, "&Rebuild Search Index", window.ops.rebuild_index, None, "Index every article of the library again"
        ),
        syntax=_action(window, "&Search Syntax", window.search_panel.show_help, Std.HelpContents),
        timeline=_action(
            window, "&Timeline", window.show_timeline, "Ctrl+Alt+T", "The clips in the order of their sources' dates"
        ),
        about=_action(window, "&About Dossier", window.show_about),
    )
    a.find_next.setShortcuts(_keys(Std.FindNext, "F3"))
    a.find_previous.setShortcuts(_keys(Std.FindPrevious, "Shift+F3"))
    a.quit.setShortcuts(_keys(Std.Quit, "Ctrl+Q"))
    a.focus_dossier.setShortcuts([QKeySequence("Alt+3"), QKeySequence("Ctrl+Shift+D")])
    a.boilerplate.setCheckable(True)
    a.boilerplate.toggled.connect(window.reader.set_boilerplate_visible)
    window.reader.boilerplate_box.toggled.connect(a.boilerplate.setChecked)
    a.quit.setMenuRole(QAction.MenuRole.QuitRole)
    a.about.setMenuRole(QAction.MenuRole.AboutRole)
    for n in range(CLIP_KEYS):
        act = _action(window, f"Clip to Section {n + 1}", lambda row=n: window.clip_to_section(row), f"Ctrl+{n + 1}")
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.clip_to.append(act)
    a.theme_menu, a.theme = window.appearance.build_menu(window)
    _menus(window, a)
    _toolbar(window, a)
    return a


def _menus(window: MainWindow, a: Actions) -> None:
    bar = window.menuBar()
    file = a.file_menu = bar.addMenu("&File")
    file.addActions([a.new, a.open])
    a.recent_menu = file.addMenu("Open &Recent")
    a.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    file.addActions([a.save, a.save_as])
    file.addSeparator()
    file.addActions([a.import_files, a.import_folder, a.import_url])
    file.addSeparator()
    file.addAction(a.export_pdf)
    file.addSeparator()
    file.addAction(a.quit)

    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.find, a.find_next, a.find_previous])
    edit.addSeparator()
    edit.addActions([a.edit_metadata, a.rename_dossier])
    edit.addActions(_library_undo(window))

    clip = bar.addMenu("&Clip")
    clip.addAction(a.clip)
    clip.addSeparator()
    clip.addActions(a.clip_to)
    clip.addSeparator()
    clip.addAction(a.new_section)
    clip.aboutToShow.connect(window.update_clip_actions)
    a.clip_menu = clip

    library = bar.addMenu("&Library")
    library.addActions([a.import_files, a.import_folder, a.import_url])
    library.addSeparator()
    library.addAction(a.check_sources)

    view = a.view_menu = bar.addMenu("&View")
    view.addAction(a.boilerplate)
    if a.theme_menu is not None:
        view.addMenu(a.theme_menu)
    view.addSeparator()
    view.addActions([a.find, a.focus_library, a.focus_reader, a.focus_dossier, a.next_pane, a.previous_pane])
    view.addSeparator()
    view.addAction(a.timeline)
    view.addSeparator()
    view.addAction(a.rebuild_index)

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.syntax, a.about])


def _library_undo(window: MainWindow) -> list[QAction]:
    """Undo and redo of article edits: the library's own stack, apart from the dossier's."""
    stack = window.ops.undo_stack
    undo = stack.createUndoAction(window, "Undo Article Edit")
    undo.setShortcut(QKeySequence("Ctrl+Alt+Z"))
    redo = stack.createRedoAction(window, "Redo Article Edit")
    redo.setShortcut(QKeySequence("Ctrl+Alt+Shift+Z"))
    for action in (undo, redo):
        window.addAction(action)
    return [undo, redo]


def _toolbar(window: MainWindow, a: Actions) -> None:
    bar = QToolBar("Main", window)
    bar.setObjectName("MainToolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addActions([a.new, a.open, a.save])
    bar.addSeparator()
    bar.addAction(a.import_files)
    bar.addSeparator()
    stack = window.session.undo_stack
    a.bar_undo = _stack_action(window, "Undo", stack.undo, stack.canUndo, stack.canUndoChanged, stack.undoTextChanged)
    a.bar_redo = _stack_action(window, "Redo", stack.redo, stack.canRedo, stack.canRedoChanged, stack.redoTextChanged)
    bar.addActions([a.bar_undo, a.bar_redo])
    bar.addSeparator()
    clip_menu = QMenu(window)
    clip_menu.aboutToShow.connect(lambda: window.fill_clip_menu(clip_menu))
    button = QToolButton(bar)
    button.setDefaultAction(a.clip)
    button.setText("Clip")
    button.setToolTip(
        "Clip the selected passage into the selected section (Ctrl+Return); the arrow picks another section"
    )
    button.setMenu(clip_menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    button.setObjectName("ClipButton")
    bar.addWidget(button)
    bar.addSeparator()
    bar.addAction(a.export_pdf)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    window.clip_button = button


def _stack_action(window: QMainWindow, verb: str, slot, enabled, enabled_changed, text_changed) -> QAction:
    """A toolbar button with a short fixed label; what it would undo shows in its tooltip."""
    action = _StackAction(verb, window)
    action.triggered.connect(slot)
    action.setEnabled(enabled())
    enabled_changed.connect(action.setEnabled)
    text_changed.connect(action.show_command)
    return action


class _StackAction(QAction):
    """Its slots are methods, so Qt disconnects them when the action goes (the undo stack
    may outlive the window and still emit while it is cleared)."""

    def __init__(self, verb: str, parent: QMainWindow):
        super().__init__(verb, parent)
        self._verb = verb

    def show_command(self, text: str) -> None:
        self.setToolTip(f"{self._verb} {text}" if text else self._verb)
