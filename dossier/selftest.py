"""``dossier selftest`` (``Dossier --self-test`` in the packaged app): the whole road, headless.

Indexes the bundled articles into a temporary home, searches, clips three quotes into a
dossier, saves and reloads it, exports the PDF, reads the PDF back and checks every quote
is in it, and starts Qt offscreen. One line per step; exit 0, or 1 naming the failing step.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

QUOTES = (
    ("Agenda", "We will be talking about land. We will be talking about power plants"),
    ("Demands", "He has demanded that Ukraine drop its Nato ambitions"),
    ("Reactions", "calling it “not good enough.”"),
)


class StepFailed(Exception):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def run_selftest(keep: bool = False, out: Callable[[str], None] = print) -> int:
    home = Path(tempfile.mkdtemp(prefix="dossier-selftest-"))
    previous = os.environ.get("DOSSIER_HOME")
    os.environ["DOSSIER_HOME"] = str(home)
    state: dict = {"home": home}
    steps = [
        ("library", _step_library),
        ("index", _step_index),
        ("search", _step_search),
        ("clip", _step_clip),
        ("save", _step_save),
        ("verify", _step_verify),
        ("export", _step_export),
        ("pdf", _step_pdf),
        ("proof", _step_proof),
        ("qt", _step_qt),
    ]
    failed = None
    try:
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step(state)
            except Exception as exc:  # noqa: BLE001 - report any failure as the step's
                out(f"FAIL  {name:8} {exc.__class__.__name__}: {exc}")
                failed = name
                break
            out(f"ok    {name:8} {detail} ({(time.perf_counter() - started) * 1000:.0f} ms)")
    finally:
        if "workspace" in state:
            state["workspace"].close()
        if previous is None:
            os.environ.pop("DOSSIER_HOME", None)
        else:
            os.environ["DOSSIER_HOME"] = previous
        if keep:
            out(f"files kept in {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    out("self-test passed" if failed is None else f"self-test FAILED at step '{failed}'")
    return 0 if failed is None else 1


def _step_library(state) -> str:
    from dossier.core.workspace import Workspace

    ws = state["workspace"] = Workspace()
    results = ws.import_seeds()
    _check(bool(results) and all(r.ok for r in results), f"seed import: {[r.line() for r in results]}")
    return f"{len(results)} bundled articles imported"


def _step_index(state) -> str:
    state["workspace"].index.sync()
    count = state["workspace"].index.doc_count()
    _check(count == len(state["workspace"].library), f"{count} documents in the index")
    return f"{count} articles indexed"


def _step_search(state) -> str:
    ws = state["workspace"]
    results = ws.search('"power plants"')
    _check(results.total == 2, f"'\"power plants\"' found {results.total} articles, expected 2")
    hit = results.hits[0]
    text = ws.library.get(hit.id).text
    _check(
        all(re.fullmatch(r"(?i)power|plants?|power plants?", text[s:e]) for s, e in hit.spans),
        "highlight spans do not point at the matched words",
    )
    _check(ws.search("Zaporizhzhia").total == 1, "Zaporizhzhia should be in one article")
    return f'2 hits for "power plants", {len(hit.spans)} spans in the first'


def _step_clip(state) -> str:
    from dossier.core.commands import AddClip, UndoStack
    from dossier.core.dossier import Dossier
    from dossier.core.errors import QuoteNotFound
    from dossier.core.integrity import clip_quote

    ws = state["workspace"]
    dossier = state["dossier"] = Dossier("Self-test briefing", "Dossier")
    stack = UndoStack(dossier)
    articles = list(ws.library.articles())
    for section_title, quote in QUOTES:
        for article in articles:
            try:
                clip = clip_quote(article, quote, note=f"Self-test clip for {section_title}.")
            except QuoteNotFound:
                continue
            section = dossier.section_by_title(section_title)
            _check(section is not None, f"no section {section_title}")
            assert section is not None
            stack.push(AddClip(section.id, clip))
            break
        else:
            raise StepFailed(f"quote not found in the seeds: {quote}")
    return f"{len(dossier.clips())} quotes clipped into {', '.join(t for t, _ in QUOTES)}"


def _step_save(state) -> str:
    from dossier.core import store

    path = state["home"] / "selftest.dossier"
    store.save(state["dossier"], path)
    again = store.load(path)
    _check(store.to_dict(again)["sections"] == store.to_dict(state["dossier"])["sections"], "round trip changed it")
    state["dossier"] = again
    return f"saved and reloaded {path.name}"


def _step_verify(state) -> str:
    from dossier.core.integrity import verify

    checks = verify(state["dossier"], state["workspace"].library)
    _check(all(c.status == "ok" for c in checks), "; ".join(c.line() for c in checks if c.status != "ok"))
    return f"{len(checks)} of {len(checks)} quotes match their source"


def _step_export(state) -> str:
    from dossier.core.export.pdf import export_pdf

    path = state["pdf"] = state["home"] / "selftest.pdf"
    report = export_pdf(state["dossier"], state["workspace"].library, path)
    _check(path.is_file() and path.stat().st_size > 1000, "no PDF written")
    return f"{report.pages} pages, {path.stat().st_size // 1024} KB"


def _step_pdf(state) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(state["pdf"]))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    one_mark = str.maketrans(dict.fromkeys('"“”‘’', "'"))  # a quotation inside a quote prints in single marks
    flat = " ".join(text.replace("-\n", "").split()).translate(one_mark)
    missing = [q for _, q in QUOTES if " ".join(q.split()).translate(one_mark) not in flat]
    _check(not missing, f"quotes missing from the PDF text: {missing}")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    _check(all(t in outline for t, _ in QUOTES), f"outline is {outline}")
    return f"{len(QUOTES)} quotes found verbatim, outline {outline}"


def _step_proof(state) -> str:
    from dossier.core.proof_pdf import verify_pdf

    report = verify_pdf(state["pdf"], state["workspace"].library)
    _check(report.ok, "; ".join(report.lines()))
    return f"the attached proof of {report.quotes} quotes holds"


def _step_qt(state) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([sys.argv[0]])
    label = QLabel("Dossier")
    label.show()
    app.processEvents()
    _check(label.isVisible(), "a Qt window could not be shown")
    label.close()
    return f"Qt {qVersion()} on '{QGuiApplication.platformName()}'"
