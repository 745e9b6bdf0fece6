"""Every user edit of a dossier as a command with ``do`` and ``undo``.

Commands name sections and clips by id, not by position, so they stay right whatever
happened in between. The GUI wraps each in a ``QUndoCommand`` on one ``QUndoStack``;
headless callers (CLI, scripts, tests) use :class:`UndoStack` below.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from datetime import date
from typing import Any

from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.errors import InvalidDate, TooLong
from dossier.core.history import History
from dossier.core.limits import MAX_TITLE_CHARS, too_long


class Command:
    text = "Edit"
    #: Commands with the same non-negative merge id may be merged by an undo stack.
    merge_id = -1

    def do(self, dossier: Dossier) -> None:
        raise NotImplementedError

    def undo(self, dossier: Dossier) -> None:
        raise NotImplementedError

    def merge(self, other: Command) -> bool:
        """Absorb ``other`` (already done) into this command; False when they do not merge."""
        return False


@dataclass
class AddSection(Command):
    title: str
    row: int | None = None
    given: InitVar[Section | None] = None  # a section to add (a new one named ``title`` by default)
    section: Section = field(init=False)

    def __post_init__(self, given: Section | None) -> None:
        check_title(self.title)
        self.section = given or Section(self.title.strip() or "New section")
        self.text = f"Add section “{self.section.title}”"

    def do(self, dossier: Dossier) -> None:
        row = len(dossier.sections) if self.row is None else self.row
        dossier.insert_section(row, self.section)

    def undo(self, dossier: Dossier) -> None:
        dossier.remove_section(dossier.section_row(self.section.id))


@dataclass
class RemoveSection(Command):
    section_id: str
    _row: int = -1
    _section: Section | None = None

    def do(self, dossier: Dossier) -> None:
        self._row = dossier.section_row(self.section_id)
        self._section = dossier.remove_section(self._row)
        self.text = f"Delete section “{self._section.title}”"

    def undo(self, dossier: Dossier) -> None:
        assert self._section is not None  # undo follows do
        dossier.insert_section(self._row, self._section)


@dataclass
class RenameSection(Command):
    section_id: str
    title: str
    _old: str = ""

    def __post_init__(self) -> None:
        check_title(self.title)
        self.text = f"Rename section to “{self.title}”"

    def do(self, dossier: Dossier) -> None:
        row = dossier.section_row(self.section_id)
        self._old = dossier.sections[row].title
        dossier.rename_section(row, self.title)

    def undo(self, dossier: Dossier) -> None:
        dossier.rename_section(dossier.section_row(self.section_id), self._old)


@dataclass
class MoveSection(Command):
    section_id: str
    dest: int
    _origin: int = -1
    text: str = "Move section"

    def do(self, dossier: Dossier) -> None:
        self._origin = dossier.section_row(self.section_id)
        dossier.move_section(self._origin, max(0, min(self.dest, len(dossier.sections) - 1)))

    def undo(self, dossier: Dossier) -> None:
        dossier.move_section(dossier.section_row(self.section_id), self._origin)


@dataclass
class AddClip(Command):
    section_id: str
    clip: Clip
    row: int | None = None
    text: str = "Clip passage"

    def do(self, dossier: Dossier) -> None:
        s = dossier.section_row(self.section_id)
        row = len(dossier.sections[s].clips) if self.row is None else self.row
        dossier.insert_clip(s, row, self.clip)

    def undo(self, dossier: Dossier) -> None:
        dossier.remove_clip(*dossier.find_clip(self.clip.id))


@dataclass
class RemoveClip(Command):
    clip_id: str
    _where: tuple[int, int] = (-1, -1)
    _clip: Clip | None = None
    _section_id: str = ""
    text: str = "Delete clip"

    def do(self, dossier: Dossier) -> None:
        s, row = dossier.find_clip(self.clip_id)
        self._section_id, self._where = dossier.sections[s].id, (s, row)
        self._clip = dossier.remove_clip(s, row)

    def undo(self, dossier: Dossier) -> None:
        assert self._clip is not None  # undo follows do
        dossier.insert_clip(dossier.section_row(self._section_id), self._where[1], self._clip)


@dataclass
class MoveClip(Command):
    """Move a clip to index ``dest`` of a section (the index it has once there)."""

    clip_id: str
    dest_section_id: str
    dest: int
    _origin_section_id: str = ""
    _origin_row: int = -1
    text: str = "Move clip"

    def do(self, dossier: Dossier) -> None:
        s, row = dossier.find_clip(self.clip_id)
        self._origin_section_id, self._origin_row = dossier.sections[s].id, row
        d = dossier.section_row(self.dest_section_id)
        limit = len(dossier.sections[d].clips) - (1 if d == s else 0)
        dossier.move_clip(s, row, d, max(0, min(self.dest, limit)))

    def undo(self, dossier: Dossier) -> None:
        s, row = dossier.find_clip(self.clip_id)
        dossier.move_clip(s, row, dossier.section_row(self._origin_section_id), self._origin_row)


@dataclass
class EditClip(Command):
    """Change a clip's note (or, after relocation, its span and context)."""

    clip_id: str
    changes: dict[str, Any] = field(default_factory=dict)
    _old: dict[str, Any] = field(default_factory=dict)
    merge_id = 1

    def __post_init__(self) -> None:
        self.text = "Edit note" if set(self.changes) == {"note"} else "Update clip"

    def do(self, dossier: Dossier) -> None:
        old = dossier.update_clip(*dossier.find_clip(self.clip_id), **self.changes)
        self._old = {**old, **self._old} if self._old else old

    def undo(self, dossier: Dossier) -> None:
        dossier.update_clip(*dossier.find_clip(self.clip_id), **self._old)

    def merge(self, other: Command) -> bool:
        """Typing a note makes many edits; they undo as one."""
        if not isinstance(other, EditClip) or other.clip_id != self.clip_id:
            return False
        if set(other.changes) != {"note"} or set(self.changes) != {"note"}:
            return False
        self.changes = dict(other.changes)
        return True


@dataclass
class ReanchorClips(Command):
    """Change several clips at once, undone as one step: clips following a new version of
    their source (:func:`dossier.core.versions.reanchored`), or kept on their version."""

    changes: dict[str, dict[str, Any]]
    text: str = "Follow new versions of sources"
    _old: dict[str, dict[str, Any]] = field(default_factory=dict)

    def do(self, dossier: Dossier) -> None:
        self._old = {
            clip_id: dossier.update_clip(*dossier.find_clip(clip_id), **changes)
            for clip_id, changes in self.changes.items()
        }

    def undo(self, dossier: Dossier) -> None:
        for clip_id, old in self._old.items():
            dossier.update_clip(*dossier.find_clip(clip_id), **old)


@dataclass
class SetInfo(Command):
    """Change the dossier's title or cover fields (``None`` leaves a field as it is)."""

    title: str | None = None
    author: str | None = None
    organisation: str | None = None
    date: str | None = None
    marking: str | None = None
    _old: dict[str, str] = field(default_factory=dict)
    text: str = "Edit dossier details"

    def __post_init__(self) -> None:
        if self.title is not None:
            check_title(self.title)
        if self.date:
            check_date(self.date)

    def _changes(self) -> dict[str, str]:
        fields = {
            "title": self.title,
            "author": self.author,
            "organisation": self.organisation,
            "date": self.date,
            "marking": self.marking,
        }
        return {k: v for k, v in fields.items() if v is not None}

    def do(self, dossier: Dossier) -> None:
        self._old = dossier.set_info(**self._changes())

    def undo(self, dossier: Dossier) -> None:
        dossier.set_info(**self._old)


@dataclass
class EditBottomLine(Command):
    """Set the bottom line (Markdown). Typing makes many edits; they undo as one."""

    markdown: str
    _old: str | None = None
    merge_id = 2
    text: str = "Edit bottom line"

    def do(self, dossier: Dossier) -> None:
        old = dossier.set_info(bottom_line=self.markdown)["bottom_line"]
        self._old = old if self._old is None else self._old

    def undo(self, dossier: Dossier) -> None:
        dossier.set_info(bottom_line=self._old or "")

    def merge(self, other: Command) -> bool:
        if not isinstance(other, EditBottomLine):
            return False
        self.markdown = other.markdown
        return True


@dataclass
class EditAssessment(Command):
    """Set a section's assessment (Markdown). Typing in one section undoes as one edit."""

    section_id: str
    markdown: str
    _old: str | None = None
    merge_id = 3

    def __post_init__(self) -> None:
        self.text = "Edit assessment"

    def do(self, dossier: Dossier) -> None:
        old = dossier.set_assessment(dossier.section_row(self.section_id), self.markdown)
        self._old = old if self._old is None else self._old

    def undo(self, dossier: Dossier) -> None:
        dossier.set_assessment(dossier.section_row(self.section_id), self._old or "")

    def merge(self, other: Command) -> bool:
        if not isinstance(other, EditAssessment) or other.section_id != self.section_id:
            return False
        self.markdown = other.markdown
        return True


def check_title(title: str) -> str:
    """A dossier or section title, refused with :class:`TooLong` over the limit."""
    if len(title) > MAX_TITLE_CHARS:
        raise TooLong(too_long("The title", len(title), MAX_TITLE_CHARS))
    return title


def check_date(value: str) -> str:
    """``value`` if it is a date as ``YYYY-MM-DD``; raises :class:`InvalidDate` otherwise."""
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or len(value) != 10:
        raise InvalidDate(f"“{value}” is not a date: write it as YYYY-MM-DD, for example 2025-03-17.")
    return value


class UndoStack(History[Dossier]):
    """A plain undo stack of dossier edits for headless use; the GUI uses QUndoStack instead."""

    @property
    def dossier(self) -> Dossier:
        return self.target
