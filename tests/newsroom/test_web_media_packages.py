"""Package pages: members in ordered groups, saved through set_associations with the revision."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from toasoan.newsroom.actions import create, media, set_associations
from toasoan.newsroom.models import Association, Item


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 90, 40)).save(out, "PNG")
    return out.getvalue()


def browser(org: Any, name: str) -> Client:
    client = Client()
    client.force_login(org.user(name))
    return client


@pytest.fixture
def pack(org: Any) -> dict[str, Item]:
    by = org.user("a_reporter")
    data = png()
    photo = media.upload(
        by=by,
        outlet=org.a,
        stream=io.BytesIO(data),
        size=len(data),
        fields={"headline": "Ảnh đê vỡ"},
    )
    return {
        "package": create(
            by=by, outlet=org.a, type="composite", fields={"headline": "Lũ miền Trung"}
        ),
        "main": create(by=by, outlet=org.a, fields={"headline": "Lũ lên nhanh ở Quảng Bình"}),
        "side": create(by=by, outlet=org.a, fields={"headline": "Hỏi đáp: sơ tán thế nào"}),
        "photo": photo,
        "foreign": create(by=org.user("b_reporter"), outlet=org.b, fields={"headline": "Lũ"}),
    }


def save(client: Client, package: Item, members: list[dict[str, Any]], revision: int) -> Any:
    return client.post(
        f"/packages/{package.pk}/members",
        json.dumps({"revision": revision, "members": members}),
        content_type="application/json",
    )


def member_order(package: Item) -> list[tuple[str, int, int]]:
    rows = Association.objects.filter(item=package, role="member").order_by("group", "position")
    return [(a.group, a.position, a.target_id) for a in rows]


def test_package_page_lists_members_in_groups_and_order(org: Any, pack: Any) -> None:
    package = pack["package"]
    rows = [
        {"role": "member", "item_id": pack["side"].pk, "group": "sidebar", "position": 0},
        {"role": "member", "item_id": pack["photo"].pk, "group": "main", "position": 1},
        {"role": "member", "item_id": pack["main"].pk, "group": "main", "position": 0},
    ]
    set_associations(package, by=org.user("a_reporter"), expected_revision=None, rows=rows)
    html = browser(org, "a_editor").get(f"/packages/{package.pk}/").content.decode()
    main, sidebar = html.index('data-group="main"'), html.index('data-group="sidebar"')
    first, second = html.index("Lũ lên nhanh"), html.index("Ảnh đê vỡ")
    assert main < first < second < sidebar < html.index("Hỏi đáp")
    assert browser(org, "b_reporter").get(f"/packages/{package.pk}/").status_code == 404
    not_a_package = browser(org, "a_editor").get(f"/packages/{pack['main'].pk}/")
    assert not_a_package.status_code == 404


def test_search_finds_text_and_media_folded_but_not_foreign_drafts(org: Any, pack: Any) -> None:
    client = browser(org, "a_reporter")
    found = client.get(f"/packages/{pack['package'].pk}/search", {"q": "lu"}).content.decode()
    assert f'data-item-id="{pack["main"].pk}"' in found
    assert f'data-item-id="{pack["foreign"].pk}"' not in found
    assert f'data-item-id="{pack["package"].pk}"' not in found  # never itself
    photo = client.get(f"/packages/{pack['package'].pk}/search", {"q": "DE VO"}).content.decode()
    assert f'data-item-id="{pack["photo"].pk}"' in photo


def test_saving_the_order_keeps_groups_positions_and_featured_media(org: Any, pack: Any) -> None:
    package = pack["package"]
    featured = [{"role": "featured", "item_id": pack["photo"].pk}]
    package = set_associations(
        package, by=org.user("a_reporter"), expected_revision=None, rows=featured
    )
    members = [
        {"item_id": pack["side"].pk, "group": "main"},
        {"item_id": pack["photo"].pk, "group": "main"},
        {"item_id": pack["main"].pk, "group": "sidebar"},
    ]
    response = save(browser(org, "a_editor"), package, members, package.revision)
    assert response.status_code == 200, response.content
    package.refresh_from_db()
    assert response.json()["revision"] == package.revision
    assert member_order(package) == [
        ("main", 0, pack["side"].pk),
        ("main", 1, pack["photo"].pk),
        ("sidebar", 0, pack["main"].pk),
    ]
    assert Association.objects.get(item=package, role="featured").target_id == pack["photo"].pk


def test_stale_or_bad_saves_change_nothing(org: Any, pack: Any) -> None:
    package = pack["package"]
    client = browser(org, "a_editor")
    good = [{"item_id": pack["main"].pk, "group": "main"}]
    assert save(client, package, good, package.revision).status_code == 200
    package.refresh_from_db()
    stale = save(client, package, [{"item_id": pack["side"].pk}], package.revision - 1)
    assert stale.status_code == 412
    foreign = save(client, package, [{"item_id": pack["foreign"].pk}], package.revision)
    assert foreign.status_code == 422 and "item_id" in foreign.json()["error"]["field"]
    group = save(client, package, [{"item_id": pack["side"].pk, "group": "x"}], package.revision)
    assert group.status_code == 422 and group.json()["error"]["field"] == "members[0].group"
    assert member_order(package) == [("main", 0, pack["main"].pk)]
    reader = save(browser(org, "b_reporter"), package, good, package.revision)
    assert reader.status_code == 404
    admin = save(browser(org, "a_admin"), package, [], package.revision)
    assert admin.status_code == 403
    assert member_order(package) == [("main", 0, pack["main"].pk)]


def test_new_package_form_creates_a_composite_item(org: Any) -> None:
    client = browser(org, "a_reporter")
    response = client.post("/packages/new", {"outlet": org.a.pk, "headline": "Gói tin bão"})
    item = Item.objects.get(headline="Gói tin bão")
    assert item.type == "composite" and response["Location"] == f"/packages/{item.pk}/"
    refused = client.post("/packages/new", {"outlet": org.b.pk, "headline": "Không được"})
    assert refused.status_code == 404 and not Item.objects.filter(headline="Không được").exists()
