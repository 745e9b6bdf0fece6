"""The open dossier: its file, its one undo stack, its clip checks and its autosave.

Widgets never change the dossier themselves: they push a core command through
:meth:`DossierSession.push`. The :class:`~dossier.core.dossier.Dossier` object lives as long
as the session; *New* and *Open* replace its contents (``Dossier.replace_all``), so models
built over it stay valid.

Never lose work: after each change a single-shot timer writes the dossier to
``paths.autosave_dir()/autosave.dossier`` (with ``autosave.json`` naming the real file).
Saving, or returning to the clean state, removes it; an autosave found at start-up is what
a crashed run left behind (:func:`pending_recovery`) and :meth:`DossierSession.recover`
brings it back as unsaved work.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QUndoStack

from dossier import paths
from dossier.core import store
from dossier.core.commands import AddClip, AddSection, Command, ReanchorClips
from dossier.core.dossier import Clip, Dossier, Event, EventKind, Phase
from dossier.core.integrity import FINE, ClipCheck, article_for, check_clip, make_clip
from dossier.core.library import Article
from dossier.core.versions import follow, reanchored, with_versions
from dossier.gui.undo import CommandAdapter

if TYPE_CHECKING:
    from dossier.core.workspace import Workspace

log = logging.getLogger(__name__)

AUTOSAVE_NAME = "autosave.dossier"
AUTOSAVE_SIDECAR = "autosave.json"
AUTOSAVE_DELAY_MS = 3000
RECENT_KEY = "recent/files"
LAST_KEY = "session/last"
MAX_RECENT = 10


def autosave_path() -> Path:
    return paths.autosave_dir() / AUTOSAVE_NAME


def pending_recovery() -> Path | None:
    """The autosave a previous run left behind (it crashed or was killed), if any.

    Call it at start-up, before a session has written an autosave of its own.
    """
    path = autosave_path()
    return path if path.is_file() else None


def autosave_origin(autosave: Path) -> Path | None:
    """The file the autosaved dossier belongs to (None when it was never saved)."""
    try:
        data = json.loads((autosave.parent / AUTOSAVE_SIDECAR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("path") if isinstance(data, dict) else None
    return Path(value) if value else None


def _as_list(value) -> list[str]:
    """QSettings (INI) gives a str for a one-item list and None for none."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


class DossierSession(QObject):
    dossier_replaced = Signal()  #: after new/open/recover (the Dossier object stays the same)
    path_changed = Signal(object)  #: Path | None
    checks_changed = Signal()  #: clip verification results changed
    recent_files_changed = Signal()
    autosaved = Signal(object)  #: Path of the autosave just written

    pending_recovery = staticmethod(pending_recovery)

    def __init__(self, workspace: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.dossier = Dossier()
        self.undo_stack = QUndoStack(self)
        self.path: Path | None = None
        self._checks: dict[str, ClipCheck] = {}
        self._articles: dict[str, Article | None] = {}
        self._newest: dict[str, Article] = {}
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.flush_autosave)
        self.undo_stack.indexChanged.connect(self._on_index_changed)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.dossier.subscribe(self._on_dossier_event)

    # ------------------------------------------------------------------ editing
    def push(self, command: Command) -> None:
        """Do ``command`` and put it on the undo stack."""
        self.undo_stack.push(CommandAdapter(command, self.dossier))

    def clip_selection(
        self, article: Article, start: int, end: int, section_row: int, note: str = "", row: int | None = None
    ) -> Clip:
        """Clip ``article.text[start:end]`` (snapped to words) into a section, at ``row`` or last.

        Raises ``QuoteNotFound`` when the selection holds no words. With no section at all,
        one is made (in the same undo step).
        """
        clip = make_clip(article, start, end, note=note)
        sections = self.dossier.sections
        if not sections:
            self.undo_stack.beginMacro("Clip passage")
            add = AddSection("Clips")
            self.push(add)
            self.push(AddClip(add.section.id, clip))
            self.undo_stack.endMacro()
            return clip
        section = sections[max(0, min(section_row, len(sections) - 1))]
        self.push(AddClip(section.id, clip, row))
        return clip

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # ------------------------------------------------------------------ files
    def new(self) -> None:
        self._replace(Dossier(), None)
        self.discard_autosave()

    def open(self, path: Path | str) -> None:
        """Open a dossier file; raises ``DamagedDossier`` (and changes nothing) when it can't."""
        path = Path(path).resolve()
        loaded = store.load(path)
        self._replace(loaded, path)
        self.discard_autosave()
        self._remember(path)

    def save(self, path: Path | str | None = None) -> Path:
        """Save atomically (the previous file is kept as ``.bak``) to ``path`` or the current file."""
        target = Path(path).resolve() if path is not None else self.path
        if target is None:
            raise ValueError("The dossier has no file yet: save it under a name.")
        store.save(self.dossier, target)
        self.undo_stack.setClean()
        self.discard_autosave()
        self._set_path(target)
        self._remember(target)
        return target

    def recover(self, autosave: Path | str) -> None:
        """Load an autosave as unsaved work (modified, with the file it belongs to as path)."""
        autosave = Path(autosave)
        loaded = store.load(autosave)
        self._replace(loaded, autosave_origin(autosave))
        self.undo_stack.resetClean()
        self.flush_autosave()  # replacing may have discarded it: the work stays on disk until saved

    def _replace(self, loaded: Dossier, path: Path | None) -> None:
        self._autosave_timer.stop()
        self._checks.clear()
        self._articles.clear()
        self._newest.clear()
        self.dossier.replace_all(loaded)
        self.undo_stack.clear()
        self._set_path(path)
        self.dossier_replaced.emit()
        self.checks_changed.emit()

    def _set_path(self, path: Path | None) -> None:
        if path != self.path:
            self.path = path
            self.path_changed.emit(path)

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[Path]:
        """Recently opened or saved dossiers, newest first, only those that still exist."""
        files = [Path(p) for p in _as_list(QSettings().value(RECENT_KEY))]
        return [p for p in files if p.is_file()][:MAX_RECENT]

    def last_path(self) -> Path | None:
        """The dossier open when the app last ran, if it still exists (to reopen it on start)."""
        value = QSettings().value(LAST_KEY)
        path = Path(value) if isinstance(value, str) and value else None
        return path if path is not None and path.is_file() else None

    def _remember(self, path: Path) -> None:
        settings = QSettings()
        files = [str(path)] + [p for p in _as_list(settings.value(RECENT_KEY)) if p != str(path)]
        settings.setValue(RECENT_KEY, files[:MAX_RECENT])
        settings.setValue(LAST_KEY, str(path))
        self.recent_files_changed.emit()

    # ------------------------------------------------------------------ checks
    def article(self, article_id: str) -> Article | None:
        """The article a clip quotes (cached until :meth:`refresh_checks`); None if missing."""
        if article_id not in self._articles:
            self._articles[article_id] = article_for(self.workspace.library, article_id)
        return self._articles[article_id]

    def newest(self, article: Article) -> Article:
        """The current version of ``article``'s document (cached until :meth:`refresh_checks`)."""
        if article.current:
            return article
        if article.id not in self._newest:
            self._newest[article.id] = self.workspace.library.current_version_of(article.id)
        return self._newest[article.id]

    def check(self, clip: Clip) -> ClipCheck:
        """Whether ``clip`` still says what its source says, in its version and in the newest
        one (cached): see :func:`dossier.core.versions.check_dossier`."""
        result = self._checks.get(clip.id)
        if result is None or result.clip is not clip:
            article = self.article(clip.article_id)
            result = check_clip(clip, article)
            if result.ok and article is not None and not clip.keep_version and self.newest(article) is not article:
                result = with_versions(result, follow(clip, article, self.newest(article)))
            self._checks[clip.id] = result
        return result

    def problems(self) -> list[ClipCheck]:
        """The clips that need a look: changed or gone in a newer version, not matching, missing."""
        return [check for check in map(self.check, self.dossier.clips()) if check.status not in FINE]

    def follow_new_versions(self) -> int:
        """Re-anchor every clip whose words stand unchanged in a newer version of its source, as
        one undoable step; returns how many moved."""
        following = [c.versions for c in map(self.check, self.dossier.clips())
                     if c.versions is not None and c.versions.follows]
        if following:
            self.push(ReanchorClips({v.clip.id: reanchored(v) for v in following}))
        return len(following)

    def refresh_checks(self) -> None:
        """Check every clip again (after the library changed)."""
        self._articles.clear()
        self._newest.clear()
        self._checks.clear()
        for clip in self.dossier.clips():
            self.check(clip)
        self.checks_changed.emit()

    def clips_of(self, article_id: str) -> list[Clip]:
        return [clip for clip in self.dossier.clips() if clip.article_id == article_id]

    def _on_dossier_event(self, event: Event) -> None:
        if event.phase is not Phase.AFTER:
            return
        if event.kind is EventKind.RESET:
            self._checks.clear()
            return
        if event.kind not in (EventKind.CLIP_INSERT, EventKind.CLIP_CHANGE):
            return
        clip = self.dossier.sections[event.section].clips[event.row]
        self._checks.pop(clip.id, None)
        self.check(clip)
        self.checks_changed.emit()

    # ------------------------------------------------------------------ autosave
    def set_autosave_delay(self, msec: int) -> None:
        self._autosave_timer.setInterval(msec)

    def flush_autosave(self) -> Path | None:
        """Write the autosave now if there is unsaved work (call it on quit); returns its path."""
        self._autosave_timer.stop()
        if not self.is_modified():
            return None
        target = autosave_path()
        sidecar = {"path": str(self.path) if self.path else None, "title": self.dossier.title}
        try:
            store.save(self.dossier, target, keep_backup=False)
            store.atomic_write(target.parent / AUTOSAVE_SIDECAR, json.dumps(sidecar).encode("utf-8"))
        except OSError as exc:  # a safety net must not itself bring the app down
            log.warning("autosave to %s failed: %s", target, exc)
            return None
        self.autosaved.emit(target)
        return target

    def discard_autosave(self) -> None:
        """Forget the autosave (after saving, or when the user chose to discard the changes)."""
        self._autosave_timer.stop()
        folder = paths.autosave_dir()
        for name in (AUTOSAVE_NAME, AUTOSAVE_SIDECAR):
            (folder / name).unlink(missing_ok=True)

    def _on_index_changed(self, _index: int) -> None:
        if self.is_modified():
            self._autosave_timer.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard_autosave()
