"""POST /items/{id}/actions/{action}: every workflow action through one endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from toasoan.accounts.models import Outlet, User
from toasoan.api.auth import user_of
from toasoan.api.concurrency import expected_revision
from toasoan.core.errors import InvalidInput, NotFound
from toasoan.newsroom import actions
from toasoan.newsroom.api.items import respond
from toasoan.newsroom.api.schemas import ActionIn, ItemOut
from toasoan.newsroom.models import Item
from toasoan.newsroom.workflow import Action

router = Router()

Handler = Callable[[int, User, ActionIn, int | None], Item]


def _outlet(body: ActionIn) -> Outlet | None:
    if body.outlet is None:
        return None
    outlet = Outlet.objects.filter(pk=body.outlet).first()
    if outlet is None:
        raise InvalidInput("no such outlet", field="outlet")
    return outlet


def _required_outlet(body: ActionIn) -> Outlet:
    outlet = _outlet(body)
    if outlet is None:
        raise InvalidInput("is required", field="outlet")
    return outlet


def _fields(body: ActionIn) -> dict[str, Any]:
    return body.fields.changes() if body.fields else {}


# Actions that change the item itself need If-Match; those that make a new item do not.
_IN_PLACE: dict[Action, Handler] = {
    Action.SUBMIT: lambda i, u, b, r: actions.submit(
        i, by=u, expected_revision=r, desk=b.desk, stage=b.stage
    ),
    Action.MOVE: lambda i, u, b, r: actions.move(
        i, by=u, expected_revision=r, desk=b.desk, stage=b.stage
    ),
    Action.APPROVE: lambda i, u, b, r: actions.approve(i, by=u, expected_revision=r),
    Action.PUBLISH: lambda i, u, b, r: actions.publish(i, by=u, expected_revision=r),
    Action.SCHEDULE: lambda i, u, b, r: actions.schedule(
        i,
        by=u,
        expected_revision=r,
        publish_at=b.publish_at,
    ),
    Action.UNSCHEDULE: lambda i, u, b, r: actions.unschedule(i, by=u, expected_revision=r),
    Action.CORRECT: lambda i, u, b, r: actions.correct(
        i, by=u, expected_revision=r, note=b.note or "", fields=_fields(b)
    ),
    Action.KILL: lambda i, u, b, r: actions.kill(
        i, by=u, expected_revision=r, reason=b.reason or ""
    ),
    Action.RECALL: lambda i, u, b, r: actions.recall(
        i, by=u, expected_revision=r, reason=b.reason or ""
    ),
    Action.SPIKE: lambda i, u, b, r: actions.spike(i, by=u, expected_revision=r),
    Action.UNSPIKE: lambda i, u, b, r: actions.unspike(i, by=u, expected_revision=r),
}
_NEW_ITEM: dict[Action, Handler] = {
    Action.DUPLICATE: lambda i, u, b, r: actions.duplicate(i, by=u, desk=b.desk),
    Action.TRANSLATE: lambda i, u, b, r: actions.translate(
        i, by=u, language=b.language or "", outlet=_outlet(b), desk=b.desk
    ),
    Action.UPDATE: lambda i, u, b, r: actions.update(i, by=u),
    Action.TAKE: lambda i, u, b, r: actions.take(i, by=u, outlet=_required_outlet(b), desk=b.desk),
}


@router.post(
    "/items/{item_id}/actions/{action}",
    response={200: ItemOut, 201: ItemOut},
    summary="Run a workflow action",
    description=(
        "Actions that change the item (submit, move, approve, publish, schedule, unschedule, "
        "correct, kill, recall, spike, unspike) need If-Match. Actions that make a new item "
        "(duplicate, translate, update, take) answer 201 with the new item."
    ),
)
def run_action(
    request: HttpRequest,
    item_id: int,
    action: str,
    response: HttpResponse,
    body: ActionIn | None = None,
) -> tuple[int, dict[str, Any]]:
    user = user_of(request)
    try:
        name = Action(action)
    except ValueError as exc:
        raise NotFound(f"unknown action '{action}'") from exc
    body = body or ActionIn()
    if name in _IN_PLACE:
        result = _IN_PLACE[name](item_id, user, body, expected_revision(request, item_id))
        return 200, respond(response, result)
    if name in _NEW_ITEM:
        result = _NEW_ITEM[name](item_id, user, body, None)
        response["Location"] = f"/api/v1/items/{result.pk}"
        return 201, respond(response, result)
    raise NotFound(f"unknown action '{action}'")
