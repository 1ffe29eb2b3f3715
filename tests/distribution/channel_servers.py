"""Local stand-ins for the platforms the channel connectors talk to, on 127.0.0.1.

Each one CHECKS every request the way the platform documents it (method, path, headers, required
fields and their types) and answers the way the platform does, error shapes included:
- Zalo OA Open API v2.0 articles: HTTP 200 with {"error": 0, "message": "Success", "data": ...}
  or {"error": <negative>, "message": ...};
- Facebook Graph API Page posts: {"id": ...} / {"success": true}, errors as HTTP 4xx with
  {"error": {"message", "type", "code", "fbtrace_id"}};
- a website receiving the signed webhook: checks X-Toasoan-Signature over timestamp + "." + body.
A request that breaks the documented contract is recorded in `violations` (tests assert it stays
empty) and refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ZALO_TOKEN = "zalo-oa-access-token-thu-nghiem"
GRAPH_TOKEN = "EAAB-page-token-thu-nghiem"
PAGE_ID = "104857600123"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.body.decode()))


@dataclass
class Platform:
    """Base: records requests; subclasses answer them."""

    requests: list[Seen] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    fail_next: list[tuple[int, Any]] = field(default_factory=list)  # forced answers, in order
    base_url: str = ""

    def answer(self, seen: Seen) -> tuple[int, Any]:
        raise NotImplementedError

    def handle(self, seen: Seen) -> tuple[int, Any]:
        self.requests.append(seen)
        if self.fail_next:
            return self.fail_next.pop(0)
        return self.answer(seen)

    def refuse(self, why: str, answer: tuple[int, Any]) -> tuple[int, Any]:
        self.violations.append(why)
        return answer


def _is_text(value: Any, limit: int | None = None) -> bool:
    return isinstance(value, str) and bool(value.strip()) and (limit is None or len(value) <= limit)


@dataclass
class Zalo(Platform):
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    still_building: int = 0  # how many verify calls answer "not ready" before the id

    def _error(self, code: int, message: str) -> tuple[int, Any]:
        return 200, {"error": code, "message": message}

    def _check_article(self, a: Any) -> str:
        if not isinstance(a, dict):
            return "body is not a JSON object"
        if a.get("type") != "normal":
            return "type must be normal"
        for name, limit in (("title", 150), ("author", 50), ("description", 300)):
            if not _is_text(a.get(name), limit):
                return f"{name} missing, not a string or longer than {limit}"
        cover = a.get("cover")
        if not isinstance(cover, dict) or cover.get("cover_type") != "photo":
            return "cover.cover_type must be photo"
        if not _is_text(cover.get("photo_url")) or cover.get("status") not in ("show", "hide"):
            return "cover needs photo_url and status show/hide"
        body = a.get("body")
        if not isinstance(body, list) or not body:
            return "body must be a non-empty list"
        for block in body:
            kind = block.get("type") if isinstance(block, dict) else None
            if kind == "text" and _is_text(block.get("content")):
                continue
            if kind == "image" and _is_text(block.get("url")):
                continue
            return f"bad body block {block!r}"
        if a.get("status", "show") not in ("show", "hide"):
            return "status must be show or hide"
        if a.get("comment", "show") not in ("show", "hide"):
            return "comment must be show or hide"
        return ""

    def answer(self, seen: Seen) -> tuple[int, Any]:
        if seen.method != "POST" or not seen.path.startswith("/v2.0/article/"):
            return self.refuse(
                f"{seen.method} {seen.path}",
                (404, {"error": 404, "message": "You currently access to an empty api"}),
            )
        if seen.headers.get("access_token") != ZALO_TOKEN:
            return self._error(-216, "Access token is invalid")
        if not seen.headers.get("content-type", "").startswith("application/json"):
            return self.refuse("content type", self._error(-201, "Content-Type is invalid"))
        try:
            data = seen.json()
        except ValueError:
            return self.refuse("not JSON", self._error(-201, "Body is invalid"))
        op = seen.path.removeprefix("/v2.0/article/")
        if op == "create":
            problem = self._check_article(data)
            if problem:
                return self.refuse(problem, self._error(-201, f"Parameter is invalid: {problem}"))
            article_id = f"a{len(self.articles) + 1:04d}"
            token = f"tok-{article_id}"
            self.articles[article_id] = data
            self.tokens[token] = article_id
            return 200, {"error": 0, "message": "Success", "data": {"token": token}}
        if op == "verify":
            article_id = self.tokens.get(data.get("token", ""))
            if article_id is None:
                return self._error(-201, "token is invalid")
            if self.still_building:
                self.still_building -= 1
                return self._error(-224, "Article is being processed")
            return 200, {"error": 0, "message": "Success", "data": {"id": article_id}}
        if op == "update":
            article_id = data.pop("id", None)
            if article_id not in self.articles:
                return self._error(-201, "article id is invalid")
            problem = self._check_article(data)
            if problem:
                return self.refuse(problem, self._error(-201, f"Parameter is invalid: {problem}"))
            self.articles[article_id] = data
            return 200, {"error": 0, "message": "Success", "data": {"token": f"tok-{article_id}"}}
        if op == "remove":
            article_id = data.get("id")
            if article_id not in self.articles:
                return self._error(-201, "article id is invalid")
            self.removed.append(article_id)
            del self.articles[article_id]
            return 200, {"error": 0, "message": "Success"}
        return self.refuse(f"unknown op {op}", (404, {"error": 404, "message": "empty api"}))


@dataclass
class Graph(Platform):
    posts: dict[str, dict[str, str]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)

    def _error(self, status: int, code: int, message: str, kind: str) -> tuple[int, Any]:
        return status, {
            "error": {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEf123"}
        }

    def answer(self, seen: Seen) -> tuple[int, Any]:
        parsed = urllib.parse.urlsplit(seen.path)
        parts = parsed.path.strip("/").split("/")
        if len(parts) < 2 or parts[0] != "v21.0":
            return self.refuse(
                f"path {seen.path}",
                self._error(400, 2500, "Unknown path components", "OAuthException"),
            )
        if seen.method == "DELETE":
            params = dict(urllib.parse.parse_qsl(parsed.query))
        else:
            if seen.headers.get("content-type") != "application/x-www-form-urlencoded":
                return self.refuse(
                    "content type", self._error(400, 100, "bad body", "GraphMethodException")
                )
            params = seen.form()
        if params.get("access_token") != GRAPH_TOKEN:
            return self._error(
                400, 190, "Invalid OAuth access token - Cannot parse access token", "OAuthException"
            )
        if seen.method == "POST" and parts[1:] == [PAGE_ID, "feed"]:
            if not params.get("message") and not params.get("link"):
                return self.refuse(
                    "no message or link",
                    self._error(400, 100, "(#100) Missing message or attachment", "OAuthException"),
                )
            if params.get("link") and not params["link"].startswith(("http://", "https://")):
                return self.refuse(
                    "bad link",
                    self._error(
                        400, 100, "(#100) link URL is not properly formatted", "OAuthException"
                    ),
                )
            post_id = f"{PAGE_ID}_{len(self.posts) + 1}"
            self.posts[post_id] = {
                "message": params.get("message", ""),
                "link": params.get("link", ""),
            }
            return 200, {"id": post_id}
        if seen.method == "POST" and parts[1:] == [PAGE_ID, "photos"]:
            if not params.get("url", "").startswith(("http://", "https://")):
                return self.refuse(
                    "photo without url",
                    self._error(400, 324, "(#324) Requires upload file", "OAuthException"),
                )
            photo_id = f"9{len(self.posts) + 1}"
            post_id = f"{PAGE_ID}_{len(self.posts) + 1}"
            self.posts[post_id] = {"message": params.get("caption", ""), "photo": params["url"]}
            return 200, {"id": photo_id, "post_id": post_id}
        if len(parts) == 2 and parts[1] in self.posts:
            if seen.method == "POST":
                if "link" in params:
                    return self.refuse(
                        "link edit",
                        self._error(
                            400, 100, "(#100) Param link cannot be edited", "OAuthException"
                        ),
                    )
                self.posts[parts[1]]["message"] = params.get("message", "")
                return 200, {"success": True}
            if seen.method == "DELETE":
                self.deleted.append(parts[1])
                del self.posts[parts[1]]
                return 200, {"success": True}
        return self._error(
            400,
            100,
            f"Unsupported {seen.method.lower()} request. Object with "
            f"ID '{parts[-1]}' does not exist",
            "GraphMethodException",
        )


@dataclass
class Website(Platform):
    secret: str = "bí-mật-webhook-đủ-dài-2026"
    received: list[dict[str, Any]] = field(default_factory=list)

    def answer(self, seen: Seen) -> tuple[int, Any]:
        if seen.method != "POST" or seen.path != "/hooks/toasoan":
            return self.refuse(f"{seen.method} {seen.path}", (404, {"detail": "not found"}))
        timestamp = seen.headers.get("x-toasoan-timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            return self.refuse("stale or missing timestamp", (401, {"detail": "timestamp"}))
        mac = hmac.new(self.secret.encode(), timestamp.encode() + b"." + seen.body, hashlib.sha256)
        if not hmac.compare_digest(
            seen.headers.get("x-toasoan-signature", ""), f"sha256={mac.hexdigest()}"
        ):
            return 401, {"detail": "bad signature"}
        data = seen.json()
        self.received.append(data)
        return 200, {"id": f"w-{len(self.received)}", "url": f"https://site.test/{data['guid']}"}


def _handler(platform: Platform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                method=self.command,
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
            )
            status, data = platform.handle(seen)
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_DELETE = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serving(platform: Platform) -> Iterator[Platform]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(platform))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    platform.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
