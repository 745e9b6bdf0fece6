"""The subcommands of ``dossier`` about sources: an article's details and grade, a clip's grade,
corroboration and the timeline. Parsers here are plain argparse; the core loads when one runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dossier.core.workspace import Workspace

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

DETAILS = (("title", "title"), ("author", "author"), ("publisher", "publisher"), ("date", "published"), ("url", "url"))


def add_parsers(sub: Any) -> None:
    """Add this module's subcommands to the ``dossier`` parser's subparsers."""
    a = sub.add_parser("article", help="show an article's details, or change them (undoable in the window)")
    a.add_argument("article", help="article id (or a unique prefix of it)")
    for flag, _ in DETAILS:
        a.add_argument(f"--{flag}", help=f"the new {flag} ('' clears it)")
    a.add_argument("--json", action="store_true", help="print JSON for scripts")

    g = sub.add_parser(
        "grade",
        help="grade a source (reliability A-F) or a clip (credibility 1-6)",
        description="Grade an article's reliability (A completely reliable … F cannot be judged), "
        "which holds for all its clips, or a clip's credibility (1 confirmed … 6 cannot be "
        "judged). Citations print both as B2.",
    )
    g.add_argument("article", nargs="?", help="article id (or a unique prefix of it), with --reliability")
    g.add_argument("--reliability", help="A-F ('' clears it)")
    g.add_argument("--dossier", type=Path, help="the .dossier file, with --clip and --credibility")
    g.add_argument("--clip", help="clip id (as `dossier show` prints it)")
    g.add_argument("--credibility", help="1-6 ('' clears it)")

    c = sub.add_parser(
        "corroborate", help="which other articles hold each clip's words: independent sources and copies"
    )
    c.add_argument("file", type=Path)
    c.add_argument("--json", action="store_true", help='print JSON: {clip_id: {"independent": [ids], "copies": [ids]}}')

    t = sub.add_parser("timeline", help="a dossier's clips in the order of their sources' dates (undated last)")
    t.add_argument("file", type=Path)
    t.add_argument("--json", action="store_true", help="print JSON for scripts")


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _details(ws: Workspace, article_id: str) -> dict[str, Any]:
    article = ws.library.get(article_id)
    meta = article.meta
    return {
        "id": article.id,
        "title": meta.title,
        "author": meta.author,
        "publisher": meta.publisher,
        "date": meta.published,
        "url": meta.url,
        "reliability": meta.reliability,
        "copy_of": ws.reprints.copy_of(article.id),
        "copies": ws.reprints.copies(article.id),
    }


def _edit(ws: Workspace, article_id: str, changes: dict[str, Any]) -> None:
    """One undoable library edit, then the index and the copy groups follow."""
    from dossier.core.library_commands import EditArticle, LibraryUndoStack

    LibraryUndoStack(ws.library).push(EditArticle(article_id, changes))
    ws.index.update_article(article_id)
    if "published" in changes:
        ws.reprints.regroup(article_id)


def cmd_article(args: argparse.Namespace, ws: Workspace) -> int:
    ws.ensure_ready()
    article = ws.resolve(args.article)
    changes = {field: getattr(args, flag) for flag, field in DETAILS if getattr(args, flag) is not None}
    if changes:
        _edit(ws, article.id, changes)
    details = _details(ws, article.id)
    if args.json:
        _print_json(details)
        return EXIT_OK
    for name in ("id", "title", "author", "publisher", "date", "url", "reliability", "copy_of"):
        if details[name]:
            print(f"{name.replace('_', ' '):>11}: {details[name]}")
    if details["copies"]:
        print(f"{'copies':>11}: {', '.join(details['copies'])}")
    return EXIT_OK


def cmd_grade(args: argparse.Namespace, ws: Workspace) -> int:
    from dossier.core import grading, store
    from dossier.core.commands import EditClip, UndoStack

    if args.reliability is not None:
        if not args.article:
            print("dossier: --reliability grades an article: give its id", file=sys.stderr)
            return EXIT_USAGE
        ws.ensure_ready()
        article = ws.resolve(args.article)
        _edit(ws, article.id, {"reliability": args.reliability})
        grade = ws.library.get(article.id).meta.reliability
        print(f"“{article.title}”: " + (f"{grade}, {grading.RELIABILITY[grade]}" if grade else "reliability cleared"))
    if args.credibility is not None:
        if args.dossier is None or not args.clip:
            print("dossier: --credibility grades a clip: give --dossier FILE and --clip ID", file=sys.stderr)
            return EXIT_USAGE
        value = grading.credibility(args.credibility)
        dossier = store.load(args.dossier)
        try:
            clip = dossier.clip(args.clip)
        except KeyError:
            print(f"dossier: no clip {args.clip} in {args.dossier}", file=sys.stderr)
            return EXIT_FAILED
        UndoStack(dossier).push(EditClip(clip.id, {"credibility": value}))
        store.save(dossier, args.dossier)
        reliability = ws.library.get(clip.article_id).meta.reliability if clip.article_id in ws.library else None
        print(f"Clip {clip.id}: {grading.describe(reliability, value)}")
    if args.reliability is None and args.credibility is None:
        print("dossier: grade needs --reliability (an article) or --credibility (a clip)", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_corroborate(args: argparse.Namespace, ws: Workspace) -> int:
    from dossier.core import store
    from dossier.core.corroboration import corroborate

    dossier = store.load(args.file)
    ws.ensure_ready()
    found = corroborate(dossier, ws.library, ws.reprints, ws.unfolded_search)
    if args.json:
        _print_json({clip_id: c.to_json() for clip_id, c in found.items()})
        return EXIT_OK
    for section in dossier.sections:
        for clip in section.clips:
            result = found[clip.id]
            print(f"{clip.id}  “{' '.join(clip.printed.split())[:70]}”  {result.summary()}")
            for label, ids in (("independent", result.independent), ("copy", result.copies)):
                for article_id in ids:
                    article = ws.library.get(article_id)
                    print(f"    {label:11} {article_id}  {article.meta.publisher or article.title}")
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace, ws: Workspace) -> int:
    from dossier.core import store
    from dossier.core.timeline import timeline

    entries = timeline(store.load(args.file), ws.library)
    if args.json:
        _print_json([e.to_json() for e in entries])
    else:
        for entry in entries:
            print(entry.line())
    return EXIT_OK


COMMANDS = {"article": cmd_article, "grade": cmd_grade, "corroborate": cmd_corroborate, "timeline": cmd_timeline}
