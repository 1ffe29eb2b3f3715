"""Items: list with filters and cursor pagination, create, read (ETag), update (If-Match)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_datetime
from ninja import Query, Router, Schema
from pydantic import AwareDatetime

from toasoan.accounts.models import Outlet
from toasoan.api.auth import user_of
from toasoan.api.concurrency import etag_headers, expected_revision
from toasoan.core.errors import InvalidInput
from toasoan.newsroom import actions, workflow
from toasoan.newsroom.access import get_readable, readable_items
from toasoan.newsroom.api.schemas import ItemCreateIn, ItemFieldsIn, ItemOut, ItemPageOut
from toasoan.newsroom.models import Item, Lock
from toasoan.newsroom.representation import document

router = Router()
_PLACEMENT = {"outlet", "type", "desk", "stage"}


def item_payload(item: Item) -> dict[str, Any]:
    data = document(item)
    data["legal_actions"] = [a.value for a in workflow.legal_actions(item.state)]
    lock = _lock_of(item)
    data["lock"] = (
        {"holder": lock.holder.username, "holder_id": lock.holder_id, "since": lock.since}
        if lock
        else None
    )
    return data


def _lock_of(item: Item) -> Lock | None:
    try:
        return item.lock  # loaded with the item by get_readable(), else one query
    except Lock.DoesNotExist:
        return None


def respond(response: HttpResponse, item: Item) -> dict[str, Any]:
    for key, value in etag_headers(item).items():
        response[key] = value
    return item_payload(item)


class ItemFilters(Schema):
    outlet: int | None = None
    desk: int | None = None
    stage: int | None = None
    state: list[str] | None = None
    type: list[str] | None = None
    language: str | None = None
    updated_after: AwareDatetime | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = 50


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        stamp, pk = raw.rsplit("|", 1)
        when = parse_datetime(stamp)
        if when is None:
            raise ValueError
        return when, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("is not a cursor this API gave out", field="cursor") from exc


def _encode_cursor(item: Item) -> str:
    return base64.urlsafe_b64encode(f"{item.updated_at.isoformat()}|{item.pk}".encode()).decode()


@router.get("/items", response=ItemPageOut, summary="List items")
def list_items(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any]:
    if not 1 <= filters.limit <= 200:
        raise InvalidInput("must be between 1 and 200", field="limit")
    qs = readable_items(user_of(request))
    for name in ("outlet", "desk", "stage", "language"):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{f"{name}_id" if name != "language" else name: value})
    if filters.state:
        qs = qs.filter(state__in=filters.state)
    if filters.type:
        qs = qs.filter(type__in=filters.type)
    if filters.updated_after:
        qs = qs.filter(updated_at__gt=filters.updated_after)
    if filters.q:
        qs = qs.filter(Q(headline__icontains=filters.q) | Q(slugline__icontains=filters.q))
    if filters.cursor:
        at, pk = _decode_cursor(filters.cursor)
        qs = qs.filter(Q(updated_at__lt=at) | Q(updated_at=at, pk__lt=pk))
    rows = list(qs.order_by("-updated_at", "-id")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {
        "items": [
            {**document(item, deep=False), "embargo_until": _iso(item.embargo_until)}
            for item in rows
        ],
        "next_cursor": _encode_cursor(rows[-1]) if more and rows else None,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@router.post("/items", response={201: ItemOut}, summary="Create an item")
def create_item(
    request: HttpRequest, payload: ItemCreateIn, response: HttpResponse
) -> tuple[int, dict[str, Any]]:
    outlet = Outlet.objects.filter(pk=payload.outlet).first()
    if outlet is None:
        raise InvalidInput("no such outlet", field="outlet")
    fields = {k: v for k, v in payload.changes().items() if k not in _PLACEMENT}
    item = actions.create(
        by=user_of(request),
        outlet=outlet,
        type=payload.type,
        desk=payload.desk,
        stage=payload.stage,
        fields=fields,
    )
    return 201, respond(response, item)


@router.get("/items/{item_id}", response=ItemOut, summary="Read an item (returns an ETag)")
def get_item(request: HttpRequest, item_id: int, response: HttpResponse) -> dict[str, Any]:
    item = get_readable(user_of(request), item_id)
    return respond(response, item)


@router.patch("/items/{item_id}", response=ItemOut, summary="Save changes (needs If-Match)")
def update_item(
    request: HttpRequest, item_id: int, payload: ItemFieldsIn, response: HttpResponse
) -> dict[str, Any]:
    item = actions.save(
        item_id,
        by=user_of(request),
        fields=payload.changes(),
        expected_revision=expected_revision(request, item_id),
        autosave=request.GET.get("autosave") == "1",
    )
    return respond(response, item)
