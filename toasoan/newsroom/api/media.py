"""Media upload (multipart) and crops."""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from toasoan.accounts.models import Outlet
from toasoan.api.auth import user_of
from toasoan.api.concurrency import expected_revision
from toasoan.core.errors import InvalidInput
from toasoan.newsroom.access import get_readable
from toasoan.newsroom.actions import media as media_actions
from toasoan.newsroom.api.items import respond
from toasoan.newsroom.api.schemas import ItemFieldsIn, ItemOut

router = Router()


@router.post("/media", response={201: ItemOut}, summary="Upload a picture, video, audio or graphic")
def upload(
    request: HttpRequest,
    response: HttpResponse,
    file: File[UploadedFile],
    outlet: Form[int],
    kind: Form[str | None] = None,
    desk: Form[int | None] = None,
    fields: Form[str | None] = None,
) -> tuple[int, dict[str, Any]]:
    """`fields` is an optional JSON object of item fields that override embedded metadata."""
    target = Outlet.objects.filter(pk=outlet).first()
    if file.file is None:
        raise InvalidInput("is required", field="file")
    if target is None:
        raise InvalidInput("no such outlet", field="outlet")
    extra: dict[str, Any] = {}
    if fields:
        try:
            extra = ItemFieldsIn.model_validate(json.loads(fields)).changes()
        except (json.JSONDecodeError, ValueError) as exc:
            raise InvalidInput(
                f"must be a JSON object of item fields: {exc}", field="fields"
            ) from exc
    item = media_actions.upload(
        by=user_of(request),
        outlet=target,
        stream=file.file,
        size=file.size or 0,
        filename=file.name or "",
        declared_kind=kind or None,
        desk=desk,
        fields=extra,
    )
    return 201, respond(response, item)


class CropIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z0-9-]{1,30}$")
    aspect: str | None = Field(None, description="e.g. 16:9, 1:1, 4:3")
    box: tuple[int, int, int, int] | None = Field(None, description="left, top, right, bottom")
    focal_point: tuple[float, float] | None = Field(None, description="x, y in 0..1")


_ASPECT = re.compile(r"^(\d{1,3}):(\d{1,3})$")


@router.post("/items/{item_id}/crops", response=ItemOut, summary="Crop a picture (If-Match)")
def crop(
    request: HttpRequest, item_id: int, payload: CropIn, response: HttpResponse
) -> dict[str, Any]:
    get_readable(user_of(request), item_id)
    aspect = None
    if payload.aspect:
        match = _ASPECT.match(payload.aspect)
        if not match:
            raise InvalidInput("must look like 16:9", field="aspect")
        aspect = (int(match.group(1)), int(match.group(2)))
    item = media_actions.crop(
        item_id,
        by=user_of(request),
        expected_revision=expected_revision(request, item_id),
        name=payload.name,
        aspect=aspect,
        box=payload.box,
        focal_point=payload.focal_point,
    )
    return respond(response, item)
