"""Planning forms: event and planning item pages; coverage, assignment and start-story as htmx
partials that re-render the planning item's card (plain POST + redirect without JavaScript)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import DomainError, InvalidInput
from toasoan.planning import actions, queries
from toasoan.planning.actions.events import EVENT_FIELDS
from toasoan.planning.actions.items import ITEM_FIELDS
from toasoan.planning.models import Coverage, CoverageFormat, Event, PlanningItem
from toasoan.planning.web import (
    can_start,
    desks,
    editor_url,
    error_text,
    me,
    outlet_in_view,
    privileges,
    readable_outlets,
    require_read,
    writers,
)


def budget_url(outlet_id: int, day: Any, span: str = "day") -> str:
    query = urlencode({"outlet": outlet_id, "date": day.isoformat(), "span": span})
    return reverse("planning:budget") + "?" + query


def _posted(post: QueryDict, names: set[str], checkboxes: tuple[str, ...] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {n: post.get(n, "") for n in names if n in post}
    for name in checkboxes:
        data[name] = name in post
    return data


def _local_input(value: Any, *, day_only: bool = False) -> str:
    """A stored datetime as an HTML date / datetime-local value in Asia/Ho_Chi_Minh."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return local.strftime("%Y-%m-%d") if day_only else local.strftime("%Y-%m-%dT%H:%M")


# --- events -----------------------------------------------------------------------------------


def _event_values(event: Event | None) -> dict[str, Any]:
    if event is None:
        return {"all_day": False}
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    ends = event.ends_at - timedelta(days=1) if event.all_day else event.ends_at
    values["starts_at"] = _local_input(event.starts_at)
    values["ends_at"] = _local_input(ends)
    values["subjects"] = ", ".join(event.subjects)
    return values


@login_required
def event_form(request: HttpRequest, event_id: int | None = None) -> HttpResponse:
    user = me(request)
    event = (
        get_object_or_404(Event.objects.select_related("outlet"), pk=event_id) if event_id else None
    )
    try:
        if event is not None:
            require_read(user, event.outlet_id)
            outlet = event.outlet
        else:
            outlet = outlet_in_view(request, readable_outlets(user))
    except DomainError as exc:
        return render(request, "planning/problem.html", {"message": exc.message}, status=exc.status)
    values, error, status = _event_values(event), None, 200
    if request.method == "POST":
        data = _posted(request.POST, EVENT_FIELDS, checkboxes=("all_day",))
        try:
            if event is None:
                event = actions.create_event(by=user, outlet=outlet, data=data)
            else:
                event = actions.update_event(event, by=user, data=data)
        except DomainError as exc:
            values, error, status = {**values, **data}, exc, exc.status
        else:
            day = timezone.localtime(event.starts_at).date()
            query = urlencode({"outlet": outlet.pk, "date": day.isoformat()})
            return redirect(reverse("planning:calendar") + "?" + query)
    context = {
        "outlet": outlet,
        "event": event,
        "values": values,
        "error": error_text(error) if error else None,
        "error_field": error.field if error else None,
        **privileges(user, outlet),
    }
    return render(request, "planning/event_form.html", context, status=status)


@login_required
@require_POST
def event_state(request: HttpRequest, event_id: int, action: str) -> HttpResponse:
    user = me(request)
    event = get_object_or_404(Event, pk=event_id)
    change = {
        "cancel": actions.cancel_event,
        "postpone": actions.postpone_event,
        "reinstate": actions.reinstate_event,
    }.get(action)
    try:
        require_read(user, event.outlet_id)
        if change is None:
            raise InvalidInput("unknown action", field="action")
        change(event, by=user)
    except DomainError as exc:
        return render(
            request, "planning/problem.html", {"message": error_text(exc)}, status=exc.status
        )
    return redirect(reverse("planning:event_edit", args=[event.pk]))


# --- planning items ---------------------------------------------------------------------------


@login_required
def planning_item_form(request: HttpRequest, item_id: int | None = None) -> HttpResponse:
    user = me(request)
    plan = (
        get_object_or_404(PlanningItem.objects.select_related("outlet"), pk=item_id)
        if item_id
        else None
    )
    try:
        if plan is not None:
            require_read(user, plan.outlet_id)
            outlet: Outlet = plan.outlet
        else:
            outlet = outlet_in_view(request, readable_outlets(user))
    except DomainError as exc:
        return render(request, "planning/problem.html", {"message": exc.message}, status=exc.status)
    if plan is not None:
        values: dict[str, Any] = {name: getattr(plan, name) for name in ITEM_FIELDS}
        values.update(event=plan.event_id, desk=plan.desk_id, date=plan.date.isoformat())
        values["subjects"] = ", ".join(plan.subjects)
    else:
        values = {
            "date": request.GET.get("date") or timezone.localdate().isoformat(),
            "event": request.GET.get("event", ""),
            "urgency": 5,
        }
    error, status = None, 200
    if request.method == "POST":
        data = _posted(request.POST, ITEM_FIELDS)
        try:
            if plan is None:
                plan = actions.create_planning_item(by=user, outlet=outlet, data=data)
            else:
                plan = actions.update_planning_item(plan, by=user, data=data)
        except DomainError as exc:
            values, error, status = {**values, **data}, exc, exc.status
        else:
            return redirect(budget_url(outlet.pk, plan.date) + f"#plan-{plan.pk}")
    today = timezone.localdate()
    context = {
        "outlet": outlet,
        "plan": plan,
        "values": values,
        "error": error_text(error) if error else None,
        "error_field": error.field if error else None,
        "desks": desks(outlet),
        "events": [
            o.event
            for o in _unique(queries.event_occurrences(outlet, today - timedelta(days=7), 90))
        ],
        **privileges(user, outlet),
    }
    return render(request, "planning/item_form.html", context, status=status)


def _unique(found: list[queries.EventOccurrence]) -> list[queries.EventOccurrence]:
    seen: dict[int, queries.EventOccurrence] = {}
    for occurrence in found:
        seen.setdefault(occurrence.event.pk, occurrence)
    return list(seen.values())


@login_required
@require_POST
def cancel_planning_item(request: HttpRequest, item_id: int) -> HttpResponse:
    plan = get_object_or_404(PlanningItem, pk=item_id)
    return _card_action(request, plan, lambda user: actions.cancel_planning_item(plan, by=user))


# --- the card: coverages, assignments, start story --------------------------------------------


def card_context(
    request: HttpRequest, plan: PlanningItem, error: str | None = None
) -> dict[str, Any]:
    user = me(request)
    fresh = (
        PlanningItem.objects.filter(pk=plan.pk)
        .select_related("desk", "event", "outlet")
        .prefetch_related(queries._coverages())
        .get()
    )
    return {
        "plan": fresh,
        "outlet": fresh.outlet,
        "writers": writers(fresh.outlet),
        "desks": desks(fresh.outlet),
        "formats": CoverageFormat.choices,
        "card_error": error,
        "startable": {c.pk for c in fresh.coverages.all() if can_start(user, c)},
        **privileges(user, fresh.outlet),
    }


def _card_action(request: HttpRequest, plan: PlanningItem, act: Any) -> HttpResponse:
    """Run an action on the card; htmx gets the card back, a plain form a redirect."""
    user = me(request)
    error: DomainError | None = None
    try:
        require_read(user, plan.outlet_id)
        act(user)
    except DomainError as exc:
        error = exc
    return _card_response(request, plan, error)


def _card_response(
    request: HttpRequest, plan: PlanningItem, error: DomainError | None
) -> HttpResponse:
    readable = permissions.has(me(request), Privilege.READ, plan.outlet_id)
    if request.htmx and readable:  # type: ignore[attr-defined]
        context = card_context(request, plan, error_text(error) if error else None)
        return render(
            request, "planning/_plan_card.html", context, status=error.status if error else 200
        )
    if error is not None:
        return render(
            request, "planning/problem.html", {"message": error_text(error)}, status=error.status
        )
    return redirect(budget_url(plan.outlet_id, plan.date) + f"#plan-{plan.pk}")


@login_required
@require_POST
def add_coverage(request: HttpRequest, item_id: int) -> HttpResponse:
    plan = get_object_or_404(PlanningItem, pk=item_id)
    data = _posted(request.POST, {"format", "planned_length", "deadline", "note"})
    return _card_action(request, plan, lambda user: actions.add_coverage(plan, by=user, data=data))


def _coverage(coverage_id: int) -> Coverage:
    return get_object_or_404(Coverage.objects.select_related("planning_item"), pk=coverage_id)


@login_required
@require_POST
def cancel_coverage(request: HttpRequest, coverage_id: int) -> HttpResponse:
    coverage = _coverage(coverage_id)
    return _card_action(
        request, coverage.planning_item, lambda user: actions.cancel_coverage(coverage, by=user)
    )


def _assignee(outlet_id: int, value: str) -> tuple[User | None, Desk | None]:
    """The form's one select names "user:<id>" or "desk:<id>"."""
    kind, _, pk = value.partition(":")
    if kind == "user" and pk.isdigit():
        person = User.objects.filter(pk=int(pk), is_active=True).first()
        if person is not None:
            return person, None
    if kind == "desk" and pk.isdigit():
        desk = Desk.objects.filter(pk=int(pk), outlet_id=outlet_id).first()
        if desk is not None:
            return None, desk
    raise InvalidInput("choose a person or a desk", field="user")


@login_required
@require_POST
def assign(request: HttpRequest, coverage_id: int) -> HttpResponse:
    coverage = _coverage(coverage_id)
    plan = coverage.planning_item

    def act(user: User) -> None:
        person, desk = _assignee(plan.outlet_id, request.POST.get("assignee", ""))
        actions.assign(coverage, by=user, user=person, desk=desk)

    return _card_action(request, plan, act)


@login_required
@require_POST
def start_story(request: HttpRequest, coverage_id: int) -> HttpResponse:
    """Create the draft and open it in the editor ("Bắt đầu viết")."""
    user = me(request)
    coverage = _coverage(coverage_id)
    plan = coverage.planning_item
    try:
        require_read(user, plan.outlet_id)
        item = actions.start_story(coverage, by=user)
    except DomainError as exc:
        return _card_response(request, plan, exc)
    target = editor_url(item.pk)
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)
