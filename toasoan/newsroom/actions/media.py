"""Upload media (checked on content, not name), store renditions, crop around a focal point."""

from __future__ import annotations

import hashlib
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from toasoan.accounts import permissions
from toasoan.accounts.models import Desk, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from toasoan.newsroom import media
from toasoan.newsroom.actions._common import authorise, load_for_write, record, state_of, touch
from toasoan.newsroom.actions.editing import create
from toasoan.newsroom.models import Item, MediaAsset, Rendition
from toasoan.newsroom.workflow import Action

RASTER_MIMES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/tiff"}


def _fields_from_embedded(meta: media.EmbeddedMetadata) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "headline": meta.headline or meta.caption[:200],
        "abstract": meta.caption,
        "byline": meta.byline,
        "credit": meta.credit or meta.source,
        "copyright_notice": meta.copyright_notice,
        "dateline_place": meta.place or meta.city,
        "keywords": meta.keywords,
    }
    if meta.date_taken:
        fields["dateline_date"] = meta.date_taken.date()
    return {k: v for k, v in fields.items() if v}


def _store(
    item: Item,
    name: str,
    content: bytes,
    mime: str,
    ext: str,
    w: int | None = None,
    h: int | None = None,
) -> Rendition:
    day = timezone.now()
    path = f"media/{day:%Y/%m}/{item.guid.rsplit(':', 1)[-1]}/{name}.{ext}"
    saved = default_storage.save(path, ContentFile(content))
    Rendition.objects.filter(item=item, name=name).delete()
    return Rendition.objects.create(
        item=item, name=name, file=saved, mime=mime, width=w, height=h, size=len(content)
    )


def upload(
    *,
    by: User,
    outlet: Outlet,
    stream: IO[bytes],
    size: int,
    filename: str = "",
    declared_kind: str | None = None,
    desk: Desk | int | None = None,
    fields: dict[str, Any] | None = None,
) -> Item:
    """A new picture/graphic/video/audio item from an uploaded file."""
    permissions.require(by, Privilege.UPLOAD_MEDIA, outlet)
    if declared_kind is not None and declared_kind not in media.KINDS:
        raise InvalidInput(f"must be one of {', '.join(media.KINDS)}", field="kind")
    head = stream.read(media.SNIFF_BYTES)
    try:
        sniffed = media.sniff(head, declared_kind)  # type: ignore[arg-type]
        media.check_size(sniffed.kind, size, settings.MEDIA_SIZE_LIMITS)
    except media.UnsupportedMedia as exc:
        raise UnsupportedMediaType(str(exc), field="file") from exc
    except media.MediaTooLarge as exc:
        raise PayloadTooLarge(str(exc), field="file") from exc
    data = head + stream.read()
    if len(data) != size:
        raise InvalidInput("the upload was truncated", field="file")
    meta = None
    derived: list[media.RenditionImage] = []
    if sniffed.mime in RASTER_MIMES:
        try:
            meta = media.read_embedded_metadata(data)
            derived = media.make_renditions(data)
        except (media.UnsupportedMedia, OSError, ValueError) as exc:
            raise UnsupportedMediaType(
                f"the picture cannot be decoded: {exc}", field="file"
            ) from exc
    values = {**(_fields_from_embedded(meta) if meta else {}), **(fields or {})}
    saved_paths: list[str] = []
    try:
        with transaction.atomic():
            item = create(by=by, outlet=outlet, type=sniffed.kind, desk=desk, fields=values)
            original = _store(
                item,
                "original",
                data,
                sniffed.mime,
                sniffed.extension,
                meta.width if meta else None,
                meta.height if meta else None,
            )
            saved_paths.append(str(original.file.name))
            for r in derived:
                ext = "png" if r.mime == "image/png" else "jpg"
                rendition = _store(item, r.name, r.content, r.mime, ext, r.width, r.height)
                saved_paths.append(str(rendition.file.name))
            MediaAsset.objects.create(
                item=item,
                kind=sniffed.kind,
                mime=sniffed.mime,
                size=size,
                sha256=hashlib.sha256(data).hexdigest(),
                original_name=filename[:255],
                width=meta.width if meta else None,
                height=meta.height if meta else None,
                embedded=meta.as_json() if meta else {},
            )
    except Exception:
        for path in saved_paths:
            default_storage.delete(path)
        raise
    return item


@transaction.atomic
def crop(
    item: Item | int,
    *,
    by: User,
    expected_revision: int | None,
    name: str,
    aspect: tuple[int, int] | None = None,
    box: tuple[int, int, int, int] | None = None,
    focal_point: tuple[float, float] | None = None,
) -> Item:
    """Make (or replace) the named crop rendition; a focal point is kept for later crops."""
    item = load_for_write(item, expected_revision=expected_revision, by=by)
    authorise(item, Action.SAVE, by)
    asset = MediaAsset.objects.filter(item=item).first()
    original = Rendition.objects.filter(item=item, name="original").first()
    if asset is None or original is None or asset.mime not in RASTER_MIMES:
        raise InvalidInput("only pictures can be cropped", field="item")
    focus = focal_point or (asset.focal_x, asset.focal_y)
    with original.file.open("rb") as fh:
        data = fh.read()
    try:
        result = media.crop(data, box=box, aspect=aspect, focal_point=focus)
    except media.InvalidCrop as exc:
        raise InvalidInput(str(exc), field="crop") from exc
    before = state_of(item)
    if focal_point:
        asset.focal_x, asset.focal_y = focal_point
        asset.save(update_fields=["focal_x", "focal_y"])
    ext = "png" if result.mime == "image/png" else "jpg"
    _store(item, f"crop-{name}", result.content, result.mime, ext, result.width, result.height)
    touch(item, by)
    item.save()
    record(item, by, "crop", before=before, details={"crop": name})
    return item
