"""Every state change of the planning app: one function each, in one transaction, with the
permission check, audit entry and domain event."""

from toasoan.planning.actions.coverages import (
    accept,
    add_coverage,
    assign,
    cancel_coverage,
    follow_item,
    start_story,
    update_coverage,
)
from toasoan.planning.actions.events import (
    cancel_event,
    create_event,
    postpone_event,
    reinstate_event,
    update_event,
)
from toasoan.planning.actions.items import (
    cancel_planning_item,
    create_planning_item,
    update_planning_item,
)

__all__ = [
    "accept",
    "add_coverage",
    "assign",
    "cancel_coverage",
    "cancel_event",
    "cancel_planning_item",
    "create_event",
    "create_planning_item",
    "follow_item",
    "postpone_event",
    "reinstate_event",
    "start_story",
    "update_coverage",
    "update_event",
    "update_planning_item",
]
