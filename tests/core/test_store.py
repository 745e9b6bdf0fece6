import json
import os

import pytest

from dossier.core import store
from dossier.core.dossier import Dossier
from dossier.core.errors import DamagedDossier
from dossier.core.integrity import clip_quote


def sample(seed_articles) -> Dossier:
    first, second = seed_articles
    d = Dossier("Ukraine talks", "Desk A")
    clip = clip_quote(first, "We will be talking about land.", note="Land first — «важно»")
    d.sections[0].clips.append(clip)
    d.sections[2].clips.append(clip_quote(second, "not good enough"))
    return d


def test_round_trip(tmp_path, seed_articles):
    d = sample(seed_articles)
    path = store.save(d, tmp_path / "brief.dossier")
    again = store.load(path)
    assert store.to_dict(again) == store.to_dict(d)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "dossier" and data["version"] == store.SCHEMA_VERSION
    assert "«важно»" in path.read_text(encoding="utf-8")  # human-diffable, not escaped


def test_save_keeps_backup_and_leaves_no_temp_files(tmp_path, seed_articles):
    d = sample(seed_articles)
    path = tmp_path / "out" / "brief.dossier"
    store.save(d, path)
    first_bytes = path.read_bytes()
    d.title = "Changed"
    store.save(d, path)
    assert store.backup_path(path).read_bytes() == first_bytes
    assert store.load(path).title == "Changed"
    assert sorted(p.name for p in path.parent.iterdir()) == ["brief.dossier", "brief.dossier.bak"]


def test_failed_save_leaves_the_old_file(tmp_path, seed_articles, monkeypatch):
    d = sample(seed_articles)
    path = tmp_path / "out" / "brief.dossier"
    store.save(d, path)
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    d.title = "Never written"
    with pytest.raises(OSError):
        store.save(d, path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["brief.dossier"]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b'{"schema": "dossier", "version": 1, "sections": [', "damaged"),
        (b"\xff\xfe\x00garbage", "not a text file"),
        (b'{"hello": 1}', "not a Dossier file"),
        (b'{"schema": "dossier", "version": 99, "sections": []}', "newer Dossier"),
        (b'{"schema": "dossier", "version": 1, "sections": [{"clips": []}]}', "the field sections[0].title is missing"),
    ],
)
def test_damaged_file_names_file_and_backup_and_is_untouched(tmp_path, seed_articles, content, reason):
    path = tmp_path / "out" / "brief.dossier"
    store.save(sample(seed_articles), path)
    store.save(sample(seed_articles), path)  # now there is a backup
    path.write_bytes(content)
    with pytest.raises(DamagedDossier) as info:
        store.load(path)
    message = str(info.value)
    assert reason in message and str(path) in message and str(store.backup_path(path)) in message
    assert path.read_bytes() == content
    assert store.load(store.backup_path(path)).title == "Ukraine talks"


def test_missing_file(tmp_path):
    with pytest.raises(DamagedDossier, match="does not exist"):
        store.load(tmp_path / "nope.dossier")
    assert store.load_or_new(tmp_path / "my-brief.dossier").title == "My brief"
