"""State changes of the channels: an item's per-channel variants (permission, audit, event)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import audit, permissions
from toasoan.accounts.models import User
from toasoan.accounts.privileges import Privilege
from toasoan.core import events
from toasoan.core.errors import InvalidInput, NotFound
from toasoan.core.text import clean_text
from toasoan.distribution.channels.models import ItemVariant, VariantKind
from toasoan.newsroom.access import can_read
from toasoan.newsroom.models import Item, MediaAsset, State

_CLOSED = (State.KILLED, State.SPIKED)


def _snapshot(variant: ItemVariant | None) -> dict[str, Any] | None:
    if variant is None:
        return None
    return {"headline": variant.headline, "summary": variant.summary,
            "image_item_id": variant.image.item_id if variant.image else None}  # fmt: skip


def _kind(kind: str) -> str:
    if kind not in VariantKind.values:
        raise InvalidInput(f"must be one of {', '.join(VariantKind.values)}", field="kind")
    return kind


def _image(by: User, image_item_id: Any) -> MediaAsset | None:
    if image_item_id is None:
        return None
    if isinstance(image_item_id, bool) or not isinstance(image_item_id, int):
        raise InvalidInput("must be the id of a picture item", field="image_item_id")
    asset = MediaAsset.objects.select_related("item").filter(item_id=image_item_id).first()
    if asset is None or not can_read(by, asset.item):
        raise InvalidInput(f"no picture item {image_item_id}", field="image_item_id")
    if not asset.mime.startswith("image/"):
        raise InvalidInput("must be a picture, not " + asset.mime, field="image_item_id")
    return asset


@transaction.atomic
def set_variant(item: Item, kind: str, *, by: User, values: dict[str, Any]) -> ItemVariant:
    """Create or replace the item's variant for one kind of channel (blank = the item's own)."""
    permissions.require(by, Privilege.EDIT, item.outlet)
    kind = _kind(kind)
    if item.state in _CLOSED:
        raise InvalidInput(f"the item is {item.state}", field="item")
    unknown = set(values) - {"headline", "summary", "image_item_id"}
    if unknown:
        raise InvalidInput("is not a known field", field=sorted(unknown)[0])
    headline = values.get("headline") or ""
    summary = values.get("summary") or ""
    for name, value, limit in (("headline", headline, 512), ("summary", summary, 2000)):
        if not isinstance(value, str):
            raise InvalidInput("must be text", field=name)
        if len(value) > limit:
            raise InvalidInput(f"must be at most {limit} characters", field=name)
    headline = clean_text(headline, field="headline").strip()
    summary = clean_text(summary, field="summary", multiline=True).strip()
    image = _image(by, values.get("image_item_id"))
    current = ItemVariant.objects.select_for_update().filter(item=item, kind=kind).first()
    before = _snapshot(current)
    variant = current or ItemVariant(item=item, kind=kind)
    variant.headline, variant.summary, variant.image = headline, summary, image
    variant.updated_at, variant.updated_by = timezone.now(), by
    variant.save()
    audit.record(by, "set_variant", object_type="item", object_id=item.pk, outlet=item.outlet,
                 before=before, after=_snapshot(variant), details={"kind": kind})  # fmt: skip
    events.emit("item.variant", item_id=item.pk, kind=kind, actor_id=by.pk)
    return variant


@transaction.atomic
def delete_variant(item: Item, kind: str, *, by: User) -> None:
    permissions.require(by, Privilege.EDIT, item.outlet)
    kind = _kind(kind)
    variant = ItemVariant.objects.filter(item=item, kind=kind).first()
    if variant is None:
        raise NotFound(f"item {item.pk} has no {kind} variant")
    before = _snapshot(variant)
    variant.delete()
    audit.record(by, "delete_variant", object_type="item", object_id=item.pk, outlet=item.outlet,
                 before=before, details={"kind": kind})  # fmt: skip
    events.emit("item.variant", item_id=item.pk, kind=kind, actor_id=by.pk)
