"""The ``dossier`` command. With no subcommand it opens the app; subcommands run the core headless.

Exit codes: 0 success, 1 a user-level failure (a quote not found, a damaged file, an
export refused), 2 bad usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from dossier import __version__, cli_sources

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

EPILOG = """\
query syntax (search):
  words             all of the words, any form: talk finds talks, talking
  "a phrase"        the words together, in order
  AND OR NOT ( )    boolean logic:  putin AND (land OR "power plants") NOT nato
  field:value       title:peace  publisher:reuters  author:smith  tags:ukraine  lang:ru
  date ranges       date:2025  date:[2025-01-01 to 2025-03-31]
  wildcards         ceasefir*   fuzzy: Zaporizhia~
"""


#: Kept here so that `dossier --help` starts fast; a test checks them against the core's lists.
EXPORT_FORMATS = ("pdf", "docx", "md", "html")
CITATION_STYLES = ("notes", "author-date", "chicago-note", "apa", "mla", "harvard")
EXPORT_EPILOG = """\
formats (from the extension of -o, or --format):
  .pdf    the briefing as a PDF, with contents, notes and sources
  .docx   Word: real Word styles and footnotes
  .md     Markdown (CommonMark) with [^n] footnotes
  .html   one self-contained web page, fit to print

citation styles (--style):
  notes          Dossier's numbered notes (the default)
  author-date    Dossier's (Who, Year, ¶ 7)
  chicago-note   Chicago 17th edition, notes and bibliography
  apa            APA 7th edition: (Vandermeer, 2025, para. 2)
  mla            MLA 9th edition: (Vandermeer, para. 2)
  harvard        Harvard (Cite Them Right): (Vandermeer, 2025, para. 2)
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dossier",
        description="Turn a pile of news articles into a short, cited PDF briefing. "
        "Without a command, opens the Dossier window.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"Dossier {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the Dossier window (the default)")
    g.add_argument("file", nargs="?", type=Path, help="a .dossier file to open")

    i = sub.add_parser("index", help="bring in the bundled articles and update the search index")
    i.add_argument("--rebuild", action="store_true", help="rebuild the index from the library from scratch")

    im = sub.add_parser(
        "import",
        help="add articles: files, folders, web pages by URL, feeds",
        description="Add articles to the library: .txt, .md, .html, .pdf and .docx files, "
        "whole folders, and web pages by their http(s):// address (each page is archived "
        "as fetched, in the data folder).",
    )
    im.add_argument("paths", nargs="*", metavar="FILE|FOLDER|URL")
    im.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL",
        help="an RSS or Atom feed: import the page of each item (repeatable)",
    )
    im.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS", help="give up on a page after this long (default 20)"
    )

    rf = sub.add_parser("refresh", help="fetch web articles again and say which changed since they were imported")
    rf.add_argument("ids", nargs="*", metavar="ID", help="articles to check (default: every one fetched by URL)")
    rf.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS", help="give up on a page after this long (default 20)"
    )
    rf.add_argument(
        "--dossier",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="count the clips of this dossier that quote a changed article (repeatable)",
    )

    ls = sub.add_parser("list", help="list the articles in the library")
    ls.add_argument("--json", action="store_true", help="print JSON for scripts")

    s = sub.add_parser(
        "search", help="search the library", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=10, help="hits per page (default 10)")
    s.add_argument("--page", type=int, default=1)
    s.add_argument("--json", action="store_true", help="print JSON for scripts")
    s.add_argument("--all", action="store_true", help="list copies (reprints) as hits of their own, not folded")

    c = sub.add_parser("clip", help="clip an exact quote from an article into a dossier section")
    c.add_argument("--dossier", required=True, type=Path, help="the .dossier file (created if missing)")
    c.add_argument("--section", required=True, help="section title (see --create-section)")
    c.add_argument("--doc", required=True, help="article id (or a unique prefix of it)")
    c.add_argument(
        "--quote",
        required=True,
        help="the exact words to quote; … (or ...) marks words left out, [word] an insertion, [sic] an "
        "error in the original",
    )
    c.add_argument("--note", default="", help="your note on the clip")
    c.add_argument("--create-section", action="store_true", help="add the section if the dossier lacks it")

    sh = sub.add_parser("show", help="show a dossier's brief, sections, clips and notes, and check every quote")
    sh.add_argument("file", type=Path)
    sh.add_argument("--json", action="store_true")

    m = sub.add_parser("meta", help="set (or show) the cover of a dossier: title, author, organisation, date, marking")
    m.add_argument("file", type=Path, help="the .dossier file (created if missing)")
    m.add_argument("--title")
    m.add_argument("--author")
    m.add_argument("--organisation", "--organization", dest="organisation")
    m.add_argument("--date", help="the briefing's date, YYYY-MM-DD (empty: the day of export)")
    m.add_argument("--marking", help='handling marking printed on every page, e.g. "INTERNAL – NOT FOR DISTRIBUTION"')

    w = sub.add_parser("write", help="set the bottom line, or a section's assessment (Markdown citing clips as [@id])")
    w.add_argument("file", type=Path)
    w.add_argument("--section", help="the section whose assessment to set (default: the bottom line)")
    w.add_argument("text", help="the text, in Markdown; - reads it from standard input")

    v = sub.add_parser(
        "verify",
        help="check every clip of a dossier against its source, or the proof of a PDF briefing",
        description="With a .dossier file: check each clip against its source and the newest version "
        "of it, re-anchor clips whose words moved, exit 1 while any is changed or orphaned. "
        "With a .pdf briefing: check the proof it carries against the library and the printed quotes.",
    )
    v.add_argument("file", type=Path, help="a .dossier file or a briefing .pdf")
    v.add_argument("--no-update", action="store_true", help="only report: do not re-anchor clips in the dossier")

    sec = sub.add_parser("section", help="add, rename, move or delete a section of a dossier")
    sec.add_argument("file", type=Path)
    sec.add_argument("action", choices=["add", "rename", "move", "delete"])
    sec.add_argument("name", help="the section (its title)")
    sec.add_argument("value", nargs="?", help="rename: the new title; move: the new position (1 = first)")

    n = sub.add_parser("note", help="set the note of a clip")
    n.add_argument("file", type=Path)
    n.add_argument("clip", help="clip id (as `dossier show` prints it)")
    n.add_argument("text")

    e = sub.add_parser(
        "export",
        help="export a dossier as a cited briefing: PDF, Word, Markdown or HTML",
        epilog=EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("file", type=Path)
    e.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the file to write; its extension picks the format (default: a PDF beside the dossier)",
    )
    e.add_argument("--format", choices=EXPORT_FORMATS, help="the format, whatever the extension")
    e.add_argument("--style", choices=CITATION_STYLES, default="notes", help="citation style (default: notes)")
    e.add_argument(
        "--force",
        action="store_true",
        help="export even if quotes no longer match their source (they are marked in the briefing)",
    )
    e.add_argument("--include-empty", action="store_true", help="show empty sections too")
    e.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default a4)")
    e.add_argument(
        "--timeline", action="store_true", help="add a chronology of the clips by their sources' dates (PDF)"
    )

    cli_sources.add_parsers(sub)

    st = sub.add_parser("selftest", help="check that this installation works end to end, headless")
    st.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--self-test" in argv:  # the packaged app's spelling
        argv = ["selftest"] + [a for a in argv if a != "--self-test"]
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    if args.command in (None, "gui"):
        from dossier.gui.app import run

        return run(getattr(args, "file", None))
    from dossier import cli_commands  # the subcommands; kept apart so `dossier` alone starts fast
    from dossier.core.errors import DossierError, describe, os_error_sentence

    log_path, log_handler = cli_commands.setup_logging()
    try:
        return cli_commands.dispatch(args)
    except DossierError as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("dossier: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a file the command had to read or write (a full disk, a read-only folder): one line
        logging.getLogger("dossier").warning("%s failed", args.command, exc_info=True)
        print(f"dossier: {os_error_sentence(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        logging.getLogger("dossier").exception("%s failed", args.command)
        where = f"; the details are in {log_path}" if log_path else ""
        sentence = cli_commands.explain(exc) or f"{args.command} failed unexpectedly ({describe(exc)}){where}."
        print(f"dossier: {sentence}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        logging.getLogger().removeHandler(log_handler)
        log_handler.close()


if __name__ == "__main__":
    sys.exit(main())
