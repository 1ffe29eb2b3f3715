"""Planning fixtures: a planned event, a planning item with a text coverage, in outlet A."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from toasoan.planning import actions
from toasoan.planning.models import Coverage, Event, PlanningItem

DAY = date(2026, 12, 3)  # a Thursday


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def event(org: Any) -> Event:
    return actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data={
            "title": "Họp báo Chính phủ thường kỳ",
            "place_name": "Văn phòng Chính phủ, Hà Nội",
            "latitude": 21.0368,
            "longitude": 105.8342,
            "starts_at": local(2026, 12, 3, 15),
            "ends_at": local(2026, 12, 3, 17),
        },
    )


@pytest.fixture
def plan(org: Any, event: Event) -> PlanningItem:
    return actions.create_planning_item(
        by=org.user("a_editor"),
        outlet=org.a,
        data={
            "event": event.pk,
            "slugline": "hop-bao-chinh-phu",
            "headline": "Chính phủ họp báo thường kỳ tháng 12",
            "date": DAY,
            "desk": org.desk_a.pk,
            "urgency": 3,
        },
    )


@pytest.fixture
def coverage(org: Any, plan: PlanningItem) -> Coverage:
    return actions.add_coverage(
        plan,
        by=org.user("a_editor"),
        data={"format": "text", "planned_length": 600, "deadline": local(2026, 12, 3, 19)},
    )
