"""/api/v1 routes of the planning app: events, planning items, coverages, assignments, budget,
iCalendar export. Bodies are validated by the actions (one set of rules for API and forms)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Body, Router

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.api.auth import user_of
from toasoan.core.errors import InvalidInput, NotFound
from toasoan.planning import actions, fields, ics, queries, serialize
from toasoan.planning.models import Coverage, Event, PlanningItem

router = Router(tags=["planning"])
M = TypeVar("M", bound=models.Model)
SPANS = {"day": 1, "week": 7}


def readable_outlet(user: User, outlet_id: Any) -> Outlet:
    """The outlet, if the user may read its planning; other outlets look nonexistent."""
    pk = fields.number("outlet", outlet_id, low=1, high=2**62, whole=True)
    if pk is None:
        raise InvalidInput("is required", field="outlet")
    outlet = Outlet.objects.filter(pk=pk).first()
    if outlet is None or not permissions.has(user, Privilege.READ, outlet):
        raise NotFound(f"outlet {pk} does not exist", field="outlet")
    return outlet


def _readable(user: User, model: type[M], pk: int, outlet_path: str) -> M:
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None or not permissions.has(user, Privilege.READ, _follow(obj, outlet_path)):
        raise NotFound(f"{model._meta.verbose_name} {pk} does not exist")
    return obj


def _follow(obj: Any, path: str) -> int:
    for step in path.split("."):
        obj = getattr(obj, step)
    return int(obj)


def _event(user: User, pk: int) -> Event:
    return _readable(user, Event, pk, "outlet_id")


def _plan(user: User, pk: int) -> PlanningItem:
    return _readable(user, PlanningItem, pk, "outlet_id")


def _coverage(user: User, pk: int) -> Coverage:
    return _readable(user, Coverage, pk, "planning_item.outlet_id")


def _split_outlet(body: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    data = dict(body)
    return data.pop("outlet", None), data


def window(start: str | None, span: str) -> tuple[date, int]:
    if span not in SPANS:
        raise InvalidInput("must be day or week", field="span")
    first = fields.day("date", start) or timezone.localdate()
    if span == "week":
        first -= timedelta(days=first.weekday())  # weeks start on Monday
    return first, SPANS[span]


# --- events -----------------------------------------------------------------------------------


@router.get("/planning/events")
def list_events(
    request: HttpRequest, outlet: int, date: str | None = None, days: int = 31
) -> list[dict[str, Any]]:
    """Events overlapping `days` local days from `date` (default today), with occurrences."""
    place = readable_outlet(user_of(request), outlet)
    if not 1 <= days <= 366:
        raise InvalidInput("must be between 1 and 366", field="days")
    first = fields.day("date", date) or timezone.localdate()
    found: dict[int, list[queries.EventOccurrence]] = {}
    for occurrence in queries.event_occurrences(place, first, days):
        found.setdefault(occurrence.event.pk, []).append(occurrence)
    return [serialize.event_data(o[0].event, o) for o in found.values()]


@router.post("/planning/events", response={201: dict[str, Any]})
def create_event(request: HttpRequest, body: Body[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    user = user_of(request)
    outlet_id, data = _split_outlet(body)
    event = actions.create_event(by=user, outlet=readable_outlet(user, outlet_id), data=data)
    return 201, serialize.event_data(event)


@router.get("/planning/events/{event_id}")
def get_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    return serialize.event_data(_event(user_of(request), event_id))


@router.patch("/planning/events/{event_id}")
def update_event(request: HttpRequest, event_id: int, body: Body[dict[str, Any]]) -> dict[str, Any]:
    user = user_of(request)
    event = actions.update_event(_event(user, event_id), by=user, data=body)
    return serialize.event_data(event)


_EVENT_STATE_ACTIONS = {
    "cancel": actions.cancel_event,
    "postpone": actions.postpone_event,
    "reinstate": actions.reinstate_event,
}


@router.post("/planning/events/{event_id}/{action}")
def change_event_state(request: HttpRequest, event_id: int, action: str) -> dict[str, Any]:
    user = user_of(request)
    event = _event(user, event_id)
    if action not in _EVENT_STATE_ACTIONS:
        raise NotFound(f"no event action '{action}' (cancel, postpone, reinstate)")
    return serialize.event_data(_EVENT_STATE_ACTIONS[action](event, by=user))


# --- planning items and the budget ------------------------------------------------------------


@router.get("/planning/budget")
def budget(
    request: HttpRequest, outlet: int, date: str | None = None, span: str = "day"
) -> dict[str, Any]:
    """The story budget: planning items with coverages and the day's events, per local day."""
    place = readable_outlet(user_of(request), outlet)
    first, days = window(date, span)
    return {
        "outlet": place.pk,
        "from": first.isoformat(),
        "days": serialize.budget_data(queries.budget(place, first, days)),
    }


@router.post("/planning/items", response={201: dict[str, Any]})
def create_planning_item(
    request: HttpRequest, body: Body[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    user = user_of(request)
    outlet_id, data = _split_outlet(body)
    outlet = readable_outlet(user, outlet_id)
    plan = actions.create_planning_item(by=user, outlet=outlet, data=data)
    return 201, serialize.planning_item_data(plan)


@router.get("/planning/items/{item_id}")
def get_planning_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return serialize.planning_item_data(_plan(user_of(request), item_id))


@router.patch("/planning/items/{item_id}")
def update_planning_item(
    request: HttpRequest, item_id: int, body: Body[dict[str, Any]]
) -> dict[str, Any]:
    user = user_of(request)
    plan = actions.update_planning_item(_plan(user, item_id), by=user, data=body)
    return serialize.planning_item_data(plan)


@router.post("/planning/items/{item_id}/cancel")
def cancel_planning_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    user = user_of(request)
    plan = actions.cancel_planning_item(_plan(user, item_id), by=user)
    return serialize.planning_item_data(plan)


# --- coverages and assignments ----------------------------------------------------------------


@router.post("/planning/items/{item_id}/coverages", response={201: dict[str, Any]})
def add_coverage(
    request: HttpRequest, item_id: int, body: Body[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    user = user_of(request)
    coverage = actions.add_coverage(_plan(user, item_id), by=user, data=body)
    return 201, serialize.coverage_data(coverage)


@router.get("/planning/coverages/{coverage_id}")
def get_coverage(request: HttpRequest, coverage_id: int) -> dict[str, Any]:
    return serialize.coverage_data(_coverage(user_of(request), coverage_id))


@router.patch("/planning/coverages/{coverage_id}")
def update_coverage(
    request: HttpRequest, coverage_id: int, body: Body[dict[str, Any]]
) -> dict[str, Any]:
    user = user_of(request)
    coverage = actions.update_coverage(_coverage(user, coverage_id), by=user, data=body)
    return serialize.coverage_data(coverage)


@router.post("/planning/coverages/{coverage_id}/cancel")
def cancel_coverage(request: HttpRequest, coverage_id: int) -> dict[str, Any]:
    user = user_of(request)
    coverage = actions.cancel_coverage(_coverage(user, coverage_id), by=user)
    return serialize.coverage_data(coverage)


def assignee(outlet_id: int, user_id: Any, desk_id: Any) -> tuple[User | None, Desk | None]:
    """Resolve the assignee of an assign request (one of user or desk)."""
    uid = fields.number("user", user_id, low=1, high=2**62, whole=True)
    did = fields.number("desk", desk_id, low=1, high=2**62, whole=True)
    if (uid is None) == (did is None):
        raise InvalidInput("give exactly one of user or desk", field="user")
    if uid is not None:
        person = User.objects.filter(pk=uid, is_active=True).first()
        if person is None:
            raise InvalidInput("no such user", field="user")
        return person, None
    desk = Desk.objects.filter(pk=did, outlet_id=outlet_id).first()
    if desk is None:
        raise InvalidInput("no such desk in this outlet", field="desk")
    return None, desk


@router.post("/planning/coverages/{coverage_id}/assign")
def assign(request: HttpRequest, coverage_id: int, body: Body[dict[str, Any]]) -> dict[str, Any]:
    user = user_of(request)
    coverage = _coverage(user, coverage_id)
    fields.only_known(body, {"user", "desk"})
    person, desk = assignee(coverage.planning_item.outlet_id, body.get("user"), body.get("desk"))
    actions.assign(coverage, by=user, user=person, desk=desk)
    return serialize.coverage_data(Coverage.objects.get(pk=coverage.pk))


@router.post("/planning/coverages/{coverage_id}/accept")
def accept(request: HttpRequest, coverage_id: int) -> dict[str, Any]:
    user = user_of(request)
    coverage = _coverage(user, coverage_id)
    actions.accept(coverage, by=user)
    return serialize.coverage_data(Coverage.objects.get(pk=coverage.pk))


@router.post("/planning/coverages/{coverage_id}/start", response={201: dict[str, Any]})
def start_story(request: HttpRequest, coverage_id: int) -> tuple[int, dict[str, Any]]:
    """Create the draft of the coverage's story; returns the coverage with `item` set."""
    user = user_of(request)
    actions.start_story(_coverage(user, coverage_id), by=user)
    return 201, serialize.coverage_data(Coverage.objects.get(pk=coverage_id))


@router.get("/planning/assignments/mine")
def my_assignments(request: HttpRequest) -> list[dict[str, Any]]:
    rows = []
    for assignment in queries.my_assignments(user_of(request)):
        data = serialize.assignment_data(assignment) or {}
        data["coverage_detail"] = serialize.coverage_data(assignment.coverage)
        data["slugline"] = assignment.coverage.planning_item.slugline
        rows.append(data)
    return rows


@router.get("/planning/calendar.ics")
def calendar_ics(request: HttpRequest, outlet: int) -> HttpResponse:
    """The outlet's events (recurrence kept) and coverage deadlines as iCalendar."""
    place = readable_outlet(user_of(request), outlet)
    response = HttpResponse(ics.export(place), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{place.slug}-planning.ics"'
    return response
