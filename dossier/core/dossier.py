"""The dossier model: a Dossier holds ordered Sections, a Section holds ordered Clips.

Every change goes through one of the primitive mutators below, and each emits an
:class:`Event` *before* and *after* it happens, so a view (a Qt item model, say) can call
``beginInsertRows``/``endInsertRows`` around it. The mutators are the vocabulary of
:mod:`dossier.core.commands`, which adds undo; user edits go through commands.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

DEFAULT_SECTIONS = ("Agenda", "Demands", "Reactions")
CONTEXT_CHARS = 40
#: The dossier's own text fields, changed together by :meth:`Dossier.set_info`: the cover
#: (title, author, organisation, date as ``YYYY-MM-DD`` or "" for the day of export, and the
#: handling marking printed on every page) and the bottom line (Markdown, see
#: :mod:`dossier.core.brief_text`).
INFO_FIELDS = ("title", "author", "organisation", "date", "marking", "bottom_line")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass
class Clip:
    """An exact quote from one version of an article, with where it stands in it.

    ``quote`` is always the source's own text between ``start`` and ``end``. A quote shortened
    or clarified by its editor keeps that passage and adds ``edit``, the quote as printed
    (``…`` for an omission, ``[word]`` for an insertion, ``[sic]``), with ``spans``, where each
    kept fragment of the edit stands in the source (see :mod:`dossier.core.quote_edits`).
    ``history`` keeps the anchors a clip had on earlier versions of its source, oldest first
    (see :mod:`dossier.core.versions`); ``keep_version`` says the clip quotes its version on
    purpose although the source has a newer one.
    """

    article_id: str
    article_version: int
    quote: str
    start: int
    end: int
    context_before: str = ""
    context_after: str = ""
    paragraph: int | None = None
    note: str = ""
    created: str = field(default_factory=_now)
    id: str = field(default_factory=new_id)
    edit: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    history: list[dict[str, object]] = field(default_factory=list)
    keep_version: bool = False
    credibility: int | None = None  # the information's grade, 1-6 (see dossier.core.grading)

    @property
    def printed(self) -> str:
        """The quote as a reader sees it: the edit if there is one, else the source's words."""
        return self.edit or self.quote

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["spans"] = [list(span) for span in self.spans]
        data["history"] = [dict(entry) for entry in self.history]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clip:
        """A clip from its saved form; files written before edits and versions load unchanged."""
        clip = cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        clip.spans = [(int(span[0]), int(span[1])) for span in clip.spans or []]
        clip.history = [dict(entry) for entry in clip.history or [] if isinstance(entry, dict)]
        clip.edit = str(clip.edit or "")
        clip.keep_version = bool(clip.keep_version)
        clip.credibility = clip.credibility if clip.credibility in range(1, 7) else None
        return clip


@dataclass
class Section:
    """A theme of the briefing: the analyst's assessment (Markdown citing clips) and its clips."""

    title: str
    clips: list[Clip] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    assessment: str = ""


class EventKind(StrEnum):
    """What changed in a dossier (each kind names the fields of :class:`Event` it sets)."""

    SECTION_INSERT = "section_insert"  # row
    SECTION_REMOVE = "section_remove"  # row
    SECTION_MOVE = "section_move"  # row -> dest (dest counted as in list.insert after removal)
    SECTION_CHANGE = "section_change"  # row (title, assessment)
    CLIP_INSERT = "clip_insert"  # section, row
    CLIP_REMOVE = "clip_remove"  # section, row
    CLIP_MOVE = "clip_move"  # section, row -> dest_section, dest
    CLIP_CHANGE = "clip_change"  # section, row (note, span)
    DOSSIER_CHANGE = "dossier_change"  # (the fields of INFO_FIELDS: the cover and the bottom line)
    RESET = "reset"  # everything may have changed


class Phase(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class Event:
    """A change to a dossier, told to listeners once before it is made and once after.

    ``kind`` and ``phase`` are checked: a misspelt kind raises instead of passing unnoticed.
    """

    kind: EventKind
    phase: Phase
    row: int = -1
    section: int = -1
    dest_section: int = -1
    dest: int = -1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))
        object.__setattr__(self, "phase", Phase(self.phase))


Listener = Callable[[Event], None]


class Dossier:
    def __init__(self, title: str = "Untitled dossier", author: str = "", sections: list[Section] | None = None):
        self.title = title
        self.author = author
        self.organisation = ""
        self.date = ""
        self.marking = ""
        self.bottom_line = ""
        self.created = _now()
        self.modified = self.created
        self.sections: list[Section] = sections if sections is not None else [Section(t) for t in DEFAULT_SECTIONS]
        self._listeners: list[Listener] = []

    # ------------------------------------------------------------------ events
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, kind: EventKind, phase: Phase, **where: int) -> None:
        event = Event(kind, phase, **where)
        for listener in list(self._listeners):
            listener(event)
        if phase is Phase.AFTER:
            self.modified = _now()

    # ------------------------------------------------------------------ lookup
    def clips(self) -> list[Clip]:
        return [clip for section in self.sections for clip in section.clips]

    def section_row(self, section_id: str) -> int:
        for row, section in enumerate(self.sections):
            if section.id == section_id:
                return row
        raise KeyError(section_id)

    def section_by_title(self, title: str) -> Section | None:
        wanted = title.casefold()
        return next((s for s in self.sections if s.title.casefold() == wanted), None)

    def find_clip(self, clip_id: str) -> tuple[int, int]:
        """(section row, clip row) of a clip."""
        for s, section in enumerate(self.sections):
            for c, clip in enumerate(section.clips):
                if clip.id == clip_id:
                    return s, c
        raise KeyError(clip_id)

    def clip(self, clip_id: str) -> Clip:
        s, c = self.find_clip(clip_id)
        return self.sections[s].clips[c]

    # ------------------------------------------------------------------ primitive mutators
    def info(self) -> dict[str, str]:
        """The cover fields and the bottom line, by name (see ``INFO_FIELDS``)."""
        return {name: getattr(self, name) for name in INFO_FIELDS}

    def set_info(self, **changes: str) -> dict[str, str]:
        """Change fields of ``INFO_FIELDS``; returns their old values."""
        unknown = set(changes) - set(INFO_FIELDS)
        if unknown:
            raise TypeError(f"not a dossier field: {', '.join(sorted(unknown))}")
        old = {name: getattr(self, name) for name in changes}
        self._emit(EventKind.DOSSIER_CHANGE, Phase.BEFORE)
        for name, value in changes.items():
            setattr(self, name, value)
        self._emit(EventKind.DOSSIER_CHANGE, Phase.AFTER)
        return old

    def insert_section(self, row: int, section: Section) -> None:
        row = max(0, min(row, len(self.sections)))
        self._emit(EventKind.SECTION_INSERT, Phase.BEFORE, row=row)
        self.sections.insert(row, section)
        self._emit(EventKind.SECTION_INSERT, Phase.AFTER, row=row)

    def remove_section(self, row: int) -> Section:
        self._emit(EventKind.SECTION_REMOVE, Phase.BEFORE, row=row)
        section = self.sections.pop(row)
        self._emit(EventKind.SECTION_REMOVE, Phase.AFTER, row=row)
        return section

    def move_section(self, row: int, dest: int) -> None:
        """Move section ``row`` so that it ends up at index ``dest``."""
        if row == dest:
            return
        self._emit(EventKind.SECTION_MOVE, Phase.BEFORE, row=row, dest=dest)
        self.sections.insert(dest, self.sections.pop(row))
        self._emit(EventKind.SECTION_MOVE, Phase.AFTER, row=row, dest=dest)

    def rename_section(self, row: int, title: str) -> None:
        self._emit(EventKind.SECTION_CHANGE, Phase.BEFORE, row=row)
        self.sections[row].title = title
        self._emit(EventKind.SECTION_CHANGE, Phase.AFTER, row=row)

    def set_assessment(self, row: int, text: str) -> str:
        """Set the assessment of section ``row``; returns the old one."""
        old = self.sections[row].assessment
        self._emit(EventKind.SECTION_CHANGE, Phase.BEFORE, row=row)
        self.sections[row].assessment = text
        self._emit(EventKind.SECTION_CHANGE, Phase.AFTER, row=row)
        return old

    def insert_clip(self, section: int, row: int, clip: Clip) -> None:
        clips = self.sections[section].clips
        row = max(0, min(row, len(clips)))
        self._emit(EventKind.CLIP_INSERT, Phase.BEFORE, section=section, row=row)
        clips.insert(row, clip)
        self._emit(EventKind.CLIP_INSERT, Phase.AFTER, section=section, row=row)

    def remove_clip(self, section: int, row: int) -> Clip:
        self._emit(EventKind.CLIP_REMOVE, Phase.BEFORE, section=section, row=row)
        clip = self.sections[section].clips.pop(row)
        self._emit(EventKind.CLIP_REMOVE, Phase.AFTER, section=section, row=row)
        return clip

    def move_clip(self, section: int, row: int, dest_section: int, dest: int) -> None:
        """Move a clip so that it ends up at index ``dest`` of ``dest_section``."""
        if section == dest_section and row == dest:
            return
        self._emit(EventKind.CLIP_MOVE, Phase.BEFORE, section=section, row=row, dest_section=dest_section, dest=dest)
        clip = self.sections[section].clips.pop(row)
        self.sections[dest_section].clips.insert(dest, clip)
        self._emit(EventKind.CLIP_MOVE, Phase.AFTER, section=section, row=row, dest_section=dest_section, dest=dest)

    def update_clip(self, section: int, row: int, **changes: Any) -> dict[str, Any]:
        """Change fields of a clip (note, or span after relocation); returns the old values."""
        clip = self.sections[section].clips[row]
        old = {k: getattr(clip, k) for k in changes}
        self._emit(EventKind.CLIP_CHANGE, Phase.BEFORE, section=section, row=row)
        for k, v in changes.items():
            setattr(clip, k, v)
        self._emit(EventKind.CLIP_CHANGE, Phase.AFTER, section=section, row=row)
        return old

    def replace_all(self, other: Dossier) -> None:
        """Take over another dossier's contents (used when loading into an open view)."""
        self._emit(EventKind.RESET, Phase.BEFORE)
        for name in INFO_FIELDS:
            setattr(self, name, getattr(other, name))
        self.created, self.sections = other.created, other.sections
        self._emit(EventKind.RESET, Phase.AFTER)
        self.modified = other.modified

    def stats(self) -> tuple[int, int, int]:
        """(clips, distinct sources, sections with clips)."""
        clips = self.clips()
        return len(clips), len({c.article_id for c in clips}), sum(1 for s in self.sections if s.clips)
