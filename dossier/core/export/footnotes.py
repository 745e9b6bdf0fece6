"""Real Word footnotes, which python-docx has no API for, written through its package layer.

A document's footnotes live in their own part, ``/word/footnotes.xml``, related to the main
document part by a ``footnotes`` relationship and listed in ``[Content_Types].xml`` (python-docx
writes both when the part is related). The part holds the two separators Word expects
(ids -1 and 0) and then one ``w:footnote`` per note; the text points at a footnote with a
``w:footnoteReference`` run, and Word numbers footnotes in the order of those references.

A footnote can be referenced once only. Citing the same note again is done as Word does it
(Insert › Cross-reference › Footnote number): a hidden bookmark ``_RefNoteN`` around the
first reference and a ``NOTEREF _RefNoteN \\f \\h`` field at the next ones, which prints the
same number in the footnote-reference style and links to it.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from dossier.core.export import wordml

PARTNAME = "/word/footnotes.xml"
TEXT_STYLE, REFERENCE_STYLE = "FootnoteText", "FootnoteReference"

_EMPTY = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class Footnotes:
    """The footnotes part of one document."""

    def __init__(self, document: Document, bookmarks: wordml.Bookmarks):
        body_part = document.part
        self.part = XmlPart(PackURI(PARTNAME), CT.WML_FOOTNOTES, parse_xml(_EMPTY), body_part.package)
        body_part.relate_to(self.part, RT.FOOTNOTES)
        wordml.add_styles(document.styles.element)
        self._bookmarks = bookmarks
        self._referenced: set[int] = set()

    @property
    def element(self) -> Any:
        return self.part.element

    def add(self, number: int) -> Any:
        """A new footnote with id ``number``; returns its paragraph, which holds its mark and a space."""
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(number))
        self.element.append(note)
        p = wordml.paragraph(note, TEXT_STYLE)
        mark = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), REFERENCE_STYLE)
        rpr.append(style)
        mark.append(rpr)
        mark.append(OxmlElement("w:footnoteRef"))
        p.append(mark)
        wordml.text_run(p, " ")
        return p

    def reference(self, paragraph: Any, number: int) -> None:
        """Cite footnote ``number`` at the end of ``paragraph``: its reference the first time, a NOTEREF after."""
        if number in self._referenced:
            wordml.field(paragraph, rf"NOTEREF {bookmark(number)} \f \h", str(number), style_id=REFERENCE_STYLE)
            return
        self._referenced.add(number)
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), REFERENCE_STYLE)
        rpr.append(style)
        r.append(rpr)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(number))
        r.append(ref)
        paragraph.append(r)
        self._bookmarks.around(paragraph, bookmark(number), r)

    def ids(self) -> list[int]:
        """The ids of the notes (not the separators), in order."""
        return [int(n.get(qn("w:id"))) for n in self.element.findall(qn("w:footnote")) if n.get(qn("w:type")) is None]


def bookmark(number: int) -> str:
    """The hidden bookmark around the first reference to a footnote."""
    return f"_RefNote{number}"
