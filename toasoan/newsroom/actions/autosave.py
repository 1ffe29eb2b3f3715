"""Autosave: keep each user's unsaved editor form in a private draft row, per item.

A draft is scratch space, not item content: writing it changes no state others can see, so it
gets no audit entry or domain event (a Save makes the real, audited Revision)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import InvalidInput, NotFound
from toasoan.newsroom.access import can_read
from toasoan.newsroom.models import Draft, Item


def _editable(item: Item | int, by: User) -> Item:
    if isinstance(item, int):
        found = Item.objects.only("pk", "outlet_id", "state").filter(pk=item).first()
        if found is None:
            raise NotFound(f"item {item} does not exist")
        item = found
    if not can_read(by, item):
        raise NotFound(f"item {item.pk} does not exist")
    permissions.require(by, Privilege.EDIT, item.outlet_id)
    return item


@transaction.atomic
def autosave(item: Item | int, *, by: User, form: dict[str, Any], base_revision: int) -> Draft:
    """Store (replace) the user's draft of the item: the form as typed and its base revision."""
    found = _editable(item, by)
    if base_revision < 1:
        raise InvalidInput("must be a revision number ≥ 1", field="revision")
    draft = Draft(
        item_id=found.pk, user=by, form=form, base_revision=base_revision, updated_at=timezone.now()
    )
    # One INSERT … ON CONFLICT DO UPDATE: a timed autosave and a Save from the same editor can
    # arrive together, and an update-then-insert would let both insert (unique constraint error).
    Draft.objects.bulk_create(
        [draft],
        update_conflicts=True,
        unique_fields=["item", "user"],
        update_fields=["form", "base_revision", "updated_at"],
    )
    return draft


@transaction.atomic
def discard(item: Item | int, *, by: User) -> None:
    """Drop the user's own draft of the item (after a save, or when they choose to)."""
    pk = item if isinstance(item, int) else item.pk
    Draft.objects.filter(item_id=pk, user=by).delete()


def draft_of(item: Item | int, user: User) -> Draft | None:
    pk = item if isinstance(item, int) else item.pk
    return Draft.objects.filter(item_id=pk, user=user).first()
