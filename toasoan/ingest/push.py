"""Partners push documents to a push feed, signed like toasoan's own HTTP push:
X-Toasoan-Timestamp (Unix seconds) and X-Toasoan-Signature: sha256=hex(HMAC-SHA256(secret,
timestamp + "." + body)). A timestamp more than five minutes away from now is refused, so a
captured request cannot be replayed later."""

from __future__ import annotations

import time

from django.conf import settings

from toasoan.core import signing
from toasoan.core.errors import Forbidden, NotAuthenticated, NotFound, PayloadTooLarge
from toasoan.ingest.models import Feed, FeedKind
from toasoan.ingest.pipeline import Report, finish, ingest_document

MAX_SKEW_SECONDS = 300


def max_body_bytes() -> int:
    return int(settings.API_MAX_BODY_BYTES)


def verify(feed: Feed, body: bytes, timestamp: str, given: str, now: float | None = None) -> None:
    if not timestamp or not given:
        raise NotAuthenticated(
            "send X-Toasoan-Timestamp and X-Toasoan-Signature", field="X-Toasoan-Signature"
        )
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        raise NotAuthenticated("must be Unix seconds", field="X-Toasoan-Timestamp")
    skew = abs((now if now is not None else time.time()) - int(timestamp))
    if skew > MAX_SKEW_SECONDS:
        raise NotAuthenticated(
            f"is {int(skew)} s away from now; at most {MAX_SKEW_SECONDS} s is accepted "
            "(replays are refused)",
            field="X-Toasoan-Timestamp",
        )
    if not feed.push_secret or not signing.matches(feed.push_secret, timestamp, body, given):
        raise NotAuthenticated(
            "does not match the body: sha256=hex(HMAC-SHA256(secret, timestamp + '.' + body))",
            field="X-Toasoan-Signature",
        )


def receive(
    feed_id: int, body: bytes, *, timestamp: str, signature: str, content_type: str
) -> Report:
    feed = Feed.objects.select_related("outlet").filter(pk=feed_id, kind=FeedKind.PUSH).first()
    if feed is None:
        raise NotFound(f"push feed {feed_id} does not exist")
    if len(body) > max_body_bytes():
        raise PayloadTooLarge(f"the body exceeds {max_body_bytes() // 1024} KiB")
    verify(feed, body, timestamp, signature)
    if not feed.active:
        raise Forbidden("the feed is disabled")
    report = ingest_document(feed, body, content_type=content_type, name="push")
    finish(feed, report, polled=False)
    return report
