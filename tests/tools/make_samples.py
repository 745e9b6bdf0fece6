"""Render the sample briefing shown in the README: ``resources/samples/page-N.png``.

Builds a dossier of real passages from the bundled seeds, exports it with the citation
style given (``notes`` by default), and renders every page with ``pdftoppm -png -r 60``
(poppler-utils). The PDF itself is written to a temporary folder and not kept.

    python tests/tools/make_samples.py [--style notes|author-date] [--out resources/samples]
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
from dossier.core.dossier import Dossier  # noqa: E402
from dossier.core.export.pdf import export_pdf  # noqa: E402
from dossier.core.integrity import clip_quote  # noqa: E402
from dossier.core.library import Library  # noqa: E402

TRUMP_CALL = "000_a22b62033c914142.txt"  # "Russia – Ukraine war: Donald Trump to speak with Putin tomorrow …"
NEW_PATH = "003_1913b87785396f9a.txt"  # "A New Path Toward Peace: Trump Confirms Talks with Putin …"

#: (section, seed file, exact passage, analyst's note)
CLIPS = [
    (
        "Agenda",
        TRUMP_CALL,
        "We will be talking about land. We will be talking about power plants,",
        "Trump names land and power plants as the first items — before any talk of a ceasefire.",
    ),
    (
        "Agenda",
        TRUMP_CALL,
        "negotiators had already discussed “dividing up certain assets”",
        "Which assets is not said. Both sources use the same phrase.",
    ),
    (
        "Agenda",
        NEW_PATH,
        "While the specifics remain unclear, it is widely speculated that the Zaporizhzhia nuclear power plant, "
        "one of the largest in the world, will be a key focus of the negotiations.",
        "Speculation, not a statement: no official names the plant.",
    ),
    (
        "Agenda",
        TRUMP_CALL,
        "Donald Trump is trying to win Putin’s support for a 30-day ceasefire proposal that Ukraine accepted last week",
        "",
    ),
    (
        "Demands",
        TRUMP_CALL,
        "He has demanded that Ukraine drop its Nato ambitions, that Russia keeps control of all Ukrainian territory "
        "seized, and that the size of the Ukrainian army be limited.",
        "The three core demands, as the outlet summarises them — not Putin’s own words.",
    ),
    (
        "Demands",
        TRUMP_CALL,
        "He also wants western sanctions eased and a presidential election in Ukraine, which Kyiv says is premature "
        "while martial law is in force.",
        "",
    ),
    (
        "Demands",
        NEW_PATH,
        "Russia has firmly opposed any Western military presence in Ukraine, labeling it an unacceptable escalation.",
        "Second source for the line on foreign troops; compare ¶ 16 of the first article.",
    ),
    (
        "Reactions",
        TRUMP_CALL,
        "Witkoff told CNN that discussions with Putin over several hours last week had been “positive” and "
        "“solution-based”.",
        "Upbeat, but second-hand: Witkoff reports, Putin is not quoted.",
    ),
    (
        "Reactions",
        NEW_PATH,
        "Ukrainian President Volodymyr Zelensky has accused Putin of dragging his feet in negotiations, suggesting "
        "that the Russian leader sees it in his interest to prolong the war.",
        "",
    ),
    (
        "Reactions",
        NEW_PATH,
        "Meanwhile, British Prime Minister Sir Keir Starmer has criticized Russia’s refusal to accept peace terms "
        "without conditions, calling it “not good enough.”",
        "London’s position; the military planners’ meeting follows in the same article.",
    ),
]


#: The analyst's text: {n} stands for the id of clip n of CLIPS.
BOTTOM_LINE = """\
Land and energy assets, not a ceasefire, lead the agenda of the call. Trump names them himself: [@{0}]
Moscow's terms have not moved since the ceasefire proposal, and Kyiv and London doubt that Russia wants a quick deal.

- **Watch:** whether any read-out names the Zaporizhzhia plant.
- **Confidence:** *moderate*. Russian positions are reported by the press, not quoted from officials.
"""
ASSESSMENTS = {
    "Agenda": """\
Both outlets put **territory and power plants** first, and the talks have gone beyond a truce: [@{1}]
Which assets is not said. The Zaporizhzhia plant is the likeliest, but only by press speculation: [@{2}]
""",
    "Demands": """\
Putin's terms are those he set before the 30-day proposal, as the press sums them up: [@{4}]
Nothing in either source suggests they have softened. Kyiv is least likely to accept the call for an early
election: [@{5}]
""",
}


def sample_dossier(library: Library) -> Dossier:
    """The sample dossier, from a library holding the seeds."""
    by_file = {Path(a.meta.source_file or "").name: a for a in library.articles()}
    dossier = Dossier("Trump–Putin call: what is on the table", author="Briefing desk")
    dossier.organisation = "Eastern Europe desk"
    dossier.date = "2025-03-17"
    dossier.marking = "INTERNAL – NOT FOR DISTRIBUTION"
    ids = []
    for section, seed, passage, note in CLIPS:
        clip = clip_quote(by_file[seed], passage, note=note)
        dossier.section_by_title(section).clips.append(clip)
        ids.append(clip.id[:6])
    dossier.bottom_line = BOTTOM_LINE.format(*ids)
    for title, text in ASSESSMENTS.items():
        dossier.section_by_title(title).assessment = text.format(*ids)
    return dossier


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", default="notes", choices=["notes", "author-date"])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "samples")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is not installed (poppler-utils).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(paths.library_db(Path(tmp)))
        library.import_paths([ROOT / "seeds"])
        report = export_pdf(sample_dossier(library), library, Path(tmp) / "briefing.pdf", style=args.style)
        library.close()
        args.out.mkdir(parents=True, exist_ok=True)
        for old in args.out.glob("page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(report.path), str(args.out / "page")], check=True)
    for png in sorted(args.out.glob("page-*.png")):  # pdftoppm pads numbers when there are 10+ pages
        png.rename(png.with_name(f"page-{int(png.stem.split('-')[1])}.png"))
    print(f"{report.pages} pages, {report.clips} excerpts from {report.sources} sources -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
