"""Edit locks: one holder at a time; taking over another's lock needs its privilege."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import audit, permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core import events
from toasoan.core.errors import Forbidden, LockedByOther
from toasoan.newsroom.access import ensure_readable
from toasoan.newsroom.actions._common import load_for_write
from toasoan.newsroom.models import Item, Lock


def _audit(item: Item, by: User, action: str, **details: object) -> None:
    audit.record(
        by, action, object_type="item", object_id=item.pk, outlet=item.outlet, details=details
    )
    events.emit(f"item.{action}", item_id=item.pk, actor_id=by.pk, **details)


@transaction.atomic
def lock(item: Item | int, *, by: User, take_over: bool = False) -> Lock:
    item = load_for_write(item, expected_revision=None, by=by)
    ensure_readable(by, item)
    permissions.require(by, Privilege.EDIT, item.outlet)
    current = Lock.objects.select_related("holder").filter(item=item).first()
    if current and current.holder_id == by.pk:
        return current
    if current and not take_over:
        since = timezone.localtime(current.since).strftime("%d/%m/%Y %H:%M")
        raise LockedByOther(f"locked by {current.holder.username} since {since}")
    if current:
        permissions.require(by, Privilege.TAKE_OVER_LOCK, item.outlet)
        previous = current.holder.username
        current.delete()
        _audit(item, by, "lock_taken_over", previous_holder=previous)
    new = Lock.objects.create(item=item, holder=by, since=timezone.now())
    _audit(item, by, "lock")
    return new


@transaction.atomic
def unlock(item: Item | int, *, by: User) -> None:
    item = load_for_write(item, expected_revision=None, by=by)
    ensure_readable(by, item)
    current = Lock.objects.filter(item=item).first()
    if current is None:
        return
    if current.holder_id != by.pk and not permissions.has(
        by, Privilege.TAKE_OVER_LOCK, item.outlet
    ):
        raise Forbidden("only the lock holder (or a desk chief) can release this lock")
    current.delete()
    _audit(item, by, "unlock")
