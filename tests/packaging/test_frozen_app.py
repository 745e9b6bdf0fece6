"""The desktop app as users get it: built by packaging/build.py, run as a frozen binary.

A hidden import or a data file the build misses shows up here, not on a user's machine:
the self-test runs the whole road (index, search, clip, export, PDF check, Qt), an HTML
import runs trafilatura with its data, and the window has to come up.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "build.py"
SIZE_BUDGET_MIB = 230  # the one folder: 140 MiB at first; 217 MiB with numpy (language detection), fonts for every script, HarfBuzz and rapidfuzz
STEPS = ("library", "index", "search", "clip", "save", "verify", "export", "pdf", "qt")

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.timeout(900),
    pytest.mark.skipif(os.environ.get("DOSSIER_SKIP_PACKAGE") == "1", reason="DOSSIER_SKIP_PACKAGE=1"),
    pytest.mark.skipif(sys.platform != "linux", reason="Linux only; others: .github/workflows/build.yml"),
]

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>The last lighthouse keeper of Port Avel</title>
<meta name="author" content="Mara Quint"><meta property="og:site_name" content="Coastal Courier">
<meta name="date" content="2025-03-14"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>The last lighthouse keeper of Port Avel</h1>
<p>For thirty-one years Elias Varga climbed the hundred and twelve steps of the Port Avel
lighthouse every evening at dusk, trimming the wick long after the lamp had been electrified.</p>
<p>The harbour authority announced on Friday that the light will be automated next spring,
ending a tradition of resident keepers that began in 1874 when the tower was first lit.</p>
<p>"The sea does not care who switches on the lamp," Varga said, standing on the gallery as
the ferry from the mainland rounded the breakwater. "But the town does, and so do I."</p>
<p>Local fishermen have started a petition asking the council to keep the keeper's cottage
open as a museum, and more than two thousand residents have signed it in the first week.</p>
</article><footer>Contact us · Privacy</footer></body></html>
"""


def _load_build_script():
    spec = importlib.util.spec_from_file_location("dossier_packaging_build", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_py():
    """packaging/build.py as a module: its helpers run and time the frozen app."""
    return _load_build_script()


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory, build_py) -> Path:
    """dist/Dossier/ built by the same script as `make package`, into a temporary dist.

    PyInstaller's work folder stays in build/ (ignored by git) so a second local run only
    rebuilds what changed.
    """
    dist = tmp_path_factory.mktemp("dist")
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            str(BUILD_SCRIPT),
            "--dist",
            str(dist),
            "--work",
            str(ROOT / "build" / "pyinstaller-test"),
            "--no-archive",
            "--no-self-test",
            "--no-measure",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=840,
    )
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    print(f"\nbuilt in {time.perf_counter() - started:.1f} s:\n{proc.stdout}")
    return dist / build_py.NAME


@pytest.fixture
def frozen(app_dir, build_py, tmp_path):
    """Run the frozen binary headless with its own DOSSIER_HOME; returns the finished process."""
    exe = build_py.executable(app_dir)

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = build_py.frozen_env(QT_QPA_PLATFORM="offscreen", DOSSIER_HOME=str(tmp_path / "home"))
        return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=tmp_path)

    return run


def test_self_test_passes_every_step(frozen):
    proc = frozen("--self-test")

    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    for step in STEPS:
        assert any(re.match(rf"ok\s+{step}\s", line) for line in lines), f"no 'ok {step}' in:\n{proc.stdout}"
    assert lines[-1] == "self-test passed"
    assert "on 'offscreen'" in proc.stdout


def test_version_is_the_projects(frozen):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

    proc = frozen("--version")

    assert (proc.returncode, proc.stdout.strip()) == (0, f"Dossier {version}")


def test_html_import_and_search_from_a_reopened_index(frozen, tmp_path):
    page = tmp_path / "lighthouse.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")

    imported = frozen("import", str(page))
    found = frozen("search", "petition AND fishermen", "--json")  # a second process reads the index

    assert imported.returncode == 0 and "1 added" in imported.stdout, imported.stdout + imported.stderr
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert [(h["title"], h["publisher"], h["author"]) for h in hits] == [
        ("The last lighthouse keeper of Port Avel", "Coastal Courier", "Mara Quint")
    ]


def test_documents_pages_and_feeds_import(frozen, tmp_path):
    """PDF (pypdf), DOCX (python-docx), Markdown (markdown-it-py), a page by URL archived as WARC
    (warcio) and a feed (feedparser, through xml.sax's expat driver), all from inside the bundle."""
    from tests.core.test_sources_documents import make_docx, make_pdf
    from tests.core.web_server import serve

    make_pdf(tmp_path / "report.pdf")
    make_docx(tmp_path / "memo.docx")
    (tmp_path / "notes.md").write_text("# Notes\n\nThe **quokka** census is done.\n", encoding="utf-8")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>A</title><link>{base}/a.html</link></item></channel></rss>"
    )
    with serve() as site:
        url = site.page("/page", ARTICLE_HTML)
        site.page("/a.html", ARTICLE_HTML.replace("lighthouse keeper", "ferry captain"))
        feed_url = site.page("/feed.xml", feed.format(base=site.base), content_type="application/rss+xml")
        imported = frozen(
            "import",
            str(tmp_path / "report.pdf"),
            str(tmp_path / "memo.docx"),
            str(tmp_path / "notes.md"),
            url,
            "--feed",
            feed_url,
        )
    listed = frozen("list", "--json")

    assert imported.returncode == 0 and "5 added" in imported.stdout, imported.stdout + imported.stderr
    titles = {row["title"] for row in json.loads(listed.stdout)}
    assert {
        "Port Capacity Report",
        "Memo on the corridor",
        "Notes",
        "The last lighthouse keeper of Port Avel",
        "The last ferry captain of Port Avel",
    } <= titles
    assert list((tmp_path / "home" / "data" / "archive").rglob("*.warc.gz"))


@pytest.mark.parametrize("start", ["fork", "forkserver"])  # the window's process has threads: a fork server
def test_a_big_import_is_indexed_by_the_bulk_writers_workers(frozen, tmp_path, monkeypatch, start):
    """More articles than BULK_DOCS at once: the frozen app starts the bulk writer's worker
    processes (multiprocessing inside the bundle) and they index with the fast analysis."""
    from dossier.core.index import bulk

    monkeypatch.setenv(bulk.START_METHOD_ENV, start)
    from dossier.core.index import upkeep as index_module
    from tests.perf import corpus

    folder = tmp_path / "many"
    folder.mkdir()
    docs = corpus.generate(index_module.BULK_DOCS + 100)
    for doc in docs:
        (folder / f"{doc['id']}.txt").write_bytes(corpus.as_file_bytes(doc))

    imported = frozen("import", str(folder), timeout=300)
    found = frozen("search", "note", "--json")

    assert imported.returncode == 0, imported.stdout[-2000:] + imported.stderr[-2000:]
    assert f"{len(docs)} added" in imported.stdout
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] == len(docs)  # every title says "note"
    from whoosh import index as whoosh_index  # a big segment from each worker (and the seeds' own)

    segments = whoosh_index.open_dir(str(tmp_path / "home" / "data" / "index"))._segments()
    assert len([s for s in segments if s.doc_count_all() > 100]) == 2


def test_bundle_holds_the_seeds_and_resources_and_no_unused_qt(app_dir):
    inner = app_dir / "_internal"
    files = {p.relative_to(inner).as_posix() for p in inner.rglob("*") if p.is_file() or p.is_symlink()}

    assert "seeds/catalog.json" in files
    assert "resources/fonts/DejaVuSerif.ttf" in files
    assert "resources/icons/dossier-256.png" in files
    platforms = {Path(f).name for f in files if "/plugins/platforms/" in f}
    assert platforms == {"libqxcb.so", "libqoffscreen.so", "libqminimal.so"}
    unwanted = re.compile(r"translations/|wayland|eglfs|libqgtk3|Qt6(Qml|Quick|Network|Pdf|WebEngine|OpenGL)")
    assert not [f for f in files if unwanted.search(f)]
    assert not [p for p in inner.rglob("*") if p.is_symlink() and not p.exists()], "dangling symlinks"
    assert (app_dir / "share" / "applications" / "dossier.desktop").is_file()


def test_folder_stays_within_its_size_budget(app_dir, build_py):
    size, _files = build_py.folder_size(app_dir)

    assert size < SIZE_BUDGET_MIB * 2**20, f"dist/Dossier is {build_py.mib(size)}, over {SIZE_BUDGET_MIB} MiB"


def test_window_opens_on_the_seeds(app_dir, build_py, tmp_path):
    """On X (a private Xvfb) the main window must appear; without one, the app must keep running."""
    exe = build_py.executable(app_dir)
    if shutil.which("xwininfo") and (os.environ.get("DISPLAY") or shutil.which("Xvfb")):
        with build_py.Display() as display:
            startup = build_py.time_to_window(exe, display, tmp_path / "home", settle=1.0)
        assert startup.window.width >= 400 and startup.window.height >= 300, startup
        print(f"\nstart-to-window {startup.seconds:.2f} s: {startup.window}")
        return
    env = build_py.frozen_env(QT_QPA_PLATFORM="offscreen", DOSSIER_HOME=str(tmp_path / "home"))
    log = tmp_path / "app.log"
    with log.open("wb") as output:
        proc = subprocess.Popen([str(exe)], env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            time.sleep(5)
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        finally:
            build_py.stop(proc)
