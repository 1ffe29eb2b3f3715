from __future__ import annotations

from django_tasks import task

from toasoan.core import events


@task()
def deliver_event(event_id: int) -> int:
    return events.deliver(event_id)
