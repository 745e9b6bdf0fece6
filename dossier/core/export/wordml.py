"""WordprocessingML pieces python-docx has no API for: runs with links, bookmarks, fields, styles.

Everything here works on lxml elements (``w:p`` and what goes in it) and the package part
they belong to, so the same helpers write the body and the footnotes part. Text is put in
``w:t`` elements as it is (lxml escapes it); characters XML cannot hold are dropped, line
breaks become ``w:br`` and tabs ``w:tab``.
"""

from __future__ import annotations

import re
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from dossier.core import citations
from dossier.core.citations import Run

Element = Any  # an lxml element of python-docx's oxml classes
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HTTP = re.compile(r"(?i)^https?://")

#: Styles the export adds to python-docx's template: (type, id, name, based on, properties XML).
EXTRA_STYLES = [
    (
        "paragraph",
        "FootnoteText",
        "footnote text",
        "Normal",
        '<w:pPr><w:spacing w:after="60" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr>',
    ),
    ("character", "FootnoteReference", "footnote reference", None, '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    ("character", "Hyperlink", "Hyperlink", None, '<w:rPr><w:color w:val="1F4E79"/><w:u w:val="single"/></w:rPr>'),
    (
        "paragraph",
        "ExcerptNote",
        "Excerpt Note",
        "Normal",
        (
            '<w:pPr><w:ind w:left="864"/><w:spacing w:before="60" w:after="240"/></w:pPr>'
            '<w:rPr><w:color w:val="35506B"/><w:sz w:val="19"/></w:rPr>'
        ),
    ),
    (
        "paragraph",
        "Alarm",
        "Alarm",
        "Normal",
        (
            '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="0"/></w:pPr>'
            '<w:rPr><w:b/><w:color w:val="B00020"/><w:sz w:val="18"/></w:rPr>'
        ),
    ),
    (
        "paragraph",
        "SourceEntry",
        "Source Entry",
        "Normal",
        '<w:pPr><w:ind w:left="397" w:hanging="397"/><w:spacing w:after="120"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr>',
    ),
    ("paragraph", "Small", "Small Print", "Normal", '<w:rPr><w:color w:val="666666"/><w:sz w:val="19"/></w:rPr>'),
    (
        "paragraph",
        "Marking",
        "Marking",
        "Normal",
        '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:caps/><w:sz w:val="20"/></w:rPr>',
    ),
]


def add_styles(styles_element: Element) -> None:
    """Add :data:`EXTRA_STYLES` to a styles part's ``w:styles`` (those it lacks)."""
    have = {s.get(qn("w:styleId")) for s in styles_element.findall(qn("w:style"))}
    for kind, style_id, name, based_on, props in EXTRA_STYLES:
        if style_id in have:
            continue
        based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
        styles_element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="{int(name[0].isupper())}" w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/>{based}<w:uiPriority w:val="99"/><w:qFormat/>{props}</w:style>'
            )
        )


def paragraph(parent: Element, style_id: str | None = None, *, rtl: bool = False, keep_next: bool = False) -> Element:
    """A new ``w:p`` at the end of ``parent`` (a body or a footnote)."""
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    if style_id:
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), style_id)
        ppr.append(style)
    if keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    if rtl:
        ppr.append(OxmlElement("w:bidi"))
    if len(ppr):
        p.append(ppr)
    section_properties = parent.find(qn("w:sectPr"))  # the body's page settings stay last
    if section_properties is not None:
        section_properties.addprevious(p)
    else:
        parent.append(p)
    return p


def text_run(
    parent: Element,
    text: str,
    *,
    style_id: str | None = None,
    italic: bool = False,
    bold: bool = False,
    color: str | None = None,
    rtl: bool = False,
    size: int | None = None,
) -> Element:
    """A ``w:r`` holding ``text``, appended to ``parent`` (a paragraph or a hyperlink)."""
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if style_id:
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), style_id)
        rpr.append(style)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    if color:
        c = OxmlElement("w:color")
        c.set(qn("w:val"), color)
        rpr.append(c)
    if size:
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(size))
        rpr.append(sz)
    if rtl:
        rpr.append(OxmlElement("w:rtl"))
    if len(rpr):
        r.append(rpr)
    for n, line in enumerate(_NOT_XML.sub("", text).replace("\r\n", "\n").split("\n")):
        if n:
            r.append(OxmlElement("w:br"))
        for m, piece in enumerate(line.split("\t")):
            if m:
                r.append(OxmlElement("w:tab"))
            if piece:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = piece
                r.append(t)
    parent.append(r)
    return r


def link(parent: Element, part: Any, target: str, text: str, *, italic: bool = False, bold: bool = False) -> Element:
    """A hyperlink: to a URL (a relationship of ``part``), or to a bookmark when ``target`` starts with "#"."""
    h = OxmlElement("w:hyperlink")
    if target.startswith("#"):
        h.set(qn("w:anchor"), bookmark_name(target[1:]))
    else:
        h.set(qn("r:id"), part.relate_to(target, RT.HYPERLINK, is_external=True))
    text_run(h, text, style_id="Hyperlink", italic=italic, bold=bold)
    parent.append(h)
    return h


def runs(parent: Element, part: Any, pieces: list[Run], source_anchor: str | None = None) -> None:
    """Citation runs: a title links to the source entry, URLs are live, publishers and italics in italics."""
    for kind, text in pieces:
        if kind == citations.TITLE and source_anchor:
            link(parent, part, "#" + source_anchor, text)
        elif kind == citations.URL and _HTTP.match(text):
            link(parent, part, text, text)
        else:
            text_run(parent, text, italic=kind in (citations.PUBLISHER, citations.ITALIC))


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and underscores, at most 40 characters."""
    return re.sub(r"\W", "_", anchor)[:40]


class Bookmarks:
    """Numbers the bookmarks of one document."""

    def __init__(self) -> None:
        self._next = 0

    def around(self, parent: Element, anchor: str, *children: Element) -> None:
        """Put a bookmark called ``anchor`` around ``children`` (already in ``parent``; none: an empty one at the end)."""
        self._next += 1
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self._next))
        start.set(qn("w:name"), bookmark_name(anchor))
        end.set(qn("w:id"), str(self._next))
        if children:
            children[0].addprevious(start)
            children[-1].addnext(end)
        else:
            parent.append(start)
            parent.append(end)


def field(parent: Element, instruction: str, result: str, *, style_id: str | None = None) -> None:
    """A complex field (``NOTEREF``, say) with its last result, which Word shows until it updates fields."""

    def char(kind: str) -> None:
        r = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        r.append(fld)
        parent.append(r)

    char("begin")
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r.append(instr)
    parent.append(r)
    char("separate")
    text_run(parent, result, style_id=style_id)
    char("end")


def page_break(parent: Element) -> None:
    p = paragraph(parent)
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    r = OxmlElement("w:r")
    r.append(br)
    p.append(r)
