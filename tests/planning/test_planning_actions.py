"""Planning actions: validation names the field, permissions per outlet, audit and events."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Org
from tests.planning.conftest import local
from toasoan.accounts.models import AuditEntry
from toasoan.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from toasoan.core.models import DomainEvent
from toasoan.newsroom.models import Item
from toasoan.planning import actions
from toasoan.planning.models import Coverage, CoverageStatus, Event, EventState, PlanningItem


def _event_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Kỳ họp Quốc hội",
        "starts_at": "2026-12-01T08:00",
        "ends_at": "2026-12-01T11:30",
    }
    data.update(overrides)
    return data


def test_create_event_normalises_text_reads_local_time_and_audits(org: Org) -> None:
    event = actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data=_event_data(
            title="  Ky\u0300 ho\u0323p Quốc hội  ", recurrence="RRULE:FREQ=WEEKLY;BYDAY=TU"
        ),
    )
    assert event.title == "Kỳ họp Quốc hội"  # NFC, trimmed
    assert timezone.localtime(event.starts_at).hour == 8  # read in Asia/Ho_Chi_Minh
    assert event.starts_at.astimezone(UTC).hour == 1
    assert event.recurrence == "FREQ=WEEKLY;BYDAY=TU"
    entry = AuditEntry.objects.get(object_type="event", object_id=str(event.pk))
    assert entry.action == "event.create" and entry.actor_name == "a_editor"
    assert DomainEvent.objects.filter(name="planning.event.create", payload__id=event.pk).exists()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (_event_data(title=""), "title", "required"),
        (_event_data(ends_at="2026-12-01T07:00"), "ends_at", "before the start"),
        (_event_data(starts_at="hôm nay"), "starts_at", "date-time"),
        (_event_data(recurrence="FREQ=HOURLY"), "recurrence", "FREQ"),
        (_event_data(recurrence="FREQ=WEEKLY;BYDAY=XX"), "recurrence", "not a valid RRULE"),
        (_event_data(recurrence="FREQ=DAILY;COUNT=3;UNTIL=20261231"), "recurrence", "both"),
        (_event_data(latitude=91, longitude=10), "latitude", "between"),
        (_event_data(latitude=21.0), "longitude", "together"),
        (_event_data(colour="red"), "colour", "unknown field"),
        (_event_data(subjects=["99999999"]), "subjects[0]", ""),
    ],
)
def test_bad_event_input_names_the_field_and_writes_nothing(
    org: Org, data: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        actions.create_event(by=org.user("a_editor"), outlet=org.a, data=data)
    assert caught.value.field == field
    assert words in caught.value.message
    assert not Event.objects.exists()
    assert not AuditEntry.objects.filter(object_type="event").exists()


def test_until_without_zone_is_the_end_of_that_local_day_in_utc(org: Org) -> None:
    event = actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data=_event_data(recurrence="FREQ=DAILY;UNTIL=20261205"),
    )
    assert event.recurrence == "FREQ=DAILY;UNTIL=20261205T165959Z"


def test_all_day_event_covers_whole_local_days(org: Org) -> None:
    event = actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data={
            "title": "Hội chợ",
            "starts_at": "2026-12-10T09:00",
            "ends_at": "2026-12-12",
            "all_day": True,
        },
    )
    assert timezone.localtime(event.starts_at) == local(2026, 12, 10)
    assert timezone.localtime(event.ends_at) == local(2026, 12, 13)  # exclusive end
    actions.update_event(event, by=org.user("a_editor"), data={"title": "Hội chợ Xuân"})
    event.refresh_from_db()
    assert timezone.localtime(event.ends_at) == local(2026, 12, 13)  # unchanged by a title edit


def test_planning_needs_the_plan_privilege_in_that_outlet(org: Org, event: Event) -> None:
    with pytest.raises(Forbidden):
        actions.create_event(by=org.user("a_reporter"), outlet=org.a, data=_event_data())
    with pytest.raises(Forbidden):
        actions.create_event(by=org.user("b_chief"), outlet=org.a, data=_event_data())
    with pytest.raises(Forbidden):
        actions.update_event(event, by=org.user("b_chief"), data={"title": "x"})


def test_event_update_cancel_and_states(org: Org, event: Event) -> None:
    editor = org.user("a_editor")
    actions.update_event(event, by=editor, data={"ends_at": local(2026, 12, 3, 18)})
    actions.postpone_event(event, by=editor)
    assert Event.objects.get(pk=event.pk).state == EventState.POSTPONED
    actions.reinstate_event(event, by=editor)
    actions.cancel_event(event, by=editor)
    with pytest.raises(IllegalTransition):
        actions.update_event(event, by=editor, data={"title": "x"})
    actions_done = list(
        AuditEntry.objects.filter(object_type="event")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions_done == [
        "event.create",
        "event.update",
        "event.postpone",
        "event.reinstate",
        "event.cancel",
    ]


def test_planning_item_validates_desk_and_event_of_the_same_outlet(org: Org, event: Event) -> None:
    editor = org.user("a_editor")
    base = {"slugline": "bao-so-15", "date": "2026-12-03"}
    with pytest.raises(InvalidInput) as caught:
        actions.create_planning_item(by=editor, outlet=org.a, data={**base, "desk": org.desk_b.pk})
    assert caught.value.field == "desk"
    with pytest.raises(InvalidInput) as caught:
        actions.create_planning_item(
            by=org.user("b_chief"), outlet=org.b, data={**base, "event": event.pk}
        )
    assert caught.value.field == "event"
    with pytest.raises(InvalidInput) as caught:
        actions.create_planning_item(by=editor, outlet=org.a, data={**base, "urgency": 12})
    assert caught.value.field == "urgency"
    with pytest.raises(InvalidInput) as caught:
        actions.create_planning_item(
            by=editor, outlet=org.a, data={"slugline": "x", "date": "3/12"}
        )
    assert caught.value.field == "date"
    assert not PlanningItem.objects.exists()


def test_unknown_coverage_format_is_refused(org: Org, plan: PlanningItem) -> None:
    with pytest.raises(InvalidInput) as caught:
        actions.add_coverage(plan, by=org.user("a_editor"), data={"format": "podcast"})
    assert caught.value.field == "format"
    assert "text, photo, video, graphic, audio" in caught.value.message
    assert not Coverage.objects.exists()


def test_assign_needs_assign_privilege_and_a_writer_of_the_outlet(
    org: Org, coverage: Coverage
) -> None:
    with pytest.raises(Forbidden):
        actions.assign(coverage, by=org.user("a_editor"), user=org.user("a_reporter"))
    with pytest.raises(InvalidInput) as caught:
        actions.assign(coverage, by=org.user("a_chief"), user=org.user("b_reporter"))
    assert caught.value.field == "user"
    with pytest.raises(InvalidInput) as caught:
        actions.assign(coverage, by=org.user("a_chief"), desk=org.desk_b)
    assert caught.value.field == "desk"
    assert Coverage.objects.get(pk=coverage.pk).status == CoverageStatus.PLANNED


def test_reassigning_ends_the_earlier_assignment(org: Org, coverage: Coverage) -> None:
    chief = org.user("a_chief")
    first = actions.assign(coverage, by=chief, user=org.user("a_reporter"))
    second = actions.assign(coverage, by=chief, desk=org.desk_a2)
    first.refresh_from_db()
    assert not first.active and second.active
    fresh = Coverage.objects.get(pk=coverage.pk)
    assert fresh.status == CoverageStatus.ASSIGNED
    assert fresh.current_assignment == second


def test_start_story_creates_the_linked_draft(org: Org, coverage: Coverage) -> None:
    reporter = org.user("a_reporter")
    actions.assign(coverage, by=org.user("a_chief"), user=reporter)
    with pytest.raises(Forbidden):
        actions.start_story(coverage, by=org.user("a_reporter2"))
    item = actions.start_story(coverage, by=reporter)
    assert isinstance(item, Item)
    assert (item.type, item.state, item.outlet_id, item.desk_id) == (
        "text",
        "draft",
        org.a.pk,
        org.desk_a.pk,
    )
    assert item.slugline == "hop-bao-chinh-phu"
    assert item.headline == "Chính phủ họp báo thường kỳ tháng 12"
    assert item.urgency == 3 and item.created_by == reporter
    fresh = Coverage.objects.get(pk=coverage.pk)
    assert fresh.item == item and fresh.status == CoverageStatus.IN_PROGRESS
    assert fresh.current_assignment is not None and fresh.current_assignment.accepted
    with pytest.raises(Conflict):
        actions.start_story(coverage, by=reporter)


def test_photo_coverage_for_a_desk_starts_a_picture_for_any_writer(
    org: Org, plan: PlanningItem
) -> None:
    photo = actions.add_coverage(plan, by=org.user("a_editor"), data={"format": "photo"})
    with pytest.raises(IllegalTransition):
        actions.start_story(photo, by=org.user("a_reporter2"))  # not assigned yet
    actions.assign(photo, by=org.user("a_chief"), desk=org.desk_a2)
    item = actions.start_story(photo, by=org.user("a_reporter2"))
    assert item.type == "picture"
    with pytest.raises(Forbidden):
        actions.accept(photo, by=org.user("b_reporter"))


def test_cancelling_a_planning_item_cancels_its_open_coverages(
    org: Org, plan: PlanningItem, coverage: Coverage
) -> None:
    actions.cancel_planning_item(plan, by=org.user("a_editor"))
    assert Coverage.objects.get(pk=coverage.pk).status == CoverageStatus.CANCELLED
    with pytest.raises(IllegalTransition):
        actions.add_coverage(plan, by=org.user("a_editor"), data={"format": "video"})
    with pytest.raises(IllegalTransition):
        actions.assign(coverage, by=org.user("a_chief"), user=org.user("a_reporter"))


def test_coverage_update_and_deadline_parsing(org: Org, coverage: Coverage) -> None:
    actions.update_coverage(
        coverage,
        by=org.user("a_editor"),
        data={"deadline": "2026-12-03T20:30+07:00", "note": "Ảnh ngang", "planned_length": "800"},
    )
    fresh = Coverage.objects.get(pk=coverage.pk)
    assert fresh.planned_length == 800 and fresh.note == "Ảnh ngang"
    assert fresh.deadline == local(2026, 12, 3, 20, 30)
    with pytest.raises(InvalidInput) as caught:
        actions.update_coverage(coverage, by=org.user("a_editor"), data={"planned_length": -1})
    assert caught.value.field == "planned_length"
    assert fresh.deadline - local(2026, 12, 3, 19) == timedelta(minutes=90)
