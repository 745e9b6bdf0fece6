"""Fetching URLs and feeds into articles the library can store.

:class:`UrlImport` fetches the URLs (a few at a time; one bad URL never stops the rest), keeps the
raw response as WARC in the data folder, and yields an :class:`~dossier.core.library.Incoming`
for each page, keyed by its URL, so that fetching it again makes a new version when its
text changed. The article records the page's canonical URL (else the final URL after
redirects) and the fetch time. A feed's items are fetched the same way, except those whose
page the library already holds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dossier.core.library import ImportResult, Incoming, Library
from dossier.core.sources.archive import archive_response
from dossier.core.sources.feeds import BadFeed, read_feed
from dossier.core.sources.fetch import (
    DEFAULT_TIMEOUT,
    MAX_BYTES,
    FetchCancelled,
    FetchError,
    Response,
    fetch,
    normalise,
)
from dossier.core.sources.page_meta import canonical_url

#: Pages fetched at the same time (a feed's items, many URLs); the library stores them in order.
FETCH_WORKERS = 4
ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


@dataclass
class FetchOptions:
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = MAX_BYTES


@dataclass
class UrlImport:
    """One run of fetching: iterate :meth:`items` into the library, then :meth:`results`
    puts the library's answers and the failed fetches back in the order of the URLs."""

    library: Library
    data_dir: Path
    options: FetchOptions = field(default_factory=FetchOptions)
    progress: ProgressFn | None = None
    cancelled: CancelledFn | None = None
    _order: list[str | ImportResult] = field(default_factory=list)  # a URL fetched, or the result of one not
    _archives: dict[str, Path] = field(default_factory=dict)

    def items(self, urls: Iterable[str], feeds: Iterable[str] = ()) -> Iterator[Incoming]:
        """Fetch the feeds' pages and the URLs; yield one item per page fetched."""
        todo: list[str] = []
        for feed_url in feeds:
            todo.extend(self._read_feed(normalise(feed_url)))
        todo.extend(normalise(url) for url in urls)
        todo = list(dict.fromkeys(todo))
        with ThreadPoolExecutor(max_workers=FETCH_WORKERS, thread_name_prefix="fetch") as pool:
            ahead: deque[Future[Incoming | ImportResult]] = deque()
            pending = iter(todo)
            for n, url in enumerate(todo):
                while len(ahead) < 2 * FETCH_WORKERS and (nxt := next(pending, None)) is not None:
                    ahead.append(pool.submit(self._fetch, nxt))
                if self.progress is not None:
                    self.progress(n, len(todo), f"Fetching {url}…")
                outcome = ahead.popleft().result()
                if isinstance(outcome, ImportResult):
                    self._order.append(outcome)
                    continue
                self._archives[url] = self.data_dir / str((outcome.meta or {})["archive"])
                self._order.append(url)
                yield outcome
        if self.progress is not None:
            self.progress(len(todo), len(todo), "")

    def results(self, stored: list[ImportResult]) -> list[ImportResult]:
        """Every URL's outcome in order: ``stored`` are the library's answers to :meth:`items`."""
        answers = iter(stored)
        out: list[ImportResult] = []
        for entry in self._order:
            if isinstance(entry, ImportResult):
                out.append(entry)
                continue
            result = next(answers)
            if result.status == "unchanged":
                self._forget_archive(entry)  # the copy archived before is the one of this text
                result.message = ""
            out.append(result)
        return out

    # ------------------------------------------------------------------ one page
    def _fetch(self, url: str) -> Incoming | ImportResult:
        """Fetch and archive one page (in a worker thread): the item to store, or why not."""
        if self.cancelled is not None and self.cancelled():
            return ImportResult(url, "skipped", message="import cancelled")
        try:
            response = fetch(
                url, timeout=self.options.timeout, max_bytes=self.options.max_bytes, cancelled=self.cancelled
            )
        except FetchCancelled:
            return ImportResult(url, "skipped", message="import cancelled")
        except FetchError as exc:
            return ImportResult(url, "failed", message=exc.reason)
        return self._incoming(response)

    def _incoming(self, response: Response) -> Incoming | ImportResult:
        url = response.url
        suffix = response.suffix()
        if suffix is None:
            return ImportResult(
                url,
                "failed",
                message=(f"Dossier does not read {response.content_type} (only web pages, PDF, Word and text)"),
            )
        try:
            archived = archive_response(response, self.data_dir)
        except OSError as exc:
            return ImportResult(
                url, "failed", message=f"the archived copy could not be written ({exc.strerror or exc})"
            )
        page_url = canonical_url(response.body, response.final_url) if suffix == ".html" else None
        meta = {"url": page_url or response.final_url, "fetched": response.fetched, "archive": archived}
        return Incoming(response.body, name=url, key=url, suffix=suffix, meta=meta, charset=response.charset)

    def _forget_archive(self, url: str) -> None:
        path = self._archives.pop(url, None)
        if path is not None:
            path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ feeds
    def _read_feed(self, feed_url: str) -> list[str]:
        """The feed's page URLs the library does not hold yet (the others are reported)."""
        if self.progress is not None:
            self.progress(0, 0, f"Reading the feed {feed_url}…")
        try:
            response = fetch(
                feed_url, timeout=self.options.timeout, max_bytes=self.options.max_bytes, cancelled=self.cancelled
            )
            feed = read_feed(response.body, response.final_url)
        except (FetchError, BadFeed) as exc:
            self._order.append(ImportResult(feed_url, "failed", message=exc.reason))
            return []
        if feed.warning:
            self._order.append(ImportResult(feed_url, "skipped", message=feed.warning))
        urls = []
        known_urls = self.library.known_urls()
        for item in feed.items:
            known = known_urls.get(item.url)
            if known is not None:
                self._order.append(ImportResult(item.url, "unchanged", known, "already in the library"))
            else:
                urls.append(item.url)
        return urls


def split_sources(items: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files and folders apart from http(s) URLs, each in the order given."""
    from dossier.core.sources.fetch import is_url

    paths: list[Path] = []
    urls: list[str] = []
    for item in items:
        text = str(item)
        if isinstance(item, str) and is_url(text):
            urls.append(text)
        else:
            paths.append(Path(item))
    return paths, urls
