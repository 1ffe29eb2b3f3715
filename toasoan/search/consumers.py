"""The index follows the newsroom: every item event reindexes the item (after commit, by task)."""

from __future__ import annotations

from toasoan.core.events import consumer
from toasoan.core.models import DomainEvent
from toasoan.search import alerts
from toasoan.search.service import index_items

ITEM_EVENTS = {
    f"item.{name}"
    for name in (
        "create",
        "save",
        "restore",
        "submit",
        "move",
        "approve",
        "publish",
        "schedule",
        "unschedule",
        "correct",
        "kill",
        "recall",
        "spike",
        "unspike",
        "duplicate",
        "translate",
        "update",
        "take",
        "associate",
        "crop",
    )
}


@consumer("search.index", events=ITEM_EVENTS)
def reindex(event: DomainEvent) -> None:
    index_items([event.payload["item_id"]])


@consumer("search.alerts", events={"item.publish", "item.correct"})
def alert(event: DomainEvent) -> None:
    alerts.notify_matches(event.payload["item_id"])
