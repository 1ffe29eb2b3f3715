"""Planning pages: the day/week story budget, the month/week calendar, the iCalendar file."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from toasoan.accounts.models import Outlet
from toasoan.core.errors import DomainError, InvalidInput
from toasoan.planning import fields, ics, queries
from toasoan.planning.models import CoverageFormat
from toasoan.planning.web import (
    can_start,
    desks,
    me,
    outlet_in_view,
    privileges,
    readable_outlets,
    require_read,
    writers,
)

SPANS = {"day": 1, "week": 7}


def _day_param(request: HttpRequest) -> date:
    try:
        return fields.day("date", request.GET.get("date")) or timezone.localdate()
    except InvalidInput:
        return timezone.localdate()


def _failure(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "planning/problem.html", {"message": exc.message}, status=exc.status)


@login_required
def budget(request: HttpRequest) -> HttpResponse:
    user = me(request)
    outlets = readable_outlets(user)
    try:
        outlet = outlet_in_view(request, outlets)
    except DomainError as exc:
        return _failure(request, exc)
    span = request.GET.get("span") or "day"
    span = span if span in SPANS else "day"
    first = _day_param(request)
    if span == "week":
        first -= timedelta(days=first.weekday())
    days = queries.budget(outlet, first, SPANS[span])
    step = timedelta(days=SPANS[span])
    context: dict[str, Any] = {
        "outlet": outlet,
        "outlets": outlets,
        "span": span,
        "first": first,
        "last": first + step - timedelta(days=1),
        "previous": first - step,
        "next": first + step,
        "today": timezone.localdate(),
        "days": days,
        "writers": writers(outlet),
        "desks": desks(outlet),
        "formats": CoverageFormat.choices,
        "startable": {
            c.pk
            for day in days
            for plan in day.items
            for c in plan.coverages.all()
            if can_start(user, c)
        },
        **privileges(user, outlet),
    }
    return render(request, "planning/budget.html", context)


def _month_grid(anchor: date) -> list[list[date]]:
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(anchor.year, anchor.month)
    return [list(week) for week in weeks]


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user = me(request)
    outlets = readable_outlets(user)
    try:
        outlet = outlet_in_view(request, outlets)
    except DomainError as exc:
        return _failure(request, exc)
    view = "week" if request.GET.get("view") == "week" else "month"
    anchor = _day_param(request)
    if view == "week":
        start = anchor - timedelta(days=anchor.weekday())
        weeks = [[start + timedelta(days=n) for n in range(7)]]
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
    else:
        weeks = _month_grid(anchor)
        month_start = anchor.replace(day=1)
        previous = (month_start - timedelta(days=1)).replace(day=1)
        following = (month_start + timedelta(days=32)).replace(day=1)
    first, last = weeks[0][0], weeks[-1][-1]
    grid = queries.calendar_days(outlet, first, (last - first).days + 1)
    context: dict[str, Any] = {
        "outlet": outlet,
        "outlets": outlets,
        "view": view,
        "anchor": anchor,
        "weeks": [[(day, grid.get(day, [])) for day in week] for week in weeks],
        "previous": previous,
        "next": following,
        "today": timezone.localdate(),
        **privileges(user, outlet),
    }
    return render(request, "planning/calendar.html", context)


@login_required
def ics_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The outlet's planning as an iCalendar file (events with RRULE, coverage deadlines)."""
    outlet = get_object_or_404(Outlet, slug=slug)
    try:
        require_read(me(request), outlet.pk)
    except DomainError as exc:
        return _failure(request, exc)
    response = HttpResponse(ics.export(outlet), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{outlet.slug}-planning.ics"'
    return response
