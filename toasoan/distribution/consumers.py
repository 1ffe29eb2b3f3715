"""Event handlers of the distribution app (registered on import by apps.ready).

The outbox is written by an in-transaction handler: a publish that rolls back leaves no entry,
and a publish that commits cannot lose its deliveries."""

from __future__ import annotations

from toasoan.core.events import in_transaction
from toasoan.core.models import DomainEvent
from toasoan.distribution import outbox
from toasoan.newsroom.models import Item

EVENTS = {"item.publish": "publish", "item.correct": "correct", "item.kill": "kill",
          "item.recall": "recall"}  # fmt: skip


@in_transaction("distribution.outbox", events=set(EVENTS))
def write_outbox(event: DomainEvent) -> None:
    item = Item.objects.select_related("outlet__agency").get(pk=event.payload["item_id"])
    outbox.enqueue(item, EVENTS[event.name])


from toasoan.distribution.channels import consumers as _channels  # noqa: E402, F401
