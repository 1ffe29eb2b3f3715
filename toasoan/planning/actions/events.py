"""Create, update, postpone and cancel events."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import IllegalTransition, InvalidInput
from toasoan.planning import fields
from toasoan.planning.actions._common import record, snapshot
from toasoan.planning.models import Event, EventState
from toasoan.planning.recurrence import clean_rule

EVENT_FIELDS = {
    "title",
    "description",
    "place_name",
    "latitude",
    "longitude",
    "starts_at",
    "ends_at",
    "all_day",
    "recurrence",
    "subjects",
}


def _local_midnight(value: datetime) -> datetime:
    day = timezone.localtime(value).date()
    return timezone.make_aware(datetime.combine(day, time.min))


def _clean(data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Validate `data` over the `current` values; returns the full set of event values."""
    fields.only_known(data, EVENT_FIELDS)
    merged = {**current, **data}
    values: dict[str, Any] = {
        "title": fields.text("title", merged.get("title"), limit=300, required=True),
        "description": fields.text(
            "description", merged.get("description"), limit=20_000, multiline=True
        ),
        "place_name": fields.text("place_name", merged.get("place_name"), limit=200),
        "latitude": fields.number("latitude", merged.get("latitude"), low=-90, high=90),
        "longitude": fields.number("longitude", merged.get("longitude"), low=-180, high=180),
        "all_day": fields.flag("all_day", merged.get("all_day", False)),
        "subjects": fields.subjects(merged.get("subjects")),
    }
    if (values["latitude"] is None) != (values["longitude"] is None):
        missing = "longitude" if values["longitude"] is None else "latitude"
        raise InvalidInput("latitude and longitude go together", field=missing)
    starts = fields.when("starts_at", merged.get("starts_at"), required=True)
    ends = fields.when("ends_at", merged.get("ends_at")) or starts
    assert starts is not None and ends is not None
    if values["all_day"]:
        # Input names the last day; stored ends are exclusive (the midnight after it).
        starts = _local_midnight(starts)
        ends = max(_local_midnight(ends), starts) + timedelta(days=1)
    if ends < starts:
        raise InvalidInput("must not be before the start", field="ends_at")
    values["starts_at"], values["ends_at"] = starts, ends
    values["recurrence"] = clean_rule(
        fields.text("recurrence", merged.get("recurrence"), limit=500), starts
    )
    return values


@transaction.atomic
def create_event(*, by: User, outlet: Outlet, data: dict[str, Any]) -> Event:
    permissions.require(by, Privilege.PLAN, outlet)
    values = _clean(data, {})
    event = Event.objects.create(outlet=outlet, created_by=by, **values)
    record(event, by, "create", outlet=outlet, before=None)
    return event


def _load(event: Event | int) -> Event:
    pk = event if isinstance(event, int) else event.pk
    return Event.objects.select_for_update().select_related("outlet").get(pk=pk)


@transaction.atomic
def update_event(event: Event | int, *, by: User, data: dict[str, Any]) -> Event:
    event = _load(event)
    permissions.require(by, Privilege.PLAN, event.outlet)
    if event.state == EventState.CANCELLED:
        raise IllegalTransition("a cancelled event cannot be changed")
    current = {name: getattr(event, name) for name in EVENT_FIELDS}
    if event.all_day:
        current["ends_at"] = event.ends_at - timedelta(days=1)  # back to the inclusive last day
    values = _clean(data, current)
    before = snapshot(event)
    changed = sorted(k for k, v in values.items() if getattr(event, k) != v)
    for name in changed:
        setattr(event, name, values[name])
    if changed:
        event.save()
        record(
            event, by, "update", outlet=event.outlet, before=before, details={"changed": changed}
        )
    return event


def _set_state(event: Event | int, by: User, state: EventState, action: str) -> Event:
    event = _load(event)
    permissions.require(by, Privilege.PLAN, event.outlet)
    if event.state == state:
        raise IllegalTransition(f"the event is already {state.value}")
    if event.state == EventState.CANCELLED:
        raise IllegalTransition("a cancelled event cannot be changed")
    before = snapshot(event)
    event.state = state
    event.save()
    record(event, by, action, outlet=event.outlet, before=before)
    return event


@transaction.atomic
def cancel_event(event: Event | int, *, by: User) -> Event:
    return _set_state(event, by, EventState.CANCELLED, "cancel")


@transaction.atomic
def postpone_event(event: Event | int, *, by: User) -> Event:
    return _set_state(event, by, EventState.POSTPONED, "postpone")


@transaction.atomic
def reinstate_event(event: Event | int, *, by: User) -> Event:
    """A postponed event is back on (usually with new dates, set by update_event)."""
    return _set_state(event, by, EventState.PLANNED, "reinstate")
