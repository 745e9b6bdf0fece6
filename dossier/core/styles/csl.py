"""Citations worded by a CSL style through citeproc-py: the only module that imports it.

Each cited article becomes a CSL item (an ``article-newspaper``: title, publisher as the
container, authors parsed by :mod:`dossier.core.styles.names`, date, URL, when it was
brought in as the access date). A byline-less article is by its publisher, as in Dossier's
own author-date style, and one with neither byline nor publisher by its short title in
author-date styles. A source missing from the library is cited as Dossier cites it. Locators are paragraphs, which each style words its own way
("para. 2" in APA, "paras 2–3" in Harvard).

citeproc-py implements most of CSL 1.0 but not all; the style files are read unchanged
and adjusted on load where it falls short:

* ``initialize="false"`` (keep given names whole, MLA's "Vandermeer, Ilse.") is honoured by
  dropping ``initialize-with`` from such names;
* ``disambiguate="true"`` conditions, which it would take as always true, are taken as false,
  and two sources that would still read alike get the year suffixes (2025a, 2025b) it does
  not add itself, in the order of the list of sources;
* commas and full stops go inside closing quotation marks in US English styles, and a short
  label is kept apart from its number ("para. 2").

Its HTML output is read back into runs: italics, the title (a link to the source entry),
URLs.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.source.json import CiteProcJSON
from lxml import etree

from dossier.core.citations import ITALIC, TEXT, TITLE, URL, Citations, Note, Run, Source, short_title
from dossier.core.dossier import Dossier
from dossier.core.styles import CitationText, StyleInfo
from dossier.core.styles.names import parse_authors
from dossier.paths import resources_dir

CSL = "{http://purl.org/net/xbiblio/csl}"
NEVER = "dossier-never"  # a variable no item has: a condition on it is false
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")
_URL = re.compile(r"https?://[^\s<>]+[^\s<>.,;:)]")
_LABEL_NUMBER = re.compile(r"\b(paras?\.|pars?\.)(?=\d)")


def render(dossier: Dossier, cites: Citations, info: StyleInfo) -> CitationText:
    """The notes, in-text citations and entries of ``cites`` in the CSL style ``info``."""
    assert info.csl_file is not None
    path = resources_dir() / "csl" / info.csl_file
    author_date = info.kind != "notes"
    items = {s.article_id: csl_item(s, author_date=author_date) for s in cites.sources if s.article is not None}
    us_english = _locale(path).startswith("en-US")

    def fresh() -> CitationStylesBibliography:
        style = CitationStylesStyle(_adjusted(path), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(list(items.values())), formatter.html)
        bibliography.register(Citation([CitationItem(key) for key in items]))
        bibliography.sort()
        return bibliography

    def runs(markup: str, source: Source) -> list[Run]:
        return _runs(_tidy(markup, us_english), source.title if source.article else "")

    if author_date:
        _add_year_suffixes(fresh(), items)
    bib = fresh()
    notes: dict[int, list[Run]] = {}
    in_text: dict[str, list[Run]] = {}
    if not author_date:
        for note in cites.notes:
            if note.source.article_id not in items:
                notes[note.number] = note.runs()
                continue
            graded: list[Run] = [(TEXT, f" Graded {note.grade}.")] if note.grade else []
            notes[note.number] = runs(_cite(bib, note.source.article_id, note), note.source) + graded
    else:
        for clip in dossier.clips():
            note = cites.note(clip)
            if clip.article_id not in items:
                in_text[clip.id] = cites.in_text_runs(clip)
                continue
            markup = _cite(bib, clip.article_id, note)
            if note.grade and markup.endswith(")"):  # the Admiralty grade inside the parentheses: (…, B2)
                markup = f"{markup[:-1]}, {note.grade})"
            in_text[clip.id] = runs(markup, note.source)
    by_id = {source.article_id: source for source in cites.sources}
    entries = {key: runs(str(entry), by_id[key]) for key, entry in zip(bib.keys, bib.bibliography())}
    missing = [s.article_id for s in cites.sources if s.article_id not in items]  # worded as Dossier words them
    entries |= {key: by_id[key].entry_runs(info.kind) for key in missing}
    return CitationText(info, notes, in_text, entries, list(bib.keys) + missing)


def csl_item(source: Source, *, author_date: bool) -> dict[str, Any]:
    """A cited article (one in the library) as CSL-JSON."""
    assert source.article is not None
    item: dict[str, Any] = {"id": source.article_id}
    meta = source.article.meta
    item |= {"type": "article-newspaper", "title": source.title}
    authors = parse_authors(meta.author)
    if authors:
        item["author"] = authors
        if meta.publisher:
            item["container-title"] = meta.publisher
    elif meta.publisher:  # by its publisher, named once
        item["author"] = [{"literal": meta.publisher}]
    elif author_date:  # citeproc-py would print a title put in the author's place twice
        item["author"] = [{"literal": short_title(source.title)}]
    for field, value in (("issued", meta.published), ("accessed", meta.imported_at if meta.url else None)):
        parts = _date_parts(value)
        if parts:
            item[field] = {"date-parts": [parts]}
    if meta.url:
        item["URL"] = meta.url
    return item


def _date_parts(value: str | None) -> list[int]:
    match = _ISO.match((value or "").strip())
    if match:
        return [int(g) for g in match.groups() if g]
    year = _YEAR.search(value or "")
    return [int(year.group(1))] if year else []


def _locator(note: Note) -> Locator | None:
    if note.first is None:
        return None
    number = str(note.first) if note.last in (None, note.first) else f"{note.first}–{note.last}"
    return Locator("paragraph", number)


def _cite(bib: CitationStylesBibliography, key: str, note: Note | None) -> str:
    locator = _locator(note) if note else None
    item = CitationItem(key, locator=locator) if locator else CitationItem(key)
    citation = Citation([item])
    bib.register(citation)  # every key is in already: this only ties the citation to the bibliography
    return str(bib.cite(citation, lambda missing: None))


def _add_year_suffixes(bib: CitationStylesBibliography, items: dict[str, dict[str, Any]]) -> None:
    """Sources whose in-text citations would read alike get a, b… after the year."""
    groups: dict[str, list[str]] = {}
    for key in bib.keys:  # in the order of the list of sources
        groups.setdefault(_cite(bib, key, None), []).append(key)
    for keys in groups.values():
        if len(keys) > 1:
            for n, key in enumerate(keys):
                items[key]["year-suffix"] = chr(ord("a") + n % 26) * (1 + n // 26)


def _locale(path: Any) -> str:
    root = etree.parse(str(path)).getroot()
    return str(root.get("default-locale") or "en-US")


def _adjusted(path: Any) -> io.BytesIO:
    """The style file with what citeproc-py does not implement worked around (see the module)."""
    tree = etree.parse(str(path))
    for name in tree.iter(CSL + "name"):
        if name.get("initialize") == "false":
            name.attrib.pop("initialize-with", None)
    for condition in _conditions(tree):
        if condition.get("disambiguate") == "true":
            del condition.attrib["disambiguate"]
            if condition.get("match", "all") == "all":
                condition.set("variable", f"{condition.get('variable', '')} {NEVER}".strip())
    return io.BytesIO(etree.tostring(tree))


def _conditions(tree: Any) -> Iterable[Any]:
    yield from tree.iter(CSL + "if", CSL + "else-if")


def _tidy(markup: str, us_english: bool) -> str:
    markup = re.sub(r"([?!][”’]?(?:</i>)?)\.", r"\1", markup)  # "on agenda?." -> "on agenda?"
    if us_english:
        markup = re.sub(r"”([.,])", r"\1”", markup)
    return _LABEL_NUMBER.sub(r"\1 ", markup)


def _runs(markup: str, title: str) -> list[Run]:
    """citeproc-py's HTML as runs: italics, the title, URLs."""
    out: list[Run] = []
    italic = 0
    pos = 0
    for match in _TAG.finditer(markup):
        _add(out, ITALIC if italic else TEXT, html.unescape(markup[pos : match.start()]))
        if match.group(2) == "i":
            italic += -1 if match.group(1) else 1
        pos = match.end()
    _add(out, ITALIC if italic else TEXT, html.unescape(markup[pos:]))
    return _mark(_mark(out, _URL, URL), re.compile(re.escape(title), re.IGNORECASE) if title else None, TITLE)


def _add(out: list[Run], kind: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == kind:
        out[-1] = (kind, out[-1][1] + text)
    else:
        out.append((kind, text))


def _mark(runs: list[Run], pattern: re.Pattern[str] | None, kind: str) -> list[Run]:
    """Plain-text runs split where ``pattern`` matches, the matches of kind ``kind`` (the first only for titles)."""
    if pattern is None:
        return runs
    out: list[Run] = []
    done = False
    for run_kind, text in runs:
        if run_kind != TEXT or done:
            out.append((run_kind, text))
            continue
        pos = 0
        for match in pattern.finditer(text):
            _add(out, TEXT, text[pos : match.start()])
            out.append((kind, match.group(0)))
            pos = match.end()
            if kind == TITLE:
                done = True
                break
        _add(out, TEXT, text[pos:])
    return out
