"""Benchmark of reprint detection at import: its share of the import time at 1x.

The corpus is imported through the product's import (``Workspace.import_items``, as
``tests/perf/ours.py`` does) in a fresh child process, once with the time spent finding
reprints (signing each article, looking up its LSH candidates, confirming them, writing the
groups) added up, and, with ``--compare``, once more with detection switched off, so that the
difference of the two wall times shows what it costs an import on this machine.

    python -m tests.perf.bench_reprints [--corpus PATH] [--compare]

Target: at most 15 % of the import time at 1x.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.perf import corpus

ROOT = Path(__file__).resolve().parents[2]
TARGET = 0.15


def run_child(spec: str, detect: bool) -> dict:
    """Import the corpus into a new library (in this process) and time it."""
    from contextlib import contextmanager

    from dossier.core import reprints as reprints_module
    from dossier.core.workspace import Workspace
    from tests.perf.ours import incoming, statuses

    spent = [0.0, 0.0]  # wall, CPU

    def timed(method):  # the time inside a detector's own work
        def wrapper(*args, **kwargs):
            began, cpu = time.perf_counter(), time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - began
                spent[1] += time.process_time() - cpu

        return wrapper

    reprints_module.Detector.add = timed(reprints_module.Detector.add)
    reprints_module.Detector.flush = timed(reprints_module.Detector.flush)
    if not detect:

        class Nothing:
            def add(self, article) -> None:
                pass

        @contextmanager
        def off(self):
            yield Nothing()

        reprints_module.Reprints.detecting = off
    with tempfile.TemporaryDirectory(prefix="dossier-bench-reprints-") as tmp:
        workspace = Workspace(Path(tmp))
        items = corpus.Timed(incoming(corpus.stream(spec, 1)))
        began = time.perf_counter()
        results, report = workspace.import_items(items)
        seconds = time.perf_counter() - began - items.seconds
        copies = workspace.reprints.copies_map()
        workspace.close()
    return {
        "detect": detect,
        "seconds": round(seconds, 2),
        "reprints_s": round(spent[0], 2),
        "reprints_cpu_s": round(spent[1], 2),
        "load": os.getloadavg()[0],
        "share": round(spent[0] / seconds, 4) if seconds else 0.0,
        "statuses": statuses(results),
        "copies": len(copies),
        "originals": len(set(copies.values())),
    }


def measure(spec: str, detect: bool) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.perf.bench_reprints", "--child", spec, "--detect" if detect else "--no-detect"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the reprint benchmark failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(result: dict, without: dict | None = None) -> str:
    """The benchmark's result in one line, as printed."""
    text = (
        f"Reprint detection at import (1x): {result['reprints_s']:.2f} s ({result['reprints_cpu_s']:.2f} s CPU) "
        f"of {result['seconds']:.1f} s ({result['share']:.1%}; target <= {TARGET:.0%}); {result['copies']:,} "
        f"copies of {result['originals']:,} originals found; load average {result['load']:.1f}"
    )
    if without is not None:
        text += (
            f"; the same import without detection {without['seconds']:.1f} s "
            f"({(result['seconds'] - without['seconds']) / without['seconds']:+.1%})"
        )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(corpus.DEFAULT_CORPUS))
    parser.add_argument("--compare", action="store_true", help="also import without detection")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--detect", action=argparse.BooleanOptionalAction, default=True, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, args.detect)))
        return 0
    result = measure(args.corpus, True)
    without = measure(args.corpus, False) if args.compare else None
    print(line(result, without))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
