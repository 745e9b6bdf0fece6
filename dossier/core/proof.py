"""The proof a briefing carries: for each quote, where it comes from and what it says.

A proof is JSON, made at export and attached to the exported file (the PDF carries it as an
embedded file, see :mod:`dossier.core.proof_pdf`; other formats may carry the same bytes).
For each quote it records the source's id and version, the SHA-256 of the source's text, the
span(s) quoted, the quote and its edit, the context around it and the text printed; with
the app's version and the export time. :func:`check_proof` checks a proof against a library
and against the text printed in the briefing. Nothing here knows about PDF.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dossier import __version__
from dossier.core import quote_edits
from dossier.core.integrity import ClipCheck
from dossier.core.library import Article, Library

FORMAT = "dossier-proof"
FORMAT_VERSION = 1
#: The name a briefing's proof is attached under.
PROOF_NAME = "dossier-proof.json"
#: The key of the document information that holds the digest of the attached proof.
DIGEST_KEY = "DossierProof"

Proof = dict[str, Any]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_proof(
    title: str, checks: Iterable[ClipCheck], articles: Mapping[str, Article], exported_at: str | None = None
) -> Proof:
    """The proof of a briefing made of ``checks``' clips (in the order printed)."""
    quotes = []
    for check in checks:
        clip = check.clip
        article = articles.get(clip.article_id)
        start, end = check.new_span or (clip.start, clip.end)
        spans = [list(s) for s in clip.spans]
        if article is not None and clip.edit and check.new_span:
            spans = [list(s) for s in quote_edits.locate_in(article.text, clip.edit, start, end) or clip.spans]
        quotes.append(
            {
                "clip": clip.id,
                "section": check.section,
                "status": check.status,
                "source": {
                    "id": clip.article_id,
                    "version": clip.article_version,
                    "title": article.title if article else "",
                    "sha256": text_sha256(article.text) if article else "",
                },
                "start": start,
                "end": end,
                "spans": spans,
                "quote": clip.quote,
                "edit": clip.edit,
                "printed": clip.printed,
                "context_before": clip.context_before,
                "context_after": clip.context_after,
                "paragraph": clip.paragraph,
            }
        )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "app": f"Dossier {__version__}",
        "title": title,
        "exported_at": exported_at or datetime.now(UTC).replace(microsecond=0).isoformat(),
        "quotes": quotes,
    }


def proof_bytes(proof: Proof) -> bytes:
    """The proof as the bytes a briefing carries (canonical JSON, UTF-8)."""
    return json.dumps(proof, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class DamagedProof(ValueError):
    """Bytes that are not a proof Dossier can read."""


def read_proof(data: bytes) -> Proof:
    try:
        proof = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DamagedProof("the attached proof is not readable JSON") from None
    if not isinstance(proof, dict) or proof.get("format") != FORMAT or not isinstance(proof.get("quotes"), list):
        raise DamagedProof("the attached file is not a Dossier proof")
    if not isinstance(proof.get("version"), int) or proof["version"] > FORMAT_VERSION:
        raise DamagedProof(f"the proof was made by a newer Dossier (proof format {proof.get('version')})")
    return proof


@dataclass
class Failure:
    """One thing about a briefing that does not hold."""

    what: str  # the quote (shortened), or "proof"
    reason: str

    def line(self) -> str:
        return f"FAILED  {self.what} — {self.reason}"


def _squeezed(text: str) -> str:
    """Text without white space and with one kind of quotation mark: how a quote is found in text
    extracted from a page (where a quotation inside a quote is printed in single marks)."""
    return re.sub(r"\s+", "", text).translate(_ONE_MARK)


_ONE_MARK = str.maketrans(dict.fromkeys('"“”„‘’‚«»‹›', "'"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= 60 else text[:57] + "…") + "”"


def newer_versions(proof: Proof, library: Library) -> list[str]:
    """Notes on quotes whose source has a newer version in the library than the one quoted (the
    quote still holds in its own version: not a failure, but worth knowing)."""
    notes = []
    for entry in proof["quotes"]:
        source = entry.get("source") or {}
        source_id = str(source.get("id", "")) if isinstance(source, dict) else ""
        if not source_id or source_id not in library:
            continue
        newest = library.current_version_of(source_id)
        if newest.id != source_id:
            notes.append(
                f"note    {_short(str(entry.get('printed', '')))} quotes version {source.get('version')} "
                f"of “{newest.title}”; the library has version {newest.version}"
            )
    return notes


def check_proof(proof: Proof, library: Library, printed_text: str | None = None) -> list[Failure]:
    """Every way ``proof`` fails: against the library (a missing source, a changed quote) and,
    given the text printed in the briefing, against that (a quote printed that is not the one
    in the proof). An empty list means every quote holds."""
    failures: list[Failure] = []
    printed_squeezed = _squeezed(printed_text) if printed_text is not None else None
    for entry in proof["quotes"]:
        try:
            failures += _check_entry(entry, library, printed_squeezed)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            failures.append(Failure("proof", f"an entry of the proof is damaged ({type(exc).__name__}: {exc})"))
    return failures


def _check_entry(entry: dict[str, Any], library: Library, printed: str | None) -> list[Failure]:
    what = _short(str(entry["printed"]))
    out: list[Failure] = []
    if entry["printed"] != (entry["edit"] or entry["quote"]):
        out.append(Failure(what, "the proof's printed text is neither its quote nor its edit (the proof was altered)"))
    if printed is not None and _squeezed(entry["printed"]) not in printed:
        out.append(Failure(what, "this quote is not printed in the briefing: the proof or the PDF was altered"))
    source = entry["source"]
    if source["id"] not in library:
        title = f" (“{source['title']}”)" if source.get("title") else ""
        return out + [Failure(what, f"missing source: article {source['id']}{title} is not in this library")]
    article = library.get(source["id"])
    if text_sha256(article.text) != source["sha256"]:
        out.append(Failure(what, "the source's text is not the one the proof names (its SHA-256 differs)"))
    start, end = int(entry["start"]), int(entry["end"])
    if article.text[start:end] != entry["quote"]:
        out.append(
            Failure(
                what, f"changed quote: the source has “{' '.join(article.text[start:end].split())}” at {start}–{end}"
            )
        )
    elif entry["edit"]:
        try:
            spans = quote_edits.locate_in(article.text, entry["edit"], start, end)
            why = "" if spans is not None else quote_edits.explain(article.text, entry["edit"], start, end)
        except quote_edits.EditError as exc:
            spans, why = None, str(exc)
        if spans is None:
            out.append(Failure(what, f"changed quote: the edit does not match its source: {why}"))
        elif [list(s) for s in spans] != [list(s) for s in entry["spans"]]:
            out.append(Failure(what, "the proof's spans are not where the edit's words stand"))
    return out


__all__ = [
    "DIGEST_KEY",
    "FORMAT",
    "PROOF_NAME",
    "DamagedProof",
    "Failure",
    "Proof",
    "build_proof",
    "check_proof",
    "digest",
    "newer_versions",
    "proof_bytes",
    "read_proof",
    "text_sha256",
]
