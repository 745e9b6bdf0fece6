"""Every export format: picked from the extension, checked first, refusing a doctored clip, atomic."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dossier import cli
from dossier.core import store
from dossier.core.errors import QuoteMismatch
from dossier.core.export.formats import FORMATS, UnknownFormat, export, format_of
from dossier.core.integrity import MISMATCH
from dossier.core.styles import STYLE_NAMES
from dossier.core.writing import script_of
from tests.core.briefing_data import doctored, make_dossier, make_library

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = make_library(tmp_path_factory.mktemp("lib"))
    yield lib
    lib.close()


def text_of(path: Path) -> str:
    """What a reader of the exported file reads (close enough to search in)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode()
        import re

        return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(path).pages)
    return path.read_text(encoding="utf-8")


def test_the_format_comes_from_the_extension_or_is_named():
    assert [format_of(f"brief{ext}") for ext in (".pdf", ".DOCX", ".md", ".markdown", ".html", ".htm")] == [
        "pdf",
        "docx",
        "md",
        "md",
        "html",
        "html",
    ]
    assert format_of("brief.txt", "md") == "md"
    with pytest.raises(UnknownFormat, match=r"brief\.txt: Dossier cannot tell the format"):
        format_of("brief.txt")
    with pytest.raises(ValueError):
        format_of("brief.md", "rtf")


def test_the_command_line_knows_the_core_formats_and_styles():
    assert tuple(FORMATS) == cli.EXPORT_FORMATS
    assert STYLE_NAMES == cli.CITATION_STYLES


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".md", ".html"])
def test_a_doctored_clip_is_refused_in_every_format(library, tmp_path, suffix):
    dossier, clip = doctored(library)
    out = tmp_path / f"brief{suffix}"
    out.write_bytes(b"the previous export")
    with pytest.raises(QuoteMismatch) as caught:
        export(dossier, library, out)
    assert [(p.clip.id, p.status) for p in caught.value.problems] == [(clip.id, MISMATCH)]
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".md", ".html"])
def test_forced_export_marks_the_doctored_clip_in_every_format(library, tmp_path, suffix):
    dossier, clip = doctored(library)
    report = export(dossier, library, tmp_path / f"brief{suffix}", allow_mismatch=True)
    assert [c.clip.id for c in report.marked] == [clip.id]
    text = " ".join(text_of(report.path).split())
    assert "Does not match source — the quoted words are no longer in the source" in text
    assert "Words that no source ever said about the war." in text


@pytest.mark.parametrize("kind", ["docx", "md", "html"])
def test_every_format_is_written_atomically_with_its_report(library, tmp_path, kind):
    messages: list[str] = []
    report = export(make_dossier(library), library, tmp_path / "brief.out", format=kind, progress=messages.append)
    assert report.format == kind and report.clips == 7 and report.sources == 3 and report.pages is None
    assert report.path.stat().st_mode & 0o777 == 0o644
    assert messages[0].startswith("Checking") and messages[-1] == "Wrote brief.out."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.out"]


def test_scripts_of_quotes():
    assert script_of("We will be talking about land.").lang is None
    assert (script_of("Россия и Украина — переговоры.").lang, script_of("Россия").direction) == ("und-Cyrl", "ltr")
    assert (script_of("قال الرئيس إن المحادثات").lang, script_of("قال الرئيس").direction) == ("und-Arab", "rtl")
    assert script_of("שלום עולם").direction == "rtl"
    assert script_of("12 345 — !").lang is None


def test_a_quote_carries_its_articles_language(library):
    from dossier.core.briefing import quote_language

    russian = (
        "Россия и Украина ведут переговоры о прекращении огня. Президент заявил, что встреча прошла "
        "продуктивно и стороны договорились продолжить диалог на следующей неделе."
    )
    arabic = "قال الرئيس إن المحادثات كانت مثمرة وإن الطرفين اتفقا على مواصلة الحوار الأسبوع المقبل في جنيف."
    ru = library.get(library.add_bytes(f"Переговоры\n\n{russian}\n".encode(), name="/data/ru.txt").article_id)
    ar = library.get(library.add_bytes(f"محادثات\n\n{arabic}\n".encode(), name="/data/ar.txt").article_id)
    assert quote_language(russian[:40], ru) == ("ru", "ltr")
    assert quote_language(arabic[:30], ar) == ("ar", "rtl")
    assert quote_language("Россия и Украина", None) == ("und-Cyrl", "ltr")
    assert quote_language("We will be talking about land.", None) == (None, "ltr")


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {"DOSSIER_HOME": str(home), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_command_line_export_by_extension(library, tmp_path):
    home = tmp_path / "home"
    dossier_file = tmp_path / "brief.dossier"
    store.save(make_dossier(library), dossier_file)
    # The command's own library lacks the extra article: export it anyway, marked.
    unknown = run_cli("export", str(dossier_file), "-o", str(tmp_path / "brief.txt"), home=home)
    assert unknown.returncode == cli.EXIT_USAGE and "cannot tell the format from “.txt”" in unknown.stderr
    refused = run_cli("export", str(dossier_file), "-o", str(tmp_path / "brief.md"), home=home)
    assert refused.returncode == cli.EXIT_FAILED and "export refused" in refused.stderr
    done = run_cli(
        "export", str(dossier_file), "-o", str(tmp_path / "brief.md"), "--style", "apa", "--force", home=home
    )
    assert done.returncode == cli.EXIT_OK, done.stderr
    assert "brief.md: 7 excerpts from 3 sources" in done.stdout
    assert "## References" in (tmp_path / "brief.md").read_text(encoding="utf-8")
    named = run_cli(
        "export", str(dossier_file), "-o", str(tmp_path / "brief.txt"), "--format", "html", "--force", home=home
    )
    assert named.returncode == cli.EXIT_OK and (tmp_path / "brief.txt").read_text().startswith("<!DOCTYPE html>")
