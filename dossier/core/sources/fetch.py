"""Fetching a URL: one GET with a timeout, a size cap and a redirect limit.

Every way a fetch can fail ends in :class:`FetchError` with one sentence (a timeout, a
refused connection, a 404, a redirect loop, a body over the cap); nothing else escapes.
Redirects are followed here rather than by urllib, so that a loop is named as one and
each hop is bounded by the same deadline.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

from dossier import __version__
from dossier.core.errors import DossierError

DEFAULT_TIMEOUT = 20.0
MB = 1024 * 1024
MAX_BYTES = 20 * MB
MAX_REDIRECTS = 10
CHUNK = 64 * 1024
USER_AGENT = f"Dossier/{__version__} (article import)"

#: Content types and the file suffix whose parser reads them.
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_SUFFIXES = {".html", ".htm", ".pdf", ".txt", ".md", ".markdown", ".docx"}


class FetchError(DossierError):
    """A URL could not be fetched; ``str(exc)`` says why in one sentence."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class FetchCancelled(FetchError):
    def __init__(self, url: str):
        super().__init__(url, "the fetch was cancelled")


@dataclass
class Response:
    """What the server sent for a URL, after redirects."""

    url: str  # as asked for
    final_url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    fetched: str  # ISO 8601, UTC, when the answer arrived
    redirects: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")

    @property
    def content_type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares (``text/html; charset=windows-1251``), if any."""
        found = re.search(r"""charset\s*=\s*["']?([^"';\s]+)""", self.header("Content-Type"), re.IGNORECASE)
        return found.group(1) if found else None

    def suffix(self) -> str | None:
        """The suffix of the parser for this body: by content type, then by the body's first
        bytes, then by the URL's path; None when Dossier reads no such thing."""
        if self.body.startswith(b"%PDF-"):
            return ".pdf"
        by_type = CONTENT_TYPES.get(self.content_type)
        if by_type:
            return by_type
        path = urlsplit(self.final_url).path.lower()
        dot = path.rfind(".")
        if dot >= 0 and path[dot:] in _SUFFIXES:
            return path[dot:]
        if self.content_type.startswith("text/") or not self.content_type:
            return ".txt"
        return None


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address (what ``dossier import`` fetches)."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def normalise(url: str) -> str:
    """The URL as Dossier keys it: stripped, without its #fragment."""
    return urldefrag(url.strip())[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # a 3xx comes back as an HTTPError, handled in fetch()


_OPENER = urllib.request.build_opener(_NoRedirect())


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    cancelled: Callable[[], bool] | None = None,
) -> Response:
    """GET ``url``; return the 200 answer or raise :class:`FetchError`.

    ``timeout`` bounds the whole fetch, redirects and body included, not just each read.
    """
    asked = normalise(url)
    if not is_url(asked):
        raise FetchError(url, "not an http:// or https:// address")
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    current = asked
    while True:
        if current in seen:
            raise FetchError(asked, f"a redirect loop (back to {current} after {len(seen)} redirects)")
        seen.append(current)
        status, reason, headers, body = _get(current, asked, deadline, timeout, max_bytes, cancelled)
        if status in (301, 302, 303, 307, 308):
            location = next((v for k, v in headers if k.lower() == "location"), "")
            if not location:
                raise FetchError(asked, f"the server answered {status} {reason} without saying where to")
            if len(seen) > max_redirects:
                raise FetchError(asked, f"more than {max_redirects} redirects")
            current = normalise(urljoin(current, location))
            if not is_url(current):
                raise FetchError(asked, f"a redirect to {current}, which is not a web address")
            continue
        if status != 200:
            raise FetchError(asked, f"the server answered {status} {reason}".rstrip())
        fetched = datetime.now(UTC).replace(microsecond=0).isoformat()
        return Response(asked, current, status, reason, headers, body, fetched, seen[1:])


def _get(url: str, asked: str, deadline: float, timeout: float, max_bytes: int,
         cancelled: Callable[[], bool] | None) -> tuple[int, str, list[tuple[str, str]], bytes]:
    """One request: status, reason, headers and body (the body of a 3xx or an error too)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                                                   "Accept": "text/html,application/xhtml+xml,application/pdf,"
                                                             "text/plain;q=0.9,*/*;q=0.5"})
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(asked, f"no answer within {timeout:g} seconds")
    try:
        response = _OPENER.open(request, timeout=remaining)
    except urllib.error.HTTPError as exc:
        response = exc
    except TimeoutError:
        raise FetchError(asked, f"no answer within {timeout:g} seconds") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise FetchError(asked, f"no answer within {timeout:g} seconds") from None
        raise FetchError(asked, _url_error(exc.reason)) from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(asked, f"the connection failed ({exc.__class__.__name__})") from None
    with response:
        status = int(response.status if hasattr(response, "status") else response.code)
        reason = str(getattr(response, "reason", "") or "")
        headers = [(k, v) for k, v in response.headers.items()]
        declared = next((v for k, v in headers if k.lower() == "content-length"), "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(asked, _too_big(int(declared), max_bytes))
        body = _read(response, asked, deadline, timeout, max_bytes, cancelled)
    return status, reason, headers, body


def _read(response, asked: str, deadline: float, timeout: float, max_bytes: int,  # type: ignore[no-untyped-def]
          cancelled: Callable[[], bool] | None) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        if cancelled is not None and cancelled():
            raise FetchCancelled(asked)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(asked, f"the page did not arrive within {timeout:g} seconds")
        sock = _socket_of(response)
        if sock is not None:
            sock.settimeout(max(0.01, min(remaining, 1.0 if cancelled else remaining)))
        try:
            chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        except TimeoutError:
            if cancelled is not None and time.monotonic() < deadline:
                continue  # woke up to look at cancelled()
            raise FetchError(asked, f"the page did not arrive within {timeout:g} seconds") from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise FetchError(asked, f"the connection broke while reading ({exc.__class__.__name__})") from None
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(asked, _too_big(size, max_bytes, at_least=True))
        parts.append(chunk)


def _socket_of(response) -> socket.socket | None:  # type: ignore[no-untyped-def]
    """The socket under a urllib response, to bound each read by the time left."""
    fp = getattr(response, "fp", None)
    raw = getattr(getattr(fp, "raw", None), "_sock", None) or getattr(fp, "_sock", None)
    return raw if isinstance(raw, socket.socket) else None


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"the page is too large ({more}{size / MB:.1f} MB; the limit is {limit / MB:g} MB)"


def _url_error(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "the server's name could not be found"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "the server's certificate could not be verified"
    if isinstance(reason, ssl.SSLError):
        return "the secure connection failed"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"the connection failed ({text})"
