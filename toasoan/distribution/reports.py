"""What the delivery pages and the management API show: health per subscriber, history per item."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.distribution.models import Delivery, EntryState, OutboxEntry, Subscriber
from toasoan.distribution.validation import redact

LATENCY_SAMPLE = 200


@dataclass
class Health:
    pending: int
    dead: int
    delivered: int
    last_delivery: datetime | None
    latency_p50_ms: int | None

    def as_dict(self) -> dict[str, Any]:
        last = self.last_delivery.isoformat() if self.last_delivery else None
        return {"pending": self.pending, "dead": self.dead, "delivered": self.delivered,
                "last_delivery": last, "latency_p50_ms": self.latency_p50_ms}  # fmt: skip


def manageable_subscribers(user: User) -> QuerySet[Subscriber]:
    if permissions.is_agency_wide(user, Privilege.MANAGE_DISTRIBUTION):
        return Subscriber.objects.all()
    outlets = permissions.outlets_with(user, Privilege.MANAGE_DISTRIBUTION)
    return Subscriber.objects.filter(outlet__in=outlets)


def health(subscribers: list[Subscriber]) -> dict[int, Health]:
    ids = [s.pk for s in subscribers]
    counts: dict[int, dict[str, Any]] = {
        row["subscriber_id"]: dict(row)
        for row in OutboxEntry.objects.filter(subscriber_id__in=ids)
        .values("subscriber_id")
        .annotate(
            pending=Count("pk", filter=Q(state__in=[EntryState.PENDING, EntryState.SENDING])),
            dead=Count("pk", filter=Q(state=EntryState.DEAD)),
            delivered=Count("pk", filter=Q(state=EntryState.DELIVERED)),
            last=Max("delivered_at"),
        )
    }
    out = {}
    for pk in ids:
        row = counts.get(pk, {})
        latencies = list(
            Delivery.objects.filter(entry__subscriber_id=pk, ok=True)
            .order_by("-at")
            .values_list("latency_ms", flat=True)[:LATENCY_SAMPLE]
        )
        out[pk] = Health(
            pending=row.get("pending", 0),
            dead=row.get("dead", 0),
            delivered=row.get("delivered", 0),
            last_delivery=row.get("last"),
            latency_p50_ms=int(statistics.median(latencies)) if latencies else None,
        )
    return out


def subscriber_row(s: Subscriber) -> dict[str, Any]:
    return {
        "id": s.pk,
        "name": s.name,
        "kind": s.kind,
        "outlet": s.outlet_id,
        "active": s.active,
        "may_receive_embargoed": s.may_receive_embargoed,
        "contact_email": s.contact_email,
        "token_prefix": s.token_prefix,
        "products": sorted(s.products.values_list("pk", flat=True)),
        "destinations": [destination_row(d) for d in s.destinations.all()],
    }


def destination_row(d: Any) -> dict[str, Any]:
    return {"id": d.pk, "subscriber": d.subscriber_id, "name": d.name, "transport": d.transport,
            "format": d.format, "config": redact(d.config), "active": d.active}  # fmt: skip


def product_row(p: Any) -> dict[str, Any]:
    fields = ("outlet_ids", "desk_ids", "types", "languages", "subjects", "genres", "keywords",
              "urgency_min", "urgency_max")  # fmt: skip
    return {"id": p.pk, "name": p.name, "outlet": p.outlet_id, "mode": p.mode,
            "active": p.active, **{f: getattr(p, f) for f in fields}}  # fmt: skip


def entry_row(e: OutboxEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "subscriber": e.subscriber_id,
        "destination": e.destination_id,
        "item": e.item_id,
        "guid": e.guid,
        "version": e.version,
        "kind": e.kind,
        "pubstatus": e.pubstatus,
        "sequence": e.sequence,
        "idempotency_key": e.idempotency_key,
        "state": e.state,
        "attempts": e.attempts,
        "next_attempt_at": e.next_attempt_at.isoformat(),
        "last_error": e.last_error,
        "created_at": e.created_at.isoformat(),
        "delivered_at": e.delivered_at.isoformat() if e.delivered_at else None,
    }


def entries_light(qs: QuerySet[OutboxEntry]) -> QuerySet[OutboxEntry]:
    """Entries without their bodies (lists never need them)."""
    return qs.defer("body")
