"""``dossier verify``: a dossier's clips against the library, or a briefing's proof (a PDF)."""

from __future__ import annotations

import argparse

from dossier.core import locking, store
from dossier.core.commands import ReanchorClips, UndoStack
from dossier.core.integrity import CHANGED, ClipCheck
from dossier.core.locking import dossier_lock
from dossier.core.proof_pdf import verify_pdf
from dossier.core.versions import check_dossier, reanchored, redline_text
from dossier.core.workspace import Workspace

EXIT_OK, EXIT_FAILED = 0, 1


def cmd_verify(args: argparse.Namespace, ws: Workspace) -> int:
    if args.file.suffix.lower() == ".pdf":
        return verify_briefing(args, ws)
    if args.no_update or not args.file.is_file():
        return verify_dossier(args, ws)
    lock = dossier_lock(args.file, "dossier verify")  # it may save the dossier: held from reading to saving
    lock.acquire(timeout=locking.DOSSIER_WAIT)
    try:
        return verify_dossier(args, ws)
    finally:
        lock.release()


def verify_dossier(args: argparse.Namespace, ws: Workspace) -> int:
    """Print each clip's status; clips whose source moved on are re-anchored (and the file saved)
    unless ``--no-update``. Exit 1 while any clip is mismatched, changed, orphaned or missing."""
    dossier = store.load(args.file)
    checks = check_dossier(dossier, ws.library)
    following = [c for c in checks if c.versions is not None and c.versions.follows]
    updated = bool(following) and not args.no_update
    if updated:
        UndoStack(dossier).push(ReanchorClips({c.clip.id: reanchored(c.versions) for c in following if c.versions}))
        store.save(dossier, args.file)
    for check in checks:
        print(_line(check, updated))
    bad = [c for c in checks if not c.ok]
    print(f"{len(checks) - len(bad)} of {len(checks)} clips match their source word for word.")
    if updated:
        print(
            f"{len(following)} clip(s) now quote the newest version of their source; "
            f"{args.file} was saved (the previous file is kept as .bak)."
        )
    elif following:
        print(
            f"{len(following)} clip(s) can follow the newest version of their source "
            "(run without --no-update to re-anchor them)."
        )
    return EXIT_FAILED if bad else EXIT_OK


def verify_briefing(args: argparse.Namespace, ws: Workspace) -> int:
    """Check a briefing's proof against the library and the quotes printed in it."""
    report = verify_pdf(args.file, ws.library)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_FAILED


def _line(check: ClipCheck, updated: bool) -> str:
    line = check.line()
    if check.versions is not None and check.versions.follows and updated:
        line += "; re-anchored"
    if check.status == CHANGED and check.versions is not None:
        line += "\n          " + redline_text(check.versions.redline)
    return line
