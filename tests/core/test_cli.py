"""The `dossier` command, run in-process with its own DOSSIER_HOME."""

import json
import re
import subprocess
import sys

from dossier.cli import main
from dossier.core import store


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_spans_slice_the_matched_words(capsys):
    from dossier.core.workspace import Workspace

    code, out, _ = run(capsys, "search", '"power plants"', "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 2 and len(data["hits"]) == 2
    with Workspace() as ws:
        for hit in data["hits"]:
            assert set(hit) >= {"id", "title", "publisher", "date", "score", "snippet", "spans"}
            text = ws.library.get(hit["id"]).text
            assert hit["spans"]
            for start, end in hit["spans"]:
                assert re.fullmatch(r"power plants?|power|plants?", text[start:end].lower())

    code, out, _ = run(capsys, "search", "Zaporizhzhia", "--json")
    data = json.loads(out)
    assert data["total"] == 1 and data["hits"][0]["title"].startswith("A New Path Toward Peace")


def test_search_text_output_and_bad_query(capsys):
    code, out, err = run(capsys, "search", 'putin AND "power plants"')
    assert code == 0 and "2 articles match." in out and "[power plants]" in out.lower()
    code, out, err = run(capsys, "search", '"unclosed phrase AND (')
    assert code == 0 and "Traceback" not in err


def test_clip_show_verify_section_note(capsys, tmp_path):
    brief = tmp_path / "brief.dossier"
    code, out, _ = run(capsys, "list", "--json")
    articles = json.loads(out)
    first = next(a for a in articles if a["title"].startswith("Russia"))
    code, out, _ = run(
        capsys,
        "clip",
        "--dossier",
        str(brief),
        "--section",
        "Agenda",
        "--doc",
        first["id"][:8],
        "--quote",
        "We will be talking about land.",
        "--note",
        "Land first",
    )
    assert code == 0 and "¶ 6" in out
    code, out, err = run(
        capsys,
        "clip",
        "--dossier",
        str(brief),
        "--section",
        "Agenda",
        "--doc",
        first["id"],
        "--quote",
        "words the article never said",
    )
    assert code == 1 and "not found" in err
    code, out, err = run(
        capsys,
        "clip",
        "--dossier",
        str(brief),
        "--section",
        "Context",
        "--doc",
        first["id"],
        "--quote",
        "Air Force One",
    )
    assert code == 1 and "--create-section" in err
    code, out, _ = run(
        capsys,
        "clip",
        "--dossier",
        str(brief),
        "--section",
        "Context",
        "--create-section",
        "--doc",
        first["id"],
        "--quote",
        "Air Force One",
    )
    assert code == 0
    code, out, _ = run(capsys, "section", str(brief), "rename", "Context", "Background")
    assert "Background" in out
    code, out, _ = run(capsys, "section", str(brief), "move", "Background", "1")
    assert out.strip() == "Sections: Background, Agenda, Demands, Reactions"
    clip_id = store.load(brief).sections[1].clips[0].id
    assert run(capsys, "note", str(brief), clip_id, "Revised note")[0] == 0
    code, out, _ = run(capsys, "show", str(brief))
    assert code == 0 and "Revised note" in out and "We will be talking about land." in out
    code, out, _ = run(capsys, "verify", str(brief))
    assert code == 0 and "2 of 2 clips match" in out

    data = json.loads(brief.read_text(encoding="utf-8"))
    data["sections"][1]["clips"][0]["quote"] = "We will be talking about peace."
    brief.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "verify", str(brief))
    assert code == 1 and "mismatch" in out


def test_damaged_dossier_is_a_clear_error(capsys, tmp_path):
    brief = tmp_path / "brief.dossier"
    brief.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "show", str(brief))
    assert code == 1 and str(brief) in err and "damaged" in err and "Traceback" not in err
    assert brief.read_text(encoding="utf-8") == "{not json"


def test_import_reports_each_file(capsys, tmp_path):
    (tmp_path / "good.txt").write_text("Good news\n\nA ceasefire was agreed on Monday.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    code, out, err = run(capsys, "import", str(tmp_path))
    assert code == 1
    assert "added     " in out and "good.txt" in out
    assert "bad.txt: it is a binary file" in err
    code, out, _ = run(capsys, "search", "ceasefire agreed Monday", "--json")
    assert json.loads(out)["total"] == 1


def test_usage_errors_exit_2(capsys):
    assert main(["search"]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["--help"]) == 0
    assert "query syntax" in capsys.readouterr().out


def test_python_dash_m_works(dossier_home):
    done = subprocess.run(
        [sys.executable, "-m", "dossier", "search", "Zaporizhzhia", "--json", "--limit", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 1


def test_meta_write_show_export_the_brief(capsys, tmp_path, monkeypatch):
    import io

    from pypdf import PdfReader

    brief = tmp_path / "brief.dossier"
    code, out, _ = run(
        capsys,
        "meta",
        str(brief),
        "--title",
        "Talks",
        "--organisation",
        "Desk & Co",
        "--date",
        "2025-03-17",
        "--marking",
        "INTERNAL – NOT FOR DISTRIBUTION",
    )
    assert code == 0 and "Organisation: Desk & Co" in out and "Marking:      INTERNAL" in out
    code, _, err = run(capsys, "meta", str(brief), "--date", "17 March")
    assert code == 1 and "YYYY-MM-DD" in err and store.load(brief).date == "2025-03-17"
    articles = json.loads(run(capsys, "list", "--json")[1])
    first = next(a for a in articles if a["title"].startswith("Russia"))
    code, out, _ = run(
        capsys,
        "clip",
        "--dossier",
        str(brief),
        "--section",
        "Agenda",
        "--doc",
        first["id"],
        "--quote",
        "We will be talking about land.",
    )
    clip_id = re.search(r"clip ([0-9a-f]+)", out).group(1)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"Land **first**: [@{clip_id[:6]}]\n"))
    code, out, _ = run(capsys, "write", str(brief), "-")
    assert code == 0 and "Wrote the bottom line: 3 words, 1 citation." in out
    code, out, err = run(capsys, "write", str(brief), "--section", "Agenda", "Unsure: [@ffff]")
    assert code == 0 and "cites [@ffff], which is not a clip of this dossier" in err
    code, _, err = run(capsys, "write", str(brief), "--section", "Nowhere", "x")
    assert code == 1 and "no section “Nowhere”" in err

    code, out, err = run(capsys, "show", str(brief))
    assert f"Land first: “We will be talking about land.” [{clip_id}]" in out
    assert "Unsure: [@ffff?]" in out and code == 1
    pdf = tmp_path / "brief.pdf"
    code, out, err = run(capsys, "export", str(brief), "-o", str(pdf))
    assert code == 1 and "export refused: The assessment of “Agenda” cites [@ffff]" in err and not pdf.exists()

    run(capsys, "write", str(brief), "--section", "Agenda", "")
    code, out, err = run(capsys, "export", str(brief), "-o", str(pdf), "--paper", "letter")
    assert code == 0, err
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "Desk & Co" in text and "17 March 2025" in text and "Land first: “We will be talking about land.”1" in text
    assert round(float(PdfReader(pdf).pages[0].mediabox.width)) == 612
