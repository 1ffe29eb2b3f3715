"""Budget grouping per local day and week, recurring occurrences, and the iCalendar export."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from tests.conftest import Org
from tests.planning.conftest import DAY, local
from toasoan.planning import actions, ics, queries
from toasoan.planning.models import Coverage, Event, PlanningItem


def _plan(org: Org, slug: str, day: date, urgency: int = 5) -> PlanningItem:
    return actions.create_planning_item(
        by=org.user("a_editor"),
        outlet=org.a,
        data={"slugline": slug, "date": day, "urgency": urgency},
    )


def test_day_budget_lists_that_days_items_by_urgency_with_coverages(
    org: Org, plan: PlanningItem, coverage: Coverage
) -> None:
    _plan(org, "gia-vang", DAY, urgency=1)
    _plan(org, "hom-sau", date(2026, 12, 4))
    actions.create_planning_item(
        by=org.user("b_chief"), outlet=org.b, data={"slugline": "other-outlet", "date": DAY}
    )
    (day,) = queries.budget(org.a, DAY, 1)
    assert [p.slugline for p in day.items] == ["gia-vang", "hop-bao-chinh-phu"]
    assert [c.pk for c in day.items[1].coverages.all()] == [coverage.pk]
    assert [o.event.title for o in day.events] == ["Họp báo Chính phủ thường kỳ"]


def test_week_budget_has_seven_days_from_monday(org: Org, plan: PlanningItem) -> None:
    _plan(org, "chu-nhat", date(2026, 12, 6))
    _plan(org, "thu-hai-sau", date(2026, 12, 7))
    week = queries.budget(org.a, date(2026, 11, 30), 7)
    assert week[0].day == date(2026, 11, 30) and len(week) == 7
    filled = {d.day: [p.slugline for p in d.items] for d in week if d.items}
    assert filled == {DAY: ["hop-bao-chinh-phu"], date(2026, 12, 6): ["chu-nhat"]}


def test_recurring_event_occurs_on_each_matching_local_day_until_its_end(org: Org) -> None:
    # 07:30 Hanoi time is 00:30 UTC: the local day must decide, not the UTC one.
    actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data={
            "title": "Giao ban sáng",
            "starts_at": local(2026, 12, 1, 7, 30),
            "ends_at": local(2026, 12, 1, 8, 0),
            "recurrence": "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261210",
        },
    )
    grid = queries.calendar_days(org.a, date(2026, 11, 30), 21)
    days = sorted(d for d, found in grid.items() if found)
    assert days == [date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 8), date(2026, 12, 10)]
    occurrence = grid[date(2026, 12, 8)][0]
    assert occurrence.start == local(2026, 12, 8, 7, 30)


def test_multi_day_all_day_event_fills_each_of_its_days(org: Org) -> None:
    actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data={
            "title": "Hội chợ",
            "starts_at": "2026-12-10",
            "ends_at": "2026-12-12",
            "all_day": True,
        },
    )
    grid = queries.calendar_days(org.a, date(2026, 12, 1), 31)
    assert sorted(d.day for d in grid) == [10, 11, 12]


def test_ics_export_parses_back_with_recurrence_and_coverage_deadlines(
    org: Org, event: Event, coverage: Coverage
) -> None:
    actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data={
            "title": "Giao ban tuần",
            "starts_at": local(2026, 12, 7, 8),
            "recurrence": "FREQ=WEEKLY;BYDAY=MO;COUNT=10",
        },
    )
    actions.create_event(
        by=org.user("a_editor"),
        outlet=org.a,
        data={"title": "Tết Dương lịch", "starts_at": "2027-01-01", "all_day": True},
    )
    parsed = Calendar.from_ical(ics.export(org.a, since=date(2026, 11, 1)))
    by_summary = {str(c["SUMMARY"]): c for c in parsed.walk("VEVENT")}
    assert set(by_summary) == {
        "Họp báo Chính phủ thường kỳ",
        "Giao ban tuần",
        "Tết Dương lịch",
        "hop-bao-chinh-phu (text): deadline",
    }
    weekly = by_summary["Giao ban tuần"]
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["COUNT"] == [10]
    assert weekly.decoded("DTSTART") == local(2026, 12, 7, 8)
    press = by_summary["Họp báo Chính phủ thường kỳ"]
    assert str(press["LOCATION"]) == "Văn phòng Chính phủ, Hà Nội"
    assert press.decoded("DTEND") == local(2026, 12, 3, 17)
    holiday = by_summary["Tết Dương lịch"]
    assert holiday.decoded("DTSTART") == date(2027, 1, 1)
    assert holiday.decoded("DTEND") == date(2027, 1, 2)
    assert by_summary["hop-bao-chinh-phu (text): deadline"].decoded("DTSTART") == local(
        2026, 12, 3, 19
    )
