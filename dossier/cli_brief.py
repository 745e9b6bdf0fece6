"""The subcommands that write the brief: ``dossier meta`` (the cover) and ``dossier write`` (the text).

``dossier show`` prints the brief with :func:`print_brief`.
"""

from __future__ import annotations

import argparse
import sys

from dossier.core import brief, brief_text, store
from dossier.core.brief_text import Citation
from dossier.core.commands import EditAssessment, EditBottomLine, SetInfo, UndoStack
from dossier.core.dossier import Dossier, Section
from dossier.core.errors import UnknownCitation
from dossier.core.quoting import clip_quoted
from dossier.core.workspace import Workspace

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COVER = (
    ("title", "Title"),
    ("author", "Author"),
    ("organisation", "Organisation"),
    ("date", "Date"),
    ("marking", "Marking"),
)


def cmd_meta(args: argparse.Namespace, ws: Workspace) -> int:
    dossier = store.load_or_new(args.file)
    changes = {name: getattr(args, name) for name, _ in COVER if getattr(args, name) is not None}
    if "title" in changes and not changes["title"].strip():
        print("dossier: the title cannot be empty", file=sys.stderr)
        return EXIT_USAGE
    changes = {name: " ".join(value.split()) for name, value in changes.items()}
    if changes:
        UndoStack(dossier).push(SetInfo(**changes))  # a bad date raises InvalidDate: nothing is saved
        store.save(dossier, args.file)
    for name, label in COVER:
        value = getattr(dossier, name)
        if name == "date" and not value:
            value = "(the day of export)"
        print(f"{label + ':':14}{value or '—'}")
    return EXIT_OK


def cmd_write(args: argparse.Namespace, ws: Workspace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    dossier = store.load(args.file)
    section: Section | None = None
    if args.section is not None:
        section = dossier.section_by_title(args.section)
        if section is None:
            names = ", ".join(s.title for s in dossier.sections) or "none"
            print(f"dossier: no section “{args.section}” (sections: {names})", file=sys.stderr)
            return EXIT_FAILED
        command: EditAssessment | EditBottomLine = EditAssessment(section.id, text)
    else:
        command = EditBottomLine(text)
    UndoStack(dossier).push(command)
    store.save(dossier, args.file)
    where = brief.where_of(section)
    cited = list(brief_text.citations(brief_text.parse(text)))
    words = len(text.split())
    print(
        f"Wrote {where}: {words} word{'s' if words != 1 else ''}, "
        f"{len(cited)} citation{'s' if len(cited) != 1 else ''}."
    )
    for problem in brief.problems(dossier):
        if problem.where == where:
            print(f"Warning: {problem} The export will refuse it until it is fixed.", file=sys.stderr)
    return EXIT_OK


def print_brief(dossier: Dossier) -> list[UnknownCitation]:
    """Print the cover fields and the bottom line, citations as the quoted words and the clip id.

    Returns the citations that name no clip (they print as written, with a question mark).
    """
    for name, label in COVER[1:]:
        value = getattr(dossier, name)
        if value:
            print(f"{label}: {value}")
    if dossier.bottom_line.strip():
        print("\nBottom line\n")
        print(_indented(render(dossier, dossier.bottom_line)))
    print()
    return brief.problems(dossier)


def render(dossier: Dossier, markdown: str) -> str:
    """A part of the brief as plain text, each citation as “the clip's words” [clip id]."""
    clips = {clip.id: clip for clip in dossier.clips()}

    def cite(citation: Citation) -> str:
        try:
            clip_id = brief.resolve_key(citation.key, clips, "")
        except UnknownCitation:
            return f"[@{citation.key}?]"
        return f"{' '.join(clip_quoted(clips[clip_id]).text().split())} [{clip_id}]"

    return brief_text.plain_text(brief_text.parse(markdown), cite)


def _indented(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def indented_assessment(dossier: Dossier, section: Section) -> str:
    return _indented(render(dossier, section.assessment), "  | ")
