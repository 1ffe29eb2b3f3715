"""Domain events that put items on the outlets' channels (registered on import)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from toasoan.core.events import consumer
from toasoan.core.models import DomainEvent
from toasoan.distribution.channels import admin as _admin  # noqa: F401  (registers admin pages)
from toasoan.distribution.channels.models import Channel
from toasoan.newsroom.models import PublishedVersion

_ACTIONS = {"item.publish": "publish", "item.correct": "correct", "item.kill": "kill",
            "item.recall": "recall"}  # fmt: skip


@consumer("distribution.channels", events=set(_ACTIONS))
def queue_channel_posts(event: DomainEvent) -> None:
    """Queue the platform calls (they run outside this transaction); an embargo holds them."""
    from toasoan.distribution.channels.tasks import post_to_channels

    item_id, version = event.payload.get("item_id"), event.payload.get("version")
    if not item_id or not version:
        return
    pv = PublishedVersion.objects.filter(item_id=item_id, version=version).select_related("item")
    published = pv.first()
    if published is None:
        return
    if not Channel.objects.filter(outlet_id=published.item.outlet_id, active=True).exists():
        return
    action = _ACTIONS[event.name]
    release: datetime = published.release_at
    task = post_to_channels
    if action in ("publish", "correct") and release > timezone.now():
        task = post_to_channels.using(run_after=release)
    task.enqueue(item_id, version, action)
