"""GUI benchmark (prints figures; not a timed test).

* start: process start to the first painted main window (median of a few fresh processes);
* search as you type: keystroke to the results on screen, p50/p95, over a 1,000-article
  library (this includes the debounce delay: the time a person actually waits);
* the longest event-loop stall while 1,000 articles are imported through the window.

Run it under a virtual screen, or offscreen:

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/perf/bench_gui.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_gui.py
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

ARTICLES = 1000
START_RUNS = 5
QUERIES = [
    "ceasefire",
    "kursk",
    "power plants",
    "zaporizhzhia",
    "sanctions",
    "witkoff",
    "nato",
    "putin",
    "envoy",
    "reactor",
    "election",
    "troops",
    "peace terms",
    "drones",
    "grain",
    "moscow",
    "kyiv",
    "summit",
    "assets",
    "london",
    "talks",
    "border",
    "energy",
    "refugees",
    "harbour",
    "winter",
    "missile",
    "convoy",
    "ports",
    "tariffs",
]

START_PROGRAM = r"""
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from dossier.gui import app as dossier_app

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"painted {{time.monotonic():.6f}}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            obj.removeEventFilter(self)
        return False

app = QApplication(sys.argv)
dossier_app.configure(app)
workspace = dossier_app.open_workspace()
window = dossier_app.create_window(workspace)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
QTimer.singleShot(0, window.start)
app.exec()
window.ops.wait()
workspace.close()
"""


def bench_start(home: Path) -> list[float]:
    """Seconds from spawning a fresh process to its first painted window (warm library)."""
    times = []
    env = {**os.environ, "DOSSIER_HOME": str(home)}
    program = START_PROGRAM.format(root=str(ROOT))
    for _ in range(START_RUNS + 1):  # the first run builds the library: not counted
        began = time.monotonic()
        done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=120)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("painted ")), None)
        if line is None:
            raise SystemExit(f"bench: the window did not paint:\n{done.stderr}")
        times.append(float(line.split()[1]) - began)
    return times[1:]


def make_articles(folder: Path, count: int) -> None:
    """``count`` plausible articles made from the seeds' sentences and some extra words."""
    rng = random.Random(7)
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    sentences = [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.split()) > 5]
    extra = [q for q in QUERIES if " " not in q]
    for n in range(count):
        paragraphs = []
        for _ in range(rng.randint(5, 12)):
            chosen = rng.sample(sentences, rng.randint(2, 4))
            chosen.insert(
                rng.randrange(len(chosen) + 1), f"Officials mentioned {rng.choice(extra)} and {rng.choice(extra)}."
            )
            paragraphs.append(" ".join(chosen))
        title = f"Report {n}: {rng.choice(extra).capitalize()} and {rng.choice(extra)}"
        (folder / f"article_{n:04}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def bench_in_window(home: Path, folder: Path) -> dict:
    os.environ["DOSSIER_HOME"] = str(home)
    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from dossier.gui import app as dossier_app
    from dossier.gui.dialogs.prompts import Prompts

    class Quiet(Prompts):
        def show_import_report(self, parent, results):
            pass

    def wait_until(predicate, timeout: float = 300.0) -> None:
        end = time.monotonic() + timeout
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if predicate() or time.monotonic() > end else None)
        timer.start(1)
        loop.exec()
        timer.stop()

    app = QApplication.instance() or QApplication(sys.argv)
    dossier_app.configure(app)
    workspace = dossier_app.open_workspace()
    window = dossier_app.create_window(workspace, Quiet())
    window.resize(1500, 920)
    window.show()
    window.start()
    panel = window.search_panel
    wait_until(lambda: panel.model.rowCount() > 0 and not window.ops.is_busy())

    # --- the longest stall of the event loop during a 1,000-article import
    clock, stalls = QElapsedTimer(), []
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        stalls.append(now - last[0])
        last[0] = now

    clock.start()
    ticker.timeout.connect(tick)
    ticker.start(5)
    began = time.monotonic()
    window.ops.import_paths([folder])
    wait_until(lambda: not window.ops.is_busy(), timeout=900)
    import_seconds = time.monotonic() - began
    ticker.stop()
    wait_until(lambda: not panel.is_busy())
    articles = len(workspace.library)

    # --- keystroke to results on screen
    class Painted(QObject):
        def __init__(self):
            super().__init__()
            self.at = None

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and self.at is None:
                self.at = time.perf_counter()
            return False

    painted = Painted()
    latencies = []
    for query in QUERIES:
        panel.field.clear()
        panel.set_query("")
        wait_until(lambda: not panel.is_busy())
        QTest.keyClicks(panel.field, query[:-1])
        wait_until(lambda q=query[:-1]: panel.shown_query() == q and not panel.is_busy())
        shown = [False]
        panel.results_shown.connect(lambda: shown.__setitem__(0, True))
        painted.at = None
        start = time.perf_counter()
        QTest.keyClick(panel.field, query[-1])
        wait_until(lambda q=query: shown[0] and panel.shown_query() == q)
        panel.view.viewport().installEventFilter(painted)
        panel.view.viewport().update()
        panel.stack.update()
        wait_until(lambda: painted.at is not None, timeout=2)
        panel.view.viewport().removeEventFilter(painted)
        panel.results_shown.disconnect()
        if painted.at is not None:
            latencies.append((painted.at - start) * 1000)

    window.session.undo_stack.setClean()
    window.close()
    window.ops.wait()
    workspace.close()
    return {
        "import_s": import_seconds,
        "articles": articles,
        "stall_ms": max(stalls) - 5 if stalls else 0.0,
        "latencies": latencies,
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        tmp_path = Path(tmp)
        print(
            f"Qt platform: {os.environ.get('QT_QPA_PLATFORM') or 'xcb (DISPLAY ' + os.environ.get('DISPLAY', '?') + ')'}"
        )
        starts = bench_start(tmp_path / "start-home")
        print(
            f"start → first painted window: median {statistics.median(starts) * 1000:.0f} ms "
            f"(min {min(starts) * 1000:.0f}, max {max(starts) * 1000:.0f}; {len(starts)} fresh processes)"
        )
        folder = tmp_path / "articles"
        folder.mkdir()
        make_articles(folder, ARTICLES)
        result = bench_in_window(tmp_path / "home", folder)
        lat = result["latencies"]
        print(
            f"import of {ARTICLES:,} articles through the window: {result['import_s']:.1f} s "
            f"({result['articles']:,} articles in the library)"
        )
        print(f"longest event-loop stall during the import: {result['stall_ms']:.0f} ms")
        print(
            f"search as you type, keystroke → results painted ({len(lat)} queries, "
            f"{result['articles']:,} articles, debounce included): "
            f"p50 {percentile(lat, 50):.0f} ms, p95 {percentile(lat, 95):.0f} ms, max {max(lat):.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
