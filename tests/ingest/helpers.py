"""Test helpers of the ingest tests: a real local HTTP server and document builders."""

from __future__ import annotations

import hashlib
import json
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/xml"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    redirect_to: str = ""
    hang: bool = False


@dataclass
class Served:
    """A real HTTP server on 127.0.0.1 with per-path answers; it records what it was asked."""

    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def http_server() -> Iterator[Served]:
    served = Served(port=0)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            served.requests.append((self.path, dict(self.headers)))
            route = served.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.hang:
                served.release.wait(30)  # never answers while the test runs
                return
            if route.redirect_to:
                self.send_response(302)
                self.send_header("Location", route.redirect_to)
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            self.end_headers()
            self.wfile.write(route.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def http_date() -> str:
    return formatdate(usegmt=True)


def rss(*entries: dict[str, str], encoding: str = "UTF-8") -> str:
    items = "".join(
        "<item><guid>{guid}</guid><title>{title}</title><description>{body}</description>"
        "</item>".format(**e)
        for e in entries
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>Đối tác</title><link>http://example.vn</link><description>d</description>"
        f"{items}</channel></rss>"
    )


def ninjs(
    uri: str,
    headline: str,
    body: str = "<p>Nội dung bài viết.</p>",
    version: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "uri": uri,
        "version": str(version),
        "type": "text",
        "language": "vi",
        "pubstatus": "usable",
        "headline": headline,
        "body_html": body,
    }
    doc.update(extra)
    return doc


def ninjs_bytes(*docs: dict[str, Any]) -> bytes:
    payload: Any = docs[0] if len(docs) == 1 else list(docs)
    return json.dumps(payload, ensure_ascii=False).encode()


def to_cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: base letters precomposed, tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in parts if c not in TONES)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
