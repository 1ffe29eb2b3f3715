"""Edit locks and associations of an item."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import ConfigDict

from toasoan.api.auth import user_of
from toasoan.api.concurrency import expected_revision
from toasoan.newsroom import actions
from toasoan.newsroom.access import get_readable
from toasoan.newsroom.api.items import respond
from toasoan.newsroom.api.schemas import AssociationsIn, ItemOut
from toasoan.newsroom.models import Lock

router = Router()


class LockIn(Schema):
    model_config = ConfigDict(extra="forbid")
    take_over: bool = False


class LockOut(Schema):
    holder: str
    holder_id: int
    since: str


def _lock_row(lock: Lock) -> dict[str, Any]:
    return {
        "holder": lock.holder.username,
        "holder_id": lock.holder_id,
        "since": lock.since.isoformat(),
    }


@router.get(
    "/items/{item_id}/lock", response={200: LockOut, 204: None}, summary="Who holds the lock"
)
def get_lock(request: HttpRequest, item_id: int) -> Any:
    item = get_readable(user_of(request), item_id)
    lock = Lock.objects.filter(item=item).select_related("holder").first()
    return (200, _lock_row(lock)) if lock else (204, None)


@router.post("/items/{item_id}/lock", response=LockOut, summary="Take the edit lock")
def take_lock(request: HttpRequest, item_id: int, body: LockIn | None = None) -> dict[str, Any]:
    get_readable(user_of(request), item_id)
    lock = actions.lock(item_id, by=user_of(request), take_over=bool(body and body.take_over))
    return _lock_row(lock)


@router.delete("/items/{item_id}/lock", response={204: None}, summary="Release the edit lock")
def release_lock(request: HttpRequest, item_id: int) -> tuple[int, None]:
    get_readable(user_of(request), item_id)
    actions.unlock(item_id, by=user_of(request))
    return 204, None


@router.put(
    "/items/{item_id}/associations",
    response=ItemOut,
    summary="Replace featured/embedded media and package members (needs If-Match)",
)
def put_associations(
    request: HttpRequest, item_id: int, payload: AssociationsIn, response: HttpResponse
) -> dict[str, Any]:
    get_readable(user_of(request), item_id)
    rows = [a.model_dump(exclude_none=True) for a in payload.associations]
    item = actions.set_associations(
        item_id,
        by=user_of(request),
        expected_revision=expected_revision(request, item_id),
        rows=rows,
    )
    return respond(response, item)
