"""Links brought to the window: dropped from a browser (or a file manager), or pasted with
Ctrl+V into the library list. Both only say what arrived; the window imports it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget

from dossier.core.textio import ARTICLE_SUFFIXES
from dossier.gui.dialogs.url_dialog import links_in
from dossier.gui.mime import MIME_DOSSIER_ITEMS, MIME_SELECTION


def links_in_mime(mime: QMimeData | None) -> tuple[list[str], list[Path]]:
    """The web addresses and the article files or folders that ``mime`` carries.

    Dossier's own drags (a selection, dossier items) carry none; plain text counts only when
    it is nothing but addresses, so dragging a passage that mentions a link imports nothing.
    """
    if mime is None or mime.hasFormat(MIME_SELECTION) or mime.hasFormat(MIME_DOSSIER_ITEMS):
        return [], []
    urls: list[str] = []
    files: list[Path] = []
    for qurl in mime.urls():
        if qurl.isLocalFile():
            path = Path(qurl.toLocalFile())
            if path.is_dir() or path.suffix.lower() in ARTICLE_SUFFIXES:
                files.append(path)
        elif qurl.scheme().lower() in ("http", "https"):
            urls.append(qurl.toString())
    if not urls and not files and mime.hasText():
        text = mime.text()
        found = links_in(text)
        if found and not links_in_text_leftover(text, found):
            urls = found
    return list(dict.fromkeys(urls)), files


def links_in_text_leftover(text: str, links: list[str]) -> str:
    """What ``text`` holds besides ``links`` (white space aside)."""
    for link in links:
        text = text.replace(link, " ")
    return text.strip(" \t\r\n.,;")


def clipboard_links() -> list[str]:
    """The web addresses on the clipboard (to offer them in Import from URL…)."""
    return links_in_mime(QGuiApplication.clipboard().mimeData())[0]


class LinkDrops(QObject):
    """Lets ``widget`` take links and article files dropped on it; ``dropped`` says which."""

    dropped = Signal(list, list)  # web addresses, paths

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, (QDragEnterEvent, QDragMoveEvent)
        ):
            urls, files = links_in_mime(event.mimeData())
            if urls or files:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            urls, files = links_in_mime(event.mimeData())
            if urls or files:
                event.acceptProposedAction()
                self.dropped.emit(urls, files)
                return True
        return super().eventFilter(watched, event)


class PasteLinks(QObject):
    """Ctrl+V (the platform's Paste) on ``view`` imports the links on the clipboard."""

    pasted = Signal(list, list)  # web addresses, paths
    nothing = Signal()  # the clipboard held no link

    def __init__(self, view: QWidget):
        super().__init__(view)
        self.action = QAction("Paste Links", view)
        self.action.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.triggered.connect(self.paste)
        view.addAction(self.action)

    def paste(self) -> None:
        urls, files = links_in_mime(QGuiApplication.clipboard().mimeData())
        if urls or files:
            self.pasted.emit(urls, files)
        else:
            self.nothing.emit()
