"""Citation styles: Dossier's own two, and four published ones read from CSL files.

``notes`` and ``author-date`` are Dossier's own (:mod:`dossier.core.citations`). The others
come from the Citation Style Language files in ``resources/csl`` through citeproc-py
(:mod:`dossier.core.styles.csl`, the only module that imports it):

==============  ===========  ====================================================
name            kind         style
==============  ===========  ====================================================
chicago-note    notes        Chicago Manual of Style 17th edition (full note)
apa             author-date  APA 7th edition: (Vandermeer, 2025, para. 2)
mla             author-date  MLA 9th edition: (Vandermeer, para. 2)
harvard         author-date  Cite Them Right – Harvard: (Vandermeer, 2025, para. 2)
==============  ===========  ====================================================

Whatever the style, the numbering is Dossier's: a note stands for one place in one source
and a place cited again reuses its number. A style only decides the *text* of notes,
in-text citations and the list of sources, which come here as :class:`CitationText`, in
the same typed runs every exporter renders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dossier.core import citations
from dossier.core.citations import AUTHOR_DATE, NOTES, Citations, Run
from dossier.core.dossier import Clip, Dossier
from dossier.core.library import Article


@dataclass(frozen=True)
class StyleInfo:
    name: str
    kind: str  # NOTES or AUTHOR_DATE
    label: str  # for people: "APA 7th edition"
    csl_file: str | None  # in resources/csl; None for Dossier's own styles
    sources_heading: str  # what the list of sources is called in this style


STYLES: dict[str, StyleInfo] = {
    s.name: s
    for s in (
        StyleInfo(NOTES, NOTES, "Notes (Dossier)", None, "Sources"),
        StyleInfo(AUTHOR_DATE, AUTHOR_DATE, "Author and date (Dossier)", None, "Sources"),
        StyleInfo(
            "chicago-note",
            NOTES,
            "Chicago, notes and bibliography",
            "chicago-fullnote-bibliography.csl",
            "Bibliography",
        ),
        StyleInfo("apa", AUTHOR_DATE, "APA 7th edition", "apa.csl", "References"),
        StyleInfo("mla", AUTHOR_DATE, "MLA 9th edition", "modern-language-association.csl", "Works Cited"),
        StyleInfo("harvard", AUTHOR_DATE, "Harvard (Cite Them Right)", "harvard-cite-them-right.csl", "Reference list"),
    )
}
STYLE_NAMES = tuple(STYLES)


def style_info(name: str) -> StyleInfo:
    """The style called ``name``; ``ValueError`` with the names there are when there is none."""
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"unknown citation style {name!r}; use one of {', '.join(STYLE_NAMES)}") from None


@dataclass
class CitationText:
    """The words of every citation of a dossier in one style."""

    style: StyleInfo
    notes: dict[int, list[Run]]  # note number -> its text (note styles)
    in_text: dict[str, list[Run]]  # clip id -> "(Who, Year, ¶ 7)" (author-date styles)
    entries: dict[str, list[Run]]  # article id -> its entry in the list of sources
    order: list[str]  # article ids, as the list of sources runs


def cite_in_style(
    dossier: Dossier,
    articles: Mapping[str, Article],
    style: str,
    *,
    spans: Mapping[str, tuple[int, int]] | None = None,
    order: Sequence[Clip] | None = None,
) -> tuple[Citations, CitationText]:
    """Number the citations of a dossier (Dossier's numbering, in reading ``order``) and word them in ``style``."""
    info = style_info(style)
    cites = citations.cite(dossier, articles, style=info.kind, spans=spans, order=order)
    if info.csl_file is None:
        return cites, own_text(dossier, cites, info)
    from dossier.core.styles.csl import render  # citeproc-py loads only for its styles

    return cites, render(dossier, cites, info)


def own_text(dossier: Dossier, cites: Citations, info: StyleInfo) -> CitationText:
    """Dossier's own wording of the citations."""
    in_text = {clip.id: cites.in_text_runs(clip) for clip in dossier.clips()} if info.kind == AUTHOR_DATE else {}
    return CitationText(
        style=info,
        notes={note.number: note.runs() for note in cites.notes} if info.kind == NOTES else {},
        in_text=in_text,
        entries={source.article_id: source.entry_runs(info.kind) for source in cites.sources},
        order=[source.article_id for source in cites.sources],
    )
