"""The library and its search index together: what the CLI and the GUI open first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from dossier import paths
from dossier.core import limits
from dossier.core.dossier import Dossier
from dossier.core.errors import ArticleNotFound, DamagedLibrary, UnclearArticleRef
from dossier.core.index import BulkFeed, SearchIndex, SearchResults, SyncReport
from dossier.core.library import Article, ImportResult, Incoming, Library, read_catalog
from dossier.core.library_backup import back_up_if_due, check_library_file, restore_hint
from dossier.core.reprints import Detector, Reprints
from dossier.core.sources.importer import FetchOptions, UrlImport, split_sources
from dossier.core.sources.refresh import RefreshResult, outcomes, web_articles
from dossier.core.textio import ARTICLE_SUFFIXES

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

#: The shortest prefix of an article id that may name it (like git's short hashes).
MIN_PREFIX = 4


def _stored(feed: BulkFeed, reprints: Detector) -> Callable[[Article], None]:
    """What an import does with each article the library stores: index it, look for its
    reprints (in a thread of their own once the index workers run, alongside them)."""

    def stored(article: Article) -> None:
        feed.add(article)
        if feed.writing:
            reprints.in_background()
        reprints.add(article)

    return stored


def _articles_start(n: int) -> str:
    return "1 article's id starts" if n == 1 else f"{n} articles' ids start"


class Workspace:
    def __init__(self, data_dir: Path | None = None):
        data_dir = Path(data_dir) if data_dir else paths.data_dir()
        self.data_dir = data_dir
        check_library_file(paths.library_db(data_dir), paths.index_dir(data_dir))
        try:
            self.library = Library(paths.library_db(data_dir))
        except DamagedLibrary as exc:
            raise DamagedLibrary(f"{exc}{restore_hint(paths.library_db(data_dir))}") from exc
        self.index = SearchIndex(paths.index_dir(data_dir), self.library)
        self.reprints = Reprints(self.library)

    def close(self) -> None:
        self.index.close()
        back_up_if_due(self.library)
        self.library.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ importing
    def import_seeds(self, seeds: Path | None = None) -> list[ImportResult]:
        """Add the bundled articles (idempotent: unchanged ones are left as they are)."""
        folder = seeds or paths.seeds_dir()
        if not folder.is_dir():
            return []
        catalog = read_catalog(folder)
        results = []
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            try:
                data = path.read_bytes()
                results.append(
                    self.library.add_bytes(
                        data, name=path.name, key=f"seed:{path.name}", suffix=path.suffix, meta=catalog.get(path.name)
                    )
                )
            except Exception as exc:  # noqa: BLE001 - a bad seed must not stop the app
                results.append(ImportResult(path.name, "failed", message=str(exc)))
        return results

    def ensure_ready(self, progress: Callable[[int, int, str], None] | None = None) -> SyncReport:
        """First run: bring in the seeds. Always: make sure the index matches the library."""
        if len(self.library) == 0:
            self.import_seeds()
        if not self.library.read_only:
            self.reprints.catch_up()
        return self.index.sync(progress=progress)

    def import_paths(
        self,
        items: Iterable[Path | str],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> tuple[list[ImportResult], SyncReport]:
        """Import files and folders and index them (a big import is indexed while it runs)."""
        with self.reprints.detecting() as reprints, self.index.adding() as feed:  # the index saved first
            stored = _stored(feed, reprints)
            results = self.library.import_paths(items, progress=progress, cancelled=cancelled, stored=stored)
            if progress is not None and feed.writing:
                progress(1, 1, "Saving the index…")
        return results, self._synced(feed, progress)

    def import_items(
        self,
        items: Iterable[Incoming],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        batch: int = 500,
    ) -> tuple[list[ImportResult], SyncReport]:
        """Import articles given as bytes (see :class:`Incoming`) and index them, as
        :meth:`import_paths` does, committing ``batch`` at a time."""
        with self.reprints.detecting() as reprints, self.index.adding() as feed:  # the index saved first
            results = self.library.add_many(items, batch=batch, stored=_stored(feed, reprints))
        return results, self._synced(feed, progress)

    def import_sources(
        self,
        items: Iterable[Path | str],
        *,
        feeds: Iterable[str] = (),
        options: FetchOptions | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> tuple[list[ImportResult], SyncReport]:
        """Import files, folders and web pages (``http(s)://`` items, and the pages of
        ``feeds``): the files as :meth:`import_paths` does, then each page fetched, archived,
        stored and indexed."""
        files, urls = split_sources(items)
        feeds = list(feeds)
        results, report = self.import_paths(files, progress=progress, cancelled=cancelled) if files else ([], None)
        if urls or feeds:
            run = UrlImport(self.library, self.data_dir, options or FetchOptions(), progress, cancelled)
            stored, report = self.import_items(run.items(urls, feeds), progress=progress, batch=20)
            results += run.results(stored)
        return results, report or self.index.sync(progress=progress)

    def refresh_sources(
        self,
        refs: Iterable[str] = (),
        *,
        dossiers: Iterable[Dossier] = (),
        options: FetchOptions | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[RefreshResult]:
        """Fetch web articles again (``refs``, or all); a changed page becomes a new version
        (see :mod:`dossier.core.sources.refresh`)."""
        before, problems = web_articles(self.library, refs, self.resolve)
        results, _ = (
            self.import_sources([a.key for a in before], options=options, progress=progress, cancelled=cancelled)
            if before
            else ([], None)
        )
        return problems + outcomes(before, results, self.library, dossiers)

    def _synced(self, feed: BulkFeed, progress: Callable[[int, int, str], None] | None) -> SyncReport:
        """The sync after an import: what the import's feed did not index, and the versions it replaced."""
        if feed.added and progress is not None:
            progress(1, 1, "Checking the index…")
        report = self.index.sync(progress=progress)
        report.added += feed.added
        return report

    # ------------------------------------------------------------------ reading
    def search(self, query: str, *, limit: int = 20, page: int = 1, fold: bool = True) -> SearchResults:
        """One page of hits; copies are folded under their original unless ``fold`` is False
        (the total counts originals, each hit lists its copies that match). A query over
        :data:`~dossier.core.limits.MAX_QUERY_CHARS` is refused with a message."""
        query = _LONE_SURROGATE.sub("\ufffd", query)  # a bad byte of a command line is no letter
        if len(query) > limits.MAX_QUERY_CHARS:
            return SearchResults(
                query, 0, [], page, limit, limits.too_long("The query", len(query), limits.MAX_QUERY_CHARS)
            )
        return self.index.search(query, limit=limit, page=page, fold=self.reprints.copies_map() if fold else None)

    def unfolded_search(self, query: str, limit: int) -> SearchResults:
        """The first ``limit`` hits, copies as hits of their own (what corroboration looks at)."""
        return self.search(query, limit=limit, fold=False)

    def resolve(self, ref: str) -> Article:
        """An article by id, or by an unambiguous prefix of its id (like git)."""
        ref = ref.strip()
        if ref in self.library:
            return self.library.get(ref)
        matches = [i for i in self.library.current_ids() if i.startswith(ref)] if ref else []
        if len(matches) == 1 and len(ref) >= MIN_PREFIX:
            return self.library.get(matches[0])
        if matches and len(ref) < MIN_PREFIX:
            raise UnclearArticleRef(
                ref,
                f"“{ref}” is too short to name an article: give at least {MIN_PREFIX} "
                f"characters of its id ({_articles_start(len(matches))} with it).",
            )
        if matches:
            raise UnclearArticleRef(
                ref,
                f"“{ref}” could be more than one article ({_articles_start(len(matches))} "
                "with it): give more of the id.",
            )
        raise ArticleNotFound(ref)
