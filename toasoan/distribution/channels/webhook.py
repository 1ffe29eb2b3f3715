"""Signed webhook to any website: POST JSON, signed like the HTTP push transport.

Config: url, secret (at least 16 characters), timeout (15 s).
Headers: X-Toasoan-Timestamp (unix seconds), X-Toasoan-Signature: sha256=hex(HMAC-SHA256(secret,
timestamp + "." + body)), X-Toasoan-Event (publish/correct/kill/recall), Idempotency-Key.
The receiver may answer JSON {"id": ..., "url": ...}: both are recorded."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from toasoan.core.errors import InvalidInput
from toasoan.core.signing import signature
from toasoan.distribution.channels import http
from toasoan.distribution.channels.connectors import (
    ConnectorError,
    Post,
    Remote,
    check_timeout,
    optional_url,
    register,
    require_str,
)


def document(post: Post) -> dict[str, Any]:
    return {
        "event": post.action,
        "guid": post.guid,
        "version": post.version,
        "outlet": post.outlet_slug,
        "language": post.language,
        "headline": post.headline,
        "summary": post.summary,
        "body_html": post.body_html if post.action in ("publish", "correct") else "",
        "url": post.url,
        "image": post.image_url,
        "byline": post.byline,
        "published_at": post.published_at.isoformat() if post.published_at else None,
        "note": post.note,
    }


@register
class WebhookConnector:
    kind = "webhook"
    platform = "website"
    variant = "web"

    def check_config(self, config: Mapping[str, Any]) -> None:
        optional_url(config, "url", "")
        secret = require_str(config, "secret")
        if len(secret) < 16:
            raise InvalidInput("must be at least 16 characters", field="config.secret")
        check_timeout(config)

    def _send(self, config: Mapping[str, Any], post: Post) -> Remote:
        self.check_config(config)
        body = http.json_body(document(post))
        timestamp = str(int(time.time()))
        answer = http.call(
            "POST",
            config["url"],
            body=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "toasoan-webhook/1",
                "X-Toasoan-Timestamp": timestamp,
                "X-Toasoan-Signature": signature(config["secret"], timestamp, body),
                "X-Toasoan-Event": post.action,
                "Idempotency-Key": f"{post.guid}:{post.version}:{post.action}",
            },
            timeout=check_timeout(config),
        )
        if not 200 <= answer.status < 300:
            raise ConnectorError(
                f"HTTP {answer.status}: {answer.text[:300]}",
                retryable=answer.status in http.RETRYABLE_STATUS,
                status=str(answer.status),
            )
        data = answer.data if isinstance(answer.data, dict) else {}
        return Remote(remote_id=str(data.get("id") or post.guid), url=str(data.get("url") or ""))

    def publish(self, config: Mapping[str, Any], post: Post) -> Remote:
        return self._send(config, post)

    def update(self, config: Mapping[str, Any], post: Post, remote: Remote) -> Remote | None:
        sent = self._send(config, post)
        return Remote(remote_id=sent.remote_id or remote.remote_id, url=sent.url or remote.url)

    def remove(self, config: Mapping[str, Any], post: Post, remote: Remote) -> bool:
        self._send(config, post)
        return True
