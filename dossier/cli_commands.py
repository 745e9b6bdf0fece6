"""The headless subcommands of ``dossier``: each is a thin call into the core."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from dossier import cli_brief, paths
from dossier.cli_common import missing_folder, plural
from dossier.cli_export import cmd_export
from dossier.cli_verify import cmd_verify
from dossier.core import locking, store
from dossier.core.citations import locator
from dossier.core.commands import AddClip, AddSection, EditClip, MoveSection, RemoveSection, RenameSection, UndoStack
from dossier.core.integrity import OK, clip_quote
from dossier.core.locking import dossier_lock, set_program_name
from dossier.core.sources.importer import FetchOptions
from dossier.core.sources.refresh import summary as refresh_summary
from dossier.core.versions import check_dossier
from dossier.core.workspace import Workspace

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


LOG_NAME = "dossier.log"


def setup_logging() -> tuple[Path | None, logging.Handler]:
    """Log to the log folder's ``dossier.log`` (the window's log too), never to the terminal:
    what the core logs while it recovers from damage is for the log, not for the user. Returns
    the log's path and the handler (to remove when the command is done)."""
    root = logging.getLogger()
    logging.raiseExceptions = False  # a log that cannot be written (a full disk) says nothing on the terminal
    path: Path | None
    try:
        path = paths.log_dir() / LOG_NAME
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        path, handler = None, logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path, handler


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty() and total:
        print(f"\r{done}/{total} {label[:50]:50}", end="" if done < total else "\n", file=sys.stderr)


def _say_sync(report) -> None:
    if report.message:
        print(report.message, file=sys.stderr)


def explain(exc: BaseException) -> str | None:
    """A sentence for an error no command expected, when it is one a person can act on."""
    from dossier.core.library_backup import damage_sentence, is_damage

    if "readonly database" in str(exc):
        return (
            f"The data folder {paths.data_dir()} may not be written (it is read-only): list, search, show "
            "and export work; importing and indexing do not."
        )
    if is_damage(exc):
        return damage_sentence(paths.library_db(), exc)
    return None


def cmd_index(args, ws: Workspace) -> int:
    from dossier.core.library_backup import check_integrity

    if problem := check_integrity(ws.library):
        print(f"dossier: {problem}", file=sys.stderr)
        return EXIT_FAILED
    for result in ws.import_seeds():
        if not result.ok:
            print(result.line(), file=sys.stderr)
    if not args.rebuild and (checked := ws.index.check(progress=_progress)) is not None:
        _say_sync(checked)  # it was damaged where its table of contents did not show it, and is rebuilt
    report = ws.index.rebuild(progress=_progress) if args.rebuild else ws.index.sync(progress=_progress)
    _say_sync(report)
    count, expected = ws.index.doc_count(), len(ws.library)
    if count != expected:
        print(
            f"dossier: the index holds {count} of the library's {expected} articles; run `dossier index` "
            "again when nothing else is writing to it.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"Index up to date: {count} articles ({report.added} indexed, {report.removed} removed).")
    return EXIT_OK


def cmd_import(args, ws: Workspace) -> int:
    if not args.paths and not args.feed:
        print("dossier: import needs files, folders, URLs or --feed URL", file=sys.stderr)
        return EXIT_USAGE
    if args.timeout <= 0:
        print("dossier: --timeout must be more than 0 seconds", file=sys.stderr)
        return EXIT_USAGE
    ws.ensure_ready()
    results, report = ws.import_sources(
        args.paths, feeds=args.feed, options=FetchOptions(timeout=args.timeout), progress=_progress
    )
    _say_sync(report)
    for result in results:
        print(result.line(), file=sys.stdout if result.ok or result.status == "skipped" else sys.stderr)
    statuses = ("added", "updated", "unchanged", "failed", "skipped")
    counts = {s: sum(1 for r in results if r.status == s) for s in statuses}
    print(", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to import")
    return EXIT_FAILED if counts["failed"] else EXIT_OK


def cmd_refresh(args, ws: Workspace) -> int:
    if args.timeout <= 0:
        print("dossier: --timeout must be more than 0 seconds", file=sys.stderr)
        return EXIT_USAGE
    ws.ensure_ready()
    dossiers = [store.load(path) for path in args.dossier]
    results = ws.refresh_sources(
        args.ids, dossiers=dossiers, options=FetchOptions(timeout=args.timeout), progress=_progress
    )
    for result in results:
        print(result.line(), file=sys.stdout if result.ok else sys.stderr)
    print(refresh_summary(results))
    return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK


def cmd_list(args, ws: Workspace) -> int:
    ws.ensure_ready()
    copies = ws.reprints.copies_map()
    rows = [
        {
            "id": a.id,
            "title": a.title,
            "publisher": a.meta.publisher,
            "date": a.meta.published,
            "version": a.version,
            "copy_of": copies.get(a.id),
            "url": a.meta.url,
            "fetched": a.meta.fetched,
        }
        for a in ws.library.articles()
    ]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            copy = f"  (copy of {row['copy_of']})" if row["copy_of"] else ""
            print(f"{row['id']}  {row['date'] or 'n.d.':10}  {row['title']}{copy}")
    return EXIT_OK


def cmd_search(args, ws: Workspace) -> int:
    if args.limit < 1 or args.page < 1:
        print("dossier: --limit and --page must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    _say_sync(ws.ensure_ready())
    results = ws.search(args.query, limit=args.limit, page=args.page, fold=not args.all)
    if args.json:
        _print_json(results.to_json())
        return EXIT_OK
    if results.message:
        print(results.message, file=sys.stderr)
    print(f"{plural(results.total, 'article')} match{'es' if results.total == 1 else ''}.")
    for n, hit in enumerate(results.hits, start=(args.page - 1) * args.limit + 1):
        copies = f"  +{len(hit.copies)} cop{'y' if len(hit.copies) == 1 else 'ies'}" if hit.copies else ""
        print(f"\n{n}. {hit.title}  [{hit.id}]{copies}")
        print(f"   {hit.publisher or 'publisher unknown'} · {hit.date or 'n.d.'} · score {hit.score:.2f}")
        print("   " + _marked(hit.snippet, hit.snippet_spans))
    return EXIT_OK


def _marked(snippet: str, spans) -> str:
    """The snippet on one line, matches shown in bold on a terminal and in [brackets] otherwise."""
    on, off = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    out, pos = [], 0
    for start, end in sorted(spans):
        out += [snippet[pos:start], on, snippet[start:end], off]
        pos = end
    out.append(snippet[pos:])
    return " ".join("".join(out).split())


def cmd_clip(args, ws: Workspace) -> int:
    if not args.dossier.exists() and (problem := missing_folder(args.dossier)):
        print(f"dossier: {problem}", file=sys.stderr)
        return EXIT_FAILED
    ws.ensure_ready()
    dossier = store.load_or_new(args.dossier)
    article = ws.resolve(args.doc)
    clip = clip_quote(article, args.quote, note=args.note)
    stack = UndoStack(dossier)
    section = dossier.section_by_title(args.section)
    if section is None:
        if not args.create_section:
            names = ", ".join(s.title for s in dossier.sections) or "none"
            print(
                f"dossier: no section “{args.section}” (sections: {names}); add --create-section to add it",
                file=sys.stderr,
            )
            return EXIT_FAILED
        command = AddSection(args.section)
        stack.push(command)
        section = command.section
    stack.push(AddClip(section.id, clip))
    store.save(dossier, args.dossier)
    where = locator(clip.paragraph) or "the title"
    print(f"Clipped {where} of “{article.title}” into {section.title} (clip {clip.id}).")
    return EXIT_OK


def cmd_show(args, ws: Workspace) -> int:
    dossier = store.load(args.file)
    checks = {c.clip.id: c for c in check_dossier(dossier, ws.library)}
    if args.json:
        data = store.to_dict(dossier)
        for section in data["sections"]:
            for clip in section["clips"]:
                clip["status"] = checks[clip["id"]].status
        _print_json(data)
    else:
        n_clips, n_sources, _ = dossier.stats()
        print(f"{dossier.title}" + (f" — {dossier.author}" if dossier.author else ""))
        print(
            f"{plural(n_clips, 'clip')} from {plural(n_sources, 'source')} in "
            f"{plural(len(dossier.sections), 'section')}"
        )
        unknown = cli_brief.print_brief(dossier)
        for section in dossier.sections:
            print(f"## {section.title} ({len(section.clips)})")
            if section.assessment.strip():
                print(cli_brief.indented_assessment(dossier, section))
            for clip in section.clips:
                check = checks[clip.id]
                flag = "" if check.status == OK else f"  [{check.status.upper()}: {check.detail}]"
                print(f"  - {clip.id}  “{clip.printed}”  ({clip.article_id}, ¶ {clip.paragraph}){flag}")
                if clip.note:
                    print(f"      note: {clip.note}")
            print()
        for problem in unknown:
            print(f"dossier: {problem}", file=sys.stderr)
        if unknown:
            return EXIT_FAILED
    return EXIT_OK if all(c.ok for c in checks.values()) else EXIT_FAILED


def cmd_section(args, ws: Workspace) -> int:
    dossier = store.load(args.file)
    stack = UndoStack(dossier)
    section = dossier.section_by_title(args.name)
    if args.action == "add":
        stack.push(AddSection(args.name))
    elif section is None:
        print(f"dossier: no section “{args.name}” in {args.file}", file=sys.stderr)
        return EXIT_FAILED
    elif args.action == "rename":
        if not args.value:
            print("dossier: rename needs the new title", file=sys.stderr)
            return EXIT_USAGE
        stack.push(RenameSection(section.id, args.value))
    elif args.action == "move":
        if not (args.value or "").isdigit():
            print("dossier: move needs the new position as a number (1 = first)", file=sys.stderr)
            return EXIT_USAGE
        stack.push(MoveSection(section.id, int(args.value) - 1))
    else:
        stack.push(RemoveSection(section.id))
    store.save(dossier, args.file)
    print("Sections: " + ", ".join(s.title for s in dossier.sections))
    return EXIT_OK


def cmd_note(args, ws: Workspace) -> int:
    dossier = store.load(args.file)
    try:
        dossier.find_clip(args.clip)
    except KeyError:
        print(f"dossier: no clip {args.clip} in {args.file}", file=sys.stderr)
        return EXIT_FAILED
    UndoStack(dossier).push(EditClip(args.clip, {"note": args.text}))
    store.save(dossier, args.file)
    return EXIT_OK


def cmd_selftest(args) -> int:
    from dossier.selftest import run_selftest

    return run_selftest(keep=args.keep)


COMMANDS = {
    "index": cmd_index,
    "import": cmd_import,
    "refresh": cmd_refresh,
    "list": cmd_list,
    "search": cmd_search,
    "clip": cmd_clip,
    "show": cmd_show,
    "verify": cmd_verify,
    "section": cmd_section,
    "note": cmd_note,
    "export": cmd_export,
    "meta": cli_brief.cmd_meta,
    "write": cli_brief.cmd_write,
}


#: The commands that change a dossier, and the argument naming it: each holds the dossier's
#: lock from reading it to saving it, so that two at once never lose each other's changes.
EDITS_DOSSIER = {"clip": "dossier", "section": "file", "note": "file", "grade": "dossier"}
#: Seconds ``import`` and ``index`` wait for another process that writes the index.
WRITER_WAIT = 600.0


def dispatch(args: argparse.Namespace) -> int:
    if args.command == "selftest":
        return cmd_selftest(args)
    from dossier import cli_sources

    set_program_name(f"dossier {args.command}")
    with Workspace() as ws:
        run = COMMANDS.get(args.command) or cli_sources.COMMANDS[args.command]
        if args.command in ("import", "index"):  # the command's one job: wait for another writer to finish
            ws.index.lock_wait = WRITER_WAIT
        edited = getattr(args, EDITS_DOSSIER.get(args.command, ""), None)
        if edited is None:
            return run(args, ws)
        lock = dossier_lock(edited, f"dossier {args.command}")
        try:
            lock.acquire(timeout=locking.DOSSIER_WAIT)
        except FileNotFoundError:  # no such folder: the command says so in its own words
            return run(args, ws)
        try:
            return run(args, ws)
        finally:
            lock.release()
