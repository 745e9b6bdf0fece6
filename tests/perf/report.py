"""The benchmark's figures as one printed table, target checks, and a README section."""

from __future__ import annotations

#: The targets (Dossier's own figures).
INDEX_RATIO = 0.9  # of the best raw Whoosh configuration's docs/s
INDEX_PEAK_MB = 600
REIMPORT_SHARE = 0.02  # of the full import + index time
SEARCH_P95_MS = {1: 50.0, 4: 80.0}  # top 20 with highlight spans
BEAT_WHOOSH = 3.0  # p95 of raw Whoosh's hit.highlights() over ours
EXPORT_S, EXPORT_MB, EXPORT_CLIPS = 10.0, 300.0, 1000

WIDTH = 13


def fmt(value, digits: int | None = None) -> str:
    if value is None or value == "–":
        return "–"
    if isinstance(value, str):
        return value
    if digits is not None:
        return f"{value:,.{digits}f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _index_columns(step: dict) -> list[str]:
    return [k for k in step if k.startswith(("dossier", "whoosh-")) and "seconds" in step[k]] + ["fts5"]


def _label(key: str, results: dict) -> str:
    if key == "dossier":
        return "Dossier"
    if key.startswith("dossier-"):
        return ("Dossier " + key.split("-", 1)[1])[: WIDTH - 1]
    if key.startswith("whoosh-"):
        name = key.split("-", 1)[1]
        if name == next(iter(results["whoosh_configs"])):
            return "Whoosh best"
        return ("Whoosh " + {"default": "dflt"}.get(name, name.replace("procs", "p")))[: WIDTH - 1]
    return {"fts5": "SQLite FTS5", "grep": "grep"}.get(key, key)


def search_p95_target(scale: int) -> float:
    return SEARCH_P95_MS.get(scale, SEARCH_P95_MS[max(SEARCH_P95_MS)] if scale > 1 else SEARCH_P95_MS[1])


def best_whoosh(step: dict) -> tuple[str, float]:
    """The raw Whoosh configuration with the most docs/s, and that figure."""
    rates = {k: step["docs"] / step[k]["seconds"] for k in step if k.startswith("whoosh-")}
    key = max(rates, key=rates.get)
    return key, rates[key]


def checks(step: dict, scale: int) -> dict[str, tuple[bool, str]]:
    """Each target at this scale: (met, how it stands)."""
    ours = step["dossier"]
    out = {}
    if any(k.startswith("whoosh-") for k in step):
        _, best = best_whoosh(step)
        ratio = step["docs"] / ours["seconds"] / best
        out["index"] = (ratio >= INDEX_RATIO, f"≥{INDEX_RATIO}× best raw: {ratio:.2f}×")
    out["rss"] = (ours["peak_mb"] <= INDEX_PEAK_MB, f"≤{INDEX_PEAK_MB} MB")
    share = ours["reimport_s"] / ours["seconds"]
    out["reimport"] = (share <= REIMPORT_SHARE, f"≤{REIMPORT_SHARE:.0%} of index: {share:.1%}")
    search = step["search"]
    p95 = search["dossier"]["p95"]
    limit = search_p95_target(scale)
    beat = search["whoosh_highlights"]["p95"] / p95 if p95 else float("inf")
    out["search"] = (
        p95 <= limit and beat >= BEAT_WHOOSH,
        f"≤{limit:.0f} ms, ≥{BEAT_WHOOSH:.0f}× raw Whoosh: {beat:.1f}×",
    )
    return out


def _verdict(check: tuple[bool, str] | None) -> str:
    if check is None:
        return ""
    met, text = check
    return f"{text} {'met' if met else 'MISSED'}"


def table(results: dict) -> str:
    m = results["machine"]
    c = results["corpus"]
    lines = [
        f"Dossier vs raw Whoosh vs SQLite FTS5 — {c['name']} ({c['docs']:,} docs, {c['mb']} MB) — {results['date']}",
        f"machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}; Python {m['python']}, Whoosh {m['whoosh']}, "
        f"SQLite {m['sqlite']}; load average {results['load_before']} before, {results.get('load_after')} after",
        "raw Whoosh: "
        + "; ".join(
            f"{k} = writer({', '.join(f'{a}={v}' for a, v in o.items())})" for k, o in results["whoosh_configs"].items()
        )
        + f"; search: {len(results['queries'])} queries, top 20, median of {results['rounds']} interleaved rounds",
        f"index: Dossier and every raw writer but the default one ran {results.get('repeats', 1)}x each, taking turns: the fastest "
        "run's time, the highest peak memory (all processes, PSS)",
    ]
    for scale, step in results["scales"].items():
        scale = int(scale)
        cols = _index_columns(step) + ["grep"]
        head = f"{'':<28}" + "".join(f"{_label(k, results):>{WIDTH}}" for k in cols) + "   target"
        lines += ["", head, f"── {scale}× · {step['docs']:,} docs · {step['mb']} MB " + "─" * (len(head) - 30)]
        verdicts = checks(step, scale)

        def row(label: str, values: list, check=None) -> None:
            lines.append(f"{label:<28}" + "".join(f"{fmt(v):>{WIDTH}}" for v in values) + "   " + _verdict(check))

        idx = [step[k] for k in cols[:-1]]
        row("index  s", [r["seconds"] for r in idx] + ["–"])
        row("       docs/s", [step["docs"] / r["seconds"] for r in idx] + ["–"], verdicts.get("index"))
        row("       MB/s", [step["mb"] / r["seconds"] for r in idx] + ["–"])
        row("       peak RSS MB", [r["peak_mb"] for r in idx] + ["–"], verdicts["rss"])
        row("       size on disk MB", [r["index_mb"] for r in idx] + [step["mb"]])
        ours = step["dossier"]
        lines.append(
            f"{'':<28}Dossier: import and index in one pass; library {fmt(ours['library_mb'])} MB; "
            f"{ours['indexed']:,} indexed in {ours.get('segments', '?')} segments, statuses {ours['statuses']}"
        )
        row("re-import unchanged  s", [ours["reimport_s"]] + ["–"] * (len(cols) - 1), verdicts["reimport"])
        search = step["search"]
        keys = {"dossier": "dossier", "fts5": "fts5_snippets", "grep": "grep"}
        first_whoosh = next((k for k in cols if k.startswith("whoosh-")), None)
        for stat in ("p50", "p95", "max"):
            values = []
            for k in cols:
                name = "whoosh_highlights" if k == first_whoosh else keys.get(k)
                values.append(search[name][stat] if name else "–")
            label = {"p50": "search+highlight p50 ms", "p95": "  (top 20)     p95 ms", "max": "                max ms"}[
                stat
            ]
            row(label, values, verdicts["search"] if stat == "p95" else None)
        for stat in ("p50", "p95", "max"):
            values = []
            for k in cols:
                name = "whoosh" if k == first_whoosh else "fts5" if k == "fts5" else None
                values.append(search[name][stat] if name else "–")
            row(
                {"p50": "search only   p50 ms", "p95": "  (no highlight) p95 ms", "max": "                max ms"}[
                    stat
                ],
                values,
            )
        kinds = search["mean_ms_by_kind"]
        lines.append(
            f"{'':<28}mean ms by kind (Dossier / Whoosh+highlights / FTS5+snippet): "
            + ", ".join(
                f"{k} {fmt(v['dossier'])}/{fmt(v['whoosh_highlights'])}/{fmt(v['fts5_snippets'])}"
                for k, v in kinds.items()
            )
        )
    if results.get("export"):
        lines += ["", "PDF export (tests/perf/bench_export.py, one process per size, pinned to one core)"]
        for r in results["export"]:
            if "error" in r:
                lines.append(f"  {r['clips']:>5} clips: failed: {r['error']}")
                continue
            verdict = ""
            if r["clips"] == EXPORT_CLIPS:
                met = r["seconds"] <= EXPORT_S and r["peak_mb"] <= EXPORT_MB
                verdict = f"   ≤{EXPORT_S:.0f} s, ≤{EXPORT_MB:.0f} MB: {'met' if met else 'MISSED'}"
            lines.append(
                f"  {r['clips']:>5} clips: {r['seconds']:6.2f} s, peak RSS {r['peak_mb']:4.0f} MB, "
                f"{r['pages']} pages{verdict}"
            )
    lines.append(f"\n(total {results.get('minutes', '?')} min)")
    return "\n".join(lines)


def readme_section(results: dict) -> str:
    m = results["machine"]
    c = results["corpus"]
    scales = list(results["scales"])
    steps = [results["scales"][s] for s in scales]
    configs = results["whoosh_configs"]
    best = next(iter(configs))

    def cells(fn) -> str:
        return " | ".join(fn(step) for step in steps)

    def ms(name: str):
        return lambda st: "{} / {} / {}".format(*(fmt(st["search"][name][k]) for k in ("p50", "p95", "max")))

    def index_cell(key: str):
        return lambda st: (
            f"{fmt(st[key]['seconds'])} s · {fmt(st['docs'] / st[key]['seconds'], 0)} docs/s · "
            f"{fmt(st[key]['peak_mb'], 0)} MB peak · {fmt(st[key]['index_mb'], 0)} MB"
        )

    real = c["name"] == "scale.jsonl.gz"
    what = "real documents (Wikipedia leads, Linux kernel documentation, 20 Newsgroups)" if real else "documents"
    lines = [
        "## Performance",
        "",
        "`make bench` (`python -m tests.perf.run`) measures Dossier beside raw Whoosh and SQLite FTS5 on the",
        "same documents, in the same run. Figures of " + results["date"][:10] + f" on {m['cores']} cores and "
        f"{m['memory_gib']:.0f} GiB ({m['cpu']}; Python {m['python']},",
        f"Whoosh {m['whoosh']}, SQLite {m['sqlite']}), a machine shared with other work (load average "
        f"{results['load_before'][0]} at the start,",
        f"{(results.get('load_after') or ['?'])[0]} at the end): trust the ratios more than the digits. "
        f"Corpus: `{c['name']}`, {c['docs']:,} {what},",
        f"{c['mb']} MB of text, repeated with new ids for the larger scales. Search: "
        f"{len(results['queries'])} queries (single words,",
        "two-word ANDs, phrases, `title:`, fuzzy `word~`, mixed), top 20 hits with what a results list shows,",
        f"median of {results['rounds']} interleaved rounds per query. Index: the fastest of "
        f"{results.get('repeats', 1)} runs, Dossier and raw Whoosh's multi-process writers taking",
        "turns (the default writer ran once); peak memory is all processes together (PSS), the highest of the runs.",
        "",
        "| | " + " | ".join(f"{s}× ({results['scales'][s]['docs']:,} docs)" for s in scales) + " |",
        "|---|" + "---|" * len(scales),
        "| **Index** (import + index): Dossier | " + cells(index_cell("dossier")) + " |",
    ]
    for key in [k for k in steps[0] if k.startswith("dossier-")]:
        lines.append(f"| Dossier, {key.split('-', 1)[1]} | " + cells(index_cell(key)) + " |")
    for name, options in configs.items():
        label = "default writer" if not options else "writer(" + ", ".join(f"{a}={v}" for a, v in options.items()) + ")"
        lines.append(f"| raw Whoosh, {label} | " + cells(index_cell(f"whoosh-{name}")) + " |")
    lines += [
        "| SQLite FTS5 (porter) | " + cells(index_cell("fts5")) + " |",
        f"| Dossier ÷ best raw Whoosh, docs/s (target ≥ {INDEX_RATIO}) | "
        + cells(lambda st: f"{st['docs'] / st['dossier']['seconds'] / best_whoosh(st)[1]:.2f}×")
        + " |",
        "| **Re-import** of the unchanged corpus (target ≤ 2 % of the index time) | "
        + cells(
            lambda st: (
                f"{fmt(st['dossier']['reimport_s'])} s ({st['dossier']['reimport_s'] / st['dossier']['seconds']:.1%})"
            )
        )
        + " |",
        "| **Search**, top 20 + highlights, p50 / p95 / max ms: Dossier (snippet + every match span) | "
        + cells(ms("dossier"))
        + " |",
        f"| raw Whoosh ({best}) + `hit.highlights()` | " + cells(ms("whoosh_highlights")) + " |",
        "| SQLite FTS5 + `snippet()` | " + cells(ms("fts5_snippets")) + " |",
        "| `grep` scan of the raw text (no index) | " + cells(ms("grep")) + " |",
        "| search only: raw Whoosh / FTS5, p50 / p95 ms | "
        + cells(
            lambda st: (
                f"{fmt(st['search']['whoosh']['p50'])} / {fmt(st['search']['whoosh']['p95'])} · "
                f"{fmt(st['search']['fts5']['p50'])} / {fmt(st['search']['fts5']['p95'])}"
            )
        )
        + " |",
    ]
    if results.get("export"):
        done = [r for r in results["export"] if "error" not in r]
        lines += [
            "",
            "PDF export (`tests/perf/bench_export.py`, target 1,000 clips ≤ 10 s and ≤ 300 MB): "
            + "; ".join(f"{r['clips']:,} clips {r['seconds']:.2f} s, {r['peak_mb']:.0f} MB" for r in done)
            + ".",
        ]
    lines += ["", "Full figures (per query, per kind of query) are in the JSON the run writes to `build/bench/`.", ""]
    return "\n".join(lines)
