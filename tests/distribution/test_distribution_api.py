"""The pull feed, the management API (permissions, bad input) and the delivery pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Org
from tests.distribution.helpers import published, start_receiver, subscriber
from toasoan.distribution import actions
from toasoan.distribution.dispatcher import run_once
from toasoan.distribution.models import OutboxEntry, Product, Subscriber

pytestmark = pytest.mark.django_db


def _feed(token: str, **params: Any) -> Any:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if "etag" in params:
        headers["HTTP_IF_NONE_MATCH"] = params.pop("etag")
        query = "&".join(f"{k}={v}" for k, v in params.items())
    return Client().get(f"/api/v1/feed?{query}", **headers)


def _pull_subscriber(org: Org) -> tuple[Subscriber, str]:
    sub = subscriber("Pull client", transport="pull")
    token = actions.issue_feed_token(by=org.user("agency_admin"), subscriber=sub)
    return sub, token


def test_pull_feed_cursor_and_etag(org: Org) -> None:
    _, token = _pull_subscriber(org)
    items = [published(org, headline=f"Tin số {n}") for n in range(3)]
    assert set(OutboxEntry.objects.values_list("state", flat=True)) == {"feed"}
    first = _feed(token, limit=2)
    assert first.status_code == 200
    docs = json.loads(first.content)
    assert [d["uri"] for d in docs] == [items[0].guid, items[1].guid]
    assert first["X-Toasoan-Next-Cursor"] == "2"
    again = _feed(token, limit=2, etag=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    rest = _feed(token, limit=2, cursor=2)
    assert [d["uri"] for d in json.loads(rest.content)] == [items[2].guid]
    empty = _feed(token, cursor=3)
    assert json.loads(empty.content) == [] and empty["X-Toasoan-Next-Cursor"] == "3"
    # a new version changes the page, so the old ETag no longer matches
    published(org)
    assert _feed(token, cursor=3, etag=empty["ETag"]).status_code == 200


def test_pull_feed_atom_and_rss(org: Org) -> None:
    _, token = _pull_subscriber(org)
    item = published(org, headline="Bão số 3 đổ bộ")
    atom = _feed(token, format="atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert b"<feed" in atom.content and "Bão số 3 đổ bộ".encode() in atom.content
    rss = _feed(token, format="rss")
    assert b"<rss" in rss.content and item.guid.encode() in rss.content
    bad = _feed(token, format="pdf")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "format"


def test_pull_feed_needs_a_valid_token_and_shows_only_its_own(org: Org) -> None:
    _, token = _pull_subscriber(org)
    english = Product.objects.create(name="en only", languages=["en"])
    other = subscriber("Other", transport="pull", product=english)
    other_token = actions.issue_feed_token(by=org.user("agency_admin"), subscriber=other)
    published(org)
    assert Client().get("/api/v1/feed").status_code == 401
    assert _feed("tsf_wrong").status_code == 401
    assert len(json.loads(_feed(token).content)) == 1
    assert json.loads(_feed(other_token).content) == []


def test_management_api_and_permissions(org: Org, api_for: Any) -> None:
    admin, outlet_admin, reporter = (
        api_for("agency_admin"),
        api_for("a_admin"),
        api_for("a_reporter"),
    )
    assert reporter.post("/distribution/subscribers", {"name": "X"}).status_code == 403
    # an outlet admin manages its outlet's subscribers, not agency-wide ones
    assert outlet_admin.post("/distribution/subscribers", {"name": "X"}).status_code == 403
    mine = outlet_admin.post(
        "/distribution/subscribers", {"name": "Báo đối tác", "outlet": org.a.pk}
    )
    assert mine.status_code == 201
    other = outlet_admin.post("/distribution/subscribers", {"name": "Y", "outlet": org.b.pk})
    assert other.status_code == 403
    agency = admin.post(
        "/distribution/subscribers",
        {"name": "Reuters", "kind": "partner", "may_receive_embargoed": True},
    )
    assert agency.status_code == 201
    assert outlet_admin.get(f"/distribution/subscribers/{agency.json()['id']}").status_code == 404
    names = [s["name"] for s in outlet_admin.get("/distribution/subscribers").json()]
    assert names == ["Báo đối tác"]
    sid = agency.json()["id"]
    product = admin.post(
        "/distribution/products",
        {"name": "Thể thao", "subjects": ["medtop:15000000"], "urgency_max": 5},
    )
    assert product.status_code == 201 and product.json()["subjects"] == ["15000000"]
    pid = product.json()["id"]
    assert admin.put(f"/distribution/subscribers/{sid}/products/{pid}").json()["products"] == [pid]
    dest = admin.post(
        f"/distribution/subscribers/{sid}/destinations",
        {
            "transport": "http-push",
            "format": "newsml-g2",
            "config": {"url": "https://partner.example/in", "secret": "s" * 24},
        },
    )
    assert dest.status_code == 201 and dest.json()["config"]["secret"] == "***"
    token = admin.post(f"/distribution/subscribers/{sid}/token")
    assert token.status_code == 201 and token.json()["token"].startswith("tsf_")
    assert Subscriber.objects.get(pk=sid).token_digest != token.json()["token"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/destinations", {"transport": "pigeon"}, "transport"),
        ("/destinations", {"transport": "pull", "format": "docx"}, "format"),
        ("/destinations", {"transport": "http-push", "config": {"url": "ftp://x"}}, "config.url"),
        (
            "/destinations",
            {"transport": "http-push", "config": {"url": "http://x/"}},
            "config.secret",
        ),
        ("/destinations", {"transport": "email", "config": {"to": "not-an-address"}}, "config.to"),
        ("/destinations", {"transport": "pull", "colour": "red"}, "colour"),
        ("", {"kind": "robot"}, "kind"),
        ("", {"name": ""}, "name"),
        ("", {"contact_email": "khong-phai-email"}, "contact_email"),
    ],
)
def test_bad_input_names_the_field(
    org: Org, api_for: Any, path: str, body: dict, field: str
) -> None:
    admin = api_for("agency_admin")
    sid = admin.post("/distribution/subscribers", {"name": "Z"}).json()["id"]
    url = f"/distribution/subscribers/{sid}{path}"
    response = admin.post(url, body) if path else admin.patch(url, body)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "P", "subjects": ["99999999"]}, "subjects[0]"),
        ({"name": "P", "types": ["poem"]}, "types[0]"),
        ({"name": "P", "urgency_min": 0}, "urgency_min"),
        ({"name": "P", "urgency_min": 6, "urgency_max": 2}, "urgency_min"),
        ({"name": "P", "outlet_ids": [987654]}, "outlet_ids[0]"),
        ({"name": "P", "mode": "maybe"}, "mode"),
    ],
)
def test_bad_product_names_the_field(org: Org, api_for: Any, body: dict, field: str) -> None:
    response = api_for("agency_admin").post("/distribution/products", body)
    assert response.status_code == 422 and response.json()["error"]["field"] == field
    assert not Product.objects.exists()


def test_resend_api_and_item_history(org: Org, api_for: Any) -> None:
    receiver = start_receiver()
    try:
        sub = subscriber("A", url=receiver.url + "/a")
        item = published(org)
        run_once()
        entry = OutboxEntry.objects.get()
        assert (
            api_for("a_admin").post(f"/distribution/entries/{entry.pk}/resend").status_code == 404
        )
        ok = api_for("agency_admin").post(f"/distribution/entries/{entry.pk}/resend")
        assert ok.status_code == 200 and ok.json()["state"] == "pending"
        again = api_for("agency_admin").post(f"/distribution/entries/{entry.pk}/resend")
        assert again.status_code == 409
        run_once()
        assert len(receiver.delivered("/a")) == 2
        history = api_for("a_chief").get(f"/distribution/items/{item.pk}").json()
        assert [(h["subscriber_name"], h["version"], h["state"]) for h in history] == [
            ("A", 1, "delivered")
        ]
        assert api_for("a_reporter").get(f"/distribution/items/{item.pk}").status_code == 403
        health = api_for("agency_admin").get(f"/distribution/subscribers/{sub.pk}").json()
        assert health["health"]["delivered"] == 1 and health["health"]["dead"] == 0
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


def test_delivery_pages(org: Org, password: str) -> None:
    sub = subscriber("Thông tấn xã Lào", url="http://127.0.0.1:9/x")
    item = published(org)
    entry = OutboxEntry.objects.get()
    OutboxEntry.objects.filter(pk=entry.pk).update(state="dead", last_error="HTTP 410: gone")
    client = Client()
    assert client.login(username="agency_admin", password=password)
    page = client.get("/distribution/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200 and "Thông tấn xã Lào" in page.content.decode()
    detail = client.get(f"/distribution/subscribers/{sub.pk}/").content.decode()
    assert "HTTP 410: gone" in detail and f"/distribution/entries/{entry.pk}/resend" in detail
    resent = client.post(f"/distribution/entries/{entry.pk}/resend", HTTP_HX_REQUEST="true")
    assert resent.status_code == 200 and f'id="entry-{entry.pk}"' in resent.content.decode()
    assert OutboxEntry.objects.get().state == "pending"
    history = client.get(f"/distribution/items/{item.pk}/").content.decode()
    assert "Thông tấn xã Lào" in history and "v1" in history
    reporter = Client()
    assert reporter.login(username="a_reporter", password=password)
    assert "Thông tấn xã Lào" not in reporter.get("/distribution/").content.decode()
    assert reporter.get(f"/distribution/subscribers/{sub.pk}/").status_code == 404
    assert reporter.post(f"/distribution/entries/{entry.pk}/resend").status_code == 404
