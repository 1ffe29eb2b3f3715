"""Variants through the API (permissions, validation, audit), reach API and the channels page."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Org
from toasoan.accounts.models import AuditEntry
from toasoan.distribution.channels.models import Channel, ChannelPublication
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item


@pytest.fixture
def item(org: Org) -> Item:
    chief = org.user("a_eic")
    created = actions.create(
        by=chief,
        outlet=org.a,
        desk=org.desk_a,
        fields={
            "headline": "Giá xăng giảm",
            "abstract": "Giảm 500 đồng/lít.",
            "body_html": "<p>…</p>",
        },
    )
    created = actions.submit(created, by=chief, expected_revision=None)
    return actions.publish(created, by=chief, expected_revision=None)


def test_variants_fall_back_to_the_item_until_set(api_for: Any, item: Item) -> None:
    api = api_for("a_editor")
    listed = api.get(f"/items/{item.pk}/variants").json()
    assert [v["kind"] for v in listed] == ["web", "app-push", "social", "newsletter"]
    assert all(not v["set"] and v["shown"]["headline"] == "Giá xăng giảm" for v in listed)

    body = {"headline": "Xăng giảm giá từ 15 giờ hôm nay", "summary": "Cu\u0303 the\u0302̉"}
    response = api.put(f"/items/{item.pk}/variants/app-push", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["set"] and data["shown"]["headline"] == "Xăng giảm giá từ 15 giờ hôm nay"
    assert data["summary"] == unicodedata.normalize("NFC", body["summary"])  # stored NFC
    assert data["summary"] != body["summary"]
    assert data["shown"]["summary"] == data["summary"]
    social = next(v for v in api.get(f"/items/{item.pk}/variants").json() if v["kind"] == "social")
    assert social["shown"]["summary"] == "Giảm 500 đồng/lít."
    assert AuditEntry.objects.filter(action="set_variant", object_id=str(item.pk)).exists()

    assert api.delete(f"/items/{item.pk}/variants/app-push").status_code == 204
    assert api.delete(f"/items/{item.pk}/variants/app-push").status_code == 404


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("tiktok", {"headline": "x"}, "kind"),
        ("web", {"title": "x"}, "title"),
        ("web", {"headline": 5}, "headline"),
        ("web", {"headline": "a" * 513}, "headline"),
        ("web", {"headline": "dòng\nmới"}, "headline"),
        ("web", {"image_item_id": "12"}, "image_item_id"),
        ("web", {"image_item_id": 999999}, "image_item_id"),
    ],
)
def test_bad_variant_input_names_the_field(
    api_for: Any, item: Item, kind: str, body: dict[str, Any], field: str
) -> None:
    response = api_for("a_editor").put(f"/items/{item.pk}/variants/{kind}", body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert not item.variants.exists()


def test_other_outlets_may_read_but_not_set_variants(api_for: Any, org: Org, item: Item) -> None:
    outsider = api_for("b_reporter")
    assert outsider.get(f"/items/{item.pk}/variants").status_code == 200  # published: public
    assert outsider.put(f"/items/{item.pk}/variants/web", {"headline": "x"}).status_code == 403
    draft = actions.create(by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Nháp"})
    assert outsider.get(f"/items/{draft.pk}/variants").status_code == 404
    assert not item.variants.exists()


def test_reach_api_and_item_publications(api_for: Any, org: Org, item: Item) -> None:
    channel = Channel.objects.create(outlet=org.a, name="Feeds", kind="feed")
    ChannelPublication.objects.create(
        item=item,
        version=1,
        outlet=org.a,
        channel=channel,
        platform="feed",
        action="publish",
        status="published",
    )
    admin = api_for("a_admin").get("/channels/reach").json()
    assert admin["outlet_count"] == 3 and admin["outlets_with_content"] == 1
    assert admin["share"] == pytest.approx(0.3333)
    assert admin["outlets"] == [
        {"outlet": "bao-a", "name": "Báo A", "items_by_platform": {"feed": 1}}
    ]
    everyone = api_for("agency_admin").get("/channels/reach?kinds=online").json()
    assert everyone["outlet_count"] == 2 and len(everyone["outlets"]) == 2
    assert api_for("b_reporter").get("/channels/reach").json()["outlets"] == []

    rows = api_for("a_editor").get(f"/items/{item.pk}/channel-publications").json()
    assert [(r["channel"], r["platform"], r["status"]) for r in rows] == [
        ("Feeds", "feed", "published")
    ]


def test_channels_page_lists_channels_and_reach(client: Client, org: Org, item: Item) -> None:
    channel = Channel.objects.create(
        outlet=org.a, name="Trang Zalo", kind="zalo-oa", config={"access_token": "t"}
    )
    ChannelPublication.objects.create(
        item=item,
        version=1,
        outlet=org.a,
        channel=channel,
        platform="zalo",
        action="publish",
        status="failed",
        error="Zalo article/create: Access token is invalid",
    )
    client.force_login(org.user("a_admin"))
    page = client.get(reverse("distribution:channels"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Trang Zalo" in text and "Giá xăng giảm" in text
    assert "Access token is invalid" in text
    # A failed post has not reached the platform: no outlet counts yet.
    assert "0/3 đơn vị có nội dung trên ít nhất một nền tảng số (0,0%)." in text

    client.force_login(org.user("a_reporter"))
    assert "Trang Zalo" not in client.get(reverse("distribution:channels")).content.decode()
    client.logout()
    assert client.get(reverse("distribution:channels")).status_code == 302


def test_admin_validation_uses_the_connector_checks(org: Org) -> None:
    from django.core.exceptions import ValidationError

    channel = Channel(outlet=org.a, name="Zalo", kind="zalo-oa", config={"access_token": ""})
    with pytest.raises(ValidationError) as caught:
        channel.full_clean()
    assert "config.access_token" in str(caught.value)
    Channel(outlet=org.a, name="Zalo", kind="zalo-oa", config={"access_token": "t"}).full_clean()
