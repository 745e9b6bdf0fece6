"""Benchmark of the PDF export: time and peak memory for 10, 100 and 1,000 clips.

Each size runs in a fresh child process pinned to one CPU core (where the system allows),
so the peak resident set size (RSS) of one export is not hidden by an earlier, larger one.
Clips are sentences of the bundled seeds, repeated as needed, spread over the three
default sections, every other one with an analyst's note. The time counts ``export_pdf``
only (checking the quotes, citing, laying out and writing), not starting Python.

    python tests/perf/bench_export.py [--sizes 10 100 1000] [--style notes|author-date]

Target: 1,000 clips in at most 10 s, with at most 300 MB peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS, TARGET_MB, TARGET_CLIPS = 10.0, 300.0, 1000


def run_one(clips: int, style: str) -> dict:
    """Build a dossier of ``clips`` clips and export it; runs in the child process."""
    import resource

    sys.path.insert(0, str(ROOT))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from dossier import paths
    from dossier.core.dossier import Dossier
    from dossier.core.export.pdf import export_pdf
    from dossier.core.integrity import make_clip
    from dossier.core.library import Library

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(paths.library_db(Path(tmp)))
        library.import_paths([ROOT / "seeds"])
        spans = []
        for article in library.articles():
            for para in article.visible_paragraphs():
                for m in re.finditer(r"[^.!?]+[.!?”]+", article.text[para.start : para.end]):
                    spans.append((article, para.start + m.start(), para.start + m.end()))
        dossier = Dossier(f"Benchmark: {clips} clips", author="bench_export.py")
        for n in range(clips):
            article, start, end = spans[n % len(spans)]
            note = f"Clip {n + 1}: why this passage matters to the briefing." if n % 2 else ""
            dossier.sections[n % len(dossier.sections)].clips.append(make_clip(article, start, end, note=note))
        started = time.perf_counter()
        report = export_pdf(dossier, library, Path(tmp) / "bench.pdf", style=style)
        seconds = time.perf_counter() - started
        size = report.path.stat().st_size
        library.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    peak_mb = peak_kb / 1024 / (1024 if sys.platform == "darwin" else 1)
    return {"clips": clips, "seconds": seconds, "peak_mb": peak_mb, "pages": report.pages, "kb": size / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--style", default="notes", choices=["notes", "author-date"])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(run_one(args.child, args.style)))
        return 0

    print(f"PDF export benchmark, style {args.style!r}, one process per size, pinned to one core")
    print(f"{'clips':>6} {'seconds':>8} {'peak RSS MB':>12} {'pages':>6} {'PDF KB':>7}   target")
    ok = True
    for clips in args.sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--style", args.style, "--child", str(clips)], capture_output=True, text=True
        )
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return child.returncode
        r = json.loads(child.stdout.strip().splitlines()[-1])
        target = ""
        if clips == TARGET_CLIPS:
            met = r["seconds"] <= TARGET_SECONDS and r["peak_mb"] <= TARGET_MB
            ok = ok and met
            target = f"≤{TARGET_SECONDS:.0f} s, ≤{TARGET_MB:.0f} MB: {'met' if met else 'MISSED'}"
        print(f"{r['clips']:>6} {r['seconds']:>8.2f} {r['peak_mb']:>12.0f} {r['pages']:>6} {r['kb']:>7.0f}   {target}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
