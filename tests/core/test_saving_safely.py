"""Saves that never lose a file: the backup by link, symlinks and permissions kept, a missing
dossier with a backup refused, an export that would overwrite a dossier refused."""

from __future__ import annotations

import os
import stat

import pytest

from dossier.cli import main
from dossier.core import atomic, store
from dossier.core.dossier import Dossier
from dossier.core.errors import DamagedDossier


def saved(path, title="First"):
    return store.save(Dossier(title), path)


def test_the_live_file_is_never_moved_away(tmp_path, monkeypatch):
    """At every rename of a save, the dossier's name holds a complete dossier."""
    path = saved(tmp_path / "brief.dossier", "Old")
    seen = []
    real_replace = os.replace

    def watching(src, dst):
        seen.append(store.load(path).title)  # before the rename
        real_replace(src, dst)
        seen.append(store.load(path).title)  # after it

    monkeypatch.setattr(os, "replace", watching)
    saved(path, "New")
    assert seen[:-1] == ["Old"] * (len(seen) - 1) and seen[-1] == "New"
    assert store.load(store.backup_path(path)).title == "Old"


def test_backup_is_a_copy_where_links_fail(tmp_path, monkeypatch):
    path = saved(tmp_path / "brief.dossier", "Old")

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    saved(path, "New")
    assert store.load(store.backup_path(path)).title == "Old" and store.load(path).title == "New"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.dossier", "brief.dossier.bak"]


def test_mode_is_kept_and_symlinks_are_followed(tmp_path):
    real = saved(tmp_path / "real" / "brief.dossier", "Old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.dossier"
    link.symlink_to(real)
    saved(link, "New")
    assert link.is_symlink() and store.load(real).title == "New"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert store.load(store.backup_path(real)).title == "Old"


def test_a_new_file_gets_the_usual_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = saved(tmp_path / "brief.dossier")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_byte_order_mark_is_not_damage(tmp_path):
    path = saved(tmp_path / "brief.dossier", "With BOM")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert store.load(path).title == "With BOM"


def test_missing_dossier_with_backup_is_refused(tmp_path):
    path = saved(tmp_path / "brief.dossier")
    saved(path)
    path.unlink()
    with pytest.raises(store.InterruptedSave) as info:
        store.load_or_new(path)
    assert "brief.dossier.bak" in str(info.value) and "restore" in str(info.value)
    assert store.load_or_new(tmp_path / "other.dossier").title == "Other"


def test_missing_dossier_with_a_temporary_file_is_refused(tmp_path):
    path = tmp_path / "brief.dossier"
    (tmp_path / ".brief.dossier.1a2b3c4d.tmp").write_text("{}")
    with pytest.raises(store.InterruptedSave):
        store.load_or_new(path)


def test_cli_clip_on_a_lost_dossier_refuses_and_keeps_the_backup(capsys, tmp_path):
    path = tmp_path / "brief.dossier"
    saved(path)
    saved(path, "Second")
    backup = store.backup_path(path).read_bytes()
    path.unlink()
    code = main(
        [
            "clip",
            "--dossier",
            str(path),
            "--section",
            "Agenda",
            "--doc",
            "96b06e36",
            "--quote",
            "We will be talking about land.",
            "--create-section",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "brief.dossier.bak" in err and "Traceback" not in err
    assert not path.exists() and store.backup_path(path).read_bytes() == backup


@pytest.mark.parametrize(
    "name, output", [("b.dossier", "b.dossier"), ("brief.pdf", None), ("b.dossier", "copy.dossier")]
)
def test_export_never_writes_over_a_dossier(capsys, tmp_path, name, output):
    path = saved(tmp_path / name, "Keep me")
    (tmp_path / "copy.dossier").write_bytes(path.read_bytes())
    before = path.read_bytes()
    args = ["export", str(path)] + (["-o", str(tmp_path / output)] if output else [])
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1 and "dossier file" in err
    assert path.read_bytes() == before and store.load(tmp_path / "copy.dossier").title == "Keep me"


def test_export_refuses_a_pdf_name_holding_a_dossier(tmp_path, library):
    from dossier.core.export.pdf import export_pdf

    target = saved(tmp_path / "brief.pdf", "Keep me")
    with pytest.raises(store.WouldOverwriteDossier):
        export_pdf(Dossier("x"), library, target)
    assert store.load(target).title == "Keep me"


def test_failed_write_leaves_no_temporary_file(tmp_path):
    path = saved(tmp_path / "brief.dossier", "Old")
    with pytest.raises(OSError), atomic.replacing(path) as handle:
        handle.write(b"half a file")
        raise OSError(28, "No space left on device")
    assert store.load(path).title == "Old" and atomic.temp_files(path) == []


def test_damaged_file_still_refuses_with_the_backup_named(tmp_path):
    path = saved(tmp_path / "brief.dossier")
    saved(path)
    path.write_text("{")
    with pytest.raises(DamagedDossier) as info:
        store.load_or_new(path)
    assert str(store.backup_path(path)) in str(info.value)
