"""Demo planning for an outlet: a weekly briefing, a press conference, a fair, and a budget.

Called by the demo loader with the users `organisation.build()` returns, e.g.
`load(users["tinnhanh"])`. Dates are relative to today so the budget is never empty. Everything
goes through the actions, like any other planning. Loading twice adds nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from toasoan.accounts.models import User
from toasoan.planning import actions
from toasoan.planning.models import Event


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load(users: dict[str, User]) -> int:
    """Create the demo planning in the outlet of these users (role slug -> user); returns
    how many planning items were made."""
    chief, reporter = users["desk_chief"], users["reporter"]
    outlet = chief.memberships.get().outlet
    if outlet is None or Event.objects.filter(outlet=outlet).exists():
        return 0
    desk = outlet.desks.order_by("pk").first()
    briefing = actions.create_event(
        by=chief,
        outlet=outlet,
        data={
            "title": "Giao ban biên tập sáng",
            "starts_at": _at(0, 8, 30),
            "ends_at": _at(0, 9, 0),
            "recurrence": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "place_name": "Phòng họp tầng 3",
        },
    )
    press = actions.create_event(
        by=chief,
        outlet=outlet,
        data={
            "title": "Họp báo Chính phủ thường kỳ",
            "description": "Người phát ngôn Chính phủ trả lời báo chí về kinh tế - xã hội.",
            "starts_at": _at(1, 16),
            "ends_at": _at(1, 18),
            "place_name": "Văn phòng Chính phủ, 1 Hoàng Hoa Thám, Hà Nội",
            "latitude": 21.0397,
            "longitude": 105.8339,
            "subjects": ["11000000"],
        },
    )
    actions.create_event(
        by=chief,
        outlet=outlet,
        data={
            "title": "Hội chợ Nông sản Việt",
            "starts_at": _at(3, 0),
            "ends_at": _at(5, 0),
            "all_day": True,
            "place_name": "Trung tâm Triển lãm Giảng Võ",
        },
    )
    plans = [
        (
            "hop-bao-chinh-phu",
            "Chính phủ họp báo thường kỳ",
            1,
            press,
            2,
            [("text", 800, 1, 19), ("photo", 6, 1, 18), ("video", 120, 1, 20)],
        ),
        (
            "gia-xang-ky-dieu-hanh",
            "Giá xăng dầu kỳ điều hành mới",
            0,
            None,
            3,
            [("text", 500, 0, 15), ("graphic", 1, 0, 16)],
        ),
        ("giao-ban-tuan", "Tổng hợp giao ban đầu tuần", 0, briefing, 6, [("text", 400, 0, 11)]),
    ]
    for slug, headline, days, event, urgency, coverages in plans:
        plan = actions.create_planning_item(
            by=chief,
            outlet=outlet,
            data={
                "slugline": slug,
                "headline": headline,
                "date": timezone.localdate() + timedelta(days=days),
                "event": event.pk if event else None,
                "desk": desk.pk if desk else None,
                "urgency": urgency,
            },
        )
        for n, (kind, length, due_days, due_hour) in enumerate(coverages):
            coverage = actions.add_coverage(
                plan,
                by=chief,
                data={
                    "format": kind,
                    "planned_length": length,
                    "deadline": _at(due_days, due_hour),
                },
            )
            if n == 0:
                actions.assign(coverage, by=chief, user=reporter)
            elif desk is not None:
                actions.assign(coverage, by=chief, desk=desk)
    return len(plans)
