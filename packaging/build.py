"""Build the Dossier desktop app and report on it: what `make package` runs.

    python packaging/build.py [--dist DIR] [--work DIR] [--no-archive] [--no-self-test]
                              [--no-measure] [--screenshot PNG]

1. PyInstaller with packaging/dossier.spec  -> dist/Dossier/ (one folder, windowed)
2. Linux: the desktop entry and icons       -> dist/Dossier/share/ (copy to ~/.local/share)
3. the folder's size, and its largest parts
4. the frozen app's self-test (offscreen)   -> fails the build if a step fails
5. the archive                              -> dist/Dossier-<version>-<os>-<arch>.tar.gz
6. the start-to-window time of the frozen app, on your display or a private Xvfb, with a
   fresh DOSSIER_HOME: the first run (which indexes the bundled seeds) and a second one.

Exit status: 0, or 1 naming the step that failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "dossier.spec"
NAME = "Dossier"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
WINDOW_TIMEOUT = 60.0  # seconds to wait for the frozen app's window
SCREEN = "1600x1000x24"


class BuildFailed(Exception):
    pass


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def platform_tag() -> str:
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    return f"{system}-{platform.machine().lower()}"


def executable(app_dir: Path) -> Path:
    return app_dir / (NAME + ".exe" if sys.platform == "win32" else NAME)


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


# ----------------------------------------------------------------- build, size, archive


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> float:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    if clean:
        command.insert(4, "--clean")
    started = time.perf_counter()
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise BuildFailed("PyInstaller failed (see above)")
    return time.perf_counter() - started


def add_desktop_files(app_dir: Path) -> None:
    """The .desktop entry and the icon theme files, laid out like ~/.local/share."""
    share = app_dir / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "packaging" / "dossier.desktop", share / "applications" / "dossier.desktop")
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(icons / f"dossier-{size}.png", target / "dossier.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(icons / "dossier.svg", scalable / "dossier.svg")


def folder_size(path: Path) -> tuple[int, int]:
    """Bytes and count of the regular files under ``path`` (symlinks count nothing)."""
    total = files = 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            file = os.path.join(folder, name)
            if not os.path.islink(file):
                total += os.lstat(file).st_size
                files += 1
    return total, files


def largest_parts(app_dir: Path, count: int = 6) -> list[tuple[str, int]]:
    """The biggest entries of the bundle's _internal/ folder, PySide6's ICU data named."""
    inner = app_dir / "_internal"
    base = inner if inner.is_dir() else app_dir
    parts = [
        (entry.name, folder_size(entry)[0] if entry.is_dir() else entry.lstat().st_size)
        for entry in base.iterdir()
        if not entry.is_symlink()
    ]
    parts.sort(key=lambda part: -part[1])
    icu = sum(f.stat().st_size for f in (base / "PySide6" / "Qt" / "lib").glob("*icudata*"))
    return [
        (f"{name} (ICU data {mib(icu)})" if name == "PySide6" and icu else name, size) for name, size in parts[:count]
    ]


def make_archive(dist: Path, version: str) -> Path:
    """dist/Dossier-<version>-<os>-<arch>.tar.gz (a .zip on Windows), symlinks kept."""
    source = dist / (NAME + ".app") if sys.platform == "darwin" else dist / NAME
    stem = dist / f"{NAME}-{version}-{platform_tag()}"
    if sys.platform == "win32":
        archive = Path(f"{stem}.zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for file in sorted(source.rglob("*")):
                zf.write(file, file.relative_to(dist))
        return archive
    archive = Path(f"{stem}.tar.gz")
    with tarfile.open(archive, "w:gz", compresslevel=6) as tf:
        tf.add(source, arcname=source.name)
    return archive


# ----------------------------------------------------------------- running the frozen app


def frozen_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def run_self_test(exe: Path) -> tuple[int, str, float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [str(exe), "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=frozen_env(QT_QPA_PLATFORM="offscreen"),
    )
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - started


@dataclass
class Window:
    id: str
    title: str
    width: int
    height: int


class Display:
    """The display to measure on: $DISPLAY, or a private Xvfb started here (None: neither)."""

    def __init__(self) -> None:
        self.name: str | None = None
        self._xvfb: subprocess.Popen | None = None

    def __enter__(self) -> Display:
        if os.environ.get("DISPLAY"):
            self.name = os.environ["DISPLAY"]
        elif shutil.which("Xvfb"):
            read_fd, write_fd = os.pipe()
            self._xvfb = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp"],
                pass_fds=(write_fd,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            os.close(write_fd)
            with os.fdopen(read_fd) as pipe:
                number = pipe.readline().strip()
            if number:
                self.name = f":{number}"
        return self

    def __exit__(self, *exc) -> None:
        if self._xvfb:
            self._xvfb.terminate()
            self._xvfb.wait(10)

    @property
    def private(self) -> bool:
        return self._xvfb is not None

    def windows(self) -> list[Window]:
        """Dossier's windows (WM_CLASS "Dossier") that are on screen."""
        tree = subprocess.run(
            ["xwininfo", "-root", "-tree"], capture_output=True, text=True, env=frozen_env(DISPLAY=self.name)
        ).stdout
        found = []
        for line in tree.splitlines():
            # 0x200007 "Untitled dossier — Dossier": ("Dossier" "Dossier")  1500x920+0+0  +0+0
            line = line.strip()
            if not line.startswith("0x") or f'"{NAME}")' not in line:
                continue
            window_id = line.split()[0]
            info = subprocess.run(
                ["xwininfo", "-id", window_id], capture_output=True, text=True, env=frozen_env(DISPLAY=self.name)
            ).stdout
            if "IsViewable" not in info:
                continue
            size = {
                k.strip(): v.strip() for k, v in (entry.split(":", 1) for entry in info.splitlines() if ":" in entry)
            }
            title = line.split('"')[1] if line.count('"') >= 2 else ""
            found.append(Window(window_id, title, int(size.get("Width", 0)), int(size.get("Height", 0))))
        return found

    def screenshot(self, path: Path) -> bool:
        try:
            from PIL import ImageGrab
        except ImportError:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        ImageGrab.grab(xdisplay=self.name).save(path)
        return True


@dataclass
class Startup:
    seconds: float
    window: Window


def time_to_window(
    exe: Path, display: Display, home: Path, settle: float = 0.0, screenshot: Path | None = None
) -> Startup:
    """Start the frozen app and time it until a Dossier window is viewable; then close it."""
    env = frozen_env(DISPLAY=display.name, DOSSIER_HOME=str(home), QT_QPA_PLATFORM="xcb")
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        proc = subprocess.Popen([str(exe)], env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)

        def failed(message: str) -> BuildFailed:
            output.seek(0)
            return BuildFailed(f"{message}:\n{output.read().decode(errors='replace')[-2000:]}")

        try:
            while True:
                elapsed = time.perf_counter() - started
                if proc.poll() is not None:
                    raise failed(f"the frozen app exited ({proc.returncode}) before showing a window")
                if elapsed > WINDOW_TIMEOUT:
                    raise failed(f"no Dossier window within {WINDOW_TIMEOUT:.0f} s")
                windows = display.windows()
                if windows:
                    break
                time.sleep(0.02)
            time.sleep(settle)
            if proc.poll() is not None:
                raise failed(f"the frozen app exited ({proc.returncode}) after showing its window")
            if screenshot and not display.screenshot(screenshot):
                print("  (no screenshot: Pillow is not installed)")
            return Startup(elapsed, max(windows, key=lambda w: w.width * w.height))
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """End the app started by time_to_window (its own process group) and wait for it."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def measure_startup(exe: Path, screenshot: Path | None = None) -> list[tuple[str, Startup]] | str:
    """First and second run on a fresh DOSSIER_HOME; a string says why nothing was measured."""
    if sys.platform != "linux":
        return "start-to-window is measured on Linux (X11) only"
    if not shutil.which("xwininfo"):
        return "not measured: xwininfo is missing (apt-get install x11-utils)"
    with Display() as display, tempfile.TemporaryDirectory(prefix="dossier-startup-") as home:
        if not display.name:
            return "not measured: no display and no Xvfb (apt-get install xvfb)"
        first = time_to_window(exe, display, Path(home), settle=1.0)
        second = time_to_window(exe, display, Path(home), settle=3.0 if screenshot else 0.0, screenshot=screenshot)
        where = f"private Xvfb {display.name}" if display.private else f"display {display.name}"
        return [(f"first run, indexes the seeds; {where}", first), ("second run", second)]


# ----------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Dossier desktop app with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="PyInstaller's work folder, kept between builds (default build/pyinstaller/)",
    )
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz")
    parser.add_argument("--no-self-test", action="store_true", help="skip the frozen self-test")
    parser.add_argument("--no-measure", action="store_true", help="skip the start-to-window measurement")
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of the frozen app's window here")
    args = parser.parse_args(argv)

    version = project_version()
    dist, work = args.dist.resolve(), args.work.resolve()
    app_dir = dist / NAME
    exe = executable(app_dir)
    print(f"Building {NAME} {version} for {platform_tag()} ...", flush=True)
    try:
        seconds = run_pyinstaller(dist, work, args.clean)
        if sys.platform == "linux":
            add_desktop_files(app_dir)
        size, files = folder_size(app_dir)
        print(f"  build            {seconds:.1f} s (PyInstaller, {SPEC.relative_to(ROOT)})")
        print(f"  folder           {app_dir}  {mib(size)} in {files} files")
        parts = ", ".join(f"{name} {mib(size)}" for name, size in largest_parts(app_dir))
        print(f"                   largest: {parts}")
        if not args.no_self_test:
            code, output, seconds = run_self_test(exe)
            verdict = "passed" if code == 0 else f"FAILED (exit {code})"
            print(f"  self-test        {verdict} in {seconds:.1f} s")
            print("".join(f"                   {line}\n" for line in output.splitlines()), end="")
            if code != 0:
                raise BuildFailed("the frozen app's self-test failed")
        if not args.no_archive:
            started = time.perf_counter()
            archive = make_archive(dist, version)
            print(
                f"  archive          {archive}  {mib(archive.stat().st_size)} ({time.perf_counter() - started:.1f} s)"
            )
        if not args.no_measure or args.screenshot:
            result = measure_startup(exe, args.screenshot)
            if isinstance(result, str):
                print(f"  start-to-window  {result}")
            else:
                for label, startup in result:
                    w = startup.window
                    print(
                        f"  start-to-window  {startup.seconds:.2f} s  ({label}; "
                        f'window "{w.title}" {w.width}x{w.height})'
                    )
                if args.screenshot:
                    print(f"  screenshot       {args.screenshot}")
    except BuildFailed as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
