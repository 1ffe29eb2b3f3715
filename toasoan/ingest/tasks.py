"""Background work of the ingest app."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from toasoan.ingest.models import Feed


@task()
def poll_feed(feed_id: int) -> dict[str, Any]:
    from toasoan.ingest.polling import poll

    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        return {}
    return poll(feed).as_dict()
