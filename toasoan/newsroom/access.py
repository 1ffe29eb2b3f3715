"""Read access to items: an outlet's members see its work; all signed in sees what is public."""

from __future__ import annotations

from django.db.models import QuerySet

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import NotFound
from toasoan.newsroom.models import Item, State

PUBLIC_STATES = (State.PUBLISHED, State.CORRECTED)


def can_read(user: User, item: Item) -> bool:
    return item.state in PUBLIC_STATES or permissions.has(user, Privilege.READ, item.outlet_id)


def ensure_readable(user: User, item: Item) -> None:
    """Unreadable items answer as missing, so ids of other outlets' drafts reveal nothing."""
    if not can_read(user, item):
        raise NotFound(f"item {item.pk} does not exist")


def readable_items(user: User) -> QuerySet[Item]:
    return Item.objects.filter(permissions.readable_items_filter(user))


def get_readable(user: User, item_id: int) -> Item:
    item = Item.objects.select_related("outlet", "lock__holder").filter(pk=item_id).first()
    if item is None or not can_read(user, item):
        raise NotFound(f"item {item_id} does not exist")
    return item
