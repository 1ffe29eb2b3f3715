"""A small JSON-over-HTTP client for the connectors (urllib, timeouts, no redirects to follow)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from toasoan.distribution.channels.connectors import ConnectorError

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Answer:
    status: int
    data: Any  # parsed JSON, or None when the body is not JSON
    text: str


def call(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 15,
) -> Answer:
    """Send the request; an HTTP error status is an Answer too, a network failure raises."""
    if not url.startswith(("http://", "https://")):
        raise ConnectorError(f"not an http(s) address: {url}")
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, raw = response.status, response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read(1_000_000)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConnectorError(f"{url}: {reason}", retryable=True, status="unreachable") from None
    text = raw.decode("utf-8", "replace")
    try:
        data = json.loads(text) if text.strip() else None
    except ValueError:
        data = None
    return Answer(status=status, data=data, text=text[:1000])


def json_body(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
