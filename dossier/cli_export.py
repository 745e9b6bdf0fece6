"""``dossier export``: a dossier as a briefing (PDF, Word, Markdown or HTML)."""

from __future__ import annotations

import sys

from dossier.cli_common import missing_folder, plural
from dossier.core import store
from dossier.core.errors import QuoteMismatch, UnknownCitation, os_reason
from dossier.core.workspace import Workspace

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_export(args, ws: Workspace) -> int:
    from dossier.core.export.formats import FORMATS, UnknownFormat, export, format_of

    if args.output:  # a dossier file is never written over, whatever its name says
        store.check_export_target(args.output, args.file)
    try:
        kind = format_of(args.output, args.format) if args.output else (args.format or "pdf")
    except UnknownFormat as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_USAGE
    out = args.output or args.file.with_suffix(FORMATS[kind][0])
    store.check_export_target(out, args.file)
    dossier = store.load(args.file)
    if problem := missing_folder(out):
        print(f"dossier: {problem}", file=sys.stderr)
        return EXIT_FAILED
    try:
        report = export(
            dossier,
            ws.library,
            out,
            format=kind,
            style=args.style,
            allow_mismatch=args.force,
            include_empty=args.include_empty,
            paper=args.paper,
            timeline=args.timeline,
        )
    except UnknownCitation as exc:
        print(f"dossier: export refused: {exc}", file=sys.stderr)
        print(
            "Cite a clip by its id as `dossier show` prints it (a unique start of it is enough), "
            "and fix the text with `dossier write`.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except OSError as exc:
        print(f"dossier: could not write {out}: {os_reason(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except QuoteMismatch as exc:
        print(f"dossier: export refused: {exc}", file=sys.stderr)
        for check in exc.problems:
            print("  " + check.line(), file=sys.stderr)
        print(
            "Fix or remove these clips, or export anyway with --force (they are marked in the briefing).",
            file=sys.stderr,
        )
        return EXIT_FAILED
    pages = f"{plural(report.pages, 'page')}, " if report.pages is not None else ""
    print(f"Wrote {report.path}: {pages}{plural(report.clips, 'excerpt')} from {plural(report.sources, 'source')}.")
    if report.marked:
        print(
            f"{len(report.marked)} clip(s) that no longer match their source are marked in the briefing.",
            file=sys.stderr,
        )
    return EXIT_OK
