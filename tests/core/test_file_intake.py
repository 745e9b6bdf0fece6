"""An import takes what it can and says a line for the rest: special files, link loops,
unreadable folders, names that are not UTF-8, files too large (never read), bad catalogs."""

from __future__ import annotations

import json
import os
import sys

import pytest

from dossier.core import file_intake
from dossier.core.errors import UnreadableFile
from dossier.core.library import Library

ARTICLE = "Harbour news\n\nThe harbour board met on Monday to talk about walruses.\n"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds and names")


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib.sqlite3")
    yield library
    library.close()


def by_status(results) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in results:
        out.setdefault(r.status, []).append(f"{os.path.basename(r.path)}: {r.message}")
    return out


def test_special_files_and_loops_are_reported_and_the_rest_imported(lib, tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLE)
    os.mkfifo(folder / "pipe.txt")
    (folder / "sub" / "loop").symlink_to(folder)  # leads back into a folder already read
    (folder / "self.txt").symlink_to(folder / "self.txt")  # a link to itself
    results = lib.import_paths([folder])
    statuses = by_status(results)
    assert statuses["added"] == ["good.txt: "]
    skipped = " | ".join(statuses["skipped"])
    assert "pipe.txt: it is a named pipe, not a file" in skipped
    assert "loop: a link back into a folder already read" in skipped
    assert "self.txt: a symbolic link leads round in a loop" in skipped


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_subfolder_is_reported(lib, tmp_path):
    folder = tmp_path / "news"
    (folder / "closed").mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLE)
    os.chmod(folder / "closed", 0)
    try:
        statuses = by_status(lib.import_paths([folder]))
    finally:
        os.chmod(folder / "closed", 0o755)
    assert statuses["added"] and "closed: the folder could not be read (permission denied)" in statuses["failed"]


def test_a_name_that_is_not_utf8_is_imported_and_shown_escaped(lib, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    bad = os.fsdecode(b"caf\xe9 \xff.txt")
    (folder / bad).write_text(ARTICLE)
    (folder / "good.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    results = lib.import_paths([folder])
    assert sorted(r.status for r in results) == ["added", "added"]
    names = [r.path for r in results]
    assert any(name.endswith("caf\\xe9 \\xff.txt") for name in names)
    assert all(name.encode("utf-8") for name in names)


def test_a_huge_file_is_refused_without_being_read(lib, tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB, sparse
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    (result,) = lib.import_paths([huge])
    assert result.status == "failed" and "too large to be an article (2147.5 MB" in result.message
    assert reads == []
    with pytest.raises(UnreadableFile, match="too large"):
        file_intake.read_article(huge)


@pytest.mark.parametrize(
    "catalog, problem",
    [
        ('{"articles": ' * 5000 + "{}" + "}" * 5000, "nested too deeply"),
        ('["a", "list"]', 'an "articles" object'),
        ('{"articles": {"good.txt": {"title": {"x": 1}}}}', "the field title of 'good.txt'"),
        ('{"articles": {"good.txt": {"tags": "one"}}}', "the tags of 'good.txt'"),
        ('{"articles": {"good.txt": ["x"]}}', "the entry of 'good.txt'"),
        ("{not json", "not valid JSON"),
    ],
)
def test_a_bad_catalog_is_reported_and_ignored(lib, tmp_path, catalog, problem):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "catalog.json").write_text(catalog)
    results = lib.import_paths([folder])
    statuses = by_status(results)
    assert statuses["added"] == ["good.txt: "]
    assert len(statuses["skipped"]) == 1 and problem in statuses["skipped"][0]
    assert statuses["skipped"][0].startswith("catalog.json: not used")


def test_a_good_catalog_still_gives_its_metadata(lib, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "catalog.json").write_text(
        json.dumps(
            {"articles": {"good.txt": {"publisher": "Harbour Times", "tags": ["sea"], "unknown": {"nested": 1}}}}
        )
    )
    (result,) = lib.import_paths([folder])
    article = lib.get(result.article_id)
    assert article.meta.publisher == "Harbour Times" and article.meta.tags == ["sea"]
