"""Pages that change after you clip them: fetching URL articles again.

Each article imported from a URL is fetched again (:meth:`Workspace.refresh_sources`). Its
text is compared with the current version's: the same text is ``unchanged``; different
text is ``changed`` and stored as a new version beside the old one (which clips keep
quoting until they are re-anchored), archived like the first fetch. For each changed page
the clips of the dossiers given that quote an older version are followed into the new one
(:func:`dossier.core.versions.follow_dossier`) and counted by what became of them: ``moved``
(the words are still there: the clip can be re-anchored), ``changed`` (worded differently)
or ``orphaned`` (gone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dossier.core.dossier import Dossier
from dossier.core.errors import DossierError
from dossier.core.library import Article, ImportResult, Library
from dossier.core.sources.fetch import is_url
from dossier.core.versions import UNCHANGED as SAME_TEXT
from dossier.core.versions import follow_dossier

UNCHANGED, CHANGED, FAILED, SKIPPED = "unchanged", "changed", "failed", "skipped"


@dataclass
class RefreshResult:
    url: str
    title: str
    status: str  # unchanged, changed, failed, skipped
    old_id: str | None = None  # the version current before the refresh
    new_id: str | None = None  # the version current after it
    version: int | None = None
    clips: int | None = None  # clips (of the dossiers looked at) quoting an older version; None: none looked at
    fates: dict[str, int] = field(default_factory=dict)  # how many of them moved, changed, were orphaned
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (UNCHANGED, CHANGED)

    def line(self) -> str:
        ref = (self.new_id or self.old_id or "")[:8]
        text = f"{self.status:9} {ref:8}  {self.title}"
        if self.status == CHANGED:
            text += f" — version {self.version}"
            if self.clips is not None:
                text += f", {self.clips} clip{'' if self.clips == 1 else 's'} affected"
            if self.fates:
                text += " (" + ", ".join(f"{n} {fate}" for fate, n in sorted(self.fates.items())) + ")"
        elif self.message:
            text += f" — {self.message}"
        return text


def web_articles(
    library: Library, refs: Iterable[str], resolve: Callable[[str], Article]
) -> tuple[list[Article], list[RefreshResult]]:
    """The current versions to fetch again: of ``refs`` (ids or id prefixes), or every article
    kept under a URL when there are none; and a result for each ref that cannot be."""
    refs = list(refs)
    if not refs:
        return [a for a in library.articles() if is_url(a.key)], []
    chosen: dict[str, Article] = {}
    problems: list[RefreshResult] = []
    for ref in refs:
        try:
            article = library.current_version_of(resolve(ref).id)
        except DossierError as exc:
            problems.append(RefreshResult(ref, ref, FAILED, message=str(exc)))
            continue
        if not is_url(article.key):
            problems.append(
                RefreshResult(
                    article.key, article.title, SKIPPED, article.id, message="not imported from a web address"
                )
            )
        else:
            chosen.setdefault(article.key, article)
    return list(chosen.values()), problems


def outcomes(
    before: list[Article], results: list[ImportResult], library: Library, dossiers: Iterable[Dossier] = ()
) -> list[RefreshResult]:
    """What each refetch did, as refresh reports it."""
    by_url = {r.path: r for r in results}
    dossiers = list(dossiers)
    fates: dict[str, Counter[str]] = {}
    for dossier in dossiers:
        for check in follow_dossier(dossier, library):
            fate = "unchanged" if check.status == SAME_TEXT else check.status
            fates.setdefault(check.new.id, Counter())[fate] += 1
    out: list[RefreshResult] = []
    for article in before:
        result = by_url.get(article.key)
        if result is None or result.status == "skipped":
            out.append(
                RefreshResult(
                    article.key, article.title, SKIPPED, article.id, message=result.message if result else "not fetched"
                )
            )
        elif result.status == "failed":
            out.append(RefreshResult(article.key, article.title, FAILED, article.id, message=result.message))
        elif result.status == "updated" and result.article_id:
            new = library.get(result.article_id)
            counted = fates.get(new.id, Counter())
            out.append(
                RefreshResult(
                    article.key,
                    new.title,
                    CHANGED,
                    article.id,
                    new.id,
                    new.version,
                    clips=sum(counted.values()) if dossiers else None,
                    fates=dict(counted),
                )
            )
        else:
            out.append(RefreshResult(article.key, article.title, UNCHANGED, article.id, article.id, article.version))
    return out


def summary(results: list[RefreshResult]) -> str:
    """One line for a whole refresh: "3 sources checked: 1 changed, 2 unchanged."."""
    if not results:
        return "No article was imported from a web address: nothing to check."
    counts = Counter(r.status for r in results)
    parts = [f"{counts[s]} {s}" for s in (CHANGED, UNCHANGED, FAILED, SKIPPED) if counts[s]]
    n = len(results)
    return f"{n} source{'' if n == 1 else 's'} checked: " + ", ".join(parts) + "."
