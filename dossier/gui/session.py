"""The open dossier: its file, its one undo stack, its clip checks and its autosave.

Widgets never change the dossier themselves: they push a core command through
:meth:`DossierSession.push`. The :class:`~dossier.core.dossier.Dossier` object lives as long
as the session; *New* and *Open* replace its contents (``Dossier.replace_all``), so models
built over it stay valid.

Never lose work: after each change a single-shot timer writes the dossier to the session's
own autosave folder, ``paths.autosave_dir()/session-ID/autosave.dossier`` (with
``autosave.json`` naming the real file), which the session holds locked while it runs. Saving,
or returning to the clean state, removes it. An autosave whose folder no live session holds is
what a crashed run left behind (:func:`pending_recovery`, which claims it so that no other
window offers it too) and :meth:`DossierSession.recover` brings it back as unsaved work; two
windows never share an autosave.

One writer per dossier: the session holds the open file's lock
(:func:`dossier.core.locking.dossier_lock`) until another file is opened or the session ends,
so a second window or a ``dossier clip`` is told the file is in use instead of losing changes.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QUndoStack

from dossier import paths
from dossier.core import store
from dossier.core.commands import AddClip, AddSection, Command, ReanchorClips
from dossier.core.dossier import Clip, Dossier, Event, EventKind, Phase
from dossier.core.errors import DossierError
from dossier.core.integrity import FINE, ClipCheck, make_clip
from dossier.core.library import Article
from dossier.core.locking import Busy, FileLock, dossier_lock
from dossier.core.versions import reanchored
from dossier.gui.clip_checks import ClipChecks
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


SESSION_PREFIX = "session-"
SESSION_LOCK = "session.lock"
#: Autosaves claimed by this process for recovery (offered to the person, not yet taken or declined).
_claimed: dict[Path, FileLock] = {}


def pending_recovery() -> Path | None:
    """The newest autosave a previous run left behind (it crashed or was killed), if any; it is
    claimed, so no other window offers it too, until :meth:`DossierSession.recover` takes it or
    :func:`discard_recovery` drops it. Autosaves of running sessions are never offered."""
    folder = paths.autosave_dir()
    found: list[tuple[float, Path, FileLock | None]] = []
    for candidate in folder.glob(f"{SESSION_PREFIX}*/{AUTOSAVE_NAME}"):
        if candidate in _claimed:
            continue
        lock = FileLock(candidate.parent / SESSION_LOCK, program="Dossier window", what="An autosave")
        try:
            lock.acquire()
        except (Busy, OSError):  # a running session holds it, or the folder is read-only
            continue
        if candidate.is_file():
            found.append((candidate.stat().st_mtime, candidate, lock))
        else:
            lock.release()
    legacy = folder / AUTOSAVE_NAME  # the single autosave of earlier versions
    if legacy.is_file():
        found.append((legacy.stat().st_mtime, legacy, None))
    if not found:
        return None
    found.sort(key=lambda item: item[0], reverse=True)
    for _, _older, held in found[1:]:
        if held is not None:
            held.release()
    _, newest, newest_lock = found[0]
    if newest_lock is not None:
        _claimed[newest] = newest_lock
    return newest


def discard_recovery(autosave: Path | str) -> None:
    """Drop an autosave a previous run left behind (the person chose not to recover it)."""
    autosave = Path(autosave)
    lock = _claimed.pop(autosave, None)
    if autosave.parent.name.startswith(SESSION_PREFIX):
        shutil.rmtree(autosave.parent, ignore_errors=True)
    else:
        for name in (AUTOSAVE_NAME, AUTOSAVE_SIDECAR):
            (autosave.parent / name).unlink(missing_ok=True)
    if lock is not None:
        lock.release()


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
        self._checks = ClipChecks(workspace.library)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.flush_autosave)
        self.undo_stack.indexChanged.connect(self._on_index_changed)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.dossier.subscribe(self._on_dossier_event)
        self.autosave_folder = paths.autosave_dir() / f"{SESSION_PREFIX}{uuid.uuid4().hex[:12]}"
        self._autosave_lock = FileLock(
            self.autosave_folder / SESSION_LOCK, program="Dossier window", what="The autosave"
        )
        self._file_lock: FileLock | None = None

    @property
    def autosave_path(self) -> Path:
        """Where this session autosaves (its own folder: two windows never share an autosave)."""
        return self.autosave_folder / AUTOSAVE_NAME

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
        self._hold(None)
        self.discard_autosave()

    def open(self, path: Path | str) -> None:
        """Open a dossier file; raises ``DamagedDossier``, or ``Busy`` when another window or
        command has it open (and changes nothing) when it can't."""
        path = Path(path).resolve()
        lock = self._lock_for(path)
        try:
            loaded = store.load(path)
        except BaseException:
            if lock is not self._file_lock:
                lock.release()
            raise
        self._replace(loaded, path)
        self._hold(lock)
        self.discard_autosave()
        self._remember(path)

    def _lock_for(self, path: Path) -> FileLock:
        """The lock of ``path``, taken (the one held already if it is the open file)."""
        if self._file_lock is not None and self.path == path:
            return self._file_lock
        lock = dossier_lock(path, "Dossier window")
        try:
            lock.acquire()
        except OSError:  # no lock file possible there (a read-only folder): nothing to guard
            pass
        return lock

    def _hold(self, lock: FileLock | None) -> None:
        """Hold ``lock`` (the open file's) and let go of the one held before."""
        if self._file_lock is not None and self._file_lock is not lock:
            self._file_lock.release()
        self._file_lock = lock

    def close(self) -> None:
        """Let go of the open file and of this session's autosave folder (call it when the window closes)."""
        self._hold(None)
        if not self.is_modified():
            self.discard_autosave()

    def save(self, path: Path | str | None = None) -> Path:
        """Save atomically (the previous file is kept as ``.bak``) to ``path`` or the current file."""
        target = Path(path).resolve() if path is not None else self.path
        if target is None:
            raise ValueError("The dossier has no file yet: save it under a name.")
        lock = self._lock_for(target)
        try:
            store.save(self.dossier, target)
        except BaseException:
            if lock is not self._file_lock:
                lock.release()
            raise
        self._hold(lock)
        self.undo_stack.setClean()
        self.discard_autosave()
        self._set_path(target)
        self._remember(target)
        return target

    def recover(self, autosave: Path | str) -> None:
        """Load an autosave as unsaved work (modified, with the file it belongs to as path)."""
        autosave = Path(autosave)
        loaded = store.load(autosave)
        origin = autosave_origin(autosave)
        lock = self._lock_for(origin) if origin is not None else None
        self._replace(loaded, origin)
        self._hold(lock)
        self.undo_stack.resetClean()
        if self.flush_autosave() is not None:  # the work is in this session's autosave: the old one goes
            discard_recovery(autosave)

    def _replace(self, loaded: Dossier, path: Path | None) -> None:
        self._autosave_timer.stop()
        self._checks.clear()
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
        return self._checks.article(article_id)

    def check(self, clip: Clip) -> ClipCheck:
        """Whether ``clip`` still says what its source says, in its version and in the newest
        one (cached): see :class:`~dossier.gui.clip_checks.ClipChecks`."""
        return self._checks.check(clip)

    def problems(self) -> list[ClipCheck]:
        """The clips that need a look: changed or gone in a newer version, not matching, missing."""
        return [check for check in map(self.check, self.dossier.clips()) if check.status not in FINE]

    def follow_new_versions(self) -> int:
        """Re-anchor every clip whose words stand unchanged in a newer version of its source, as
        one undoable step; returns how many moved."""
        following = [
            c.versions for c in map(self.check, self.dossier.clips()) if c.versions is not None and c.versions.follows
        ]
        if following:
            self.push(ReanchorClips({v.clip.id: reanchored(v) for v in following}))
        return len(following)

    def refresh_checks(self) -> None:
        """Check every clip again (after the library changed)."""
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
            self._checks.clear(articles=False)
            return
        if event.kind not in (EventKind.CLIP_INSERT, EventKind.CLIP_CHANGE):
            return
        clip = self.dossier.sections[event.section].clips[event.row]
        self._checks.forget(clip.id)
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
        target = self.autosave_path
        sidecar = {"path": str(self.path) if self.path else None, "title": self.dossier.title}
        try:
            self.autosave_folder.mkdir(parents=True, exist_ok=True)
            self._autosave_lock.acquire()
            store.save(self.dossier, target, keep_backup=False)
            store.atomic_write(target.parent / AUTOSAVE_SIDECAR, json.dumps(sidecar).encode("utf-8"))
        except (OSError, DossierError) as exc:  # a safety net must not itself bring the app down
            log.warning("autosave to %s failed: %s", target, exc)
            return None
        self.autosaved.emit(target)
        return target

    def discard_autosave(self) -> None:
        """Forget the autosave (after saving, or when the user chose to discard the changes)."""
        self._autosave_timer.stop()
        if self.autosave_folder.exists():
            shutil.rmtree(self.autosave_folder, ignore_errors=True)  # its lock file too, while still held
        self._autosave_lock.release()

    def _on_index_changed(self, _index: int) -> None:
        if self.is_modified():
            self._autosave_timer.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard_autosave()
