"""Running ``dossier`` as a hostile world would: many at once, killed at random moments, on
damaged or crafted input. Shared by the reliability tests and ``tests/perf/bench_reliability.py``
(which runs the same trials many more times and prints the figures)."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_ID = "96b06e36"
QUOTES = ["We will be talking about land.", "We will be talking about power plants,"]
CLIP_LINE = re.compile(r"\(clip ([0-9a-f]+)\)")


@dataclass
class Tally:
    """What a trial saw: runs, kills, clips confirmed and present, tracebacks and other failures."""

    runs: int = 0
    kills: int = 0
    confirmed: set[str] = field(default_factory=set)
    present: set[str] = field(default_factory=set)
    tracebacks: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return len(self.confirmed - self.present)

    def add(self, other: Tally) -> None:
        self.runs += other.runs
        self.kills += other.kills
        self.confirmed |= other.confirmed
        self.present |= other.present
        self.tracebacks += other.tracebacks
        self.problems += other.problems


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ, DOSSIER_HOME=str(home), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONWARNINGS", None)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dossier", *args]


def run(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), env=env_for(home), capture_output=True, text=True, timeout=timeout)


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(command(*args), env=env_for(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def prepare(home: Path) -> None:
    """A data folder holding the bundled articles, indexed."""
    result = run(home, "index")
    assert result.returncode == 0, result.stderr


def clip_args(dossier: Path, n: int) -> list[str]:
    return ["clip", "--dossier", str(dossier), "--section", "Agenda", "--create-section", "--doc", SEED_ID,
            "--quote", QUOTES[n % len(QUOTES)], "--note", f"note {n}"]


def clips_in(dossier: Path) -> set[str]:
    """The ids of the clips a dossier file holds (none if it is missing or cannot be read)."""
    try:
        data = json.loads(dossier.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {clip["id"] for section in data.get("sections", []) for clip in section.get("clips", [])}


def settle(tally: Tally, proc: subprocess.Popen[str], *, killed: bool = False) -> tuple[str, str]:
    out, err = proc.communicate(timeout=180)
    tally.runs += 1
    if "Traceback" in err:
        tally.tracebacks += 1
        tally.problems.append(err.strip().splitlines()[-1])
    if not killed and proc.returncode == 0:
        tally.confirmed |= set(CLIP_LINE.findall(out))
    return out, err


def concurrent_clips(home: Path, dossier: Path, rounds: int) -> Tally:
    """``rounds`` times, two ``dossier clip`` into one dossier at the same moment."""
    tally = Tally()
    for n in range(rounds):
        procs = [start(home, *clip_args(dossier, 2 * n + k)) for k in (0, 1)]
        for proc in procs:
            _out, err = settle(tally, proc)
            if proc.returncode != 0:
                tally.problems.append(err.strip())
    tally.present = clips_in(dossier)
    return tally


def killed_clips(home: Path, dossier: Path, runs: int, *, seed: int = 1, window: tuple[float, float] = (0.3, 1.6)
                 ) -> Tally:
    """``runs`` clips into one dossier, each killed (SIGKILL) at a random moment of its run."""
    rng = random.Random(seed)
    tally = Tally()
    for n in range(runs):
        proc = start(home, *clip_args(dossier, n))
        try:
            proc.wait(timeout=rng.uniform(*window))
            settle(tally, proc)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            tally.kills += 1
            settle(tally, proc, killed=True)
        if not dossier.exists() and n:
            result = run(home, *clip_args(dossier, n))  # what the next clip makes of it
            if result.returncode == 0 or "Traceback" in result.stderr:
                tally.problems.append(f"after run {n}: the dossier is gone and a clip says {result.stderr!r}")
            break
    tally.present = clips_in(dossier)
    return tally


def write_articles(folder: Path, count: int, *, tag: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"story{n:05d}{tag}.txt").write_text(
            f"Story {n}{tag}\n\nThe harbour board met on day {n} to talk about walruses {tag} and shipping.\n\n"
            f"Paragraph two of story {n} says something else entirely.\n", encoding="utf-8")
    return folder


def index_counts(home: Path) -> tuple[int, int, int]:
    """(current articles in the library, documents in the index, distinct ids in the index), read directly."""
    code = ("import json,sys\nfrom dossier.core.workspace import Workspace\n"
            "with Workspace() as ws:\n"
            "    ids=[f['id'] for f in ws.index._get_searcher().reader().all_stored_fields()]\n"
            "    print(json.dumps([len(ws.library), len(ids), len(set(ids))]))\n")
    result = subprocess.run([sys.executable, "-c", code], env=env_for(home), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    library, docs, distinct = json.loads(result.stdout)
    return library, docs, distinct


def concurrent_imports(home: Path, folder: Path) -> tuple[Tally, tuple[int, int, int]]:
    """Two imports of the same folder into one data folder at the same moment."""
    tally = Tally()
    procs = [start(home, "import", str(folder)) for _ in range(2)]
    time.sleep(0.01)
    for proc in procs:
        _out, err = settle(tally, proc)
        if proc.returncode != 0:
            tally.problems.append(err.strip()[-300:])
    return tally, index_counts(home)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid and fields[0] not in (b"Z", b"X"):
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    from dossier.core.parent_watch import alive

    return alive(pid)


def kill_import_with_workers(home: Path, folder: Path) -> tuple[list[int], list[int]]:
    """Start an import big enough for the bulk writer's workers, kill -9 the import alone once
    they run; (the workers, those still running 5 s later)."""
    proc = subprocess.Popen(command("import", str(folder)), env=env_for(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = children_of(proc.pid)
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while any(running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if running(w)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return workers, left
