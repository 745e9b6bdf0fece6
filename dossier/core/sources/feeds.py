"""Reading an RSS or Atom feed (feedparser): the pages its items link to.

A feed that is broken half-way still gives the items read before the break; the break is
reported as a warning beside them. A feed with no readable item at all is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from dossier.core.errors import DossierError
from dossier.core.sources.fetch import is_url, normalise


class BadFeed(DossierError):
    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass
class FeedItem:
    url: str
    title: str = ""
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None


@dataclass
class Feed:
    url: str
    title: str
    items: list[FeedItem] = field(default_factory=list)
    warning: str = ""  # set when the feed was damaged but some items could be read


def read_feed(data: bytes, url: str) -> Feed:
    """The items of a feed's bytes, in feed order, each link made absolute (duplicates once)."""
    import feedparser  # imported here: only feeds need it

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    channel = parsed.get("feed", {}) or {}
    base = channel.get("link") or url
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.get("entries", []):
        link = _link_of(entry, base)
        if link is None or link in seen:
            continue
        seen.add(link)
        items.append(
            FeedItem(
                link,
                str(entry.get("title") or "").strip(),
                _date_of(entry),
                str(entry.get("author") or "").strip() or None,
            )
        )
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not items:
        if problem is not None:
            raise BadFeed(url, f"not a readable RSS or Atom feed ({_describe(problem)})")
        if not parsed.get("version"):
            raise BadFeed(url, "not an RSS or Atom feed")
        raise BadFeed(url, "the feed lists no pages")
    warning = ""
    if problem is not None and not _harmless(problem):
        warning = f"the feed is damaged ({_describe(problem)}); {len(items)} item(s) could still be read"
    return Feed(url, str(channel.get("title") or "").strip(), items, warning)


def _link_of(entry: dict, base: str) -> str | None:  # type: ignore[type-arg]
    candidates = [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links", []) if link.get("rel", "alternate") == "alternate"]
    candidates.append(entry.get("id"))
    for value in candidates:
        if isinstance(value, str) and value.strip():
            absolute = normalise(urljoin(base, value.strip()))
            if is_url(absolute):
                return absolute
    return None


def _date_of(entry: dict) -> str | None:  # type: ignore[type-arg]
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return None


def _harmless(problem: BaseException) -> bool:
    """feedparser flags a declared encoding it had to override; the items are fine."""
    return type(problem).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _describe(problem: BaseException) -> str:
    text = str(getattr(problem, "getMessage", lambda: "")() or problem).strip()
    return text or type(problem).__name__
