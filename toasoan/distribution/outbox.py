"""Writing the outbox, inside the transaction of the publish, correct, kill or recall.

Who gets a version:
- publish: subscribers whose products match now;
- correct: those, plus every subscriber that received an earlier version (even if its products
  no longer match), so a correction always reaches the people who ran the story;
- kill / recall (pubstatus canceled / withheld): only subscribers that received an earlier version.
An embargoed version goes at once only to subscribers allowed embargoed content (the embargo is in
the document); the others get it when the embargo ends (HeldRelease, released by the dispatcher).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from toasoan.distribution.models import (
    Destination,
    EntryState,
    HeldRelease,
    OutboxEntry,
    Subscriber,
)
from toasoan.distribution.products import matching_subscribers
from toasoan.distribution.render import Renderer, filename, output
from toasoan.newsroom.models import Item, State

PULL = "pull"
_TO_MATCHING = {"publish", "correct", "release"}
_TO_EARLIER = {"correct", "kill", "recall"}
_LIVE = {State.PUBLISHED, State.CORRECTED}


def idempotency_key(subscriber_id: int, item: Item, version: int) -> str:
    return f"tsn-{subscriber_id}-{item.pk}-v{version}"


def earlier_receivers(item: Item) -> set[int]:
    return set(
        OutboxEntry.objects.filter(item=item)
        .exclude(version=item.version)
        .values_list("subscriber_id", flat=True)
    )


def recipients(item: Item, kind: str) -> list[Subscriber]:
    chosen: dict[int, Subscriber] = {}
    if kind in _TO_MATCHING and item.pubstatus == "usable":
        chosen.update((s.pk, s) for s in matching_subscribers(item))
    if kind in _TO_EARLIER:
        earlier = earlier_receivers(item) - set(chosen)
        chosen.update((s.pk, s) for s in Subscriber.objects.filter(pk__in=earlier, active=True))
    return [chosen[k] for k in sorted(chosen)]


def is_embargoed(item: Item, now: datetime) -> bool:
    return item.embargo_until is not None and item.embargo_until > now


def enqueue(item: Item, kind: str) -> int:
    """Write outbox entries for the item's current version; must run inside the transaction."""
    now = timezone.now()
    embargoed = is_embargoed(item, now)
    subscribers = recipients(item, kind)
    if embargoed and kind in ("publish", "correct"):
        HeldRelease.objects.create(
            item=item, version=item.version, release_at=item.embargo_until or now
        )
        subscribers = [s for s in subscribers if s.may_receive_embargoed]
    return write_entries(item, kind, subscribers, now)


def write_entries(item: Item, kind: str, subscribers: Iterable[Subscriber], now: datetime) -> int:
    """Entries for the item's current version to each subscriber's active destinations;
    returns how many were written."""
    ids = [s.pk for s in subscribers]
    if not ids:
        return 0
    renderer = Renderer(item)
    destinations = list(
        Destination.objects.filter(subscriber_id__in=ids, active=True)
        .only("pk", "subscriber_id", "format", "transport")
        .order_by("subscriber_id", "id")
    )
    by_subscriber: dict[int, list[Destination]] = {}
    for d in destinations:
        by_subscriber.setdefault(d.subscriber_id, []).append(d)
    already: set[int] = set()
    if kind == "release":  # only a release can find this version already sent somewhere
        already = set(
            OutboxEntry.objects.filter(
                item=item, version=item.version, subscriber_id__in=ids
            ).values_list("destination_id", flat=True)
        )
    # Lock the subscribers in id order (no deadlocks), then take one sequence number each.
    wanted = sorted(s for s, ds in by_subscriber.items() if any(d.pk not in already for d in ds))
    if connection.features.has_select_for_update:  # SQLite: the transaction holds the lock
        list(Subscriber.objects.select_for_update().filter(pk__in=wanted).values_list("pk"))
    Subscriber.objects.filter(pk__in=wanted).update(next_sequence=F("next_sequence") + 1)
    taken = dict(Subscriber.objects.filter(pk__in=wanted).values_list("pk", "next_sequence"))
    state_of = {True: EntryState.IN_FEED.value, False: EntryState.PENDING.value}
    when = connection.ops.adapt_datetimefield_value(now)
    blob = OutboxEntry._meta.get_field("body")
    per_format: dict[str, tuple[Any, str, str]] = {}
    rows = []
    for subscriber_id in wanted:
        sequence = taken[subscriber_id] - 1
        key = idempotency_key(subscriber_id, item, item.version)
        for d in by_subscriber[subscriber_id]:
            if d.pk in already:
                continue
            if d.format not in per_format:
                body = blob.get_db_prep_save(renderer.body(d.format), connection)
                media = output(d.format).content_type
                per_format[d.format] = (body, media, filename(item.guid, item.version, d.format))
            body, media, name = per_format[d.format]
            rows.append((subscriber_id, d.pk, item.pk, item.version, kind, item.pubstatus,
                         item.guid, sequence, key, body, media, name, state_of[d.transport == PULL],
                         0, when, None, "", when, None))  # fmt: skip
    _insert(rows)
    if any(row[12] == EntryState.PENDING for row in rows):
        from toasoan.distribution.dispatcher import wake

        transaction.on_commit(wake)
    return len(rows)


_COLUMNS = (
    *("subscriber_id", "destination_id", "item_id", "version", "kind", "pubstatus", "guid"),
    *("sequence", "idempotency_key", "body", "media_type", "filename", "state", "attempts"),
    *("next_attempt_at", "claimed_until", "last_error", "created_at", "delivered_at"),
)


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """INSERT with one prepared statement: bulk_create's SQL compiler was most of a publish's
    time with a hundred subscribers. Values are already in database form."""
    if not rows:
        return
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    table = OutboxEntry._meta.db_table
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  (names from the model)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def release_due(now: datetime | None = None, limit: int = 100) -> int:
    """Send embargoed versions whose embargo has ended to the subscribers that waited."""
    now = now or timezone.now()
    due_items = list(
        HeldRelease.objects.filter(released=False, release_at__lte=now)
        .order_by("release_at")
        .values_list("item_id", flat=True)
        .distinct()[:limit]
    )
    sent = 0
    for item_id in due_items:
        with transaction.atomic():
            rows = HeldRelease.objects.select_for_update().filter(
                item_id=item_id, released=False, release_at__lte=now
            )
            if not list(rows):
                continue
            HeldRelease.objects.filter(item_id=item_id, released=False, release_at__lte=now).update(
                released=True
            )
            item = Item.objects.filter(pk=item_id).first()
            if item is None or item.state not in _LIVE or is_embargoed(item, now):
                continue
            subscribers = [s for s in recipients(item, "release") if not s.may_receive_embargoed]
            sent += write_entries(item, "release", subscribers, now)
    return sent
