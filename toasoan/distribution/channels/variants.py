"""An item as one kind of channel shows it: the variant's headline, summary and image where set,
else the item's own (its abstract as summary; its picture, or its featured picture, as image)."""

from __future__ import annotations

from dataclasses import dataclass

from toasoan.distribution.channels.models import ItemVariant
from toasoan.formats.adapter import absolute
from toasoan.newsroom.models import Association, Item, MediaAsset, Rendition

_PREFERRED = ("viewImage", "baseImage", "thumbnail", "original")


@dataclass(frozen=True)
class Resolved:
    headline: str
    summary: str
    image_url: str


def image_of(picture: Item) -> str:
    """Public address of the best rendition of a picture item ('' when it has none)."""
    renditions = {r.name: r for r in Rendition.objects.filter(item=picture) if r.file}
    for name in _PREFERRED:
        if name in renditions:
            return absolute(renditions[name].file.url)
    first = next(iter(renditions.values()), None)
    return absolute(first.file.url) if first else ""


def own_image(item: Item) -> str:
    if MediaAsset.objects.filter(item=item).exists():
        return image_of(item)
    featured = (
        Association.objects.filter(item=item, role=Association.Role.FEATURED)
        .select_related("target")
        .order_by("group", "position")
        .first()
    )
    return image_of(featured.target) if featured else ""


def resolve(item: Item, kind: str) -> Resolved:
    variant = ItemVariant.objects.filter(item=item, kind=kind).select_related("image").first()
    image = ""
    if variant and variant.image_id and variant.image:
        image = image_of(variant.image.item)
    return Resolved(
        headline=(variant.headline if variant and variant.headline else item.headline),
        summary=(variant.summary if variant and variant.summary else item.abstract),
        image_url=image or own_image(item),
    )
