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
from collections.abc import Iterator
from contextlib import contextmanager
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

    def ran(self, label: str, stderr: str) -> bool:
        """Count one run of a command; a traceback on its stderr is counted and noted (True)."""
        self.runs += 1
        if "Traceback" not in stderr:
            return False
        self.tracebacks += 1
        self.problems.append(f"{label}: {stderr.strip().splitlines()[-1]}")
        return True

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
    return subprocess.Popen(
        command(*args),
        env=env_for(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def prepare(home: Path) -> None:
    """A data folder holding the bundled articles, indexed."""
    result = run(home, "index")
    assert result.returncode == 0, result.stderr


def clip_args(dossier: Path, n: int) -> list[str]:
    return [
        "clip",
        "--dossier",
        str(dossier),
        "--section",
        "Agenda",
        "--create-section",
        "--doc",
        SEED_ID,
        "--quote",
        QUOTES[n % len(QUOTES)],
        "--note",
        f"note {n}",
    ]


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


def killed_clips(
    home: Path, dossier: Path, runs: int, *, seed: int = 1, window: tuple[float, float] = (0.3, 1.6)
) -> Tally:
    """``runs`` clips into one dossier, each killed (SIGKILL) at a random moment of its run."""
    rng = random.Random(seed)
    tally = Tally()
    existed = dossier.exists()
    for n in range(runs):
        proc = start(home, *clip_args(dossier, n))
        try:
            proc.wait(timeout=rng.uniform(*window))
            settle(tally, proc)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            tally.kills += 1
            settle(tally, proc, killed=True)
        if existed and not dossier.exists():
            result = run(home, *clip_args(dossier, n))  # what the next clip makes of it
            tally.problems.append(f"after run {n}: the dossier is gone and the next clip says {result.stderr!r}")
            break
        existed = dossier.exists()
    tally.present = clips_in(dossier)
    return tally


def write_articles(folder: Path, count: int, *, tag: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"story{n:05d}{tag}.txt").write_text(
            f"Story {n}{tag}\n\nThe harbour board met on day {n} to talk about walruses {tag} and shipping.\n\n"
            f"Paragraph two of story {n} says something else entirely.\n",
            encoding="utf-8",
        )
    return folder


def index_counts(home: Path) -> tuple[int, int, int]:
    """(current articles in the library, documents in the index, distinct ids in the index), read directly."""
    code = (
        "import json,sys\nfrom dossier.core.workspace import Workspace\n"
        "with Workspace() as ws:\n"
        "    ids=[f['id'] for f in ws.index._get_searcher().reader().all_stored_fields()]\n"
        "    print(json.dumps([len(ws.library), len(ids), len(set(ids))]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env_for(home), capture_output=True, text=True, timeout=120
    )
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
    proc = subprocess.Popen(
        command("import", str(folder)), env=env_for(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
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


# ---------------------------------------------------------------------- kill -9 at every step of a save

KILL_AT_STEP = r"""
import os, signal, sys
from dossier.core import store
path, step = sys.argv[1], int(sys.argv[2])
dossier = store.load(path)
dossier.title = "New"
calls = 0
def deadly(name, real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
for name in ("open", "fsync", "link", "replace", "close", "rename", "unlink", "ftruncate", "chmod"):
    setattr(os, name, deadly(name, getattr(os, name)))
store.save(dossier, path)
print("saved", calls)
"""


def kill_at_every_step(folder: Path, home: Path) -> Tally:
    """Save a dossier over its previous version, killed (SIGKILL) at the 1st, 2nd, … file
    operation of the save, until one save runs to its end. After each, the dossier must be
    there and complete, old or new, and the next command must take it."""
    from dossier.core import store
    from dossier.core.dossier import Dossier

    tally = Tally()
    step = 1
    os.environ["DOSSIER_HOME"] = str(home)  # the data folder of the commands run in this process
    while step < 100:
        path = folder / f"step{step}.dossier"
        store.save(Dossier("Old"), path)
        store.save(Dossier("Old"), path)  # with a backup, as after any second save
        result = subprocess.run(
            [sys.executable, "-c", KILL_AT_STEP, str(path), str(step)],
            env=env_for(home),
            capture_output=True,
            text=True,
            timeout=60,
        )
        tally.runs += 1
        killed = result.returncode == -signal.SIGKILL
        tally.kills += killed
        if "Traceback" in result.stderr:
            tally.tracebacks += 1
            tally.problems.append(f"step {step}: {result.stderr.strip().splitlines()[-1]}")
        try:
            title = store.load(path).title
        except Exception as exc:
            tally.problems.append(f"step {step}: the dossier could not be loaded ({exc})")
        else:
            if title not in ("Old", "New"):
                tally.problems.append(f"step {step}: the dossier holds {title!r}")
        code, err = in_process("section", str(path), "add", "After")
        if code != 0:
            tally.problems.append(f"step {step}: the next command failed: {err.strip()}")
        if not killed:
            break
        step += 1
    return tally


# ---------------------------------------------------------------------- crafted and damaged dossiers


def in_process(*args: str) -> tuple[int, str]:
    """Run ``dossier`` in this process: (exit code, stderr). An exception that escapes is a traceback."""
    import contextlib
    import io

    from dossier.cli import main

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(list(args))
        except BaseException as exc:
            return -1, f"Traceback: {exc!r}"
    text = err.getvalue()
    return code, ("Traceback: " + text) if "failed unexpectedly" in text else text


def _valid() -> dict[str, object]:
    return {
        "schema": "dossier",
        "version": 1,
        "title": "Brief",
        "author": "Desk",
        "sections": [
            {
                "id": "s1",
                "title": "Agenda",
                "clips": [
                    {
                        "id": "c1",
                        "article_id": "96b06e36545ffcfd",
                        "article_version": 1,
                        "quote": "We will be talking about land.",
                        "start": 0,
                        "end": 30,
                        "paragraph": 6,
                        "note": "n",
                    }
                ],
            }
        ],
    }


_ODD_VALUES: list[object] = [
    None,
    True,
    -1,
    2**70,
    1.5,
    "",
    "x" * 5000,
    [],
    {},
    [[[]]],
    {"a": {"b": 1}},
    "\ud800",
    'x"/>forged <a name="y',
    "<img src='/etc/hostname'>",
    "<font size=300>",
]


def crafted(rng: random.Random) -> bytes:
    """A dossier file changed the way a damaged disk or a hostile sender would."""
    data = _valid()
    kind = rng.randrange(8)
    clip = data["sections"][0]["clips"][0]  # type: ignore[index]
    if kind == 0:
        clip[rng.choice(list(clip))] = rng.choice(_ODD_VALUES)
    elif kind == 1:
        data["sections"][0][rng.choice(["id", "title", "clips"])] = rng.choice(_ODD_VALUES)  # type: ignore[index]
    elif kind == 2:
        data[rng.choice(["title", "author", "sections", "version", "schema"])] = rng.choice(_ODD_VALUES)
    elif kind == 3:
        depth = rng.choice([100, 5000, 100_000])
        return ('{"schema": "dossier", "version": 1, "sections": ' + "[" * depth + "]" * depth + "}").encode()
    elif kind == 4:
        raw = json.dumps(data).encode()
        return raw[: rng.randrange(len(raw))]
    elif kind == 5:
        raw = bytearray(json.dumps(data).encode())
        for _ in range(rng.randrange(1, 6)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    elif kind == 6:
        return b"\xef\xbb\xbf" + json.dumps(data).encode()  # a byte order mark: a good file
    else:
        data["sections"].append(dict(data["sections"][0]))  # type: ignore[attr-defined]  # ids twice
    return json.dumps(data, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def crafted_dossiers(folder: Path, count: int, seed: int = 7) -> Tally:
    """``show``, ``export`` and ``note`` on ``count`` crafted files: each says one sentence or
    works; a file refused is left as it was."""
    rng = random.Random(seed)
    tally = Tally()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        path = folder / f"crafted{n}.dossier"
        content = crafted(rng)
        path.write_bytes(content)
        for args in (
            ["show", str(path)],
            ["export", str(path), "-o", str(folder / f"out{n}.pdf"), "--force"],
            ["note", str(path), "c1", "a note"],
        ):
            code, err = in_process(*args)
            tally.runs += 1
            if err.startswith("Traceback"):
                tally.tracebacks += 1
                tally.problems.append(f"{args[0]} {path.name}: {err[:200]}")
            if code != 0 and args[0] == "note" and path.read_bytes() != content:
                tally.problems.append(f"note {path.name}: a file it refused was changed")
    return tally


# ---------------------------------------------------------------------- a full disk


@contextmanager
def small_disk(folder: Path, size_kb: int = 512) -> Iterator[bool]:
    """``folder`` as a small tmpfs (True), or as it is (False) where that cannot be mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = (
        sys.platform.startswith("linux")
        and os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], capture_output=True)


def fill(folder: Path) -> None:
    """Write into ``folder`` until its disk is full."""
    try:
        with open(folder / "filler", "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
    except OSError:
        pass


def disk_full(home: Path, folder: Path) -> Tally:
    """clip, note, section and export into a full disk (a tmpfs): one sentence each, the dossier intact."""
    tally = Tally()
    with small_disk(folder) as mounted:
        if not mounted:
            tally.problems.append("skipped: no tmpfs here")
            return tally
        dossier = folder / "brief.dossier"
        first = run(home, *clip_args(dossier, 0))
        tally.runs += 1
        clip_id = CLIP_LINE.findall(first.stdout)
        tally.confirmed |= set(clip_id)
        before = dossier.read_bytes()
        fill(folder)
        for args in (
            clip_args(dossier, 1),
            ["note", str(dossier), clip_id[0] if clip_id else "x", "x" * 5000],
            ["section", str(dossier), "add", "More"],
            ["export", str(dossier), "-o", str(folder / "b.pdf")],
        ):
            result = run(home, *args)
            if tally.ran(args[0], result.stderr):
                continue
            if result.returncode != 1 or "disk is full" not in result.stderr:
                tally.problems.append(f"{args[0]}: exit {result.returncode}, {result.stderr.strip()[:200]!r}")
        if dossier.read_bytes() != before:
            tally.problems.append("the dossier changed on a full disk")
        tally.present = clips_in(dossier)
    return tally


# ---------------------------------------------------------------------- bad files, fuzzed queries, other kills


def bad_files(folder: Path, count: int, seed: int = 3) -> Path:
    """``count`` files an import must refuse or take, each in one line: empty, binary, random
    bytes, names that are not UTF-8, pipes, link loops, a sparse 2 GB file, an HTML flood."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        kind = n % 10
        name = f"bad{n:04d}.txt"
        if kind == 0:
            (folder / name).write_bytes(b"")
        elif kind == 1:
            (folder / name).write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000))))
        elif kind == 2:
            (folder / name).write_bytes(b"\0\1\2binary" * 100)
        elif kind == 3:
            (folder / os.fsdecode(f"caf\xe9-{n}".encode("latin-1") + b"\xff.txt")).write_text(
                f"Name {n}\n\nA fine article {n} with a name that is not UTF-8.\n"
            )
        elif kind == 4 and hasattr(os, "mkfifo"):
            os.mkfifo(folder / name)
        elif kind == 5:
            (folder / name).symlink_to(folder / name)
        elif kind == 6 and n % 100 == 6:
            with open(folder / name, "wb") as handle:
                handle.truncate(2 * 1024**3)
        elif kind == 7 and n % 200 == 7:
            (folder / f"flood{n}.html").write_bytes(b"<html><body><p>x</p>" + b"<p></p>" * 400_000 + b"</body></html>")
        elif kind == 8:
            (folder / name).write_text("Title only\n")
        else:
            (folder / name).write_text(f"Good {n}\n\nA real article number {n} about {rng.random()}.\n")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "up").symlink_to(folder)
    (folder / "catalog.json").write_text('{"articles": ' * 3000 + "{}" + "}" * 3000)
    return folder


def import_bad_files(home: Path, folder: Path) -> Tally:
    tally = Tally()
    result = run(home, "import", str(folder), timeout=600)
    tally.runs += 1
    if "Traceback" in result.stderr:
        tally.tracebacks += 1
        tally.problems.append(result.stderr.strip().splitlines()[-1])
    lines = (result.stdout + result.stderr).count("\n")
    files = sum(1 for p in folder.iterdir() if p.name != "sub")
    tally.runs = files  # one import, a line for each file
    if lines < files - 1:  # every file gets its line (the catalog's is one of them)
        tally.problems.append(f"{lines} lines for {files} files")
    return tally


_QUERY_PIECES = [
    '"',
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "-",
    "title:",
    "date:",
    "date:[2025 to",
    "]",
    "*",
    "?",
    "~",
    "~2/3",
    "land",
    "power plants",
    "Путин",
    "^",
    ":",
    "\\",
    "{",
    "}",
    "date:>2025-02",
    "tags:",
    "\u0301",
    "\ud83d\ude00",
    "\x00",
    "'",
    "ZZZ" * 40,
    " ",
    "*a*",
    "author:*",
]


def fuzzed_queries(home: Path, count: int, seed: int = 11) -> Tally:
    """``count`` queries put together from the syntax's pieces, searched in this process: each
    answers (hits, or a message), none raises."""
    from dossier.core.workspace import Workspace

    rng = random.Random(seed)
    tally = Tally()
    with Workspace(home / "data") as ws:
        for _ in range(count):
            query = "".join(rng.choice(_QUERY_PIECES) + rng.choice(["", " "]) for _ in range(rng.randrange(1, 12)))
            if rng.random() < 0.01:
                query = "walrus " * rng.randrange(300, 30_000)
            tally.runs += 1
            try:
                ws.search(query, limit=5)
            except Exception as exc:
                tally.tracebacks += 1
                tally.problems.append(f"{query[:60]!r}: {exc!r}")
    return tally


def killed_commands(home: Path, folder: Path, dossier: Path, runs: int, seed: int = 5) -> Tally:
    """``import``, ``index --rebuild`` and ``export``, each killed (SIGKILL) at a random moment;
    after every kill the next command works, and in the end the index holds every article once."""
    rng = random.Random(seed)
    tally = Tally()
    pdf = dossier.with_suffix(".pdf")
    for n in range(runs):
        which = n % 3
        args = [["import", str(folder)], ["index", "--rebuild"], ["export", str(dossier), "-o", str(pdf)]][which]
        proc = start(home, *args)
        try:
            proc.wait(timeout=rng.uniform(0.3, 3.0))
            settle(tally, proc)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            tally.kills += 1
            settle(tally, proc, killed=True)
        if which == 2 and pdf.exists() and not pdf.read_bytes().rstrip().endswith(b"%%EOF"):
            tally.problems.append(f"run {n}: a killed export left a partial PDF")
        after = run(home, "search", "harbour")
        if after.returncode != 0 or "Traceback" in after.stderr:
            tally.problems.append(f"run {n}: search after a killed {args[0]}: {after.stderr.strip()[:200]}")
    final = run(home, "index")
    if final.returncode != 0:
        tally.problems.append(f"the last index: {final.stderr.strip()[:200]}")
    library, docs, distinct = index_counts(home)
    if not library == docs == distinct:
        tally.problems.append(f"library {library}, index {docs} ({distinct} distinct)")
    return tally


def damaged_index(home: Path) -> Tally:
    """Kinds of damage to the index, each followed by a search and ``dossier index``: no
    traceback, and search works again after the index command."""
    import shutil

    tally = Tally()
    index_dir = home / "data" / "index"
    kinds = {
        "table of contents garbled": lambda: [p.write_bytes(b"garbage" * 10) for p in index_dir.glob("*.toc")],
        "segment file missing": lambda: [p.unlink() for p in index_dir.glob("*.seg")],
        "terms cut short": lambda: [os.truncate(p, 10) for p in index_dir.glob("*.trm")],
        "postings cut short": lambda: [os.truncate(p, os.path.getsize(p) // 2) for p in index_dir.glob("*.pst")],
        "field lengths zeroed": lambda: [p.write_bytes(b"\0" * p.stat().st_size) for p in index_dir.glob("*.fln")],
        "stored fields garbled": lambda: [p.write_bytes(b"\x80\x04junk" * 50) for p in index_dir.glob("*.sto")],
        "lock left behind": lambda: (index_dir / "MAIN_WRITELOCK").write_text("12345"),
        "folder gone": lambda: shutil.rmtree(index_dir),
        "folder is a file": lambda: (shutil.rmtree(index_dir), index_dir.write_text("not a folder")),
        "empty folder": lambda: (shutil.rmtree(index_dir), index_dir.mkdir()),
    }
    for name, damage in kinds.items():
        if not index_dir.is_dir():
            if index_dir.exists():
                index_dir.unlink()
            run(home, "index")
        damage()
        for args in (["search", "talks"], ["index"], ["search", "land"]):
            result = run(home, *args)
            tally.ran(f"{name}, {args[0]}", result.stderr)
        if result.returncode != 0 or "2 articles match" not in result.stdout:
            tally.problems.append(
                f"{name}: search after `dossier index` says {result.stdout[:80]!r} {result.stderr.strip()[:200]!r}"
            )
    return tally
