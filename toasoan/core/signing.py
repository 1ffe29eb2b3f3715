"""The one HMAC signature scheme of our HTTP exchanges (push to partners, webhooks to sites,
pushes from partners): header X-Toasoan-Signature = "sha256=" + hex HMAC-SHA256(secret,
timestamp + "." + body), with the timestamp sent in X-Toasoan-Timestamp."""

from __future__ import annotations

import hashlib
import hmac


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def matches(secret: str, timestamp: str, body: bytes, given: str) -> bool:
    """Whether `given` is the signature of body at timestamp (constant-time comparison)."""
    return hmac.compare_digest(signature(secret, timestamp, body).encode(), given.strip().encode())
