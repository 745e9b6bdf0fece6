"""Core commands on Qt's undo stack.

Every edit of a dossier is a :class:`dossier.core.commands.Command`; the GUI wraps each in a
:class:`CommandAdapter` and pushes it on the session's one ``QUndoStack``, so undo/redo
actions, clean state and merging come from Qt while the work stays in the core.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from dossier.core.commands import Command
from dossier.core.dossier import Dossier


class CommandAdapter(QUndoCommand):
    """A core command as a ``QUndoCommand``. ``QUndoStack.push`` calls :meth:`redo` at once."""

    def __init__(self, command: Command, dossier: Dossier, parent: QUndoCommand | None = None):
        super().__init__(command.text, parent)
        self.command = command
        self._dossier = dossier

    def redo(self) -> None:
        self.command.do(self._dossier)
        self.setText(self.command.text)  # some commands name what they did only once done

    def undo(self) -> None:
        self.command.undo(self._dossier)

    def id(self) -> int:
        return self.command.merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, CommandAdapter) or other.command.merge_id != self.command.merge_id:
            return False
        return self.command.merge(other.command)
