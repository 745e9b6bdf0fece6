"""Write the sample briefing in every format, and a table of the citation styles, into ``resources/samples/``.

* ``briefing.docx`` (notes: real Word footnotes), ``briefing.md`` (notes: ``[^n]`` footnotes),
  ``briefing.html`` (APA): the README's sample dossier (``make_samples.py``), from the seeds;
* ``word-page-N.png``: pages of the Word file as LibreOffice prints it (when ``soffice`` and
  ``pdftoppm`` are installed); ``html-page.png``: the top of the HTML page in headless Chromium
  (when ``chromium`` is installed);
* ``citation-styles.md``: how each style cites one example source. The seeds say nothing of their
  authors, so the table uses a made-up article ("Ilse Vandermeer", *The Example Gazette*).

    python tests/tools/make_format_samples.py [--out resources/samples]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dossier import paths  # noqa: E402
from dossier.core.citations import plain  # noqa: E402
from dossier.core.dossier import Dossier  # noqa: E402
from dossier.core.export.formats import export  # noqa: E402
from dossier.core.integrity import clip_quote  # noqa: E402
from dossier.core.library import Library  # noqa: E402
from dossier.core.styles import STYLES, cite_in_style  # noqa: E402
from tests.tools.make_samples import sample_dossier  # noqa: E402

EXAMPLE = "Talks Resume in Geneva\n\nDelegations met on Monday.\n\nBoth sides called the first round “useful”.\n"
EXAMPLE_META = {
    "title": "Talks Resume in Geneva",
    "author": "Ilse Vandermeer",
    "publisher": "The Example Gazette",
    "published": "2025-03-17",
    "url": "https://example.org/geneva-talks",
}


def styles_table(library: Library) -> str:
    """A Markdown table: each style's citation of the example source, and its entry in the list of sources."""
    article = library.get(
        library.add_bytes(EXAMPLE.encode(), name="/examples/geneva.txt", meta=EXAMPLE_META).article_id or ""
    )
    dossier = Dossier("Styles")
    clip = clip_quote(article, "Both sides called the first round “useful”.")
    dossier.sections[0].clips.append(clip)
    rows = ["| Style | `--style` | After the quote | In the list of sources |", "| --- | --- | --- | --- |"]
    for info in STYLES.values():
        cites, text = cite_in_style(dossier, {article.id: article}, info.name)
        cited = plain(text.notes[cites.note(clip).number]) if info.kind == "notes" else plain(text.in_text[clip.id])
        where = "note: " + cited if info.kind == "notes" else cited
        entry = plain(text.entries[article.id])
        rows.append(f"| {info.label} | `{info.name}` | {_cell(where)} | {_cell(entry)} |")
    return (
        "# How each citation style cites a source\n\n"
        "A made-up article by Ilse Vandermeer in *The Example Gazette* (17 March 2025), quoted from its ¶ 2.\n"
        "Written by `tests/tools/make_format_samples.py`.\n\n" + "\n".join(rows) + "\n"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "samples")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(paths.library_db(Path(tmp)))
        library.import_paths([ROOT / "seeds"])
        dossier = sample_dossier(library)
        for name, style in (("briefing.docx", "notes"), ("briefing.md", "notes"), ("briefing.html", "apa")):
            report = export(dossier, library, args.out / name, style=style)
            print(f"{report.path.name}: {report.clips} excerpts from {report.sources} sources ({style})")
        (args.out / "citation-styles.md").write_text(styles_table(library), encoding="utf-8")
        library.close()
        if shutil.which("soffice") and shutil.which("pdftoppm"):
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(args.out / "briefing.docx"),
                ],
                check=True,
                capture_output=True,
            )
            for old in args.out.glob("word-page-*.png"):
                old.unlink()
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "2",
                    "-l",
                    "3",
                    f"{tmp}/briefing.pdf",
                    str(args.out / "word-page"),
                ],
                check=True,
            )
            for png in sorted(args.out.glob("word-page-*.png")):
                png.rename(png.with_name(f"word-page-{int(png.stem.rsplit('-', 1)[1])}.png"))
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=900,1400",
                f"--screenshot={args.out / 'html-page.png'}",
                (args.out / "briefing.html").as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
