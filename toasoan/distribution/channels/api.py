"""/api/v1 routes of the channels: per-channel variants of an item, where an item reached, and
the outlets' reach on digital platforms."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Body, Router

from toasoan.accounts import permissions
from toasoan.accounts.privileges import Privilege
from toasoan.api.auth import user_of
from toasoan.core.errors import InvalidInput
from toasoan.distribution.channels import actions
from toasoan.distribution.channels.models import ChannelPublication, ItemVariant, VariantKind
from toasoan.distribution.channels.reach import reach
from toasoan.distribution.channels.variants import resolve
from toasoan.newsroom.access import get_readable

router = Router(tags=["channels"])


def _variant(item_id: int, kind: str, variant: ItemVariant | None, item: Any) -> dict[str, Any]:
    shown = resolve(item, kind)
    return {
        "kind": kind,
        "set": variant is not None,
        "headline": variant.headline if variant else "",
        "summary": variant.summary if variant else "",
        "image_item_id": variant.image.item_id if variant and variant.image else None,
        "shown": {"headline": shown.headline, "summary": shown.summary, "image": shown.image_url},
    }


@router.get("/items/{item_id}/variants", summary="Per-channel variants of an item")
def list_variants(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    item = get_readable(user_of(request), item_id)
    found = {v.kind: v for v in ItemVariant.objects.filter(item=item).select_related("image")}
    return [_variant(item.pk, kind, found.get(kind), item) for kind in VariantKind.values]


@router.put("/items/{item_id}/variants/{kind}", summary="Set a variant (blank = the item's own)")
def put_variant(request: HttpRequest, item_id: int, kind: str, body: Body[dict[str, Any]]) -> Any:
    user = user_of(request)
    item = get_readable(user, item_id)
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", field="body")
    variant = actions.set_variant(item, kind, by=user, values=body)
    return _variant(item.pk, kind, variant, item)


@router.delete("/items/{item_id}/variants/{kind}", summary="Remove a variant")
def delete_variant(request: HttpRequest, item_id: int, kind: str) -> HttpResponse:
    user = user_of(request)
    actions.delete_variant(get_readable(user, item_id), kind, by=user)
    return HttpResponse(status=204)


@router.get("/items/{item_id}/channel-publications", summary="Where an item was put, and how")
def item_publications(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    item = get_readable(user_of(request), item_id)
    rows = ChannelPublication.objects.filter(item=item).select_related("channel")
    return [
        {
            "version": r.version,
            "channel": r.channel.name if r.channel else None,
            "platform": r.platform,
            "action": r.action,
            "status": r.status,
            "remote_id": r.remote_id,
            "url": r.url,
            "error": r.error,
            "attempts": r.attempts,
            "at": r.at.isoformat(),
        }
        for r in rows
    ]


@router.get(
    "/channels/reach", summary="Items per outlet and platform; share of outlets on platforms"
)
def channel_reach(request: HttpRequest, kinds: str = "") -> dict[str, Any]:
    """The share counts every active outlet (or those of the given comma-separated kinds); the
    per-outlet rows list the outlets where the caller manages distribution."""
    user = user_of(request)
    result = reach(outlet_kinds={k for k in kinds.split(",") if k} or None)
    visible = {
        r.outlet_id
        for r in result.outlets
        if permissions.has(user, Privilege.MANAGE_DISTRIBUTION, r.outlet_id)
    }
    return {
        "share": round(result.share, 4),
        "outlets_with_content": result.outlets_with_content,
        "outlet_count": result.outlet_count,
        "outlets": [
            {"outlet": r.slug, "name": r.name, "items_by_platform": r.items_by_platform}
            for r in result.outlets
            if r.outlet_id in visible
        ],
    }
