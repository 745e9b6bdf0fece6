"""The proof a briefing carries: made at export, read back from the PDF, and every way it fails."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader, PdfWriter

from dossier.cli import main
from dossier.core.dossier import Dossier
from dossier.core.export.pdf import export_pdf
from dossier.core.integrity import clip_quote
from dossier.core.library import Library
from dossier.core.proof import DIGEST_KEY, PROOF_NAME, text_sha256
from dossier.core.proof_pdf import read_pdf, verify_pdf
from tests.conftest import SEEDS

EDITED = "We will be talking about land … power plants"


@pytest.fixture
def briefing(library, seed_articles, tmp_path):
    first, second = seed_articles
    d = Dossier("Proof of the talks")
    d.sections[0].clips += [clip_quote(first, EDITED), clip_quote(first, "the two wiorld [sic] leaders would speak")]
    d.sections[1].clips.append(clip_quote(second, "Zaporizhzhia nuclear power plant"))
    path = tmp_path / "brief.pdf"
    export_pdf(d, library, path)
    return path, d


def _proof(path):
    return json.loads(PdfReader(str(path)).attachments[PROOF_NAME][0])


def _rewrite(path, proof: dict, *, keep_digest: bool = True, out=None):
    """The PDF with its attached proof replaced (as anyone could, with pypdf)."""
    reader = PdfReader(str(path))
    writer = PdfWriter()
    writer.append(reader)
    writer.add_attachment(PROOF_NAME, json.dumps(proof).encode())
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    if not keep_digest:
        info.pop("/" + DIGEST_KEY, None)
    writer.add_metadata(info)  # the digest recorded at export stays (unless removed)
    target = out or path.with_name("altered.pdf")
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


def test_the_pdf_carries_a_proof_of_every_quote(briefing, seed_articles, library):
    path, d = briefing
    proof = _proof(path)
    assert proof["format"] == "dossier-proof" and proof["app"].startswith("Dossier ") and proof["exported_at"]
    assert [q["clip"] for q in proof["quotes"]] == [c.id for c in d.clips()]
    first = proof["quotes"][0]
    assert first["edit"] == EDITED == first["printed"] and len(first["spans"]) == 2
    assert first["source"]["id"] == seed_articles[0].id and first["source"]["version"] == 1
    assert first["source"]["sha256"] == text_sha256(seed_articles[0].text)
    assert first["context_before"] and first["quote"] == seed_articles[0].text[first["start"] : first["end"]]
    _, _, _, printed = read_pdf(path)
    assert EDITED in printed
    check = verify_pdf(path, library)
    assert check.ok and check.quotes == 3 and "All 3 quotes" in check.lines()[-1]


def test_an_altered_proof_fails(briefing, library):
    path, _ = briefing
    proof = _proof(path)
    proof["quotes"][0]["edit"] = proof["quotes"][0]["printed"] = "We will be talking about sand … power plants"
    altered = _rewrite(path, proof)
    check = verify_pdf(altered, library)
    reasons = " ".join(f.reason for f in check.failures)
    assert not check.ok and "tampered proof" in reasons and "not printed in the briefing" in reasons
    assert "“sand”" in reasons


def test_a_proof_with_its_digest_removed_still_fails_on_what_it_says(briefing, library):
    path, _ = briefing
    proof = _proof(path)
    proof["quotes"][2]["start"] += 4
    proof["quotes"][2]["end"] += 4
    check = verify_pdf(_rewrite(path, proof, keep_digest=False), library)
    assert any("changed quote" in f.reason for f in check.failures)
    assert any("tampered" in f.reason for f in check.failures)


def test_a_missing_source_fails(briefing, tmp_path):
    path, _ = briefing
    other = Library(tmp_path / "other.sqlite3")
    other.import_paths([SEEDS / "003_1913b87785396f9a.txt"])
    check = verify_pdf(path, other)
    failures = [f for f in check.failures if "missing source" in f.reason]
    assert len(failures) == 2 and not check.ok
    other.close()


def test_a_pdf_without_proof_fails(tmp_path, library):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    path = tmp_path / "plain.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    check = verify_pdf(path, library)
    assert not check.ok and "carries no Dossier proof" in check.lines()[0]
    (tmp_path / "junk.pdf").write_bytes(b"not a pdf")
    assert "could not be read" in verify_pdf(tmp_path / "junk.pdf", library).lines()[0]


def test_cli_verify_a_briefing(capsys, tmp_path):
    brief = tmp_path / "brief.dossier"
    assert main(["index"]) == 0
    assert main(["list", "--json"]) == 0
    doc = next(a for a in json.loads(capsys.readouterr().out.split("\n", 1)[1]) if a["title"].startswith("Russia"))
    assert main(["clip", "--dossier", str(brief), "--section", "Agenda", "--doc", doc["id"], "--quote", EDITED]) == 0
    assert main(["export", str(brief), "-o", str(tmp_path / "brief.pdf")]) == 0
    capsys.readouterr()
    assert main(["verify", str(tmp_path / "brief.pdf")]) == 0
    assert "All 1 quotes" in capsys.readouterr().out
    proof = _proof(tmp_path / "brief.pdf")
    proof["quotes"][0]["source"]["sha256"] = "0" * 64
    assert main(["verify", str(_rewrite(tmp_path / "brief.pdf", proof))]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "SHA-256 differs" in out


def test_quotes_in_shaped_scripts_are_found_in_the_pdf(tmp_path):
    """Arabic, Hebrew, Thai and Hindi are drawn as shaped glyphs; their characters are read back
    from the /ActualText the export gives them, so their proof holds."""
    from tests.core.multilingual import ARTICLES
    from tests.core.test_pdf_scripts import HINDI, QUOTES

    for language, text in {**ARTICLES, "hi": HINDI}.items():
        (tmp_path / f"{language}.txt").write_text(text, encoding="utf-8")
    library = Library(tmp_path / "lib.sqlite3")
    library.import_paths(sorted(tmp_path.glob("*.txt")))
    by_language = {a.meta.language: a for a in library.articles()}
    d = Dossier("Scripts")
    for _, language, quote in QUOTES:
        d.sections[0].clips.append(clip_quote(by_language[language], quote))
    export_pdf(d, library, tmp_path / "scripts.pdf")
    check = verify_pdf(tmp_path / "scripts.pdf", library)
    assert check.ok, check.lines()
    assert {"ar", "he", "th"} <= {language for _, language, _ in QUOTES}
    library.close()


def test_a_newer_version_of_a_source_is_noted_not_failed(library, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("A story\n\nThe talks went on all night.\n", encoding="utf-8")
    old = library.get(library.import_file(path).article_id)
    d = Dossier("Versions")
    d.sections[0].clips.append(clip_quote(old, "The talks went on all night."))
    export_pdf(d, library, tmp_path / "v.pdf")
    path.write_text("A story\n\nThe talks ended at dawn.\n", encoding="utf-8")
    library.import_file(path)
    check = verify_pdf(tmp_path / "v.pdf", library)
    assert check.ok  # the quote holds in the version it quotes
    assert any("quotes version 1" in note and "version 2" in note for note in check.notes)
