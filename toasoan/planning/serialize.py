"""JSON-ready dicts of planning objects (the API's output shapes)."""

from __future__ import annotations

from typing import Any

from toasoan.planning.models import Assignment, Coverage, CoverageFormat, Event, PlanningItem
from toasoan.planning.models.items import LENGTH_UNIT_CODE
from toasoan.planning.queries import BudgetDay, EventOccurrence


def event_data(event: Event, occurrences: list[EventOccurrence] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": event.pk,
        "outlet": event.outlet_id,
        "title": event.title,
        "description": event.description,
        "place": {
            "name": event.place_name,
            "latitude": event.latitude,
            "longitude": event.longitude,
        },
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "all_day": event.all_day,
        "recurrence": event.recurrence,
        "subjects": event.subjects,
        "state": event.state,
        "created_by": event.created_by_id,
    }
    if occurrences is not None:
        data["occurrences"] = [occurrence_data(o) for o in occurrences]
    return data


def occurrence_data(occurrence: EventOccurrence) -> dict[str, Any]:
    return {
        "event": occurrence.event.pk,
        "title": occurrence.event.title,
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "all_day": occurrence.event.all_day,
        "state": occurrence.event.state,
    }


def assignment_data(assignment: Assignment | None) -> dict[str, Any] | None:
    if assignment is None:
        return None
    return {
        "id": assignment.pk,
        "coverage": assignment.coverage_id,
        "user": assignment.user_id,
        "user_name": assignment.user.display_name() if assignment.user else None,
        "desk": assignment.desk_id,
        "desk_name": assignment.desk.name if assignment.desk else None,
        "assigned_by": assignment.assigned_by_id,
        "assigned_at": assignment.assigned_at.isoformat(),
        "accepted_at": assignment.accepted_at.isoformat() if assignment.accepted_at else None,
        "active": assignment.active,
    }


def coverage_data(coverage: Coverage) -> dict[str, Any]:
    return {
        "id": coverage.pk,
        "planning_item": coverage.planning_item_id,
        "format": coverage.format,
        "status": coverage.status,
        "planned_length": coverage.planned_length,
        "length_unit": LENGTH_UNIT_CODE[CoverageFormat(coverage.format)],
        "deadline": coverage.deadline.isoformat() if coverage.deadline else None,
        "note": coverage.note,
        "item": coverage.item_id,
        "assignment": assignment_data(coverage.current_assignment),
    }


def planning_item_data(item: PlanningItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "outlet": item.outlet_id,
        "event": item.event_id,
        "slugline": item.slugline,
        "headline": item.headline,
        "description": item.description,
        "date": item.date.isoformat(),
        "desk": item.desk_id,
        "subjects": item.subjects,
        "urgency": item.urgency,
        "state": item.state,
        "coverages": [coverage_data(c) for c in item.coverages.all()],
    }


def budget_data(days: list[BudgetDay]) -> list[dict[str, Any]]:
    return [
        {
            "date": day.day.isoformat(),
            "items": [planning_item_data(i) for i in day.items],
            "events": [occurrence_data(o) for o in day.events],
        }
        for day in days
    ]
