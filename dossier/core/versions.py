"""Clips across versions: what becomes of a clip when its article gets a new version.

A changed file imported again, or a page fetched again, becomes a new *version* of its
article; the old one stays in the library, so a clip on it still proves what it quoted.
:func:`follow` checks a clip on an old version against the new one:

``unchanged`` / ``moved``
    the quoted words stand in the new version exactly (at the same place, or elsewhere:
    a paragraph was added above them, say). The clip can be re-anchored to the new version,
    its old anchor kept in its history (:func:`reanchored`).
``changed``
    the words are not there exactly, but a fuzzy alignment of the quote and its context finds
    a close passage: the check carries that passage and a word-by-word redline.
``orphaned``
    nothing close is left. The clip stays, on the version that still says it.

Nothing here drops or changes a clip: :mod:`dossier.core.commands` applies a re-anchoring
as an undoable edit. :func:`check_dossier` combines this with the check of each clip against
its own version (:func:`dossier.core.integrity.check_clip`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein, Opcodes

from dossier.core.dossier import CONTEXT_CHARS, Clip, Dossier
from dossier.core.integrity import CHANGED, MOVED, OK, ORPHANED, ClipCheck, check_clip, snap_to_words
from dossier.core.library import Article, Library
from dossier.core.quote_edits import locate_in

UNCHANGED = "unchanged"
#: A passage of the new version is "close" to the old quote from this similarity (0–100) on.
CHANGED_MIN_SCORE = 60.0

#: A redline is a list of (kind, words): kind is "same", "removed" (old only) or "added" (new only).
SAME, REMOVED, ADDED = "same", "removed", "added"
Redline = list[tuple[str, str]]


@dataclass
class VersionCheck:
    """What became of one clip in a newer version of its article."""

    clip: Clip
    old: Article
    new: Article
    status: str  # unchanged, moved, changed, orphaned
    span: tuple[int, int] | None = None  # where the quote (or the closest passage) stands in ``new``
    spans: list[tuple[int, int]] = field(default_factory=list)  # the edit's fragments in ``new``
    closest: str = ""  # changed: the closest passage of the new version
    score: float = 0.0  # changed: how close, 0–100
    redline: Redline = field(default_factory=list)  # changed: old wording against new

    @property
    def follows(self) -> bool:
        """True when the clip can be re-anchored to the new version as it is."""
        return self.status in (UNCHANGED, MOVED)

    def detail(self) -> str:
        old, new = f"version {self.old.version}", f"version {self.new.version}"
        if self.status == UNCHANGED:
            return f"the same in {new}"
        if self.status == MOVED:
            return f"moved in {new} (¶ {self.new.paragraph_number(self.span[0]) if self.span else '?'})"
        if self.status == CHANGED:
            return f"worded differently in {new}: “{self.closest}” (quoting {old})"
        return f"no longer in {new} (quoting {old})"


def follow(clip: Clip, old: Article, new: Article) -> VersionCheck:
    """Where ``clip`` (on ``old``) stands in ``new``: see the module's description."""
    span = _exact(clip, old, new)
    if span is not None:
        spans = _edit_spans(clip, new, span)
        if spans is not None:
            same = span == (clip.start, clip.end) and old.text[: clip.start] == new.text[: clip.start]
            return VersionCheck(clip, old, new, UNCHANGED if same else MOVED, span, spans)
    if clip.edit:  # the kept words may all stand although the words left out changed
        located = locate_in(new.text, clip.edit)
        if located is not None:
            return VersionCheck(clip, old, new, MOVED, (located[0][0], located[-1][1]), located)
    return _fuzzy(clip, old, new)


def _exact(clip: Clip, old: Article, new: Article) -> tuple[int, int] | None:
    """The place in ``new`` holding the quote exactly whose surroundings best match the old ones."""
    quote = clip.quote
    places = [m.start() for m in re.finditer(re.escape(quote), new.text)] if quote else []
    if not places:
        return None
    before = old.text[max(0, clip.start - CONTEXT_CHARS) : clip.start]
    after = old.text[clip.end : clip.end + CONTEXT_CHARS]

    def likeness(start: int) -> tuple[float, int]:
        end = start + len(quote)
        around = fuzz.ratio(before, new.text[max(0, start - len(before)) : start]) + fuzz.ratio(
            after, new.text[end : end + len(after)]
        )
        return around, -abs(start - clip.start)

    best = max(places, key=likeness)
    return best, best + len(quote)


def _edit_spans(clip: Clip, new: Article, span: tuple[int, int]) -> list[tuple[int, int]] | None:
    """The edit's fragments once the passage moved to ``span`` (None when the edit no longer holds)."""
    if not clip.edit:
        return []
    shift = span[0] - clip.start
    moved = [(s + shift, e + shift) for s, e in clip.spans]
    if moved and all(span[0] <= s <= e <= span[1] for s, e in moved):
        return moved
    return locate_in(new.text, clip.edit, span[0], span[1])


def _fuzzy(clip: Clip, old: Article, new: Article) -> VersionCheck:
    """The closest passage of ``new``: the quote with its context aligned, then the quote within."""
    quote = clip.quote
    before = old.text[max(0, clip.start - CONTEXT_CHARS) : clip.start]
    after = old.text[clip.end : clip.end + CONTEXT_CHARS]
    needle = before + quote + after
    if not quote.strip() or not new.text.strip():
        return VersionCheck(clip, old, new, ORPHANED)
    found = fuzz.partial_ratio_alignment(needle, new.text)
    if found is None:
        return VersionCheck(clip, old, new, ORPHANED)
    slack = len(needle) // 4 + 10
    lo, hi = max(0, found.dest_start - slack), min(len(new.text), found.dest_end + slack)
    window = new.text[lo:hi]
    ops = Levenshtein.opcodes(needle, window)
    start = lo + _mapped(ops, len(before))
    end = lo + _mapped(ops, len(before) + len(quote), at_end=True)
    start, end = snap_to_words(new.text, start, max(start, end))
    closest = new.text[start:end]
    score = fuzz.ratio(quote, closest) if closest else 0.0
    if score < CHANGED_MIN_SCORE:
        return VersionCheck(clip, old, new, ORPHANED, score=score)
    return VersionCheck(clip, old, new, CHANGED, (start, end), [], closest, score, redline(quote, closest))


def _mapped(ops: Opcodes, pos: int, *, at_end: bool = False) -> int:
    """Where position ``pos`` of the first string of an alignment falls in the second."""
    last = 0
    for op in ops:
        inside = op.src_start <= pos < op.src_end or (at_end and op.src_start < pos == op.src_end)
        if op.tag != "insert" and inside:
            if op.tag in ("equal", "replace"):
                return op.dest_start + min(pos - op.src_start, op.dest_end - op.dest_start)
            return op.dest_start  # deleted in the new text
        last = op.dest_end
    return last


def redline(old: str, new: str) -> Redline:
    """The old and the new wording, word by word: what stayed, what went, what came."""
    a, b = old.split(), new.split()
    out: Redline = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append((SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append((REMOVED, " ".join(a[i1:i2])))
        if j2 > j1:
            out.append((ADDED, " ".join(b[j1:j2])))
    return out


def redline_text(lines: Redline) -> str:
    """A redline in plain text: [-removed-] and {+added+}, as ``git diff --word-diff`` shows it."""
    marks = {SAME: "{}", REMOVED: "[-{}-]", ADDED: "{{+{}+}}"}
    return " ".join(marks[kind].format(words) for kind, words in lines)


def anchor(clip: Clip) -> dict[str, object]:
    """A clip's anchor as its history keeps it."""
    entry: dict[str, object] = {
        "article_id": clip.article_id,
        "article_version": clip.article_version,
        "start": clip.start,
        "end": clip.end,
        "quote": clip.quote,
    }
    if clip.edit:
        entry.update(edit=clip.edit, spans=[list(s) for s in clip.spans])
    return entry


def reanchored(check: VersionCheck, *, wording: bool = False) -> dict[str, object]:
    """The changes that move a clip to the new version (for :class:`~dossier.core.commands.EditClip`).

    Without ``wording`` only a clip that :attr:`~VersionCheck.follows` can move; with it, a
    ``changed`` clip takes the new wording (and loses its edit, which quoted the old one).
    """
    clip, new = check.clip, check.new
    if check.span is None or not (check.follows or (wording and check.status == CHANGED)):
        raise ValueError(f"a clip that is {check.status} cannot be moved to the new version")
    start, end = check.span
    entry = anchor(clip) | {"status": check.status}
    changes: dict[str, object] = {
        "article_id": new.id,
        "article_version": new.version,
        "start": start,
        "end": end,
        "quote": new.text[start:end],
        "context_before": new.text[max(0, start - CONTEXT_CHARS) : start],
        "context_after": new.text[end : end + CONTEXT_CHARS],
        "paragraph": new.paragraph_number(start),
        "history": [*clip.history, entry],
        "keep_version": False,
    }
    if check.follows:
        changes["spans"] = list(check.spans)
    else:
        changes.update(edit="", spans=[])
    return changes


def newer_versions(library: Library, clips: Iterable[Clip]) -> dict[str, Article]:
    """For each article id quoted that is no longer current: its current version."""
    out: dict[str, Article] = {}
    for article_id, article in library.get_many(c.article_id for c in clips).items():
        if not article.current:
            newest = library.current_version_of(article_id)
            if newest.id != article_id:
                out[article_id] = newest
    return out


def follow_dossier(dossier: Dossier, library: Library) -> list[VersionCheck]:
    """:func:`follow` for every clip of ``dossier`` whose article has a newer version (and that
    does not keep its version on purpose)."""
    clips = [c for c in dossier.clips() if not c.keep_version]
    newer = newer_versions(library, clips)
    olds = library.get_many(newer)
    return [follow(c, olds[c.article_id], newer[c.article_id]) for c in clips if c.article_id in newer]


def check_dossier(dossier: Dossier, library: Library) -> list[ClipCheck]:
    """Every clip checked against its own version, and then against the newest one.

    A clip that holds on its version but whose source moved on is ``moved`` (fine: it can be
    re-anchored), ``changed`` or ``orphaned`` (problems, with the :class:`VersionCheck`
    attached as ``versions``); one quoting its version on purpose is ``ok``.
    """
    clips = dossier.clips()
    articles = library.get_many(c.article_id for c in clips)
    newer = newer_versions(library, (c for c in clips if not c.keep_version))
    checks: list[ClipCheck] = []
    for section in dossier.sections:
        for clip in section.clips:
            check = check_clip(clip, articles.get(clip.article_id), section.title)
            if check.ok and not clip.keep_version and clip.article_id in newer:
                check = with_versions(check, follow(clip, articles[clip.article_id], newer[clip.article_id]))
            checks.append(check)
    return checks


def with_versions(check: ClipCheck, version: VersionCheck) -> ClipCheck:
    """A clip's check once its article's newer version is taken into account."""
    status = MOVED if version.follows else version.status
    if version.status == UNCHANGED:
        status = OK
    return ClipCheck(check.clip, check.section, status, check.new_span, version.detail(), versions=version)


__all__ = [
    "ADDED",
    "CHANGED",
    "MOVED",
    "ORPHANED",
    "REMOVED",
    "SAME",
    "UNCHANGED",
    "VersionCheck",
    "check_dossier",
    "follow",
    "follow_dossier",
    "newer_versions",
    "reanchored",
    "redline",
    "redline_text",
]
