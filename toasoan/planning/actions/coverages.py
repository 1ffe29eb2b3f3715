"""Coverages of a planning item: add, update, cancel, assign, start the story, follow the item."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from toasoan.newsroom.actions import editing
from toasoan.newsroom.models import Item
from toasoan.planning import fields
from toasoan.planning.actions._common import record, snapshot
from toasoan.planning.actions.items import load_planning_item
from toasoan.planning.models import (
    ITEM_TYPE_OF_FORMAT,
    Assignment,
    Coverage,
    CoverageFormat,
    CoverageStatus,
    PlanningState,
)

COVERAGE_FIELDS = {"format", "planned_length", "deadline", "note"}
_CLOSED = (CoverageStatus.COMPLETED, CoverageStatus.CANCELLED)


def _clean(data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    fields.only_known(data, COVERAGE_FIELDS)
    merged = {**current, **data}
    return {
        "format": fields.choice("format", merged.get("format"), CoverageFormat.values),
        "planned_length": fields.number(
            "planned_length", merged.get("planned_length"), low=1, high=1_000_000, whole=True
        ),
        "deadline": fields.when("deadline", merged.get("deadline")),
        "note": fields.text("note", merged.get("note"), limit=5_000, multiline=True),
    }


def load_coverage(coverage: Coverage | int) -> Coverage:
    pk = coverage if isinstance(coverage, int) else coverage.pk
    return (
        Coverage.objects.select_for_update(of=("self",))
        .select_related("planning_item__outlet", "planning_item__desk")
        .get(pk=pk)
    )


@transaction.atomic
def add_coverage(planning_item: Any, *, by: User, data: dict[str, Any]) -> Coverage:
    item = load_planning_item(planning_item)
    permissions.require(by, Privilege.PLAN, item.outlet)
    if item.state == PlanningState.CANCELLED:
        raise IllegalTransition("a cancelled planning item takes no new coverage")
    coverage = Coverage.objects.create(planning_item=item, **_clean(data, {}))
    record(
        coverage,
        by,
        "create",
        outlet=item.outlet,
        before=None,
        details={"planning_item_id": item.pk, "format": coverage.format},
    )
    return coverage


@transaction.atomic
def update_coverage(coverage: Coverage | int, *, by: User, data: dict[str, Any]) -> Coverage:
    coverage = load_coverage(coverage)
    outlet = coverage.planning_item.outlet
    permissions.require(by, Privilege.PLAN, outlet)
    if coverage.status in _CLOSED:
        raise IllegalTransition(f"a {coverage.status} coverage cannot be changed")
    values = _clean(data, {name: getattr(coverage, name) for name in COVERAGE_FIELDS})
    if values["format"] != coverage.format and coverage.item_id:
        raise Conflict("the story is already started in this format", code="conflict")
    before = snapshot(coverage)
    changed = sorted(k for k, v in values.items() if getattr(coverage, k) != v)
    for name in changed:
        setattr(coverage, name, values[name])
    if changed:
        coverage.save()
        record(coverage, by, "update", outlet=outlet, before=before, details={"changed": changed})
    return coverage


@transaction.atomic
def cancel_coverage(coverage: Coverage | int, *, by: User) -> Coverage:
    coverage = load_coverage(coverage)
    outlet = coverage.planning_item.outlet
    permissions.require(by, Privilege.PLAN, outlet)
    if coverage.status in _CLOSED:
        raise IllegalTransition(f"the coverage is already {coverage.status}")
    before = snapshot(coverage)
    coverage.status = CoverageStatus.CANCELLED
    coverage.save()
    record(coverage, by, "cancel", outlet=outlet, before=before)
    return coverage


@transaction.atomic
def assign(
    coverage: Coverage | int, *, by: User, user: User | None = None, desk: Desk | None = None
) -> Assignment:
    """Assign the coverage to one user or one desk, ending any earlier assignment."""
    coverage = load_coverage(coverage)
    outlet = coverage.planning_item.outlet
    permissions.require(by, Privilege.ASSIGN, outlet)
    if (user is None) == (desk is None):
        raise InvalidInput("assign to exactly one user or one desk", field="user")
    if coverage.status in _CLOSED:
        raise IllegalTransition(f"a {coverage.status} coverage cannot be assigned")
    if user is not None and not permissions.has(user, Privilege.CREATE, outlet):
        raise InvalidInput("this person cannot write stories in the outlet", field="user")
    if desk is not None and desk.outlet_id != outlet.pk:
        raise InvalidInput("the desk belongs to another outlet", field="desk")
    coverage.assignments.filter(active=True).update(active=False)
    assignment = Assignment.objects.create(
        coverage=coverage, user=user, desk=desk, assigned_by=by, assigned_at=timezone.now()
    )
    before = snapshot(coverage)
    if coverage.status == CoverageStatus.PLANNED:
        coverage.status = CoverageStatus.ASSIGNED
        coverage.save()
    record(
        assignment,
        by,
        "create",
        outlet=outlet,
        before=before,
        details={
            "coverage_id": coverage.pk,
            "user_id": user.pk if user else None,
            "desk_id": desk.pk if desk else None,
        },
    )
    return assignment


def may_work_on(by: User, assignment: Assignment, outlet_id: int) -> bool:
    """The assignee, anyone able to write in the outlet for a desk assignment, or a dispatcher."""
    if permissions.has(by, Privilege.ASSIGN, outlet_id):
        return True
    if assignment.user_id is not None:
        return assignment.user_id == by.pk
    return permissions.has(by, Privilege.CREATE, outlet_id)


def _live_assignment(coverage: Coverage, by: User) -> Assignment:
    assignment = coverage.assignments.filter(active=True).order_by("-pk").first()
    if assignment is None:
        raise IllegalTransition("the coverage is not assigned yet")
    outlet = coverage.planning_item.outlet
    if not may_work_on(by, assignment, outlet.pk):
        raise Forbidden("the coverage is assigned to someone else", code="forbidden")
    return assignment


@transaction.atomic
def accept(coverage: Coverage | int, *, by: User) -> Assignment:
    coverage = load_coverage(coverage)
    assignment = _live_assignment(coverage, by)
    if assignment.accepted_at is None:
        before = snapshot(assignment)
        assignment.accepted_at = timezone.now()
        assignment.save(update_fields=["accepted_at"])
        record(
            assignment,
            by,
            "accept",
            outlet=coverage.planning_item.outlet,
            before=before,
            details={"coverage_id": coverage.pk},
        )
    return assignment


@transaction.atomic
def start_story(coverage: Coverage | int, *, by: User) -> Item:
    """Create the draft for an assigned coverage, link it, and mark the coverage in progress."""
    coverage = load_coverage(coverage)
    plan = coverage.planning_item
    assignment = _live_assignment(coverage, by)
    if coverage.item_id is not None:
        raise Conflict("the story of this coverage is already started", code="conflict")
    if coverage.status != CoverageStatus.ASSIGNED:
        raise IllegalTransition(f"a {coverage.status} coverage cannot be started")
    item = editing.create(
        by=by,
        outlet=plan.outlet,
        type=ITEM_TYPE_OF_FORMAT[CoverageFormat(coverage.format)],
        desk=plan.desk or assignment.desk,
        fields={
            "slugline": plan.slugline,
            "headline": plan.headline,
            "subjects": plan.subjects,
            "urgency": plan.urgency,
        },
    )
    before = snapshot(coverage)
    coverage.item = item
    coverage.status = CoverageStatus.IN_PROGRESS
    coverage.save()
    if assignment.accepted_at is None:
        assignment.accepted_at = timezone.now()
        assignment.save(update_fields=["accepted_at"])
    record(coverage, by, "start", outlet=plan.outlet, before=before, details={"item_id": item.pk})
    return item


@transaction.atomic
def follow_item(coverage: Coverage | int, *, status: CoverageStatus, cause: str) -> Coverage:
    """The system sets the coverage status from what happened to its story (see consumers)."""
    coverage = load_coverage(coverage)
    if coverage.status == status:
        return coverage
    before = snapshot(coverage)
    coverage.status = status
    coverage.save()
    record(
        coverage,
        None,
        "follow",
        outlet=coverage.planning_item.outlet,
        before=before,
        details={"status": status.value, "cause": cause, "item_id": coverage.item_id},
    )
    return coverage
