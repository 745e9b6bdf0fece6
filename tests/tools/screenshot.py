"""Screenshots of the real main window: the bundled articles, a search for "ceasefire", clips in
all three default sections and the brief being written (the bottom line and an assessment citing
clips), as the window first opens on the screen it is given.
Saved as resources/screenshots/main-window.png (light) and main-window-dark.png (dark).

Run it under a virtual screen (it uses a throw-away DOSSIER_HOME, never your own library or
settings):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tests/tools/screenshot.py [light|dark]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DOSSIER_HOME"] = tempfile.mkdtemp(prefix="dossier-screenshot-")
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dossier.core.commands import EditAssessment, EditBottomLine, EditClip, SetInfo  # noqa: E402
from dossier.gui import app as dossier_app  # noqa: E402
from dossier.gui import appearance  # noqa: E402

SHOTS = ROOT / "resources" / "screenshots"
NAMES = {"light": "main-window.png", "dark": "main-window-dark.png"}

#: (section row, words to clip, a note or "")
CLIPS = [
    (0, "We will be talking about land. We will be talking about power plants", "Trump's own words on the agenda."),
    (0, "the Zaporizhzhia nuclear power plant, one of the largest in the world, will be a key focus", ""),
    (1, "He has demanded that Ukraine drop its Nato ambitions", "Compare with the Istanbul draft."),
    (1, "He also wants western sanctions eased and a presidential election in Ukraine", ""),
    (2, "Starmer has criticized Russia’s refusal to accept peace terms without conditions", ""),
    (2, "European leaders have expressed frustration over Russia’s reluctance to commit to a ceasefire", ""),
]

#: The brief: {n} stands for the id of clip n of CLIPS.
BOTTOM_LINE = """\
Land and energy assets, not a ceasefire, lead the agenda. Trump names them himself: [@{0}]

- **Watch:** whether a read-out names the Zaporizhzhia plant [@{1}].
- **Moscow's terms** have not moved: [@{2}]
"""
AGENDA = """\
Both outlets put *territory and power plants* first. The plant is the likeliest asset on the table, \
though only by press speculation [@{1}].
"""


def wait_until(predicate, timeout: float = 20.0) -> None:
    """Let the event loop run until ``predicate()`` holds (this is a script, not the app)."""
    end = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if predicate() or time.monotonic() > end else None)
    timer.start(20)
    loop.exec()
    timer.stop()
    if not predicate():
        raise SystemExit("screenshot: timed out waiting for the window")


def main(scheme: str) -> int:
    app = QApplication(sys.argv[:1])
    dossier_app.configure(app)
    QSettings().clear()
    QSettings().setValue(appearance.SETTING, scheme)
    workspace = dossier_app.open_workspace()
    window = dossier_app.create_window(workspace)
    window.show()
    window.start()
    panel = window.search_panel
    wait_until(lambda: panel.shown_query() == "" and panel.model.rowCount() > 0 and not window.ops.is_busy())

    session, library = window.session, workspace.library
    articles = list(library.articles())
    for row, words, note in CLIPS:
        article = next(a for a in articles if words in a.text)
        start = article.text.index(words)
        clip = session.clip_selection(article, start, start + len(words), row)
        if note:
            session.push(EditClip(clip.id, {"note": note}))
    session.dossier.set_info(title="Ukraine talks: the agenda")
    ids = [clip.id[:6] for clip in session.dossier.clips()]
    session.push(
        SetInfo(
            author="Briefing desk",
            organisation="Eastern Europe desk",
            date="2025-03-17",
            marking="INTERNAL – NOT FOR DISTRIBUTION",
        )
    )
    session.push(EditBottomLine(BOTTOM_LINE.format(*ids)))
    session.push(EditAssessment(session.dossier.sections[0].id, AGENDA.format(*ids)))
    session.undo_stack.setClean()

    panel.set_query("ceasefire")
    wait_until(lambda: panel.shown_query() == "ceasefire" and not panel.is_busy())
    panel.select_row(0)
    reader = window.reader
    wait_until(lambda: reader.article is not None and reader.match_count() > 0)
    tree = window.dossier_panel
    tree.select_clip(session.dossier.sections[1].clips[0].id)
    window.centre.setCurrentWidget(window.brief_editor)
    window.brief_editor.assessments[session.dossier.sections[0].id].setFocus()
    window.activateWindow()
    shots = []

    def grab() -> None:
        frame = window.frameGeometry()
        shots.append(window.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()))
        app.quit()

    QTimer.singleShot(800, grab)  # let it paint first
    app.exec()

    out = SHOTS / NAMES[scheme]
    out.parent.mkdir(parents=True, exist_ok=True)
    shot = shots[0] if shots else None
    if shot is None or shot.isNull() or not shot.save(str(out)):
        print("screenshot: could not grab the window", file=sys.stderr)
        return 1
    print(f"Saved {out.relative_to(ROOT)} ({shot.width()}×{shot.height()})")
    window.close()
    window.ops.wait()
    workspace.close()
    return 0


if __name__ == "__main__":
    chosen = sys.argv[1] if len(sys.argv) > 1 else "light"
    if chosen not in NAMES:
        raise SystemExit(f"screenshot: say light or dark, not {chosen!r}")
    sys.exit(main(chosen))
