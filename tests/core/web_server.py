"""A small web server on 127.0.0.1 for tests that fetch pages (never the internet).

Routes map a path to ``(status, headers, body)``, or to a callable returning that; the
special body :data:`NEVER` makes the server accept the request and never answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NEVER = object()
Route = tuple[int, dict[str, str], bytes]


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.hits: dict[str, int] = {}
        self.release = threading.Event()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        **headers: str,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": content_type, **headers}, data)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = (status, {"Location": to}, b"")
        return self.url(path)


@contextmanager
def serve() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            site.hits[path] = site.hits.get(path, 0) + 1
            route = site.routes.get(path)
            if callable(route):
                route = route()
            if route is None:
                route = (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>")
            status, headers, body = route
            if body is NEVER:
                site.release.wait(60)
                return
            self.send_response(status)
            for key, value in headers.items():
                if key != "X-Omit-Length":
                    self.send_header(key, value)
            if "X-Omit-Length" not in headers:  # without it, the body ends when the connection closes
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for start in range(0, len(body), 1 << 20):
                    self.wfile.write(body[start : start + (1 << 20)])
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
