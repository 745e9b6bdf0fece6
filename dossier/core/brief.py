"""The brief of a dossier: its bottom line and its sections' assessments, parsed, with every citation resolved.

:func:`read_brief` parses the Markdown of each part (:mod:`dossier.core.brief_text`) and turns
each ``[@key]`` into the id of the clip it names — the clip whose id is the key, else the one
clip whose id starts with it. A key that names no clip, or several, raises
:class:`~dossier.core.errors.UnknownCitation` naming the key and where it stands; so does
text that looks like a citation but is not one (``[@ key]``), so that no ``[@…]`` ever reaches
a reader. :func:`cited_clip_ids` is the forgiving variant a window uses while the analyst types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dossier.core import brief_text
from dossier.core.brief_text import Blocks, Citation
from dossier.core.dossier import Clip, Dossier, Section
from dossier.core.errors import UnknownCitation

BOTTOM_LINE = "the bottom line"


def where_of(section: Section | None) -> str:
    """How a message names a part of the brief: "the bottom line" or "the assessment of “Agenda”"."""
    return BOTTOM_LINE if section is None else f"the assessment of “{section.title}”"


@dataclass(frozen=True)
class Brief:
    """The parsed brief: citations carry the id of the clip they cite."""

    bottom_line: Blocks
    assessments: Mapping[str, Blocks]  # by section id; sections without an assessment are left out

    def assessment(self, section: Section) -> Blocks:
        return self.assessments.get(section.id, ())

    def parts(self) -> list[Blocks]:
        """The bottom line, then the assessments in the order of the sections."""
        return [self.bottom_line, *self.assessments.values()]

    def cited(self) -> list[str]:
        """The ids of the clips cited, in reading order, each once."""
        ids = (c.clip_id for part in self.parts() for c in brief_text.citations(part))
        return list(dict.fromkeys(ids))

    def excerpts(self, section: Section) -> list[Clip]:
        """The clips of ``section`` printed as supporting excerpts: those the brief does not quote inline."""
        cited = set(self.cited())
        return [clip for clip in section.clips if clip.id not in cited]

    def reading_order(self, dossier: Dossier) -> list[Clip]:
        """Every clip once, in the order a reader meets it: the bottom line's citations, then section by
        section its assessment's citations and its excerpts. Notes are numbered in this order."""
        clips = {clip.id: clip for clip in dossier.clips()}
        ids = [c.clip_id for c in brief_text.citations(self.bottom_line)]
        for section in dossier.sections:
            ids += [c.clip_id for c in brief_text.citations(self.assessment(section))]
            ids += [clip.id for clip in self.excerpts(section)]
        return [clips[i] for i in dict.fromkeys(ids) if i in clips]


def read_brief(dossier: Dossier) -> Brief:
    """Parse and resolve the brief; raises :class:`UnknownCitation` for the first citation that names no clip."""
    ids = [clip.id for clip in dossier.clips()]
    bottom = _resolved(dossier.bottom_line, ids, None)
    assessments = {s.id: _resolved(s.assessment, ids, s) for s in dossier.sections if s.assessment.strip()}
    return Brief(bottom, {k: v for k, v in assessments.items() if v})


def problems(dossier: Dossier) -> list[UnknownCitation]:
    """Every citation of the brief that names no clip (or several), in reading order."""
    ids = [clip.id for clip in dossier.clips()]
    found: list[UnknownCitation] = []
    for section, markdown in _parts(dossier):
        blocks = brief_text.parse(markdown)
        found += _stray_markup(blocks, section)
        for citation in brief_text.citations(blocks):
            try:
                resolve_key(citation.key, ids, where_of(section))
            except UnknownCitation as exc:
                found.append(exc)
    return found


def cited_clip_ids(dossier: Dossier) -> set[str]:
    """The clips the brief cites, ignoring citations that name none (for marking clips while one types)."""
    ids = [clip.id for clip in dossier.clips()]
    cited: set[str] = set()
    for _section, markdown in _parts(dossier):
        for citation in brief_text.citations(brief_text.parse(markdown)):
            matches = matching(citation.key, ids)
            if len(matches) == 1:
                cited.add(matches[0])
    return cited


def citing_parts(dossier: Dossier, clip_ids: Iterable[str]) -> list[str]:
    """Where the brief cites any of ``clip_ids`` ("the bottom line", "the assessment of “Agenda”"…)."""
    wanted = set(clip_ids)
    ids = [clip.id for clip in dossier.clips()]
    found = []
    for section, markdown in _parts(dossier):
        for citation in brief_text.citations(brief_text.parse(markdown)):
            matches = matching(citation.key, ids)
            if len(matches) == 1 and matches[0] in wanted:
                found.append(where_of(section))
                break
    return found


def resolve_key(key: str, clip_ids: Iterable[str], where: str) -> str:
    """The clip id a citation key names: the id itself, or the one id starting with it."""
    matches = matching(key, list(clip_ids))
    if len(matches) != 1:
        raise UnknownCitation(key, where, matches)
    return matches[0]


def matching(key: str, ids: list[str]) -> list[str]:
    """The clip ids a citation key names: the one equal to it, else all that start with it (case aside)."""
    folded = key.casefold()
    exact = [i for i in ids if i.casefold() == folded]
    return exact or [i for i in ids if i.casefold().startswith(folded)]


def _parts(dossier: Dossier) -> list[tuple[Section | None, str]]:
    return [(None, dossier.bottom_line)] + [(s, s.assessment) for s in dossier.sections]


def _resolved(markdown: str, ids: list[str], section: Section | None) -> Blocks:
    blocks = brief_text.parse(markdown)
    stray = _stray_markup(blocks, section)
    if stray:
        raise stray[0]
    where = where_of(section)

    def resolve(citation: Citation) -> Citation:
        return Citation(citation.key, resolve_key(citation.key, ids, where))

    return brief_text.map_citations(blocks, resolve)


def _stray_markup(blocks: Blocks, section: Section | None) -> list[UnknownCitation]:
    """Text that starts like a citation (``[@``) but is not one: the reader would see the markup."""
    found = []
    for text in brief_text.texts(blocks):
        at = text.find("[@")
        if at >= 0:
            end = text.find("]", at)
            written = text[at + 2 : end if end >= 0 else at + 22]
            found.append(UnknownCitation(written, where_of(section)))
    return found
