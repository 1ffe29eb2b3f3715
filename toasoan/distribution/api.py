"""/api/v1 routes of the distribution app: the subscribers' pull feed and the management API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Body, Router

from toasoan.accounts import permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.api.auth import user_of
from toasoan.core.errors import Forbidden, InvalidInput, NotFound
from toasoan.distribution import actions, feed, reports
from toasoan.distribution.models import Destination, OutboxEntry, Product, Subscriber
from toasoan.newsroom.access import get_readable

router = Router(tags=["distribution"])
BASE = "/distribution"
SUBSCRIBER_KEYS = {"name", "kind", "outlet", "active", "may_receive_embargoed", "contact_email"}
PRODUCT_KEYS = {"name", "outlet", "mode", "active", "outlet_ids", "desk_ids", "types", "languages",
                "subjects", "genres", "keywords", "urgency_min", "urgency_max"}  # fmt: skip
DESTINATION_KEYS = {"name", "transport", "config", "format", "active"}


def _only(body: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", field="body")
    for key in body:
        if key not in allowed:
            raise InvalidInput("is not a known field", field=key)
    return body


def _outlet(value: Any) -> Outlet | None:
    if value is None:
        return None
    outlet = Outlet.objects.filter(pk=value).first() if isinstance(value, int) else None
    if outlet is None:
        raise InvalidInput(f"no such outlet: {value!r}", field="outlet")
    return outlet


def _subscriber(user: User, pk: int) -> Subscriber:
    subscriber = reports.manageable_subscribers(user).filter(pk=pk).first()
    if subscriber is None:
        raise NotFound(f"subscriber {pk} does not exist")
    return subscriber


def _products(user: User) -> QuerySet[Product]:
    if permissions.is_agency_wide(user, Privilege.MANAGE_DISTRIBUTION):
        return Product.objects.all()
    outlets = permissions.outlets_with(user, Privilege.MANAGE_DISTRIBUTION)
    return Product.objects.filter(outlet__in=outlets) | Product.objects.filter(outlet=None)


def _product(user: User, pk: int) -> Product:
    product = _products(user).filter(pk=pk).first()
    if product is None:
        raise NotFound(f"product {pk} does not exist")
    return product


@router.get("/feed", auth=None, summary="Pull feed of a subscriber (Bearer feed token)")
def pull_feed(
    request: HttpRequest, cursor: int = 0, limit: int = 50, format: str = "ninjs"
) -> HttpResponse:
    subscriber = feed.subscriber_for(request.headers.get("Authorization", ""))
    result = feed.page(subscriber, cursor, limit, format)
    headers = {"ETag": result.etag, "X-Toasoan-Next-Cursor": str(result.next_cursor),
               "Cache-Control": "private, no-cache"}  # fmt: skip
    if result.count:
        nxt = f"/api/v1/feed?cursor={result.next_cursor}&limit={limit}&format={format}"
        headers["Link"] = f'<{nxt}>; rel="next"'
    if result.etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        return HttpResponse(status=304, headers=headers)
    content_type = f"{result.content_type}; charset=utf-8"
    return HttpResponse(result.body, content_type=content_type, headers=headers)


@router.get(f"{BASE}/subscribers", summary="Subscribers with their delivery health")
def list_subscribers(request: HttpRequest) -> list[dict[str, Any]]:
    subscribers = list(reports.manageable_subscribers(user_of(request)).order_by("name", "pk"))
    health = reports.health(subscribers)
    return [{**reports.subscriber_row(s), "health": health[s.pk].as_dict()} for s in subscribers]


@router.post(f"{BASE}/subscribers", response={201: dict[str, Any]})
def create_subscriber(
    request: HttpRequest, body: Body[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    data = _only(body, SUBSCRIBER_KEYS)
    outlet = _outlet(data.pop("outlet", None))
    subscriber = actions.create_subscriber(by=user_of(request), outlet=outlet, data=data)
    return 201, reports.subscriber_row(subscriber)


@router.get(f"{BASE}/subscribers/{{subscriber_id}}")
def get_subscriber(request: HttpRequest, subscriber_id: int) -> dict[str, Any]:
    subscriber = _subscriber(user_of(request), subscriber_id)
    health = reports.health([subscriber])[subscriber.pk]
    return {**reports.subscriber_row(subscriber), "health": health.as_dict()}


@router.patch(f"{BASE}/subscribers/{{subscriber_id}}")
def update_subscriber(request: HttpRequest, subscriber_id: int, body: Body[dict[str, Any]]) -> Any:
    data = _only(body, SUBSCRIBER_KEYS - {"outlet"})
    user = user_of(request)
    subscriber = actions.update_subscriber(
        by=user, subscriber=_subscriber(user, subscriber_id), data=data
    )
    return reports.subscriber_row(subscriber)


@router.post(f"{BASE}/subscribers/{{subscriber_id}}/token", response={201: dict[str, Any]},
             summary="Issue a new pull-feed token (shown once)")  # fmt: skip
def issue_token(request: HttpRequest, subscriber_id: int) -> tuple[int, dict[str, Any]]:
    user = user_of(request)
    raw = actions.issue_feed_token(by=user, subscriber=_subscriber(user, subscriber_id))
    return 201, {"token": raw, "token_type": "Bearer"}


@router.put(f"{BASE}/subscribers/{{subscriber_id}}/products/{{product_id}}")
def subscribe(request: HttpRequest, subscriber_id: int, product_id: int) -> dict[str, Any]:
    user = user_of(request)
    subscriber = _subscriber(user, subscriber_id)
    actions.subscribe(by=user, subscriber=subscriber, product=_product(user, product_id))
    return reports.subscriber_row(subscriber)


@router.delete(f"{BASE}/subscribers/{{subscriber_id}}/products/{{product_id}}")
def unsubscribe(request: HttpRequest, subscriber_id: int, product_id: int) -> dict[str, Any]:
    user = user_of(request)
    subscriber = _subscriber(user, subscriber_id)
    product = _product(user, product_id)
    actions.subscribe(by=user, subscriber=subscriber, product=product, on=False)
    return reports.subscriber_row(subscriber)


@router.post(f"{BASE}/subscribers/{{subscriber_id}}/destinations", response={201: dict[str, Any]})
def create_destination(
    request: HttpRequest, subscriber_id: int, body: Body[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    user = user_of(request)
    data = _only(body, DESTINATION_KEYS)
    destination = actions.create_destination(
        by=user, subscriber=_subscriber(user, subscriber_id), data=data
    )
    return 201, reports.destination_row(destination)


@router.patch(f"{BASE}/destinations/{{destination_id}}")
def update_destination(
    request: HttpRequest, destination_id: int, body: Body[dict[str, Any]]
) -> Any:
    user = user_of(request)
    destination = get_object_or_404(Destination, pk=destination_id)
    _subscriber(user, destination.subscriber_id)
    data = _only(body, DESTINATION_KEYS)
    return reports.destination_row(
        actions.update_destination(by=user, destination=destination, data=data)
    )


@router.get(f"{BASE}/products")
def list_products(request: HttpRequest) -> list[dict[str, Any]]:
    return [reports.product_row(p) for p in _products(user_of(request)).order_by("name", "pk")]


@router.post(f"{BASE}/products", response={201: dict[str, Any]})
def create_product(request: HttpRequest, body: Body[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    data = _only(body, PRODUCT_KEYS)
    outlet = _outlet(data.pop("outlet", None))
    product = actions.create_product(by=user_of(request), outlet=outlet, data=data)
    return 201, reports.product_row(product)


@router.patch(f"{BASE}/products/{{product_id}}")
def update_product(request: HttpRequest, product_id: int, body: Body[dict[str, Any]]) -> Any:
    user = user_of(request)
    data = _only(body, PRODUCT_KEYS - {"outlet"})
    product = actions.update_product(by=user, product=_product(user, product_id), data=data)
    return reports.product_row(product)


@router.get(f"{BASE}/subscribers/{{subscriber_id}}/entries", summary="What was sent (newest first)")
def list_entries(
    request: HttpRequest, subscriber_id: int, state: str = "", limit: int = 100
) -> list[dict[str, Any]]:
    subscriber = _subscriber(user_of(request), subscriber_id)
    qs = reports.entries_light(OutboxEntry.objects.filter(subscriber=subscriber))
    if state:
        qs = qs.filter(state=state)
    return [reports.entry_row(e) for e in qs.order_by("-sequence", "-pk")[: min(limit, 500)]]


@router.post(f"{BASE}/entries/{{entry_id}}/resend", summary="Send an entry again (same key, body)")
def resend(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    user = user_of(request)
    entry = OutboxEntry.objects.defer("body").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(f"outbox entry {entry_id} does not exist")
    _subscriber(user, entry.subscriber_id)
    return reports.entry_row(actions.resend(by=user, entry=entry))


@router.get(f"{BASE}/items/{{item_id}}", summary="Who received which version of an item")
def item_deliveries(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    user = user_of(request)
    item = get_readable(user, item_id)
    if not actions.can_see_item_deliveries(user, item.outlet_id):
        raise Forbidden("you may not see the distribution of this item")
    qs = reports.entries_light(OutboxEntry.objects.filter(item=item).select_related("subscriber"))
    return [{**reports.entry_row(e), "subscriber_name": e.subscriber.name}
            for e in qs.order_by("version", "subscriber_id", "destination_id")]  # fmt: skip
