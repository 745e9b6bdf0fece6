"""`dossier clip --quote` with edits, and `dossier verify FILE` across new versions of a source."""

import json

from dossier.cli import main
from dossier.core import store
from dossier.core.library import content_id
from tests.conftest import FIRST_SEED, SEEDS


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clip_an_edited_quote_and_refuse_a_doctored_one(capsys, tmp_path):
    brief = tmp_path / "brief.dossier"
    run(capsys, "index")
    code, out, _ = run(capsys, "list", "--json")
    doc = next(a for a in json.loads(out) if a["title"].startswith("Russia"))["id"]
    code, out, err = run(
        capsys,
        "clip",
        "--dossier",
        str(brief),
        "--section",
        "Agenda",
        "--doc",
        doc,
        "--quote",
        "We will be talking about land ... power plants",
    )
    assert code == 0, err
    [clip] = store.load(brief).clips()
    assert clip.edit == "We will be talking about land … power plants" and len(clip.spans) == 2
    code, out, err = run(
        capsys,
        "clip",
        "--dossier",
        str(brief),
        "--section",
        "Agenda",
        "--doc",
        doc,
        "--quote",
        "We will be talking about sand … power plants",
    )
    assert code == 1 and "“sand”" in err and "“land”" in err and "Traceback" not in err
    code, out, _ = run(capsys, "show", str(brief))
    assert code == 0 and "“We will be talking about land … power plants”" in out


def test_verify_follows_new_versions(capsys, tmp_path):
    story = tmp_path / "story.txt"
    text = (SEEDS / FIRST_SEED).read_text(encoding="utf-8") + "\n"
    story.write_text(text, encoding="utf-8")
    brief = tmp_path / "brief.dossier"
    assert run(capsys, "import", str(story))[0] == 0
    doc = content_id(story.read_bytes())
    for quote in ("We will be talking about land.", "Maybe we can, maybe we can’t"):
        code, _, err = run(
            capsys, "clip", "--dossier", str(brief), "--section", "Agenda", "--doc", doc, "--quote", quote
        )
        assert code == 0, err
    assert run(capsys, "verify", str(brief))[0] == 0

    story.write_text("A paragraph on top.\n\n" + text, encoding="utf-8")
    run(capsys, "import", str(story))
    code, out, _ = run(capsys, "verify", str(brief), "--no-update")
    assert code == 0 and out.count("moved") >= 2 and "--no-update" in out
    assert {c.article_version for c in store.load(brief).clips()} == {1}
    code, out, _ = run(capsys, "verify", str(brief))
    assert code == 0 and "re-anchored" in out
    assert {c.article_version for c in store.load(brief).clips()} == {2}

    story.write_text("A paragraph on top.\n\n" + text.replace("Maybe we can,", "Perhaps we can,"), encoding="utf-8")
    run(capsys, "import", str(story))
    code, out, _ = run(capsys, "verify", str(brief))
    assert code == 1 and "changed" in out and "[-Maybe-] {+Perhaps+}" in out
    assert len(store.load(brief).clips()) == 2
    code, out, err = run(capsys, "export", str(brief), "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and "changed" in err
    assert run(capsys, "export", str(brief), "-o", str(tmp_path / "b.pdf"), "--force")[0] == 0
