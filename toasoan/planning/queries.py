"""Read-side of planning: the story budget, the calendar, a person's assignments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from toasoan.accounts import permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.planning.models import Assignment, Coverage, CoverageStatus, Event, PlanningItem
from toasoan.planning.recurrence import Occurrence, occurrences

OPEN_STATUSES = (CoverageStatus.PLANNED, CoverageStatus.ASSIGNED, CoverageStatus.IN_PROGRESS)


@dataclass(frozen=True)
class EventOccurrence:
    event: Event
    start: datetime
    end: datetime

    @property
    def last_day(self) -> date:
        """The local day the occurrence ends on (all-day ends are exclusive midnights)."""
        end = timezone.localtime(self.end)
        if self.event.all_day or (end.time() == time.min and self.end > self.start):
            return (end - timedelta(days=1)).date()
        return end.date()


@dataclass
class BudgetDay:
    day: date
    items: list[PlanningItem] = field(default_factory=list)
    events: list[EventOccurrence] = field(default_factory=list)


def local_window(first: date, days: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(first + timedelta(days=days), time.min))
    return start, end


def event_occurrences(outlet: Outlet, first: date, days: int) -> list[EventOccurrence]:
    """Occurrences (recurring events expanded) that overlap the local days [first, first+days)."""
    window = local_window(first, days)
    candidates = Event.objects.filter(outlet=outlet, starts_at__lt=window[1]).filter(
        Q(ends_at__gte=window[0]) | ~Q(recurrence="")
    )
    found: list[EventOccurrence] = []
    for event in candidates:
        spans: list[Occurrence] = occurrences(
            event.starts_at, event.ends_at, event.recurrence, window
        )
        found.extend(EventOccurrence(event, o.start, o.end) for o in spans)
    found.sort(key=lambda o: (o.start, o.event.pk))
    return found


def _coverages() -> Prefetch[str]:
    live = Assignment.objects.filter(active=True).select_related("user", "desk")
    return Prefetch(
        "coverages",
        queryset=Coverage.objects.select_related("item").prefetch_related(
            Prefetch("assignments", queryset=live)
        ),
    )


def budget(outlet: Outlet, first: date, days: int) -> list[BudgetDay]:
    """Planning items and events of each local day from `first`, for `days` days."""
    by_day = {first + timedelta(days=n): BudgetDay(first + timedelta(days=n)) for n in range(days)}
    items = (
        PlanningItem.objects.filter(
            outlet=outlet, date__gte=first, date__lt=first + timedelta(days)
        )
        .select_related("desk", "event")
        .prefetch_related(_coverages())
        .order_by("date", "urgency", "pk")
    )
    for item in items:
        by_day[item.date].items.append(item)
    for occurrence in event_occurrences(outlet, first, days):
        day = max(timezone.localtime(occurrence.start).date(), first)
        while day in by_day and day <= occurrence.last_day:
            by_day[day].events.append(occurrence)
            day += timedelta(days=1)
    return list(by_day.values())


def calendar_days(outlet: Outlet, first: date, days: int) -> dict[date, list[EventOccurrence]]:
    """For a grid: each day's occurrences (a multi-day event appears on each of its days)."""
    grid: dict[date, list[EventOccurrence]] = defaultdict(list)
    last = first + timedelta(days=days - 1)
    for occurrence in event_occurrences(outlet, first, days):
        day = max(timezone.localtime(occurrence.start).date(), first)
        while day <= min(occurrence.last_day, last):
            grid[day].append(occurrence)
            day += timedelta(days=1)
    return grid


def my_assignments(user: User) -> list[Assignment]:
    """Open assignments of the user, and of desks in outlets where the user writes."""
    outlets = permissions.outlets_with(user, Privilege.CREATE).values_list("pk", flat=True)
    return list(
        Assignment.objects.filter(active=True, coverage__status__in=OPEN_STATUSES)
        .filter(Q(user=user) | Q(desk__outlet_id__in=list(outlets)))
        .exclude(coverage__planning_item__state="cancelled")
        .select_related(
            "coverage__planning_item__outlet", "coverage__item", "desk", "user", "assigned_by"
        )
        .order_by("coverage__deadline", "coverage__planning_item__date", "pk")[:100]
    )
