"""iCalendar export of an outlet's planning: events (recurrence kept) and coverage deadlines.

Times are written in UTC, which every calendar client reads without a VTIMEZONE; all-day events
use DATE values (DTEND exclusive, as stored)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from toasoan.accounts.models import Outlet
from toasoan.planning.models import Coverage, CoverageStatus, Event, EventState

# Export what is recent or ahead; older planning is history, not a calendar.
HISTORY = timedelta(days=90)
_STATUS = {
    EventState.PLANNED: "CONFIRMED",
    EventState.POSTPONED: "TENTATIVE",
    EventState.CANCELLED: "CANCELLED",
}


def _uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{settings.AGENCY_DOMAIN}"


def _event_component(event: Event) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", _uid("event", event.pk))
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("summary", event.title)
    if event.all_day:
        vevent.add("dtstart", timezone.localtime(event.starts_at).date())
        vevent.add("dtend", timezone.localtime(event.ends_at).date())
    else:
        vevent.add("dtstart", event.starts_at.astimezone(UTC))
        vevent.add("dtend", event.ends_at.astimezone(UTC))
    if event.recurrence:
        vevent.add("rrule", vRecur.from_ical(event.recurrence))
    if event.description:
        vevent.add("description", event.description)
    if event.place_name:
        vevent.add("location", event.place_name)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("status", _STATUS[EventState(event.state)])
    return vevent


def _deadline_component(coverage: Coverage) -> VEvent:
    plan = coverage.planning_item
    assert coverage.deadline is not None
    vevent = VEvent()
    vevent.add("uid", _uid("coverage", coverage.pk))
    vevent.add("dtstamp", coverage.updated_at.astimezone(UTC))
    vevent.add("summary", f"{plan.slugline} ({coverage.format}): deadline")
    deadline = coverage.deadline.astimezone(UTC)
    vevent.add("dtstart", deadline)
    vevent.add("dtend", deadline)
    description = [plan.headline, coverage.note]
    vevent.add("description", "\n".join(d for d in description if d))
    vevent.add("categories", ["coverage", coverage.format])
    cancelled = coverage.status == CoverageStatus.CANCELLED
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def export(outlet: Outlet, *, since: date | None = None) -> bytes:
    if since is None:
        since_at = timezone.now() - HISTORY
    else:
        since_at = timezone.make_aware(datetime.combine(since, time.min))
    cal = Calendar()
    cal.add("prodid", "-//toasoan//planning//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{outlet.name}: planning")
    events = Event.objects.filter(outlet=outlet).exclude(ends_at__lt=since_at, recurrence="")
    for event in events.order_by("starts_at", "pk"):
        cal.add_component(_event_component(event))
    deadlines = Coverage.objects.filter(
        planning_item__outlet=outlet, deadline__gte=since_at
    ).select_related("planning_item")
    for coverage in deadlines.order_by("deadline", "pk"):
        cal.add_component(_deadline_component(coverage))
    return cal.to_ical()
