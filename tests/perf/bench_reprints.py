"""Benchmark of reprint detection at import: what it adds to the import time at 1x.

The corpus is imported through the product's import (``Workspace.import_items``, as
``tests/perf/ours.py`` does) in a fresh child process, with detection and without it, in
interleaved pairs. The cost is the median over the pairs of how much longer the import with
detection took. The time spent inside detection (signing each article, looking up its LSH
candidates, confirming them, writing the groups) is printed beside it, on the wall clock and
in processor time, in whichever thread it ran (once the index workers run, in a thread of
its own, alongside the import): the wall-clock figure also counts the moments detection
waits for a core that an index worker or the import holds, so it overstates what it adds.

    python -m tests.perf.bench_reprints [--corpus PATH] [--pairs N]

Target: at most 15 % of the import time at 1x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
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
    inside = threading.local()

    def timed(method):  # the time inside a detector's own work, in whichever thread it runs
        def wrapper(*args, **kwargs):
            if getattr(inside, "timing", False):  # a call inside one timed already
                return method(*args, **kwargs)
            inside.timing = True
            began, cpu = time.perf_counter(), time.thread_time()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - began
                spent[1] += time.thread_time() - cpu
                inside.timing = False

        return wrapper

    for name in ("add", "_detect", "_write"):
        setattr(reprints_module.Detector, name, timed(getattr(reprints_module.Detector, name)))
    if not detect:

        class Nothing:
            def add(self, article) -> None:
                pass

            def in_background(self) -> None:
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


def compare(spec: str, pairs: int = 3) -> dict:
    """Imports with and without detection, in interleaved pairs: the median of what detection
    added, and the median run with detection (its time inside detection, copies found)."""
    withs, withouts = [], []
    for _ in range(pairs):
        withs.append(measure(spec, True))
        withouts.append(measure(spec, False))
    added = statistics.median((w["seconds"] - wo["seconds"]) / wo["seconds"] for w, wo in zip(withs, withouts))
    typical = sorted(withs, key=lambda r: r["seconds"])[len(withs) // 2]
    return {
        **typical,
        "added": round(added, 4),
        "pairs": [[w["seconds"], wo["seconds"]] for w, wo in zip(withs, withouts)],
        "cpu_share": round(typical["reprints_cpu_s"] / typical["seconds"], 4) if typical["seconds"] else 0.0,
    }


def line(result: dict) -> str:
    """The benchmark's result in one line, as printed."""
    met = "met" if result["added"] <= TARGET else "MISSED"
    pairs = ", ".join(f"{w:.1f}/{wo:.1f} s" for w, wo in result["pairs"])
    return (
        f"Reprint detection at import (1x): adds {result['added']:+.1%} to the import (median of "
        f"{len(result['pairs'])} pairs with/without detection: {pairs}; target <= {TARGET:.0%}: {met}); "
        f"inside detection {result['reprints_s']:.2f} s ({result['reprints_cpu_s']:.2f} s CPU) of "
        f"{result['seconds']:.1f} s ({result['share']:.1%}, {result['cpu_share']:.1%} CPU); "
        f"{result['copies']:,} copies of {result['originals']:,} originals found; load average {result['load']:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(corpus.DEFAULT_CORPUS))
    parser.add_argument("--pairs", type=int, default=3, help="imports with and without detection (default 3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--detect", action=argparse.BooleanOptionalAction, default=True, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, args.detect)))
        return 0
    print(line(compare(args.corpus, max(1, args.pairs))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
