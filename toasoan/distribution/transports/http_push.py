"""HTTP push: POST the document, signed with HMAC-SHA256 over "timestamp.body".

Headers: Content-Type, X-Toasoan-Timestamp (Unix seconds), X-Toasoan-Signature
("sha256=<hex>"), Idempotency-Key, X-Toasoan-Sequence. 2xx is delivered; 408, 425, 429, 5xx and
connection errors are retried; any other status is final. Connections are kept alive per thread.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from toasoan.core.errors import InvalidInput
from toasoan.core.signing import signature
from toasoan.distribution.transports.base import (
    DeliveryResult,
    Payload,
    TransportError,
    register,
)

RETRYABLE = {408, 425, 429}
DEFAULT_TIMEOUT = 10.0
_local = threading.local()


def _connection(scheme: str, netloc: str, timeout: float) -> http.client.HTTPConnection:
    pool: dict[tuple[str, str, float], http.client.HTTPConnection] = getattr(_local, "pool", {})
    _local.pool = pool
    key = (scheme, netloc, timeout)
    conn = pool.get(key)
    if conn is None:
        cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        conn = cls(netloc, timeout=timeout)
        pool[key] = conn
    return conn


def _drop(scheme: str, netloc: str, timeout: float) -> None:
    pool = getattr(_local, "pool", {})
    conn = pool.pop((scheme, netloc, timeout), None)
    if conn is not None:
        conn.close()


@register
class HttpPush:
    name = "http-push"

    def check_config(self, config: Mapping[str, Any]) -> None:
        url = config.get("url")
        if not isinstance(url, str) or not url:
            raise InvalidInput("is required (the receiver's http(s) address)", field="config.url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidInput("must be an http:// or https:// address", field="config.url")
        secret = config.get("secret")
        if not isinstance(secret, str) or len(secret) < 16:
            raise InvalidInput("must be a shared secret of 16 characters or more",
                               field="config.secret")  # fmt: skip
        timeout = config.get("timeout", DEFAULT_TIMEOUT)
        if not isinstance(timeout, int | float) or not 0 < timeout <= 120:
            raise InvalidInput("must be a number of seconds in (0, 120]", field="config.timeout")

    def send(self, config: Mapping[str, Any], payload: Payload) -> DeliveryResult:
        parts = urlsplit(str(config["url"]))
        timeout = float(config.get("timeout", DEFAULT_TIMEOUT))
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": payload.media_type + "; charset=utf-8",
            "X-Toasoan-Timestamp": timestamp,
            "X-Toasoan-Signature": signature(str(config["secret"]), timestamp, payload.body),
            "Idempotency-Key": payload.idempotency_key,
            "X-Toasoan-Sequence": str(payload.sequence),
            "User-Agent": "toasoan-distribution",
            **payload.headers,
        }
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        for attempt in (1, 2):  # a kept-alive connection the server closed: retry once at once
            conn = _connection(parts.scheme, parts.netloc, timeout)
            try:
                conn.request("POST", path, body=payload.body, headers=headers)
                response = conn.getresponse()
                excerpt = response.read(1024).decode("utf-8", "replace")
                response.read()
                if response.will_close:
                    _drop(parts.scheme, parts.netloc, timeout)
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                _drop(parts.scheme, parts.netloc, timeout)
                if attempt == 2:
                    raise TransportError(f"connection lost: {exc}") from exc
            except (OSError, http.client.HTTPException) as exc:
                _drop(parts.scheme, parts.netloc, timeout)
                raise TransportError(f"connection failed: {exc}") from exc
        status = response.status
        if 200 <= status < 300:
            return DeliveryResult(status=str(status), response=excerpt)
        retryable = status in RETRYABLE or status >= 500
        raise TransportError(
            f"HTTP {status}: {excerpt[:200]}", retryable=retryable, status=str(status)
        )
