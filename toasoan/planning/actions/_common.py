"""Shared steps of planning actions: audit entry plus domain event, and row snapshots."""

from __future__ import annotations

from typing import Any

from django.db import models

from toasoan.accounts import audit
from toasoan.accounts.models import Outlet, User
from toasoan.core import events


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The row's concrete field values, JSON-ready (for audit digests)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        data[field.attname] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def record(
    obj: models.Model,
    by: User | None,
    action: str,
    *,
    outlet: Outlet,
    before: dict[str, Any] | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Audit entry `<kind>.<action>` and domain event `planning.<kind>.<action>`, in the
    caller's transaction. kind is event, planning_item, coverage or assignment."""
    kind = obj._meta.model_name or "object"
    kind = "planning_item" if kind == "planningitem" else kind
    audit.record(
        by,
        f"{kind}.{action}",
        object_type=kind,
        object_id=obj.pk,
        outlet=outlet,
        before=before,
        after=snapshot(obj),
        details=details,
    )
    events.emit(
        f"planning.{kind}.{action}",
        id=obj.pk,
        outlet_id=outlet.pk,
        actor_id=by.pk if by else None,
        **(details or {}),
    )
