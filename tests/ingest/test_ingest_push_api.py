"""The push endpoint (HMAC, replay, size) and the feed/rule API (MANAGE_INGEST)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Org
from tests.ingest.helpers import ninjs, ninjs_bytes, rss
from toasoan.accounts.models import AuditEntry
from toasoan.core.signing import signature
from toasoan.ingest.models import Feed, FeedState, IngestedItem
from toasoan.newsroom.models import Item

pytestmark = pytest.mark.django_db
MakeFeed = Callable[..., Feed]


def _push(
    feed: Feed,
    body: bytes,
    *,
    secret: str | None = None,
    timestamp: int | None = None,
    content_type: str = "application/json",
    sign: bool = True,
) -> Any:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers: dict[str, str] = {}
    if sign:
        headers["HTTP_X_TOASOAN_TIMESTAMP"] = stamp
        headers["HTTP_X_TOASOAN_SIGNATURE"] = signature(secret or feed.push_secret, stamp, body)
    return Client().post(
        f"/api/v1/ingest/push/{feed.pk}", data=body, content_type=content_type, **headers
    )


def test_a_signed_push_is_ingested(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    response = _push(feed, ninjs_bytes(ninjs("urn:push:1", "Tin đẩy")))
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    assert IngestedItem.objects.get(feed=feed).item.headline == "Tin đẩy"  # type: ignore[union-attr]
    feed.refresh_from_db()
    assert feed.state == FeedState.OK and feed.last_polled_at is None


def test_the_content_type_chooses_the_decoder(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    body = rss({"guid": "r1", "title": "Tin RSS", "body": "x"}).encode()
    assert _push(feed, body, content_type="application/rss+xml").status_code == 200
    wrong = _push(feed, body, content_type="application/ninjs+json")
    assert wrong.status_code == 422
    assert "JSON" in wrong.json()["error"]["message"]


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("unsigned", "X-Toasoan-Signature"),
        ("wrong secret", "X-Toasoan-Signature"),
        ("old", "X-Toasoan-Timestamp"),
        ("future", "X-Toasoan-Timestamp"),
    ],
)
def test_bad_or_replayed_signatures_are_refused(
    org: Org, make_feed: MakeFeed, case: str, field: str
) -> None:
    feed = make_feed()
    body = ninjs_bytes(ninjs("urn:push:x", "Không được vào"))
    now = int(time.time())
    response = {
        "unsigned": lambda: _push(feed, body, sign=False),
        "wrong secret": lambda: _push(feed, body, secret="not-the-secret"),
        "old": lambda: _push(feed, body, timestamp=now - 301),
        "future": lambda: _push(feed, body, timestamp=now + 600),
    }[case]()
    assert response.status_code == 401
    assert response.json()["error"]["field"] == field
    assert not Item.objects.exists()


def test_a_tampered_body_is_refused(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    stamp = str(int(time.time()))
    signed = signature(feed.push_secret, stamp, b'{"uri": "a", "headline": "A"}')
    response = Client().post(
        f"/api/v1/ingest/push/{feed.pk}",
        data=b'{"uri": "a", "headline": "B"}',
        content_type="application/json",
        HTTP_X_TOASOAN_TIMESTAMP=stamp,
        HTTP_X_TOASOAN_SIGNATURE=signed,
    )
    assert response.status_code == 401


def test_oversized_pushes_get_413(org: Org, make_feed: MakeFeed, settings: Any) -> None:
    settings.API_MAX_BODY_BYTES = 1000
    feed = make_feed()
    response = _push(feed, ninjs_bytes(ninjs("urn:big", "Lớn", body="<p>" + "x" * 2000 + "</p>")))
    assert response.status_code == 413


def test_disabled_unknown_and_polled_feeds_refuse_pushes(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed(active=False)
    body = ninjs_bytes(ninjs("urn:p", "x"))
    assert _push(feed, body).status_code == 403
    polled = make_feed(kind="http", url="http://127.0.0.1:9/x")
    assert _push(polled, body, secret="x").status_code == 404


def test_an_unreadable_push_is_recorded_on_the_feed(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    response = _push(feed, b"<rss><channel>", content_type="application/rss+xml")
    assert response.status_code == 422
    feed.refresh_from_db()
    assert feed.state == FeedState.FAILING and "malformed XML" in feed.last_error


def test_feed_and_rule_crud_through_the_api(org: Org, api_for: Any) -> None:
    api = api_for("a_admin")
    created = api.post(
        "/ingest/feeds",
        {"name": "Reuters", "kind": "push", "outlet": org.a.pk, "desk": org.desk_a.pk},
    )
    assert created.status_code == 201, created.content
    feed = created.json()
    assert len(feed["push_secret"]) == 64 and feed["push_url"].endswith(f"/{feed['id']}")
    rule = api.post(
        f"/ingest/feeds/{feed['id']}/rules",
        {"languages": ["en"], "urgency_max": 3, "desk": org.desk_a2.pk, "auto_publish": True},
    )
    assert rule.status_code == 201, rule.content
    changed = api.patch(f"/ingest/feeds/{feed['id']}", {"name": "Reuters VN", "active": False})
    assert changed.json()["state"] == "disabled" and changed.json()["name"] == "Reuters VN"
    assert "push_secret" not in changed.json()
    listed = api.get("/ingest/feeds").json()
    assert [f["name"] for f in listed] == ["Reuters VN"]
    assert listed[0]["rules"][0]["urgency_max"] == 3
    rule_id = rule.json()["id"]
    moved = api.patch(f"/ingest/feeds/{feed['id']}/rules/{rule_id}", {"position": 5})
    assert moved.json()["position"] == 5
    assert api.delete(f"/ingest/feeds/{feed['id']}/rules/{rule_id}").status_code == 204
    assert api.delete(f"/ingest/feeds/{feed['id']}").status_code == 204
    assert not Feed.objects.exists()
    actions = set(
        AuditEntry.objects.filter(object_type="ingest_feed").values_list("action", flat=True)
    )
    assert {
        "feed_create",
        "feed_update",
        "rule_create",
        "rule_update",
        "rule_delete",
        "feed_delete",
    } <= actions


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"name": "", "kind": "push", "outlet": 0}, "name", 422),
        ({"name": "x", "kind": "gopher"}, "kind", 422),
        ({"name": "x", "kind": "http", "url": "ftp://x"}, "url", 422),
        ({"name": "x", "kind": "folder", "path": "relative/dir"}, "path", 422),
        ({"name": "x", "kind": "sftp", "host": "h", "username": "u"}, "host_key", 422),
        (
            {"name": "x", "kind": "http", "url": "http://x", "interval_seconds": 5},
            "interval_seconds",
            422,
        ),
        ({"name": "x", "kind": "push", "colour": "red"}, "colour", 422),
    ],
)
def test_bad_feed_settings_name_the_field(
    org: Org, api_for: Any, body: dict[str, Any], field: str, status: int
) -> None:
    body = {"outlet": org.a.pk, **body} if "outlet" not in body else body
    response = api_for("a_admin").post("/ingest/feeds", body)
    assert response.status_code == status, response.content
    assert response.json()["error"]["field"] == field
    assert not Feed.objects.exists()


def test_a_bad_rule_names_the_field(org: Org, api_for: Any, make_feed: MakeFeed) -> None:
    feed = make_feed()
    api = api_for("a_admin")
    unknown = api.post(
        f"/ingest/feeds/{feed.pk}/rules", {"subjects": ["99999999"], "desk": org.desk_a.pk}
    )
    assert unknown.json()["error"]["field"] == "subjects[0]"
    stage = api.post(
        f"/ingest/feeds/{feed.pk}/rules",
        {"desk": org.desk_a.pk, "stage": org.desk_b.stages.first().pk},
    )  # type: ignore[union-attr]
    assert stage.json()["error"]["field"] == "stage"
    other_outlet = api.post(f"/ingest/feeds/{feed.pk}/rules", {"desk": org.desk_b.pk})
    assert other_outlet.status_code == 403  # a_admin cannot send items into outlet B


def test_people_without_manage_ingest_see_no_feeds(
    org: Org, api_for: Any, make_feed: MakeFeed
) -> None:
    feed = make_feed()
    for name in ("a_chief", "b_chief"):
        api = api_for(name)
        assert api.get("/ingest/feeds").json() == []
        assert api.get(f"/ingest/feeds/{feed.pk}").status_code == 404
        assert api.patch(f"/ingest/feeds/{feed.pk}", {"name": "x"}).status_code == 404
    denied = api_for("a_chief").post(
        "/ingest/feeds", {"name": "x", "kind": "push", "outlet": org.a.pk}
    )
    assert denied.status_code == 403
    assert api_for("agency_admin").get(f"/ingest/feeds/{feed.pk}").status_code == 200


def test_an_items_source_is_readable_through_the_api(
    org: Org, api_for: Any, make_feed: MakeFeed
) -> None:
    ap, afp = make_feed(name="AP"), make_feed(name="AFP")
    _push(ap, ninjs_bytes(ninjs("urn:ap:5", "Cùng một tin", version=3)))
    _push(afp, ninjs_bytes(ninjs("urn:afp:5", "Cùng một tin")))
    item = IngestedItem.objects.get(feed=afp).item
    assert item is not None
    source = api_for("a_reporter").get(f"/items/{item.pk}/ingest-source").json()
    assert [(s["feed_name"], s["guid"], s["version"]) for s in source] == [("AFP", "urn:afp:5", 1)]
    original = IngestedItem.objects.get(feed=ap)
    assert source[0]["duplicate_of"] == original.pk
    assert source[0]["duplicate_item"] == original.item_id
    assert api_for("b_reporter").get(f"/items/{item.pk}/ingest-source").status_code == 404
