"""Event consumers of the planning app (registered on import by apps.ready).

A coverage's status follows its story: published -> completed; spiked -> cancelled; unspiked ->
in progress again. A correction or kill after publication leaves the coverage completed: the
coverage was delivered, and what happens to the story later is the story's history."""

from __future__ import annotations

from toasoan.core.events import consumer
from toasoan.core.models import DomainEvent
from toasoan.planning.models import Coverage, CoverageStatus

_STATUS_AFTER = {
    "item.publish": CoverageStatus.COMPLETED,
    "item.spike": CoverageStatus.CANCELLED,
    "item.unspike": CoverageStatus.IN_PROGRESS,
}


@consumer("planning.coverage_follows_item", events=set(_STATUS_AFTER))
def coverage_follows_item(event: DomainEvent) -> None:
    from toasoan.planning.actions import follow_item

    status = _STATUS_AFTER[event.name]
    item_id = event.payload.get("item_id")
    for coverage_id in Coverage.objects.filter(item_id=item_id).values_list("pk", flat=True):
        follow_item(coverage_id, status=status, cause=event.name)


@consumer("planning.notify_assignment", events={"planning.assignment.create"})
def notify_assignment(event: DomainEvent) -> None:
    from toasoan.planning.notifications import tell_assignees

    tell_assignees(event.payload["id"])
