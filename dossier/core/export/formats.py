"""One way to export a dossier in any format: PDF, Word, Markdown or HTML.

The format comes from the file's extension (``.pdf``, ``.docx``, ``.md``, ``.html``) or is
named. Every format is checked, cited and arranged the same way
(:func:`dossier.core.briefing.prepare`), refuses a clip that no longer matches its source
unless told to print it marked, and is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from dossier.core.atomic import replacing
from dossier.core.briefing import Briefing, prepare
from dossier.core.citations import NOTES
from dossier.core.dossier import Dossier
from dossier.core.errors import DossierError, ExportCancelled
from dossier.core.integrity import ClipCheck
from dossier.core.library import Library
from dossier.core.store import check_export_target

#: Format name -> (file extension, what people call it).
FORMATS = {"pdf": (".pdf", "PDF"), "docx": (".docx", "Word"), "md": (".md", "Markdown"), "html": (".html", "HTML")}
_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


class UnknownFormat(DossierError):
    """An export to a file whose extension names no format Dossier writes."""

    def __init__(self, path: Path):
        super().__init__(
            f"{path.name}: Dossier cannot tell the format from “{path.suffix or 'no extension'}”; "
            f"use .pdf, .docx, .md or .html, or name the format"
        )
        self.path = path


@dataclass
class ExportReport:
    path: Path
    format: str
    clips: int
    sources: int
    pages: int | None = None  # PDF only
    marked: list[ClipCheck] = field(default_factory=list)  # printed as not matching their source


def format_of(path: Path | str, named: str | None = None) -> str:
    """The format to write ``path`` in: ``named`` if given, else from its extension."""
    if named:
        if named not in FORMATS:
            raise ValueError(f"unknown format {named!r}; use one of {', '.join(FORMATS)}")
        return named
    try:
        return _EXTENSIONS[Path(path).suffix.lower()]
    except KeyError:
        raise UnknownFormat(Path(path)) from None


def export(
    dossier: Dossier,
    library: Library,
    out_path: Path | str,
    *,
    format: str | None = None,
    style: str = NOTES,
    allow_mismatch: bool = False,
    include_empty: bool = False,
    paper: str = "a4",
    timeline: bool = False,
    progress: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Export ``dossier`` to ``out_path`` in ``format`` (else the one its extension names);
    ``timeline`` adds a chronology of the clips to a PDF.

    Raises :class:`UnknownFormat`, :class:`~dossier.core.errors.QuoteMismatch` (unless
    ``allow_mismatch``), :class:`ExportCancelled`, ``ValueError`` for an unknown style or
    format, ``OSError`` if the file cannot be written. ``paper`` (``a4`` or ``letter``) is for PDFs.
    """
    out_path = Path(out_path)
    kind = format_of(out_path, format)
    say = progress or (lambda message: None)
    if kind == "pdf":
        from dossier.core.export.pdf import export_pdf  # reportlab loads only for PDFs

        report = export_pdf(
            dossier,
            library,
            out_path,
            style=style,
            allow_mismatch=allow_mismatch,
            include_empty=include_empty,
            paper=paper,
            timeline=timeline,
            progress=progress,
            cancelled=cancelled,
        )
        return ExportReport(report.path, kind, report.clips, report.sources, report.pages, report.marked)
    check_export_target(out_path)
    briefing = prepare(
        dossier, library, style=style, allow_mismatch=allow_mismatch, include_empty=include_empty, say=say
    )
    if cancelled and cancelled():
        raise ExportCancelled()
    say(f"Writing {FORMATS[kind][1]}…")
    with replacing(out_path) as handle:
        writer(kind)(briefing, handle)
    say(f"Wrote {out_path.name}.")
    return ExportReport(out_path, kind, len(briefing.checks), len(briefing.sources), None, briefing.marked)


def writer(kind: str) -> Callable[[Briefing, BinaryIO], None]:
    """The function that writes a briefing in format ``kind`` (not PDF) to a binary file."""
    if kind == "docx":
        from dossier.core.export.docx import write_docx

        return write_docx
    if kind == "md":
        from dossier.core.export.markdown import write_markdown

        return write_markdown
    if kind == "html":
        from dossier.core.export.html import write_html

        return write_html
    raise ValueError(f"no briefing writer for {kind!r}")
