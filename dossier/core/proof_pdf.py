"""A briefing's proof inside its PDF, read back and checked.

The export attaches the proof (:mod:`dossier.core.proof`) as ``dossier-proof.json`` and writes
its digest into the document information (``/DossierProof``; see
:mod:`dossier.core.export.pdf_attachment`), so that a proof altered after the export is told
apart from one that simply no longer matches the library. Anyone with
Dossier and the library can run ``dossier verify brief.pdf``: each quote of the proof is
checked against its source, and against the text printed in the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import PyPdfError

from dossier.core.library import Library
from dossier.core.proof import (
    DIGEST_KEY,
    PROOF_NAME,
    DamagedProof,
    Failure,
    Proof,
    check_proof,
    digest,
    newer_versions,
    read_proof,
)

_FOOTER = re.compile(r"^\s*Page \d+( of \d+)?\s*$")
#: Shaped text (Arabic, Hebrew, Devanagari, Thai) is drawn as glyphs; its characters are in
#: the marked-content span's /ActualText (see :class:`dossier.core.export.pdf_layout.Para`).
_ACTUAL_TEXT = re.compile(rb"/ActualText\s*<([0-9A-Fa-f\s]*)>")


@dataclass
class BriefingCheck:
    """What ``dossier verify BRIEF.pdf`` found."""

    path: Path
    quotes: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # not failures: a newer version of a source
    proof: Proof | None = None

    @property
    def ok(self) -> bool:
        return self.proof is not None and not self.failures

    def lines(self) -> list[str]:
        out = [failure.line() for failure in self.failures] + self.notes
        if self.proof is None:
            return out
        made = f"{self.proof.get('app', 'Dossier')}, {self.proof.get('exported_at', 'at an unknown time')}"
        held = self.quotes - len({f.what for f in self.failures if f.what != "proof"})
        if self.ok:
            out.append(
                f"All {self.quotes} quotes of {self.path.name} hold: each stands in its source, "
                f"as the proof made by {made} says, and is printed as it says."
            )
        else:
            out.append(f"{self.path.name}: {held} of {self.quotes} quotes hold; {len(self.failures)} failure(s).")
        return out


def read_pdf(path: Path | str) -> tuple[bytes | None, str, str, str]:
    """The attached proof (None when there is none), the digest recorded at export, the title
    in the running header and the text printed in the PDF, with page furniture left out.
    Raises :class:`DamagedProof` when the file is not a readable PDF."""
    try:
        reader = PdfReader(str(path))
        attached = reader.attachments.get(PROOF_NAME) or []
        info: dict[str, object] = dict(reader.metadata or {})
        recorded = str(info.get("/" + DIGEST_KEY, ""))
        title = str(info.get("/Title", "") or "")
        pages = [page.extract_text() or "" for page in reader.pages]
        actual = [_actual_text(page) for page in reader.pages]
    except (OSError, PyPdfError, ValueError, KeyError) as exc:
        raise DamagedProof(f"{Path(path).name} could not be read as a PDF ({exc})") from None
    every_page = (
        set.intersection(*({line.strip() for line in p.splitlines()} for p in pages)) if len(pages) > 1 else set()
    )
    text = "\n".join(_body(p, title, every_page) + "\n" + a for p, a in zip(pages, actual))
    return (attached[0] if attached else None), recorded, title, text


def _actual_text(page: PageObject) -> str:
    """The /ActualText of a page's marked-content spans: the characters behind shaped glyphs."""
    contents = page.get_contents()
    if contents is None:
        return ""
    out = []
    for match in _ACTUAL_TEXT.finditer(contents.get_data()):
        raw = bytes.fromhex(re.sub(rb"\s", b"", match.group(1)).decode("ascii"))
        out.append(raw.decode("utf-16") if raw[:2] in (b"\xfe\xff", b"\xff\xfe") else raw.decode("latin-1"))
    return "\n".join(out)


def _body(page: str, title: str, every_page: set[str]) -> str:
    """A page's text without its running header (the title, perhaps cut short), its footer and
    what is printed on every page, cover included (the handling marking)."""
    return "\n".join(
        line
        for line in page.splitlines()
        if not (_FOOTER.match(line) or _is_header(line.strip(), title) or line.strip() in every_page)
    )


def _is_header(line: str, title: str) -> bool:
    if not title or not line:
        return False
    return line == title or (line.endswith("…") and title.startswith(line[:-1].rstrip()))


def verify_pdf(path: Path | str, library: Library) -> BriefingCheck:
    """Check a briefing's proof against the library and against the text printed in it."""
    path = Path(path)
    result = BriefingCheck(path)
    try:
        data, recorded, _title, printed = read_pdf(path)
    except DamagedProof as exc:
        result.failures.append(Failure("proof", str(exc)))
        return result
    if data is None:
        result.failures.append(
            Failure(
                "proof",
                f"{path.name} carries no Dossier proof (it was not exported by Dossier, or the proof was removed)",
            )
        )
        return result
    try:
        proof = read_proof(data)
    except DamagedProof as exc:
        result.failures.append(Failure("proof", str(exc)))
        return result
    result.proof, result.quotes = proof, len(proof["quotes"])
    if recorded != digest(data):
        result.failures.append(
            Failure(
                "proof", "tampered proof: the attached proof is not the one recorded when the briefing was exported"
            )
        )
    result.failures += check_proof(proof, library, printed)
    result.notes = newer_versions(proof, library)
    return result


__all__ = ["BriefingCheck", "read_pdf", "verify_pdf"]
