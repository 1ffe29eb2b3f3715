"""The pull feed: what a subscriber's pull destinations hold, after a cursor, in a format."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from toasoan.core.errors import InvalidInput, NotAuthenticated
from toasoan.distribution.models import FEED_TOKEN_PREFIX, EntryState, OutboxEntry, Subscriber
from toasoan.distribution.render import channel
from toasoan.formats import feeds
from toasoan.formats.model import FormatError
from toasoan.formats.registry import decode

FORMATS = {"ninjs": "application/json", "atom": "application/atom+xml",
           "rss": "application/rss+xml"}  # fmt: skip
MAX_LIMIT = 200


def subscriber_for(authorization: str) -> Subscriber:
    scheme, _, raw = authorization.partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw.startswith(FEED_TOKEN_PREFIX) or len(raw) > 100:
        raise NotAuthenticated("send Authorization: Bearer <the subscriber's feed token>",
                               field="Authorization")  # fmt: skip
    subscriber = Subscriber.objects.filter(
        token_digest=Subscriber.digest_of(raw), active=True
    ).first()
    if subscriber is None:
        raise NotAuthenticated("unknown or revoked feed token", field="Authorization")
    return subscriber


@dataclass
class Page:
    body: bytes
    content_type: str
    etag: str
    next_cursor: int
    count: int


def page(subscriber: Subscriber, cursor: int, limit: int, fmt: str) -> Page:
    if fmt not in FORMATS:
        raise InvalidInput(f"must be one of: {', '.join(FORMATS)}", field="format")
    if cursor < 0:
        raise InvalidInput("must be 0 or a sequence number from an earlier page", field="cursor")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"must be between 1 and {MAX_LIMIT}", field="limit")
    entries = list(
        OutboxEntry.objects.filter(
            subscriber=subscriber, state=EntryState.IN_FEED, sequence__gt=cursor
        ).order_by("sequence", "destination_id")[:limit]
    )
    seen: set[int] = set()
    unique = []
    for e in entries:  # two pull destinations of one subscriber: one copy per sequence
        if e.sequence not in seen:
            seen.add(e.sequence)
            unique.append(e)
    next_cursor = unique[-1].sequence if unique else cursor
    tag_source = f"{subscriber.pk}:{cursor}:{limit}:{fmt}:" + ",".join(f"{e.pk}" for e in unique)
    etag = '"' + hashlib.sha256(tag_source.encode()).hexdigest()[:32] + '"'
    return Page(_body(unique, fmt), FORMATS[fmt], etag, next_cursor, len(unique))


def _body(entries: list[OutboxEntry], fmt: str) -> bytes:
    if fmt == "ninjs" and all(e.media_type == "application/json" for e in entries):
        docs = [json.loads(bytes(e.body)) for e in entries]
        return json.dumps(docs, ensure_ascii=False).encode()
    items = []
    for e in entries:
        try:
            items.extend(decode(bytes(e.body)))
        except FormatError:
            continue  # a format the feed cannot re-express; the entry is still counted
    if fmt == "ninjs":
        from toasoan.formats import ninjs

        return json.dumps([ninjs.encode(i, "2.2") for i in items], ensure_ascii=False).encode()
    encode = feeds.atom if fmt == "atom" else feeds.rss
    return encode(channel(), items)
