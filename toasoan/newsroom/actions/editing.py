"""Create and save items; restore an old revision."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet, Stage, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import InvalidInput, NotFound
from toasoan.newsroom.actions._common import (
    add_revision,
    authorise,
    load_for_write,
    new_guid,
    record,
    state_of,
    touch,
)
from toasoan.newsroom.fields import clean_fields, restore_values
from toasoan.newsroom.models import Item, ItemType, Revision
from toasoan.newsroom.workflow import Action


def resolve_place(
    outlet: Outlet, desk: Desk | int | None, stage: Stage | int | None
) -> tuple[Desk | None, Stage | None]:
    """Check that desk and stage belong to the outlet; default to the desk's first stage."""
    if isinstance(desk, int):
        desk = Desk.objects.filter(pk=desk, outlet=outlet).first()
        if desk is None:
            raise InvalidInput("no such desk in this outlet", field="desk")
    if desk is not None and desk.outlet_id != outlet.pk:
        raise InvalidInput("the desk belongs to another outlet", field="desk")
    if isinstance(stage, int):
        stage = Stage.objects.filter(pk=stage).select_related("desk").first()
        if stage is None:
            raise InvalidInput("no such stage", field="stage")
    if stage is not None:
        if desk is None:
            desk = stage.desk
        if stage.desk_id != desk.pk or desk.outlet_id != outlet.pk:
            raise InvalidInput("the stage is not a stage of that desk", field="stage")
    elif desk is not None:
        stage = desk.incoming_stage
    return desk, stage


def _require_embargo_privilege(by: User, outlet_id: int, fields: dict[str, Any]) -> None:
    if fields.get("embargo_until") is not None:
        permissions.require(by, Privilege.SET_EMBARGO, outlet_id)


@transaction.atomic
def create(
    *,
    by: User,
    outlet: Outlet,
    type: str = ItemType.TEXT,
    desk: Desk | int | None = None,
    stage: Stage | int | None = None,
    fields: dict[str, Any] | None = None,
) -> Item:
    permissions.require(by, Privilege.CREATE, outlet)
    if type not in ItemType.values:
        raise InvalidInput(f"must be one of {', '.join(ItemType.values)}", field="type")
    values = clean_fields(fields or {})
    _require_embargo_privilege(by, outlet.pk, values)
    desk_obj, stage_obj = resolve_place(outlet, desk, stage)
    now = timezone.now()
    values.setdefault("language", outlet.language)
    item = Item.objects.create(
        guid=new_guid(),
        type=type,
        outlet=outlet,
        desk=desk_obj,
        stage=stage_obj,
        created_by=by,
        updated_by=by,
        created_at=now,
        updated_at=now,
        **values,
    )
    add_revision(item, by, Revision.Kind.CREATE, sorted(values))
    record(item, by, Action.CREATE, before=None, details={"type": type})
    return item


@transaction.atomic
def save(
    item: Item | int,
    *,
    by: User,
    fields: dict[str, Any],
    expected_revision: int | None,
    autosave: bool = False,
) -> Item:
    """Write changed fields as a new revision; a save that changes nothing writes nothing."""
    values = clean_fields(fields)  # before the row lock: validation can be slow on long bodies
    item = load_for_write(item, expected_revision=expected_revision, by=by)
    authorise(item, Action.SAVE, by)
    changed = sorted(k for k, v in values.items() if getattr(item, k) != v)
    if not changed:
        return item
    if "embargo_until" in changed:
        permissions.require(by, Privilege.SET_EMBARGO, item.outlet)
    before = state_of(item)
    for name in changed:
        setattr(item, name, values[name])
    if item.state == "draft":
        item.state = "in_progress"
    touch(item, by)
    item.save()
    kind = Revision.Kind.AUTOSAVE if autosave else Revision.Kind.SAVE
    add_revision(item, by, kind, changed)
    record(item, by, Action.SAVE, before=before, details={"changed": changed})
    return item


@transaction.atomic
def restore(item: Item | int, *, by: User, number: int, expected_revision: int | None) -> Item:
    """Restoring an old revision writes a new revision with its content."""
    item = load_for_write(item, expected_revision=expected_revision, by=by)
    authorise(item, Action.SAVE, by)
    old = Revision.objects.filter(item=item, number=number).first()
    if old is None:
        raise NotFound(f"item {item.pk} has no revision {number}")
    values = restore_values(old.snapshot)
    changed = sorted(k for k, v in values.items() if getattr(item, k) != v)
    before = state_of(item)
    for name in changed:
        setattr(item, name, values[name])
    touch(item, by)
    item.save()
    add_revision(item, by, Revision.Kind.RESTORE, changed, restored_from=number)
    record(item, by, "restore", before=before, details={"restored_from": number})
    return item
