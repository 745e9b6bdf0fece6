"""A file embedded in the PDF as it is written: the briefing's proof.

ReportLab has no call for embedded files, so :class:`Attachment` is a flowable of no size
that, when drawn (on every layout pass, on that pass's canvas), puts the file in the
document's name tree (``/Names /EmbeddedFiles``, PDF 1.7 § 7.11.4) and its digest in the
document information under ``/DossierProof``. This writes the file once, with the rest of
the PDF, compressed like the pages; nothing is rewritten afterwards. It relies on
``PDFDocument.Catalog`` and ``PDFDocument.info``, stable in ReportLab 4 and 5.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFStreamFilterZCompress,
    PDFString,
)
from reportlab.platypus import Flowable

from dossier.core.proof import DIGEST_KEY


class _Info(PDFInfo):
    """The document information, with one key more."""

    extra: dict[str, str]

    def format(self, document: Any) -> bytes:
        data: bytes = super().format(document)
        end = data.rindex(b">>")
        more = b"".join(
            b"\n/" + key.encode("ascii") + b" " + PDFString(value).format(document) for key, value in self.extra.items()
        )
        return data[:end] + more + b"\n" + data[end:]


class Attachment(Flowable):
    """Embeds ``data`` as ``name`` (and its ``digest`` in the document information)."""

    def __init__(self, name: str, data: bytes, digest: str, description: str = "") -> None:
        super().__init__()
        self.name, self.data, self.digest, self.description = name, data, digest, description
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        doc = self.canv._doc
        stream = PDFStream(
            PDFDictionary(
                {
                    "Type": PDFName("EmbeddedFile"),
                    "Subtype": PDFName("application#2Fjson"),
                    "Params": PDFDictionary({"Size": len(self.data), "ModDate": _now()}),
                }
            ),
            self.data,
            filters=[PDFStreamFilterZCompress()],
        )
        spec = PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(self.name),
                "UF": PDFString(self.name),
                "Desc": PDFString(self.description),
                "AFRelationship": PDFName("Supplement"),
                "EF": PDFDictionary({"F": doc.Reference(stream)}),
            }
        )
        ref = doc.Reference(spec)
        doc.Catalog.Names = PDFDictionary(
            {"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(self.name), ref])})}
        )
        # The document template keeps the information object of the start of the build and puts
        # it back at the end, so that object itself takes the extra key.
        doc.info.__class__ = _Info
        doc.info.extra = {DIGEST_KEY: self.digest}


def _now() -> PDFString:
    return PDFString(datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ"))
