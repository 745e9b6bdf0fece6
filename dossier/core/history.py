"""A plain undo stack for headless use, over whatever its commands edit (a dossier, the library).

The window uses Qt's ``QUndoStack`` instead: one for the dossier, one for library edits.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


class Undoable(Protocol[T_contra]):
    text: str
    merge_id: int

    def do(self, target: T_contra) -> Any: ...

    def undo(self, target: T_contra) -> Any: ...

    def merge(self, other: Any) -> bool: ...


class History(Generic[T]):
    """Commands done on ``target``, undone and redone in order; commands with the same
    non-negative ``merge_id`` may merge (typing a note undoes as one edit)."""

    def __init__(self, target: T):
        self.target = target
        self._done: list[Undoable[T]] = []
        self._undone: list[Undoable[T]] = []
        self._clean_index = 0

    def push(self, command: Undoable[T]) -> None:
        command.do(self.target)
        self._undone.clear()
        top = self._done[-1] if self._done else None
        if top is not None and command.merge_id >= 0 and top.merge_id == command.merge_id and top.merge(command):
            return
        self._done.append(command)

    def undo(self) -> bool:
        if not self._done:
            return False
        command = self._done.pop()
        command.undo(self.target)
        self._undone.append(command)
        return True

    def redo(self) -> bool:
        if not self._undone:
            return False
        command = self._undone.pop()
        command.do(self.target)
        self._done.append(command)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def set_clean(self) -> None:
        self._clean_index = len(self._done)

    @property
    def is_clean(self) -> bool:
        return self._clean_index == len(self._done)
