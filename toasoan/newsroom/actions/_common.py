"""Shared steps of item actions: load for writing, guard lock and ETag, record what happened."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone

from toasoan.accounts import audit, permissions
from toasoan.accounts.models import User
from toasoan.core import events
from toasoan.core.errors import LockedByOther, NotFound, StaleWrite
from toasoan.newsroom import workflow
from toasoan.newsroom.access import ensure_readable
from toasoan.newsroom.fields import snapshot
from toasoan.newsroom.models import Item, Lock, Revision


def new_guid() -> str:
    today = timezone.localdate().strftime("%Y%m%d")
    return f"urn:newsml:{settings.AGENCY_DOMAIN}:{today}:{uuid.uuid4().hex}"


def load_for_write(item: Item | int, *, expected_revision: int | None, by: User) -> Item:
    """Re-read the item under a row lock and check the caller saw the latest write.

    Readability is checked first, so an ETag answer never reveals another outlet's item."""
    pk = item if isinstance(item, int) else item.pk
    fresh = Item.objects.select_for_update().select_related("outlet").filter(pk=pk).first()
    if fresh is None:
        raise NotFound(f"item {pk} does not exist")
    ensure_readable(by, fresh)
    if expected_revision is not None and fresh.revision != expected_revision:
        raise StaleWrite(
            f"the item changed since you read it (your revision {expected_revision}, "
            f"current {fresh.revision}); reload and apply your change again"
        )
    return fresh


def authorise(item: Item, action: workflow.Action, by: User) -> workflow.Rule:
    """Permission, state and lock checks every item action makes, in that order."""
    rule = workflow.TABLE[action]
    if not permissions.has(by, rule.privilege, item.outlet_id):
        permissions.require(by, rule.privilege, item.outlet)
    rule = workflow.check(item.state, action)
    ensure_not_locked_by_other(item, by)
    return rule


def ensure_not_locked_by_other(item: Item, by: User) -> None:
    lock = Lock.objects.filter(item=item).select_related("holder").first()
    if lock and lock.holder_id != by.pk:
        since = timezone.localtime(lock.since).strftime("%d/%m/%Y %H:%M")
        raise LockedByOther(
            f"the item is being edited by {lock.holder.username} since {since}",
            code="locked",
        )


def touch(item: Item, by: User) -> None:
    item.revision += 1
    item.updated_by = by
    item.updated_at = timezone.now()


def add_revision(
    item: Item,
    by: User,
    kind: Revision.Kind,
    changed: list[str],
    restored_from: int | None = None,
) -> Revision:
    last = Revision.objects.filter(item=item).order_by("-number").values_list("number", flat=True)
    number = (last.first() or 0) + 1
    return Revision.objects.create(
        item=item,
        number=number,
        kind=kind,
        created_by=by,
        created_at=item.updated_at,
        changed_fields=changed,
        snapshot=snapshot(item),
        restored_from=restored_from,
    )


def record(
    item: Item,
    by: User | None,
    action: str,
    *,
    before: dict[str, Any] | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Audit entry plus domain event `item.<action>`, both inside the caller's transaction."""
    after = state_of(item)
    audit.record(
        by,
        action,
        object_type="item",
        object_id=item.pk,
        outlet=item.outlet,
        before=before,
        after=after,
        details={"guid": item.guid, "state": item.state, **(details or {})},
    )
    events.emit(
        f"item.{action}",
        item_id=item.pk,
        guid=item.guid,
        version=item.version,
        state=item.state,
        actor_id=by.pk if by else None,
        **(details or {}),
    )


def state_of(item: Item) -> dict[str, Any]:
    return {**snapshot(item), "state": item.state, "version": item.version}
