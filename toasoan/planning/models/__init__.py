from toasoan.planning.models.events import Event, EventState
from toasoan.planning.models.items import (
    ITEM_TYPE_OF_FORMAT,
    Assignment,
    Coverage,
    CoverageFormat,
    CoverageStatus,
    PlanningItem,
    PlanningState,
)

__all__ = [
    "ITEM_TYPE_OF_FORMAT",
    "Assignment",
    "Coverage",
    "CoverageFormat",
    "CoverageStatus",
    "Event",
    "EventState",
    "PlanningItem",
    "PlanningState",
]
