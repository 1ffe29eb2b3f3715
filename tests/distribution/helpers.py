"""Shared pieces of the distribution tests: published items, subscribers, a real HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.conftest import Org
from toasoan.distribution.models import Destination, Product, Subscriber, Subscription
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item

SECRET = "bí-mật-chia-sẻ-0123456789"


def published(org: Org, *, publish: bool = True, **fields: Any) -> Item:
    reporter, chief = org.user("a_reporter"), org.user("a_chief")
    values = {"headline": "Kỳ họp Quốc hội khai mạc", "body_html": "<p>Nội dung</p>", **fields}
    embargo = values.pop("embargo_until", None)
    item = actions.create(by=reporter, outlet=org.a, desk=org.desk_a, fields=values)
    item = actions.submit(item, by=reporter, expected_revision=None)
    item = actions.approve(item, by=chief, expected_revision=None)
    if embargo is not None:
        item = actions.save(
            item, by=chief, fields={"embargo_until": embargo}, expected_revision=None
        )
    if publish:
        item = actions.publish(item, by=chief, expected_revision=None)
    return item


def subscriber(
    name: str,
    *,
    url: str | None = None,
    transport: str = "http-push",
    fmt: str = "ninjs",
    embargo: bool = False,
    product: Product | None = None,
    config: dict[str, Any] | None = None,
) -> Subscriber:
    sub = Subscriber.objects.create(name=name, may_receive_embargoed=embargo)
    if product is None:
        product = Product.objects.create(name=f"all for {name}")
    Subscription.objects.create(subscriber=sub, product=product)
    if transport == "http-push":
        config = config or {"url": url, "secret": SECRET, "timeout": 5}
    Destination.objects.create(subscriber=sub, transport=transport, format=fmt,
                               config=config or {})  # fmt: skip
    return sub


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 that checks the HMAC signature of every POST.

    `script` maps a path to the statuses to answer next (then 200); `down` makes it answer 503."""

    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    script: dict[str, list[int]] = field(default_factory=dict)
    down: bool = False

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def delivered(self, path: str | None = None) -> list[Received]:
        return [r for r in self.received if r.signature_ok and (path is None or r.path == path)]


def verify(headers: dict[str, str], body: bytes) -> bool:
    stamp = headers.get("X-Toasoan-Timestamp", "")
    mac = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers.get("X-Toasoan-Signature", ""), "sha256=" + mac)


def start_receiver() -> Receiver:
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms ACK stall

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {k: v for k, v in self.headers.items()}
            ok = verify(headers, body)
            queue = receiver.script.get(self.path, [])
            status = 503 if receiver.down else (queue.pop(0) if queue else 200)
            if not ok:
                status = 401
            if status == 200:
                receiver.received.append(Received(self.path, headers, body, ok))
            answer = b'{"ok": true}' if status == 200 else b'{"error": "no"}'
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
