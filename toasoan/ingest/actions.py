"""State changes of ingest configuration: feeds and routing rules (permission, audit, event)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts import audit, permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core import events
from toasoan.core.errors import InvalidInput, NotFound
from toasoan.ingest import service
from toasoan.ingest.models import Feed, FeedKind, FeedState, RoutingRule
from toasoan.ingest.validation import clean_feed, clean_rule

_HIDDEN = {"password", "push_secret"}
_FEED_FIELDS = (
    "name", "kind", "format", "url", "path", "host", "port", "username", "host_key", "use_tls",
    "interval_seconds", "active", "outlet_id", "desk_id",
)  # fmt: skip


def _state(feed: Feed) -> dict[str, Any]:
    return {name: getattr(feed, name) for name in _FEED_FIELDS}


def _record(
    by: User, action: str, feed: Feed, before: dict[str, Any] | None, **details: Any
) -> None:
    after = _state(feed)
    audit.record(
        by, action, object_type="ingest_feed", object_id=feed.pk, outlet=feed.outlet,
        before=before, after=after, details={"name": feed.name, **details},
    )  # fmt: skip
    events.emit(f"ingest.{action}", feed_id=feed.pk, actor_id=by.pk, **details)


def manageable_feeds(user: User) -> Any:
    return Feed.objects.filter(outlet__in=permissions.outlets_with(user, Privilege.MANAGE_INGEST))


def get_feed(user: User, feed_id: int) -> Feed:
    feed = Feed.objects.select_related("outlet__agency", "desk").filter(pk=feed_id).first()
    if feed is None or not permissions.has(user, Privilege.MANAGE_INGEST, feed.outlet_id):
        raise NotFound(f"feed {feed_id} does not exist")
    return feed


def _apply(feed: Feed, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(feed, name, value)
    feed.updated_at = timezone.now()
    if not feed.active:
        feed.state = FeedState.DISABLED
    elif feed.state == FeedState.DISABLED:
        feed.state = FeedState.OK


@transaction.atomic
def create_feed(*, by: User, data: dict[str, Any]) -> Feed:
    values = clean_feed(data)
    permissions.require(by, Privilege.MANAGE_INGEST, values["outlet"])
    feed = Feed(next_poll_at=timezone.now())
    _apply(feed, values)
    if feed.kind == FeedKind.PUSH:
        feed.push_secret = secrets.token_hex(32)
    feed.save()
    service.grant(feed.outlet)
    _record(by, "feed_create", feed, None)
    return feed


@transaction.atomic
def update_feed(feed: Feed | int, *, by: User, data: dict[str, Any]) -> Feed:
    feed = get_feed(by, feed if isinstance(feed, int) else feed.pk)
    before = _state(feed)
    merged = {**before, "outlet": feed.outlet_id, "desk": feed.desk_id, **data}
    if not data.get("password"):
        merged.pop("password", None)  # an empty password field keeps the stored one
    values = clean_feed(merged)
    permissions.require(by, Privilege.MANAGE_INGEST, values["outlet"])
    if values["kind"] != feed.kind and FeedKind.PUSH in (values["kind"], feed.kind):
        raise InvalidInput("a push feed cannot become a polled one, or the reverse", field="kind")
    _apply(feed, values)
    feed.save()
    service.grant(feed.outlet)
    _record(by, "feed_update", feed, before)
    return feed


@transaction.atomic
def delete_feed(feed: Feed | int, *, by: User) -> None:
    feed = get_feed(by, feed if isinstance(feed, int) else feed.pk)
    before = _state(feed)
    audit.record(
        by, "feed_delete", object_type="ingest_feed", object_id=feed.pk, outlet=feed.outlet,
        before=before, after=None, details={"name": feed.name},
    )  # fmt: skip
    events.emit("ingest.feed_delete", feed_id=feed.pk, actor_id=by.pk)
    feed.delete()


@transaction.atomic
def rotate_secret(feed: Feed | int, *, by: User) -> Feed:
    feed = get_feed(by, feed if isinstance(feed, int) else feed.pk)
    if feed.kind != FeedKind.PUSH:
        raise InvalidInput("only push feeds have a secret", field="kind")
    feed.push_secret = secrets.token_hex(32)
    feed.updated_at = timezone.now()
    feed.save(update_fields=["push_secret", "updated_at"])
    _record(by, "feed_rotate_secret", feed, _state(feed))
    return feed


def _rule_state(rule: RoutingRule) -> dict[str, Any]:
    names = (
        "position", "name", "languages", "subjects", "urgency_min", "urgency_max", "keywords",
        "headline_contains", "types", "desk_id", "stage_id", "auto_publish",
    )  # fmt: skip
    return {n: getattr(rule, n) for n in names}


def _check_rule_target(by: User, outlet: Outlet, values: dict[str, Any]) -> None:
    target = values["desk"].outlet
    permissions.require(by, Privilege.MANAGE_INGEST, target)
    if target.agency_id != outlet.agency_id:
        raise InvalidInput("the desk belongs to another agency", field="desk")
    service.grant(target)


@transaction.atomic
def create_rule(feed: Feed | int, *, by: User, data: dict[str, Any]) -> RoutingRule:
    feed = get_feed(by, feed if isinstance(feed, int) else feed.pk)
    values = clean_rule(data)
    _check_rule_target(by, feed.outlet, values)
    if "position" not in data or data.get("position") in (None, ""):
        last = RoutingRule.objects.filter(feed=feed).order_by("-position").first()
        values["position"] = (last.position + 1) if last else 0
    rule = RoutingRule.objects.create(feed=feed, **values)
    _record(by, "rule_create", feed, None, rule_id=rule.pk, rule=_rule_state(rule))
    return rule


def get_rule(by: User, feed_id: int, rule_id: int) -> RoutingRule:
    feed = get_feed(by, feed_id)
    rule = RoutingRule.objects.filter(pk=rule_id, feed=feed).select_related("feed").first()
    if rule is None:
        raise NotFound(f"rule {rule_id} does not exist in feed {feed_id}")
    return rule


@transaction.atomic
def update_rule(rule: RoutingRule, *, by: User, data: dict[str, Any]) -> RoutingRule:
    rule = get_rule(by, rule.feed_id, rule.pk)
    before = _rule_state(rule)
    merged = {**before, "desk": rule.desk_id, "stage": rule.stage_id, **data}
    values = clean_rule(merged)
    _check_rule_target(by, rule.feed.outlet, values)
    for name, value in values.items():
        setattr(rule, name, value)
    rule.save()
    _record(
        by, "rule_update", rule.feed, None, rule_id=rule.pk, previous=before, rule=_rule_state(rule)
    )
    return rule


@transaction.atomic
def delete_rule(rule: RoutingRule, *, by: User) -> None:
    rule = get_rule(by, rule.feed_id, rule.pk)
    _record(by, "rule_delete", rule.feed, None, rule_id=rule.pk, rule=_rule_state(rule))
    rule.delete()
