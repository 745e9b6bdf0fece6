"""Benchmarks side by side: Dossier vs raw Whoosh vs SQLite FTS5 (and grep as the floor).

    python -m tests.perf.run [--corpus PATH] [--scales 1,2,4] [--queries N] [--json OUT] [--quick]

For each scale (the corpus repeated with new ids) it measures, each step in a fresh process:

* **index**: Dossier's import + index through its real code (``Library.add_many`` then
  ``SearchIndex.sync``), raw Whoosh writers on the same schema and text, SQLite FTS5 (``porter``);
  seconds, docs/s, MB/s, peak RSS (with worker processes), size on disk; and Dossier's
  re-import of the unchanged corpus;
* **search**: top 20 with what a results list shows (Dossier: snippet and every match span;
  raw Whoosh: ``hit.highlights()``; FTS5: ``snippet()``; grep: a scan of the raw text),
  p50/p95/max over the queries, all engines interleaved in one process;

then the PDF export (``tests/perf/bench_export.py``: 10, 100, 1,000 clips) and the share of
what reprint detection adds to the import at 1x (``tests/perf/bench_reprints.py``). It prints one
table, writes the figures as JSON (``build/bench/results-<date>.json`` unless ``--json``)
and a Performance section for the README next to it. Not part of the tests; no asserts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from tests.perf import bench_reprints, corpus, peers
from tests.perf.measure import load_average, machine
from tests.perf.queries import make_queries
from tests.perf.report import readme_section, table

ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = ROOT / "build" / "bench"
EXPORT_SIZES = (10, 100, 1000)


def run_task(task: dict, timeout: float | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.perf.tasks", json.dumps(task)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark step {task['task']} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_export(sizes: tuple[int, ...]) -> list[dict]:
    script = ROOT / "tests" / "perf" / "bench_export.py"
    out = []
    for clips in sizes:
        done = subprocess.run(
            [sys.executable, str(script), "--child", str(clips)], cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode != 0:
            out.append({"clips": clips, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]})
        else:
            out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        help="JSONL(.gz) of {id,title,date,body} or a folder of text files "
        f"(default: {corpus.DEFAULT_CORPUS} when present, else a generated one)",
    )
    parser.add_argument("--scales", default=None, help="comma-separated multiples of the corpus (default 1,2,4)")
    parser.add_argument("--queries", type=int, default=None, help="number of queries (default 52)")
    parser.add_argument("--rounds", type=int, default=None, help="timed passes over the queries (default 3)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="index runs of Dossier and the best raw Whoosh writer, taking turns; the fastest counts (default 2)",
    )
    parser.add_argument("--json", type=Path, help="where to write the figures")
    parser.add_argument("--quick", action="store_true", help="a small generated corpus, 1x, few queries: a smoke run")
    parser.add_argument(
        "--whoosh",
        default=None,
        help=f"raw Whoosh writer configurations, comma-separated, the first one searched "
        f"(default {peers.BEST_WHOOSH},procs2-multiseg-files,default; known: {', '.join(peers.WHOOSH_CONFIGS)})",
    )
    parser.add_argument(
        "--dossier-writers",
        default="default",
        help="Dossier index writers to run, comma-separated: default (the product's), "
        "procs1 (one process), limitmb=N (the bulk writer's buffer)",
    )
    parser.add_argument("--no-export", action="store_true", help="skip the PDF export benchmark")
    parser.add_argument("--no-reprints", action="store_true", help="skip the reprint detection benchmark")
    parser.add_argument("--workdir", type=Path, help="keep the indexes here (default: a temporary folder)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.quick:
        spec = args.corpus or "generated:150"
        scales = [int(s) for s in (args.scales or "1").split(",")]
        count, rounds, repeats = args.queries or 8, args.rounds or 1, args.repeat or 1
        whoosh_configs = (args.whoosh or "default").split(",")
        export_sizes: tuple[int, ...] = ()
    else:
        spec = args.corpus or (str(corpus.DEFAULT_CORPUS) if corpus.DEFAULT_CORPUS.exists() else "generated:3000")
        scales = [int(s) for s in (args.scales or "1,2,4").split(",")]
        count, rounds, repeats = args.queries or 52, args.rounds or 3, args.repeat or 2
        whoosh_configs = (args.whoosh or f"{peers.BEST_WHOOSH},procs2-multiseg-files,default").split(",")
        export_sizes = () if args.no_export else EXPORT_SIZES
    dossier_writers = args.dossier_writers.split(",")
    # every raw configuration but the (far slower) default writer could be the fastest: those
    # take turns with Dossier as often as it runs, so that none is judged on one lucky run
    contenders = [c for c in whoosh_configs if c != "default"] or whoosh_configs[:1]
    base = corpus.generate(int(spec.split(":")[1])) if spec.startswith("generated:") else corpus.load(spec)
    queries = make_queries(base, count)
    started = datetime.now()
    results: dict = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "load_before": load_average(),
        "corpus": {"spec": spec, "name": Path(spec).name, "docs": len(base), "mb": round(corpus.text_mb(base), 1)},
        "whoosh_configs": {name: peers.WHOOSH_CONFIGS[name] for name in whoosh_configs},
        "dossier_writers": dossier_writers,
        "queries": queries,
        "rounds": rounds,
        "repeats": repeats,
        "scales": {},
    }
    print(
        f"Benchmark on {spec}: {len(base):,} docs, {corpus.text_mb(base):.1f} MB; scales {scales}; "
        f"{len(queries)} queries; load {load_average()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        for scale in scales:
            work = (args.workdir or Path(tmp)) / f"x{scale}"
            common = {"corpus": spec, "scale": scale, "dir": str(work)}
            step: dict = {"docs": len(base) * scale, "mb": round(corpus.text_mb(base) * scale, 1), "load": {}}
            jobs = [
                (f"dossier-{w}".replace("-default", ""), {"task": "index-dossier", "writer": w})
                for w in dossier_writers
            ]
            jobs += [(f"whoosh-{c}", {"task": "index-whoosh", "config": c}) for c in contenders]
            runs: dict[str, list[dict]] = {}
            for turn in range(repeats):  # Dossier and the fast raw writers take turns
                for name, task in jobs:
                    extra = {"dir": str(work / name)} if name.startswith("dossier-") else {}
                    print(f"  {scale}x: {name} ({turn + 1}/{repeats}) …", flush=True)
                    runs.setdefault(name, []).append({**run_task({**common, **task, **extra}), "load": load_average()})
            for config in (c for c in whoosh_configs if c not in contenders):
                print(f"  {scale}x: whoosh-{config} …", flush=True)
                runs[f"whoosh-{config}"] = [
                    {**run_task({**common, "task": "index-whoosh", "config": config}), "load": load_average()}
                ]
            for name, done in runs.items():  # the fastest run's figures, the highest peak of all
                step[name] = {
                    **min(done, key=lambda r: r["seconds"]),
                    "peak_mb": max(r["peak_mb"] for r in done),
                    "runs": done,
                }
            step["load"]["fts5"] = load_average()
            print(f"  {scale}x: SQLite FTS5 …", flush=True)
            step["fts5"] = run_task({**common, "task": "index-fts5"})
            step["load"]["search"] = load_average()
            print(f"  {scale}x: {len(queries)} queries × {rounds} rounds on every engine …", flush=True)
            began = time.perf_counter()
            step["search"] = run_task(
                {**common, "task": "search", "queries": queries, "rounds": rounds, "whoosh": whoosh_configs[0]}
            )
            step["search"]["wall_s"] = round(time.perf_counter() - began, 1)
            results["scales"][str(scale)] = step
    if export_sizes:
        print("  PDF export …", flush=True)
        results["export"] = run_export(export_sizes)
    if not args.quick and not args.no_reprints:
        print("  reprint detection at import (1x) …", flush=True)
        results["reprints"] = bench_reprints.compare(spec)
    results["load_after"] = load_average()
    results["minutes"] = round((datetime.now() - started).total_seconds() / 60, 1)

    print()
    print(table(results))
    if "reprints" in results:
        print(bench_reprints.line(results["reprints"]))
    out = args.json or RESULTS_DIR / f"results-{started:%Y-%m-%d}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    readme = out.with_name(out.stem.replace("results", "README-performance") + ".md")
    readme.write_text(readme_section(results), encoding="utf-8")
    print(f"\nFigures: {out}\nREADME section: {readme}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
