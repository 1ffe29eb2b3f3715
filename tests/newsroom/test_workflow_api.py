"""The editorial workflow through the API: create → save → submit → approve → publish → correct."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api, Org


def _create(api: Api, org: Org, **fields: Any) -> dict[str, Any]:
    body = {"outlet": org.a.pk, "desk": org.desk_a.pk, "headline": "Hà Nội mưa lớn", **fields}
    response = api.post("/items", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_full_story_life(api_for: Any, org: Org) -> None:
    reporter, chief = api_for("a_reporter"), api_for("a_chief")
    item = _create(reporter, org, body_html="<p>Mưa lớn kéo dài.</p>")
    assert item["state"] == "draft" and item["guid"].startswith("urn:newsml:")
    got = reporter.get(f"/items/{item['id']}")
    assert got.status_code == 200 and got["ETag"] == f'"{item["id"]}-{item["revision"]}"'
    saved = reporter.patch(f"/items/{item['id']}", {"abstract": "Tóm tắt"}, etag=got["ETag"])
    assert saved.status_code == 200, saved.content
    item = saved.json()
    assert item["state"] == "in_progress"
    item = reporter.action(item, "submit").json()
    assert item["state"] == "submitted"
    forbidden = reporter.action(item, "publish")
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "forbidden"
    item = chief.action(item, "approve").json()
    assert item["state"] == "ready" and "publish" in item["legal_actions"]
    item = chief.action(item, "publish").json()
    assert item["state"] == "published" and item["version"] == 1
    no_note = chief.action(item, "correct", {"note": "  "})
    assert no_note.status_code == 422 and no_note.json()["error"]["field"] == "note"
    corrected = chief.action(
        item, "correct", {"note": "Sửa tên địa danh", "fields": {"headline": "Hà Nội mưa rất lớn"}}
    )
    assert corrected.status_code == 200, corrected.content
    item = corrected.json()
    assert item["state"] == "corrected" and item["version"] == 2
    versions = chief.get(f"/items/{item['id']}/versions").json()
    assert [v["kind"] for v in versions] == ["publish", "correct"]
    assert versions[1]["note"] == "Sửa tên địa danh"
    first = chief.get(f"/items/{item['id']}/versions/1").json()
    assert first["item"]["headline"] == "Hà Nội mưa lớn"


def test_illegal_transition_is_409_with_reason(api_for: Any, org: Org) -> None:
    chief = api_for("a_chief")
    item = _create(chief, org)
    response = chief.action(item, "approve")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "illegal_transition" and "draft" in error["message"]


def test_stale_write_gets_412_and_overwrites_nothing(api_for: Any, org: Org) -> None:
    reporter = api_for("a_reporter")
    item = _create(reporter, org)
    etag = f'"{item["id"]}-{item["revision"]}"'
    assert reporter.patch(f"/items/{item['id']}", {"headline": "Một"}, etag=etag).status_code == 200
    stale = reporter.patch(f"/items/{item['id']}", {"headline": "Hai"}, etag=etag)
    assert stale.status_code == 412
    assert reporter.get(f"/items/{item['id']}").json()["headline"] == "Một"
    missing = reporter.patch(f"/items/{item['id']}", {"headline": "Ba"})
    assert missing.status_code == 428


def test_revisions_diff_and_restore(api_for: Any, org: Org) -> None:
    reporter = api_for("a_reporter")
    item = _create(reporter, org, body_html="<p>Giá gạo xuất khẩu tăng mạnh</p>")
    etag = f'"{item["id"]}-{item["revision"]}"'
    item = reporter.patch(
        f"/items/{item['id']}", {"body_html": "<p>Giá gạo xuất khẩu giảm nhẹ</p>"}, etag=etag
    ).json()
    revisions = reporter.get(f"/items/{item['id']}/revisions").json()
    assert [r["number"] for r in revisions] == [1, 2]
    diff = reporter.get(f"/items/{item['id']}/diff?from=1&to=2").json()["fields"]["body_html"]
    assert {"op": "delete", "text": "tăng mạnh"} in diff
    assert {"op": "insert", "text": "giảm nhẹ"} in diff
    restored = reporter.post(
        f"/items/{item['id']}/revisions/1/restore", etag=f'"{item["id"]}-{item["revision"]}"'
    )
    assert restored.status_code == 200
    assert restored.json()["body_html"] == "<p>Giá gạo xuất khẩu tăng mạnh</p>"
    assert len(reporter.get(f"/items/{item['id']}/revisions").json()) == 3
