"""Featured and embedded media, and the ordered groups of a package."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from toasoan.accounts.models import User
from toasoan.core.errors import InvalidInput
from toasoan.newsroom.access import can_read
from toasoan.newsroom.actions._common import authorise, load_for_write, record, state_of, touch
from toasoan.newsroom.models import Association, Item, ItemType
from toasoan.newsroom.workflow import Action

MEDIA_TYPES = {ItemType.PICTURE, ItemType.VIDEO, ItemType.AUDIO, ItemType.GRAPHIC}


def _validate(item: Item, by: User, rows: list[dict[str, Any]]) -> list[Association]:
    targets = Item.objects.in_bulk([r.get("item_id") for r in rows if r.get("item_id")])
    result, featured = [], 0
    for i, row in enumerate(rows):
        field = f"associations[{i}]"
        role, target_id = row.get("role"), row.get("item_id")
        if role not in Association.Role.values:
            raise InvalidInput("role must be featured, embedded or member", field=f"{field}.role")
        target = targets.get(target_id) if isinstance(target_id, int) else None
        if target is None or not can_read(by, target):
            raise InvalidInput("no such item", field=f"{field}.item_id")
        if target.pk == item.pk:
            raise InvalidInput("an item cannot contain itself", field=f"{field}.item_id")
        if role in ("featured", "embedded") and target.type not in MEDIA_TYPES:
            raise InvalidInput("featured and embedded items must be media", field=field)
        if role == "member" and item.type != ItemType.COMPOSITE:
            raise InvalidInput("only packages (composite items) have members", field=field)
        if role == "member" and Association.objects.filter(item=target, target=item).exists():
            raise InvalidInput("packages cannot contain each other", field=f"{field}.item_id")
        featured += role == "featured"
        group = str(row.get("group") or "main")[:40]
        position = row.get("position", i)
        if not isinstance(position, int) or position < 0:
            raise InvalidInput("must be a whole number ≥ 0", field=f"{field}.position")
        result.append(
            Association(item=item, target=target, role=role, group=group, position=position)
        )
    if featured > 1:
        raise InvalidInput("an item has at most one featured media", field="associations")
    return result


@transaction.atomic
def set_associations(
    item: Item | int, *, by: User, expected_revision: int | None, rows: list[dict[str, Any]]
) -> Item:
    """Replace all associations of the item with the given list."""
    item = load_for_write(item, expected_revision=expected_revision, by=by)
    authorise(item, Action.SAVE, by)
    new = _validate(item, by, rows)
    before = state_of(item)
    Association.objects.filter(item=item).delete()
    Association.objects.bulk_create(new)
    touch(item, by)
    item.save()
    record(item, by, "associate", before=before, details={"count": len(new)})
    return item
