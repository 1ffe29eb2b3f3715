"""State changes of distribution: subscribers, products, destinations, feed tokens, resend.

Each is one transaction that checks the MANAGE_DISTRIBUTION privilege (in the subscriber's or
product's outlet, or agency-wide for those without one) and writes an audit entry."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import audit, permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import Conflict, Forbidden, InvalidInput
from toasoan.distribution import validation
from toasoan.distribution.dispatcher import wake
from toasoan.distribution.models import (
    FEED_TOKEN_PREFIX,
    Destination,
    EntryState,
    OutboxEntry,
    Product,
    Subscriber,
    Subscription,
)

P = Privilege.MANAGE_DISTRIBUTION


def can_manage(user: User, outlet_id: int | None) -> bool:
    if outlet_id is None:
        return permissions.is_agency_wide(user, P)
    return permissions.has(user, P, outlet_id)


def require_manage(user: User, outlet_id: int | None) -> None:
    if not can_manage(user, outlet_id):
        where = f"outlet #{outlet_id}" if outlet_id else "the whole agency"
        raise Forbidden(f"you lack the '{P.value}' privilege for {where}")


def _audit(
    by: User, action: str, object_type: str, pk: int, outlet_id: int | None, **after: Any
) -> None:
    outlet = Outlet.objects.filter(pk=outlet_id).first() if outlet_id else None
    details = {("subscriber_kind" if k == "kind" else k): v for k, v in after.items()}
    audit.record(by, action, object_type=object_type, object_id=pk, outlet=outlet, after=details)


def _public(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k != "contact_email"}


def _subscriber_fields(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in data:
        out["name"] = validation.name(data["name"])
    if "kind" in data:
        out["kind"] = validation.kind(data["kind"])
    for flag in ("active", "may_receive_embargoed"):
        if flag in data:
            if not isinstance(data[flag], bool):
                raise InvalidInput("must be true or false", field=flag)
            out[flag] = data[flag]
    if "contact_email" in data:
        out["contact_email"] = validation.email(data["contact_email"])
    return out


@transaction.atomic
def create_subscriber(*, by: User, outlet: Outlet | None, data: dict[str, Any]) -> Subscriber:
    require_manage(by, outlet.pk if outlet else None)
    fields = _subscriber_fields(data)
    if "name" not in fields:
        raise InvalidInput("is required", field="name")
    subscriber = Subscriber.objects.create(outlet=outlet, **fields)
    _audit(by, "create_subscriber", "subscriber", subscriber.pk, subscriber.outlet_id,
           **_public(fields))  # fmt: skip
    return subscriber


@transaction.atomic
def update_subscriber(*, by: User, subscriber: Subscriber, data: dict[str, Any]) -> Subscriber:
    require_manage(by, subscriber.outlet_id)
    fields = _subscriber_fields(data)
    for key, value in fields.items():
        setattr(subscriber, key, value)
    subscriber.save(update_fields=list(fields) or None)
    _audit(by, "update_subscriber", "subscriber", subscriber.pk, subscriber.outlet_id,
           **_public(fields))  # fmt: skip
    return subscriber


@transaction.atomic
def issue_feed_token(*, by: User, subscriber: Subscriber) -> str:
    """A new pull-feed token (shown once; only its digest is kept). Replaces the old one."""
    require_manage(by, subscriber.outlet_id)
    raw = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    subscriber.token_prefix = raw[:12]
    subscriber.token_digest = Subscriber.digest_of(raw)
    subscriber.save(update_fields=["token_prefix", "token_digest"])
    _audit(by, "issue_feed_token", "subscriber", subscriber.pk, subscriber.outlet_id,
           prefix=subscriber.token_prefix)  # fmt: skip
    return raw


@transaction.atomic
def create_product(*, by: User, outlet: Outlet | None, data: dict[str, Any]) -> Product:
    require_manage(by, outlet.pk if outlet else None)
    fields = validation.product_fields(data)
    product = Product(outlet=outlet, name=validation.name(data.get("name")), **fields)
    if product.urgency_min > product.urgency_max:
        raise InvalidInput("must not be above urgency_max", field="urgency_min")
    product.save()
    _audit(by, "create_product", "product", product.pk, product.outlet_id, name=product.name,
           **fields)  # fmt: skip
    return product


@transaction.atomic
def update_product(*, by: User, product: Product, data: dict[str, Any]) -> Product:
    require_manage(by, product.outlet_id)
    fields = validation.product_fields(data)
    if "name" in data:
        fields["name"] = validation.name(data["name"])
    if "active" in data:
        if not isinstance(data["active"], bool):
            raise InvalidInput("must be true or false", field="active")
        fields["active"] = data["active"]
    for key, value in fields.items():
        setattr(product, key, value)
    if product.urgency_min > product.urgency_max:
        raise InvalidInput("must not be above urgency_max", field="urgency_min")
    product.save()
    _audit(by, "update_product", "product", product.pk, product.outlet_id, **fields)
    return product


@transaction.atomic
def subscribe(*, by: User, subscriber: Subscriber, product: Product, on: bool = True) -> None:
    require_manage(by, subscriber.outlet_id)
    if product.outlet_id is not None and product.outlet_id != subscriber.outlet_id:
        require_manage(by, product.outlet_id)
    if on:
        Subscription.objects.get_or_create(subscriber=subscriber, product=product)
    else:
        Subscription.objects.filter(subscriber=subscriber, product=product).delete()
    _audit(by, "subscribe" if on else "unsubscribe", "subscriber", subscriber.pk,
           subscriber.outlet_id, product=product.pk)  # fmt: skip


@transaction.atomic
def create_destination(*, by: User, subscriber: Subscriber, data: dict[str, Any]) -> Destination:
    require_manage(by, subscriber.outlet_id)
    transport = validation.transport(data.get("transport"))
    fmt = validation.output_format(data.get("format", "ninjs"))
    config = validation.config(transport, data.get("config", {}))
    label = validation.name(data["name"]) if data.get("name") else ""
    destination = Destination.objects.create(
        subscriber=subscriber, name=label, transport=transport, format=fmt, config=config
    )
    _audit(by, "create_destination", "destination", destination.pk, subscriber.outlet_id,
           transport=transport, format=fmt, config=validation.redact(config))  # fmt: skip
    return destination


@transaction.atomic
def update_destination(*, by: User, destination: Destination, data: dict[str, Any]) -> Destination:
    require_manage(by, destination.subscriber.outlet_id)
    if "transport" in data:
        destination.transport = validation.transport(data["transport"])
    if "format" in data:
        destination.format = validation.output_format(data["format"])
    if "config" in data or "transport" in data:
        destination.config = validation.config(
            destination.transport, data.get("config", destination.config)
        )
    if "name" in data:
        destination.name = validation.name(data["name"]) if data["name"] else ""
    if "active" in data:
        if not isinstance(data["active"], bool):
            raise InvalidInput("must be true or false", field="active")
        destination.active = data["active"]
    destination.save()
    _audit(by, "update_destination", "destination", destination.pk,
           destination.subscriber.outlet_id, transport=destination.transport,
           format=destination.format, config=validation.redact(destination.config),
           active=destination.active)  # fmt: skip
    return destination


@transaction.atomic
def resend(*, by: User, entry: OutboxEntry | int) -> OutboxEntry:
    """Send an entry again: a new attempt with the same idempotency key and the same body."""
    pk = entry if isinstance(entry, int) else entry.pk
    fresh = OutboxEntry.objects.select_for_update().select_related("subscriber").get(pk=pk)
    require_manage(by, fresh.subscriber.outlet_id)
    if fresh.state == EntryState.IN_FEED:
        raise Conflict("a pull-feed entry is fetched by the subscriber, not sent", field="entry")
    if fresh.state in (EntryState.PENDING, EntryState.SENDING):
        raise Conflict("the entry is already waiting to be sent", field="entry")
    before = fresh.state
    fresh.state = EntryState.PENDING
    fresh.attempts = 0
    fresh.next_attempt_at = timezone.now()
    fresh.save(update_fields=["state", "attempts", "next_attempt_at"])
    _audit(by, "resend", "outbox_entry", fresh.pk, fresh.subscriber.outlet_id,
           previous_state=before, idempotency_key=fresh.idempotency_key)  # fmt: skip
    transaction.on_commit(wake)
    return fresh


def can_see_item_deliveries(user: User, outlet_id: int) -> bool:
    """Managers of distribution, and those who publish in the item's outlet."""
    return permissions.has(user, P, outlet_id) or permissions.has(
        user, Privilege.PUBLISH, outlet_id
    )
