"""Drag and drop onto the dossier's tree: what a drop means, and the commands it pushes.

Clips and sections dragged within the tree move (:class:`MoveClip`, :class:`MoveSection`; several
clips as one undo step); a selection dragged from the reader becomes a new clip where it lands.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex

from dossier.core.commands import MoveClip, MoveSection
from dossier.core.errors import DossierError
from dossier.gui.mime import MIME_DOSSIER_ITEMS, MIME_SELECTION

if TYPE_CHECKING:
    from dossier.gui.models.dossier_model import DossierModel

_Index = QModelIndex | QPersistentModelIndex
Plan = tuple[str, Any, int, int]


def apply_drop(model: DossierModel, plan: Plan) -> bool:
    """Push the move (or, for a reader selection, the clip) command a drop means."""
    kind, payload, section_row, at = plan
    if kind == "selection":
        return _drop_selection(model, payload, section_row, at)
    if kind == "section":
        _drop_section(model, payload, at)
    else:
        _drop_clips(model, payload, section_row, at)
    return True


def drop_plan(model: DossierModel, data: QMimeData, row: int, parent: _Index) -> Plan | None:
    """What a drop of ``data`` at (row, parent) means: (kind, payload, section row, Qt
    insertion row or -1 for the end), or None if it cannot be dropped there."""
    if data is None:
        return None
    target_section, at = _drop_target(model, row, parent)
    if data.hasFormat(MIME_DOSSIER_ITEMS):
        payload = _json(data, MIME_DOSSIER_ITEMS)
        if isinstance(payload.get("section"), str):
            if parent.isValid() and not model.is_section(parent):
                return None
            dest = parent.row() if parent.isValid() else row
            return ("section", payload["section"], -1, dest)
        ids = payload.get("clips")
        if isinstance(ids, list) and ids and target_section is not None:
            return ("clips", [str(i) for i in ids], target_section, at)
        return None
    if data.hasFormat(MIME_SELECTION):
        payload = _json(data, MIME_SELECTION)
        if not isinstance(payload.get("article_id"), str):
            return None
        return ("selection", payload, target_section if target_section is not None else 0, at)
    return None


def _drop_target(model: DossierModel, row: int, parent: _Index) -> tuple[int | None, int]:
    """Section row and insertion row (-1: last) that a drop at (row, parent) means for a clip."""
    if parent.isValid():
        if model.is_section(parent):
            return parent.row(), row
        return parent.parent().row(), parent.row() + 1  # onto a clip: just after it
    count = len(model.dossier.sections)  # between sections: the end of the one above
    if count == 0:
        return None, -1
    if row == 0:
        return 0, 0
    return (count - 1 if row < 0 or row > count else row - 1), -1


def _drop_section(model: DossierModel, section_id: str, at: int) -> None:
    try:
        origin = model.dossier.section_row(section_id)
    except KeyError:
        return
    count = len(model.dossier.sections)
    at = count if at < 0 or at > count else at
    dest = at - 1 if at > origin else at
    if dest != origin:
        model.session.push(MoveSection(section_id, dest))


def _drop_clips(model: DossierModel, clip_ids: list[str], section_row: int, at: int) -> None:
    clip_ids = [i for i in dict.fromkeys(clip_ids) if _has_clip(model.dossier, i)]
    section = model.dossier.sections[section_row]
    current = [c.id for c in section.clips]
    at = len(current) if at < 0 or at > len(current) else at
    anchor = next((i for i in current[at:] if i not in clip_ids), None)
    rest = [i for i in current if i not in clip_ids]
    pos = rest.index(anchor) if anchor else len(rest)
    if rest[:pos] + clip_ids + rest[pos:] == current:
        return  # dropped where they already are
    many = len(clip_ids) > 1
    if many:
        model.session.undo_stack.beginMacro(f"Move {len(clip_ids)} clips")
    for clip_id in clip_ids:
        ids = [c.id for c in section.clips]
        dest = ids.index(anchor) if anchor else len(ids)
        s, c = model.dossier.find_clip(clip_id)
        if s == section_row and c < dest:
            dest -= 1
        if (s, c) != (section_row, dest):
            model.session.push(MoveClip(clip_id, section.id, dest))
    if many:
        model.session.undo_stack.endMacro()


def _drop_selection(model: DossierModel, payload: dict, section_row: int, at: int) -> bool:
    article = model.session.article(payload["article_id"])
    if article is None:
        return False
    try:
        model.session.clip_selection(
            article,
            int(payload.get("start", 0)),
            int(payload.get("end", 0)),
            section_row,
            row=None if at < 0 else at,
        )
    except (DossierError, ValueError, TypeError):
        return False
    return True


def _has_clip(dossier, clip_id: str) -> bool:
    try:
        dossier.find_clip(clip_id)
    except KeyError:
        return False
    return True


def _json(data: QMimeData, fmt: str) -> dict:
    try:
        value = json.loads(bytes(data.data(fmt).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}
