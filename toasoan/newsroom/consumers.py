"""Consumers of newsroom events: linked copies and translations learn that their source changed."""

from __future__ import annotations

from toasoan.core.events import consumer
from toasoan.core.models import DomainEvent
from toasoan.newsroom.models import Item, Notification

_MESSAGES = {
    "item.correct": ("corrected", "Tin nguồn đã được đính chính / source item corrected"),
    "item.kill": ("killed", "Tin nguồn đã bị hủy / source item killed"),
    "item.recall": ("recalled", "Tin nguồn đã bị gỡ / source item recalled"),
}


@consumer("newsroom.copies", events=set(_MESSAGES))
def tell_copies(event: DomainEvent) -> None:
    status, message = _MESSAGES[event.name]
    source_id = event.payload["item_id"]
    copies = list(Item.objects.filter(taken_from_id=source_id))
    Item.objects.filter(pk__in=[c.pk for c in copies]).update(source_changed=status)
    reason = event.payload.get("note") or event.payload.get("reason") or ""
    Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            item=copy,
            kind=f"source_{status}",
            message=f"{message}: {copy.headline}" + (f" — {reason}" if reason else ""),
        )
        for copy in copies
        for user_id in {copy.created_by_id, copy.updated_by_id}
    )


@consumer("newsroom.translations", events={"item.save", "item.correct"})
def flag_translations(event: DomainEvent) -> None:
    source_id = event.payload["item_id"]
    Item.objects.filter(translation_of_id=source_id).exclude(
        source_changed__in=["killed", "recalled"]
    ).update(source_changed="updated")
