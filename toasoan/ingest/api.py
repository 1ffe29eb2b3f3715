"""/api/v1 routes of the ingest app: feeds and routing rules (MANAGE_INGEST), and the push
endpoint partners sign with their feed's secret."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, StrictBool, StrictInt, StrictStr

from toasoan.api.auth import user_of
from toasoan.core.errors import InvalidInput
from toasoan.ingest import actions, push
from toasoan.ingest.models import Feed, IngestedItem, RoutingRule
from toasoan.ingest.polling import poll
from toasoan.newsroom.access import get_readable

router = Router(tags=["ingest"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class FeedIn(Strict):
    name: StrictStr | None = None
    kind: Literal["http", "folder", "sftp", "ftp", "push"] | None = None
    format: Literal["auto", "ninjs", "newsmlg2", "nitf", "rss", "atom"] | None = None
    url: StrictStr | None = None
    path: StrictStr | None = None
    host: StrictStr | None = None
    port: StrictInt | None = None
    username: StrictStr | None = None
    password: StrictStr | None = None
    host_key: StrictStr | None = None
    use_tls: StrictBool | None = None
    interval_seconds: StrictInt | None = None
    outlet: StrictInt | None = None
    desk: StrictInt | None = None
    active: StrictBool | None = None


class RuleIn(Strict):
    name: StrictStr | None = None
    position: StrictInt | None = None
    languages: list[StrictStr] | None = None
    subjects: list[StrictStr] | None = None
    urgency_min: StrictInt | None = None
    urgency_max: StrictInt | None = None
    keywords: list[StrictStr] | None = None
    headline_contains: StrictStr | None = None
    types: list[StrictStr] | None = None
    desk: StrictInt | None = None
    stage: StrictInt | None = None
    auto_publish: StrictBool | None = None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def rule_out(rule: RoutingRule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "position": rule.position,
        "name": rule.name,
        "languages": rule.languages,
        "subjects": rule.subjects,
        "urgency_min": rule.urgency_min,
        "urgency_max": rule.urgency_max,
        "keywords": rule.keywords,
        "headline_contains": rule.headline_contains,
        "types": rule.types,
        "desk": rule.desk_id,
        "stage": rule.stage_id,
        "auto_publish": rule.auto_publish,
    }


def feed_out(feed: Feed, *, secret: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": feed.pk,
        "name": feed.name,
        "kind": feed.kind,
        "format": feed.format,
        "url": feed.url,
        "path": feed.path,
        "host": feed.host,
        "port": feed.port,
        "username": feed.username,
        "has_password": bool(feed.password),
        "host_key": feed.host_key,
        "use_tls": feed.use_tls,
        "interval_seconds": feed.interval_seconds,
        "outlet": feed.outlet_id,
        "desk": feed.desk_id,
        "active": feed.active,
        "state": feed.state,
        "last_polled_at": _iso(feed.last_polled_at),
        "last_success_at": _iso(feed.last_success_at),
        "next_poll_at": _iso(feed.next_poll_at) if feed.is_polled else None,
        "last_error": feed.last_error,
        "consecutive_failures": feed.consecutive_failures,
        "rules": [rule_out(r) for r in feed.rules.all()],
    }
    if feed.kind == "push":
        data["push_url"] = f"/api/v1/ingest/push/{feed.pk}"
        if secret:
            data["push_secret"] = feed.push_secret
    return data


def record_out(record: IngestedItem) -> dict[str, Any]:
    return {
        "id": record.pk,
        "guid": record.guid,
        "version": record.version,
        "pubstatus": record.pubstatus,
        "outcome": record.outcome,
        "item": record.item_id,
        "duplicate_of": record.duplicate_of_id,
        "duplicate_item": record.duplicate_of.item_id if record.duplicate_of else None,
        "received_at": _iso(record.received_at),
        "updated_at": _iso(record.updated_at),
    }


def _given(payload: Schema) -> dict[str, Any]:
    return payload.model_dump(exclude_unset=True)


@router.get("/ingest/feeds")
def list_feeds(request: HttpRequest) -> list[dict[str, Any]]:
    feeds = actions.manageable_feeds(user_of(request)).prefetch_related("rules")
    return [feed_out(f) for f in feeds]


@router.post("/ingest/feeds", response={201: dict})
def create_feed(request: HttpRequest, payload: FeedIn) -> tuple[int, dict[str, Any]]:
    feed = actions.create_feed(by=user_of(request), data=_given(payload))
    return 201, feed_out(feed, secret=True)


@router.get("/ingest/feeds/{feed_id}")
def get_feed(request: HttpRequest, feed_id: int) -> dict[str, Any]:
    return feed_out(actions.get_feed(user_of(request), feed_id), secret=True)


@router.patch("/ingest/feeds/{feed_id}")
def update_feed(request: HttpRequest, feed_id: int, payload: FeedIn) -> dict[str, Any]:
    feed = actions.update_feed(feed_id, by=user_of(request), data=_given(payload))
    return feed_out(feed)


@router.delete("/ingest/feeds/{feed_id}", response={204: None})
def delete_feed(request: HttpRequest, feed_id: int) -> tuple[int, None]:
    actions.delete_feed(feed_id, by=user_of(request))
    return 204, None


@router.post("/ingest/feeds/{feed_id}/rotate-secret")
def rotate_secret(request: HttpRequest, feed_id: int) -> dict[str, Any]:
    return feed_out(actions.rotate_secret(feed_id, by=user_of(request)), secret=True)


@router.post("/ingest/feeds/{feed_id}/poll")
def poll_now(request: HttpRequest, feed_id: int) -> dict[str, Any]:
    feed = actions.get_feed(user_of(request), feed_id)
    if not feed.is_polled:
        raise InvalidInput("a push feed is not polled: the partner sends to it", field="kind")
    report = poll(feed)
    return {"report": report.as_dict(), "feed": feed_out(feed)}


@router.get("/ingest/feeds/{feed_id}/items")
def feed_items(request: HttpRequest, feed_id: int, limit: int = 50) -> list[dict[str, Any]]:
    feed = actions.get_feed(user_of(request), feed_id)
    records = feed.records.select_related("duplicate_of")[: max(1, min(limit, 200))]
    return [record_out(r) for r in records]


@router.get("/items/{item_id}/ingest-source")
def item_source(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    """Where an ingested item came from: feed, the partner's guid and version, duplicates."""
    item = get_readable(user_of(request), item_id)
    records = IngestedItem.objects.filter(item=item).select_related("feed", "duplicate_of")
    return [record_out(r) | {"feed": r.feed_id, "feed_name": r.feed.name} for r in records]


@router.post("/ingest/feeds/{feed_id}/rules", response={201: dict})
def create_rule(request: HttpRequest, feed_id: int, payload: RuleIn) -> tuple[int, dict[str, Any]]:
    rule = actions.create_rule(feed_id, by=user_of(request), data=_given(payload))
    return 201, rule_out(rule)


@router.patch("/ingest/feeds/{feed_id}/rules/{rule_id}")
def update_rule(
    request: HttpRequest, feed_id: int, rule_id: int, payload: RuleIn
) -> dict[str, Any]:
    user = user_of(request)
    rule = actions.update_rule(
        actions.get_rule(user, feed_id, rule_id), by=user, data=_given(payload)
    )
    return rule_out(rule)


@router.delete("/ingest/feeds/{feed_id}/rules/{rule_id}", response={204: None})
def delete_rule(request: HttpRequest, feed_id: int, rule_id: int) -> tuple[int, None]:
    user = user_of(request)
    actions.delete_rule(actions.get_rule(user, feed_id, rule_id), by=user)
    return 204, None


@router.post("/ingest/push/{feed_id}", auth=None)
def push_document(request: HttpRequest, feed_id: int) -> dict[str, Any]:
    """A partner sends one document (ninjs, NewsML-G2, NITF, RSS or Atom; the Content-Type or
    the content decides). 200 with what happened to the items (and the errors of those that
    failed); 422 when nothing could be read."""
    report = push.receive(
        feed_id,
        request.body,
        timestamp=request.headers.get("X-Toasoan-Timestamp", ""),
        signature=request.headers.get("X-Toasoan-Signature", ""),
        content_type=request.headers.get("Content-Type", ""),
    )
    done = report.created + report.updated + report.withdrawn + report.ignored
    if report.errors and not done:
        raise InvalidInput(report.errors[0], field="body", code="unreadable")
    return report.as_dict()
