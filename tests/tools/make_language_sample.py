"""Render the sample page of quotes in many scripts: ``resources/samples/languages.png``.

Imports the short test articles of ``tests/core/multilingual.py`` (Russian, Ukrainian, Greek,
Arabic, Hebrew, Chinese, Japanese, Korean, Thai, and a Hindi one), clips a passage of each,
exports the briefing and renders its first page of quotes with ``pdftoppm -png -r 80``.

    python tests/tools/make_language_sample.py [--out resources/samples] [--keep-pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dossier import paths  # noqa: E402
from dossier.core.dossier import Dossier, Section  # noqa: E402
from dossier.core.export.pdf import export_pdf  # noqa: E402
from dossier.core.integrity import clip_quote  # noqa: E402
from dossier.core.library import Library  # noqa: E402
from tests.core.multilingual import ARTICLES  # noqa: E402
from tests.core.test_pdf_scripts import HINDI, QUOTES  # noqa: E402


def build(folder: Path) -> Path:
    """Write the articles, import them, clip the passages and export; the PDF's path."""
    for language, text in {**ARTICLES, "hi": HINDI}.items():
        (folder / f"{language}.txt").write_text(text, encoding="utf-8")
    library = Library(folder / "lib.sqlite3")
    try:
        library.import_paths(sorted(folder.glob("*.txt")))
        by_language = {a.meta.language: a for a in library.articles()}
        sections = {title: Section(title) for title in dict.fromkeys(section for section, _, _ in QUOTES)}
        dossier = Dossier(
            "Ceasefire talks in the world's press", author="Briefing desk", sections=list(sections.values())
        )
        for section, language, quote in QUOTES:
            sections[section].clips.append(clip_quote(by_language[language], quote))
        out = folder / "languages.pdf"
        export_pdf(dossier, library, out)
        return out
    finally:
        library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "samples")
    parser.add_argument("--keep-pdf", action="store_true", help="copy the PDF next to the picture too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[paths.HOME_ENV] = str(Path(tmp) / "home")  # nothing of the user's is touched
        pdf = build(Path(tmp))
        args.out.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "3",
                "-l",
                "3",
                "-singlefile",
                str(pdf),
                str(args.out / "languages"),
            ],
            check=True,
        )
        if args.keep_pdf:
            shutil.copy(pdf, args.out / "languages.pdf")
    print(f"wrote {args.out / 'languages.png'}")


if __name__ == "__main__":
    main()
