"""The window's checks of clips against the library, cached: each clip against its own
version, and against the newest version of its source (see :mod:`dossier.core.versions`)."""

from __future__ import annotations

from dossier.core.dossier import Clip
from dossier.core.integrity import ClipCheck, article_for, check_clip
from dossier.core.library import Article, Library
from dossier.core.versions import follow, with_versions


class ClipChecks:
    """Checks, articles and newest versions, kept until :meth:`clear` (the library changed)
    or :meth:`forget` (a clip changed)."""

    def __init__(self, library: Library):
        self.library = library
        self._checks: dict[str, ClipCheck] = {}
        self._articles: dict[str, Article | None] = {}
        self._newest: dict[str, Article] = {}

    def clear(self, *, articles: bool = True) -> None:
        self._checks.clear()
        if articles:
            self._articles.clear()
            self._newest.clear()

    def forget(self, clip_id: str) -> None:
        self._checks.pop(clip_id, None)

    def article(self, article_id: str) -> Article | None:
        """The article a clip quotes; None if missing."""
        if article_id not in self._articles:
            self._articles[article_id] = article_for(self.library, article_id)
        return self._articles[article_id]

    def newest(self, article: Article) -> Article:
        """The current version of ``article``'s document."""
        if article.current:
            return article
        if article.id not in self._newest:
            self._newest[article.id] = self.library.current_version_of(article.id)
        return self._newest[article.id]

    def check(self, clip: Clip) -> ClipCheck:
        """Whether ``clip`` still says what its source says, in its version and in the newest one."""
        result = self._checks.get(clip.id)
        if result is None or result.clip is not clip:
            article = self.article(clip.article_id)
            result = check_clip(clip, article)
            if result.ok and article is not None and not clip.keep_version and self.newest(article) is not article:
                result = with_versions(result, follow(clip, article, self.newest(article)))
            self._checks[clip.id] = result
        return result
