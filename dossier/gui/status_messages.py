"""What the status bar says after an edit: a clip (and where the same passage already is),
an undo, a redo, a save."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtGui import QAction, QUndoStack

from dossier.core.dossier import Clip, Dossier
from dossier.core.quoting import clip_quoted, quoted

SHORT = 60


def clipped(dossier: Dossier, clip: Clip, earlier: list[Clip]) -> str:
    """ "Clipped to “Agenda”: “…”", and the sections that already hold the same passage."""
    section = dossier.sections[dossier.find_clip(clip.id)[0]]
    text = f"Clipped to {quoted(section.title)}: {clip_quoted(clip).short(SHORT)}"
    also = []
    for other in earlier:
        if other.id != clip.id and other.start < clip.end and clip.start < other.end:
            try:
                title = dossier.sections[dossier.find_clip(other.id)[0]].title
            except KeyError:
                continue
            if title not in also:
                also.append(title)
    if also:
        text += " — this passage is also in " + ", ".join(quoted(t) for t in also)
    return text


def saved(path: Path) -> str:
    return f"Saved {quoted(path.stem)} to {path}"


def follow_undo(
    stack: QUndoStack,
    undo_actions: Iterable[QAction | None],
    redo_actions: Iterable[QAction | None],
    show: Callable[[str], None],
) -> None:
    """Say what an undo or a redo did, however it was asked for (menu, toolbar, keys). Each
    action has already run when this is told: what was undone is now the stack's redo text."""
    for action in filter(None, undo_actions):
        action.triggered.connect(lambda _checked=False: show(_said("Undone", stack.redoText())))
    for action in filter(None, redo_actions):
        action.triggered.connect(lambda _checked=False: show(_said("Redone", stack.undoText())))


def _said(verb: str, text: str) -> str:
    return f"{verb}: {text[:1].lower()}{text[1:]}" if text else verb
