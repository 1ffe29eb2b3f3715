"""Create, update and cancel planning items."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import IllegalTransition, InvalidInput
from toasoan.planning import fields
from toasoan.planning.actions._common import record, snapshot
from toasoan.planning.models import CoverageStatus, Event, PlanningItem, PlanningState

ITEM_FIELDS = {
    "event",
    "slugline",
    "headline",
    "description",
    "date",
    "desk",
    "subjects",
    "urgency",
}


def _pk(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if hasattr(value, "pk"):
        return int(value.pk)
    pk = fields.number(name, value, low=1, high=2**62, whole=True)
    return int(pk) if pk is not None else None


def _clean(outlet: Outlet, data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    fields.only_known(data, ITEM_FIELDS)
    merged = {**current, **data}
    values: dict[str, Any] = {
        "slugline": fields.text("slugline", merged.get("slugline"), limit=100, required=True),
        "headline": fields.text("headline", merged.get("headline"), limit=300),
        "description": fields.text(
            "description", merged.get("description"), limit=20_000, multiline=True
        ),
        "date": fields.day("date", merged.get("date"), required=True),
        "subjects": fields.subjects(merged.get("subjects")),
        "urgency": fields.number(
            "urgency", merged.get("urgency", 5) or 5, low=1, high=9, whole=True
        ),
    }
    event_id = _pk("event", merged.get("event"))
    values["event"] = None
    if event_id is not None:
        values["event"] = Event.objects.filter(pk=event_id, outlet=outlet).first()
        if values["event"] is None:
            raise InvalidInput("no such event in this outlet", field="event")
    desk_id = _pk("desk", merged.get("desk"))
    values["desk"] = None
    if desk_id is not None:
        values["desk"] = Desk.objects.filter(pk=desk_id, outlet=outlet).first()
        if values["desk"] is None:
            raise InvalidInput("no such desk in this outlet", field="desk")
    return values


@transaction.atomic
def create_planning_item(*, by: User, outlet: Outlet, data: dict[str, Any]) -> PlanningItem:
    permissions.require(by, Privilege.PLAN, outlet)
    values = _clean(outlet, data, {})
    item = PlanningItem.objects.create(outlet=outlet, created_by=by, **values)
    record(item, by, "create", outlet=outlet, before=None)
    return item


def load_planning_item(item: PlanningItem | int) -> PlanningItem:
    pk = item if isinstance(item, int) else item.pk
    return PlanningItem.objects.select_for_update().select_related("outlet").get(pk=pk)


@transaction.atomic
def update_planning_item(
    item: PlanningItem | int, *, by: User, data: dict[str, Any]
) -> PlanningItem:
    item = load_planning_item(item)
    permissions.require(by, Privilege.PLAN, item.outlet)
    if item.state == PlanningState.CANCELLED:
        raise IllegalTransition("a cancelled planning item cannot be changed")
    current = {name: getattr(item, name) for name in ITEM_FIELDS}
    values = _clean(item.outlet, data, current)
    before = snapshot(item)
    changed = sorted(k for k, v in values.items() if getattr(item, k) != v)
    for name in changed:
        setattr(item, name, values[name])
    if changed:
        item.save()
        record(item, by, "update", outlet=item.outlet, before=before, details={"changed": changed})
    return item


@transaction.atomic
def cancel_planning_item(item: PlanningItem | int, *, by: User) -> PlanningItem:
    """Cancel the item and every coverage of it that is not yet completed."""
    from toasoan.planning.actions.coverages import cancel_coverage

    item = load_planning_item(item)
    permissions.require(by, Privilege.PLAN, item.outlet)
    if item.state == PlanningState.CANCELLED:
        raise IllegalTransition("the planning item is already cancelled")
    before = snapshot(item)
    item.state = PlanningState.CANCELLED
    item.save()
    open_statuses = [CoverageStatus.PLANNED, CoverageStatus.ASSIGNED, CoverageStatus.IN_PROGRESS]
    for coverage in item.coverages.filter(status__in=open_statuses):
        cancel_coverage(coverage, by=by)
    record(item, by, "cancel", outlet=item.outlet, before=before)
    return item
