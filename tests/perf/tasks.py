"""One benchmark step in a fresh process, so that its peak memory is its own:

    python -m tests.perf.tasks '{"task": "index-dossier", "corpus": ..., "scale": 2, "dir": ...}'

prints its figures as one line of JSON. Tasks: ``index-dossier``, ``index-whoosh``,
``index-fts5``, ``search``.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from pathlib import Path

from tests.perf import corpus, peers
from tests.perf.measure import PeakRSS, dir_mb, summary_ms


def index_dossier(args: dict) -> dict:
    from tests.perf import ours

    home = Path(args["dir"]) / "dossier"
    shutil.rmtree(home, ignore_errors=True)
    with PeakRSS() as rss:
        result = ours.index_corpus(
            lambda: corpus.stream(args["corpus"], args["scale"]), home, args.get("writer", "default")
        )
    result.update(
        peak_mb=rss.mb,
        index_mb=dir_mb(home / "index"),
        library_mb=dir_mb(home / "library.sqlite3"),
        segments=segment_count(home / "index"),
    )
    return result


def segment_count(folder: Path) -> int:
    from whoosh import index

    return len(index.open_dir(str(folder))._segments())


def index_whoosh(args: dict) -> dict:
    folder = Path(args["dir"]) / f"whoosh-{args['config']}"
    shutil.rmtree(folder, ignore_errors=True)
    with PeakRSS() as rss:
        seconds = peers.whoosh_index(
            corpus.stream(args["corpus"], args["scale"]), folder, peers.WHOOSH_CONFIGS[args["config"]]
        )
    return {"seconds": seconds, "peak_mb": rss.mb, "index_mb": dir_mb(folder), "segments": segment_count(folder)}


def index_fts5(args: dict) -> dict:
    path = Path(args["dir"]) / "fts5.sqlite3"
    path.unlink(missing_ok=True)
    with PeakRSS() as rss:
        seconds = peers.fts5_index(corpus.stream(args["corpus"], args["scale"]), path)
    peers.write_text_file(corpus.stream(args["corpus"], args["scale"]), Path(args["dir"]) / "corpus.txt")  # for grep
    return {"seconds": seconds, "peak_mb": rss.mb, "index_mb": dir_mb(path)}


def search(args: dict) -> dict:
    """Every query on every engine, interleaved (engine order shuffled per query), after one
    untimed warm-up pass; per query the median of ``rounds``; then p50/p95/max over queries."""
    from tests.perf import ours

    work = Path(args["dir"])
    queries = args["queries"]
    texts = {d["id"]: d["body"] for d in corpus.stream(args["corpus"], args["scale"])}
    dossier = ours.DossierSearch(work / "dossier")
    whoosh = peers.WhooshSearch(work / f"whoosh-{args['whoosh']}", texts)
    fts5 = peers.Fts5Search(work / "fts5.sqlite3")
    grep = peers.GrepScan(work / "corpus.txt")
    engines = {
        "dossier": lambda q: dossier.search(q["whoosh"]),
        "whoosh": lambda q: whoosh.search(q["whoosh"]),
        "whoosh_highlights": lambda q: whoosh.search_highlighted(q["whoosh"]),
        "fts5": lambda q: fts5.search(q["fts5"]),
        "fts5_snippets": lambda q: fts5.search_snippets(q["fts5"]),
        "grep": lambda q: grep.search(q["grep"]),
    }
    rng = random.Random(3)
    times: dict[str, list[list[float]]] = {name: [[] for _ in queries] for name in engines}
    found: dict[str, list[int]] = {name: [0] * len(queries) for name in engines}
    for round_no in range(args.get("rounds", 3) + 1):
        for i, q in enumerate(queries):
            order = list(engines)
            rng.shuffle(order)
            for name in order:
                started = time.perf_counter()
                found[name][i] = engines[name](q)
                if round_no:  # round 0 warms up
                    times[name][i].append(time.perf_counter() - started)
    dossier.close()
    whoosh.close()
    fts5.close()
    out: dict = {"grep_tool": grep.tool}
    for name, per_query in times.items():
        medians = [sorted(t)[len(t) // 2] for t in per_query]
        out[name] = {**summary_ms(medians), "per_query_ms": [round(m * 1000, 2) for m in medians], "hits": found[name]}
    by_kind: dict[str, dict] = {}
    for kind in dict.fromkeys(q["kind"] for q in queries):
        picked = [i for i, q in enumerate(queries) if q["kind"] == kind]
        by_kind[kind] = {
            name: round(sum(out[name]["per_query_ms"][i] for i in picked) / len(picked), 2) for name in engines
        }
    out["mean_ms_by_kind"] = by_kind
    return out


TASKS = {"index-dossier": index_dossier, "index-whoosh": index_whoosh, "index-fts5": index_fts5, "search": search}


def main(argv: list[str]) -> int:
    args = json.loads(argv[0])
    result = TASKS[args["task"]](args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
