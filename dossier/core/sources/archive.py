"""A faithful copy of every page fetched: the raw response as WARC (ISO 28500), with warcio.

Each fetch is one gzipped WARC file in the data folder's ``archive/`` (by year and month):
a ``request`` record, the ``response`` record (status line, headers and body exactly as
they arrived, with the fetch time as ``WARC-Date``) and, when the URL was redirected, a
``metadata`` record naming each hop. Files are written whole and atomically, never
appended to, so a crash leaves no half record.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.core.sources.fetch import USER_AGENT, Response
from dossier.core.store import atomic_write

FOLDER = "archive"
#: Hop-by-hop headers that describe the transfer, not the body as stored (it is de-chunked).
_TRANSFER_HEADERS = {"transfer-encoding"}


@dataclass
class Archived:
    """A response read back from its WARC file."""

    url: str
    date: str
    status_line: str
    headers: list[tuple[str, str]]
    body: bytes


def archive_response(response: Response, data_dir: Path) -> str:
    """Write ``response`` as a WARC file under ``data_dir``; return its path relative to it."""
    stamp = response.fetched.replace("-", "").replace(":", "").replace("+0000", "Z")[:15]
    digest = hashlib.sha256(response.final_url.encode("utf-8")).hexdigest()[:8]
    name = f"{stamp}-{digest}-{uuid.uuid4().hex[:8]}.warc.gz"  # two fetches in one second never share a file
    relative = Path(FOLDER) / response.fetched[:4] / response.fetched[5:7] / name
    atomic_write(data_dir / relative, warc_bytes(response))
    return relative.as_posix()


def warc_bytes(response: Response) -> bytes:
    """The WARC records of one fetch, gzipped."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = response.fetched.replace("+00:00", "Z")
    target = response.final_url
    request_headers = StatusAndHeaders(
        f"GET {_path_of(target)} HTTP/1.1",
        [("Host", _host_of(target)), ("User-Agent", USER_AGENT), ("Accept-Encoding", "identity")],
        is_http_request=True,
    )
    request = writer.create_warc_record(
        target, "request", http_headers=request_headers, warc_headers_dict={"WARC-Date": date}
    )
    headers = [(k, v) for k, v in response.headers if k.lower() not in _TRANSFER_HEADERS]
    http_headers = StatusAndHeaders(f"{response.status} {response.reason}".strip(), headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        target,
        "response",
        payload=io.BytesIO(response.body),
        length=len(response.body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_request_response_pair(request, record)
    if response.redirects or response.url != response.final_url:
        hops = [response.url, *response.redirects]
        text = "".join(f"via: {hop}\n" for hop in hops).encode("utf-8")
        meta = writer.create_warc_record(
            target,
            "metadata",
            payload=io.BytesIO(text),
            length=len(text),
            warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(meta)
    return out.getvalue()


def read_response(path: Path) -> Archived:
    """The response record of a WARC file Dossier wrote (for checks and for showing the source)."""
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            http = record.http_headers
            return Archived(
                url=record.rec_headers.get_header("WARC-Target-URI") or "",
                date=record.rec_headers.get_header("WARC-Date") or "",
                status_line=http.statusline if http is not None else "",
                headers=list(http.headers) if http is not None else [],
                body=record.content_stream().read(),
            )
    raise ValueError(f"{path} holds no response record")


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _host_of(url: str) -> str:
    return urlsplit(url).netloc
