"""What a web page says about itself: title, authors, date, publisher, canonical URL.

Outlets say it in three places, read in this order: JSON-LD (``NewsArticle`` and kin),
Open Graph and ``article:`` meta tags, then the plain ``<meta name=…>`` tags. The title
is the og:title, else the JSON-LD headline, else the page's first ``<h1>``, and only then
``<title>`` — which usually carries the site's name ("… | CNN Politics"), stripped here.
What none of them gives, trafilatura and htmldate still find (see :func:`textio.parse_html`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportage",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reportagenewsarticle",
    "webpage",
    "scholarlyarticle",
    "report",
    "socialmediaposting",
    "liveblogposting",
}
#: Separators between a headline and the site name in a <title>.
_SUFFIX = re.compile(r"^(?P<head>.+)\s+(?P<sep>\||–|—|-|·|::|/)\s+(?P<tail>[^|–—·]+)$")
_SPACE = re.compile(r"\s+")


@dataclass
class PageMeta:
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD when the page gives a full date
    publisher: str | None = None
    url: str | None = None  # the canonical URL, absolute

    def found(self) -> dict[str, str]:
        """The fields known, as the library's metadata names them (title aside)."""
        values = {"author": self.author, "published": self.published, "publisher": self.publisher, "url": self.url}
        return {k: v for k, v in values.items() if v}


def page_meta(markup: str | bytes, base_url: str | None = None) -> PageMeta:
    """Read a page's metadata; unknown fields stay None. Never raises for bad markup."""
    import lxml.html  # imported here: only pages need it

    try:
        root = lxml.html.fromstring(markup)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return PageMeta()
    metas = _meta_tags(root)
    ld = _json_ld(root)
    site = _first(ld.get("publisher_name"), metas.get("og:site_name"), metas.get("application-name"))
    return PageMeta(
        title=_title(root, metas, ld, site, base_url),
        author=_authors(ld, metas),
        published=_date(
            _first(
                ld.get("datePublished"),
                metas.get("article:published_time"),
                metas.get("og:published_time"),
                metas.get("datepublished"),
                metas.get("pubdate"),
                metas.get("publish-date"),
                metas.get("sailthru.date"),
                metas.get("parsely-pub-date"),
                metas.get("dc.date"),
                metas.get("dcterms.date"),
                metas.get("date"),
                ld.get("dateCreated"),
            )
        ),
        publisher=site,
        url=_canonical(root, metas, ld, base_url),
    )


def canonical_url(markup: str | bytes, base_url: str) -> str | None:
    """Just the page's canonical URL (absolute), if it declares one."""
    return page_meta(markup, base_url).url


# ---------------------------------------------------------------------- sources


def _meta_tags(root: Any) -> dict[str, str]:
    """``<meta>`` values by lower-cased name/property (the first of each wins)."""
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = _clean(tag.get("content"))
        if key and value and key not in found:
            found[key] = value
        if key in ("author", "article:author", "parsely-author", "dc.creator", "sailthru.author") and value:
            found.setdefault("authors:" + value, value)
    return found


def _json_ld(root: Any) -> dict[str, Any]:
    """The fields of the page's article object in JSON-LD (the first article-like one)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds):
                out = dict(item)
                publisher = item.get("publisher")
                if isinstance(publisher, list):
                    publisher = publisher[0] if publisher else None
                out["publisher_name"] = (
                    _clean(publisher.get("name"))
                    if isinstance(publisher, dict)
                    else (_clean(publisher) if isinstance(publisher, str) else None)
                )
                return out
    return {}


def _ld_items(data: Any) -> list[dict[str, Any]]:
    """Every object of a JSON-LD block, through lists and ``@graph``."""
    items: list[dict[str, Any]] = []
    todo = [data]
    while todo:
        item = todo.pop(0)
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            items.append(item)
            if isinstance(item.get("@graph"), list):
                todo.extend(item["@graph"])
    return items


# ---------------------------------------------------------------------- fields


def _title(root: Any, metas: dict[str, str], ld: dict[str, Any], site: str | None, base_url: str | None) -> str | None:
    h1 = next((_clean(h.text_content()) for h in root.iter("h1") if _clean(h.text_content())), None)
    head_title = _clean(root.findtext(".//title"))
    headline = _clean(ld.get("headline")) if isinstance(ld.get("headline"), str) else None
    for candidate in (metas.get("og:title"), headline, metas.get("twitter:title"), h1, head_title):
        if candidate:
            return strip_site_name(candidate, site, base_url)
    return None


def strip_site_name(title: str, site: str | None = None, url: str | None = None) -> str:
    """A headline without the site's name after it: "Talks end | CNN Politics" → "Talks end".

    The tail goes when it names the site (its name, or its domain's main word), or when it
    follows a "|" and is short; a dash inside a headline ("Putin - Trump talks") stays.
    """
    title = _clean(title) or ""
    match = _SUFFIX.match(title)
    if not match:
        return title
    head, tail = match.group("head").strip(), match.group("tail").strip()
    tail_key = _key(tail)
    names = {_key(site)} if site else set()
    host = urlsplit(url).hostname if url else None
    if host:
        parts = [p for p in host.split(".") if p not in ("www", "com", "org", "net", "co", "uk", "news", "edition")]
        names.update(_key(p) for p in parts)
    names = {n for n in names if len(n) >= 3 and not n.isdigit()}
    names_tail = bool(tail_key) and any(name in tail_key or tail_key in name for name in names)
    if names_tail or (match.group("sep") == "|" and len(tail.split()) <= 4):
        return strip_site_name(head, site, url) if len(head) > 3 else title
    return title


def _authors(ld: dict[str, Any], metas: dict[str, str]) -> str | None:
    names: list[str] = []
    raw = ld.get("author") or ld.get("creator")
    for item in raw if isinstance(raw, list) else [raw]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and _clean(name) and not _clean(name).startswith("http"):  # type: ignore[union-attr]
            names.append(_clean(name) or "")
    if not names:
        names = [v for k, v in metas.items() if k.startswith("authors:") and not v.startswith("http")]
    unique = list(dict.fromkeys(n for n in names if n))
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " and " + unique[-1]


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})\b")


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    match = _DATE.search(value)
    if not match:
        return None
    year, month, day = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.groups()[3:]
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}-{day}"


def _canonical(root: Any, metas: dict[str, str], ld: dict[str, Any], base_url: str | None) -> str | None:
    href = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and _clean(link.get("href")):
            href = _clean(link.get("href"))
            break
    href = href or metas.get("og:url")
    if not href and isinstance(ld.get("url"), str):
        href = _clean(ld["url"])
    if not href:
        return None
    absolute = urljoin(base_url, href) if base_url else href
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def _first(*values: Any) -> str | None:
    return next((v for v in values if isinstance(v, str) and v.strip()), None)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value).strip()
    return text or None


def _key(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())
