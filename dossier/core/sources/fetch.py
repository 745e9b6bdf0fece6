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
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
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


class _Request(urllib.request.Request):
    """A request that remembers the connection it goes out on (to bound and stop its reads)."""

    connection: http.client.HTTPConnection | None = None


def _tracked(base: type[http.client.HTTPConnection], request: _Request) -> Callable[..., http.client.HTTPConnection]:
    def connect(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        request.connection = base(*args, **kwargs)
        return request.connection

    return connect


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: _Request) -> http.client.HTTPResponse:  # type: ignore[override]
        return self.do_open(_tracked(http.client.HTTPConnection, req), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: _Request) -> http.client.HTTPResponse:  # type: ignore[override]
        context = getattr(self, "_context", None)
        return self.do_open(_tracked(http.client.HTTPSConnection, req), req, context=context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx comes back as an HTTPError, handled in fetch()


_OPENER = urllib.request.build_opener(_NoRedirect(), _HTTPHandler(), _HTTPSHandler())


class _CancelWatch:
    """While a request waits on the network, looks at ``cancelled()`` a few times a second and,
    when it says so, shuts the connection's socket: the blocked read returns at once."""

    def __init__(self, request: _Request, cancelled: Callable[[], bool] | None):
        self.request, self.cancelled = request, cancelled
        self.fired = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _CancelWatch:
        if self.cancelled is not None:
            self._thread = threading.Thread(target=self._watch, name="fetch-cancel", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _watch(self) -> None:
        assert self.cancelled is not None
        while not self._done.wait(0.1):
            if self.cancelled():
                self.fired = True
                connection = self.request.connection
                sock = connection.sock if connection is not None else None
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return


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


def _get(
    url: str, asked: str, deadline: float, timeout: float, max_bytes: int, cancelled: Callable[[], bool] | None
) -> tuple[int, str, list[tuple[str, str]], bytes]:
    """One request: status, reason, headers and body (the body of a 3xx or an error too)."""
    request = _Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "identity",
            "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5",
        },
    )
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(asked, f"no answer within {timeout:g} seconds")
    with _CancelWatch(request, cancelled) as watch:
        try:
            response = _OPENER.open(request, timeout=remaining)
        except urllib.error.HTTPError as exc:
            response = exc
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            if watch.fired:
                raise FetchCancelled(asked) from None
            raise FetchError(asked, _open_error(exc, timeout)) from None
        with response:
            status = int(response.status if hasattr(response, "status") else response.code)
            reason = str(getattr(response, "reason", "") or "")
            headers = [(k, v) for k, v in response.headers.items()]
            declared = next((v for k, v in headers if k.lower() == "content-length"), "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(asked, _too_big(int(declared), max_bytes))
            try:
                body = _read(response, request, asked, deadline, timeout, max_bytes)
            except FetchError:
                if watch.fired:
                    raise FetchCancelled(asked) from None
                raise
    if watch.fired:
        raise FetchCancelled(asked)
    return status, reason, headers, body


def _read(response: Any, request: _Request, asked: str, deadline: float, timeout: float, max_bytes: int) -> bytes:
    """The body, each read bounded by the time left; refused as soon as it passes ``max_bytes``."""
    parts: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(asked, f"the page did not arrive within {timeout:g} seconds")
        sock = request.connection.sock if request.connection is not None else None
        if isinstance(sock, socket.socket):
            sock.settimeout(remaining)
        try:
            chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        except TimeoutError:
            raise FetchError(asked, f"the page did not arrive within {timeout:g} seconds") from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise FetchError(asked, f"the connection broke while reading ({exc.__class__.__name__})") from None
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(asked, _too_big(size, max_bytes, at_least=True))
        parts.append(chunk)


def _open_error(exc: BaseException, timeout: float) -> str:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, OSError):
        return _url_error(reason)
    return f"the connection failed ({reason if isinstance(reason, str) else type(reason).__name__})"


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
