from __future__ import annotations

from django_tasks import task

from toasoan.newsroom.actions import publish_due


@task()
def publish_scheduled(item_id: int, due: str) -> list[int]:
    """Runs at the scheduled time; publishes every due item (this one included)."""
    return publish_due()
