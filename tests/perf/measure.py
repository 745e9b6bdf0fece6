"""Clocks, memory and the machine: what every benchmark figure is measured with."""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import sys
import threading
import time
from pathlib import Path


class PeakRSS:
    """The peak memory of this process and all its descendants together (a bulk writer's
    worker processes count), sampled every ``interval`` seconds while running, and never
    less than this process's own ``ru_maxrss``. Sums the proportional set size (PSS) where
    Linux gives it: forked workers share their parent's pages, and RSS would count those
    pages once per process."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)

    @property
    def mb(self) -> float:
        return self.peak / 2**20

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_memory(pid) for pid in _tree(me)))
            self._stop.wait(self.interval)


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from /proc (Linux); just ``root`` elsewhere."""
    if not Path("/proc").is_dir():
        return [root]
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def _memory(pid: int) -> int:
    """Bytes: the process's PSS, else its RSS, else 0 (it has gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.started


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile, interpolated between the two nearest ranks (like numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = p / 100 * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms) if ms else float("nan"), "n": len(ms)}


def dir_mb(path: Path | str) -> float:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict:
    try:
        mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem_gib = float("nan")
    try:
        from importlib.metadata import version

        whoosh = version("whoosh-reloaded")
    except Exception:
        whoosh = "?"
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_gib, 1),
        "cpu": cpu or platform.processor(),
        "system": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "whoosh": whoosh,
        "sqlite": sqlite3.sqlite_version,
    }
