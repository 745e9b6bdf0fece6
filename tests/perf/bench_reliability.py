"""The reliability figures: each hostile trial of ``tests/reliability`` run many more times.

    python -m tests.perf.bench_reliability            # the README's figures (about 20 minutes)
    python -m tests.perf.bench_reliability --quick    # a few of each (about 3 minutes)

Prints one row per trial: runs, kills, clips confirmed (a command said it saved them), clips
lost (confirmed, then missing from the file), tracebacks, and other failures (a dossier gone or
changed, an index that does not hold every article once, a command that failed after a kill).
The target for the last three columns is 0.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.reliability import harness
from tests.reliability.harness import Tally


def trials(scale: float) -> list[tuple[str, Callable[[Path], Tally]]]:
    def n(count: int) -> int:
        return max(1, round(count * scale))

    def ready(tmp: Path) -> Path:
        home = tmp / "home"
        harness.prepare(home)
        return home

    def killed_clips(tmp: Path) -> Tally:
        return harness.killed_clips(ready(tmp), tmp / "brief.dossier", n(200), window=(0.3, 6.0))

    def two_writers(tmp: Path) -> Tally:
        return harness.concurrent_clips(ready(tmp), tmp / "brief.dossier", n(50))

    def two_imports(tmp: Path) -> Tally:
        tally, (library, docs, distinct) = harness.concurrent_imports(
            ready(tmp), harness.write_articles(tmp / "news", n(1000))
        )
        if not library == docs == distinct:
            tally.problems.append(f"library {library}, index {docs} ({distinct} distinct)")
        return tally

    def killed_workers(tmp: Path) -> Tally:
        home = ready(tmp)
        tally = Tally()
        folder = harness.write_articles(tmp / "news", 800)
        for _ in range(n(3)):
            workers, left = harness.kill_import_with_workers(home, folder)
            tally.runs += 1
            tally.kills += 1
            if not workers:
                tally.problems.append("no worker had started")
            if left:
                tally.problems.append(f"{len(left)} worker(s) outlived the import")
        result = harness.run(home, "index")
        if result.returncode != 0:
            tally.problems.append(result.stderr.strip()[:200])
        return tally

    def killed_commands(tmp: Path) -> Tally:
        home = ready(tmp)
        dossier = tmp / "brief.dossier"
        harness.run(home, *harness.clip_args(dossier, 0))
        return harness.killed_commands(home, harness.write_articles(tmp / "news", 300), dossier, n(30))

    def crafted(tmp: Path) -> Tally:
        import os

        os.environ["DOSSIER_HOME"] = str(ready(tmp))
        return harness.crafted_dossiers(tmp / "crafted", n(300))

    return [
        ("kill -9 at every step of a save", lambda tmp: harness.kill_at_every_step(tmp, ready(tmp))),
        ("`clip` killed at random moments", killed_clips),
        ("two `clip` at once on one dossier", two_writers),
        ("two imports at once into one data folder", two_imports),
        ("bulk import killed: workers left running", killed_workers),
        ("`import`, `index --rebuild`, `export` killed", killed_commands),
        ("index damaged ten ways", lambda tmp: harness.damaged_index(ready(tmp))),
        ("clip, note, section, export on a full disk", lambda tmp: harness.disk_full(ready(tmp), tmp / "small")),
        ("crafted .dossier files (show, export, note)", crafted),
        (
            "bad files imported",
            lambda tmp: harness.import_bad_files(ready(tmp), harness.bad_files(tmp / "bad", n(1000))),
        ),
        ("fuzzed queries", lambda tmp: harness.fuzzed_queries(ready(tmp), n(2000))),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a few runs of each trial")
    parser.add_argument("--only", help="run the trials whose name holds this text")
    args = parser.parse_args(argv)
    scale = 0.05 if args.quick else 1.0
    print(
        f"Reliability trials, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()} on "
        f"{platform.system()} ({'quick' if args.quick else 'full'} run)\n"
    )
    print("| trial | runs | kills | clips confirmed | clips lost | tracebacks | other failures | time |")
    print("|---|---|---|---|---|---|---|---|")
    bad = 0
    for name, trial in trials(scale):
        if args.only and args.only not in name:
            continue
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="dossier-reliability-") as tmp:
            tally = trial(Path(tmp))
        skipped = tally.problems[:1] == ["skipped: no tmpfs here"]
        problems = [] if skipped else tally.problems
        bad += tally.lost + tally.tracebacks + len(problems)
        confirmed = len(tally.confirmed) if tally.confirmed else "–"
        print(
            f"| {name} | {tally.runs:,} | {tally.kills:,} | {confirmed} | {tally.lost} | {tally.tracebacks} | "
            f"{'skipped (no tmpfs)' if skipped else len(problems)} | {time.monotonic() - started:.0f} s |",
            flush=True,
        )
        for problem in problems[:5]:
            print(f"    {problem}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
