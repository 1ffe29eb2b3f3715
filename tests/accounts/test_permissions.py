"""Who may do what where, via the API: outlets are walled, roles are graded, tokens are secret."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests.conftest import PASSWORD, Api, Org
from toasoan.accounts.models import ApiToken, AuditEntry, Desk, User
from toasoan.core import events
from toasoan.core.models import DomainEvent
from toasoan.newsroom.models import Item, Notification


def _create(api: Api, outlet: int, desk: int, **fields: Any) -> dict[str, Any]:
    body = {"outlet": outlet, "desk": desk, "headline": "Bão số 3 đổ bộ", **fields}
    response = api.post("/items", body)
    assert response.status_code == 201, response.content
    return response.json()


def _in_a(api: Api, org: Org, **fields: Any) -> dict[str, Any]:
    return _create(api, org.a.pk, org.desk_a.pk, body_html="<p>Gió giật cấp 12.</p>", **fields)


def _in_b(api: Api, org: Org, **fields: Any) -> dict[str, Any]:
    return _create(api, org.b.pk, org.desk_b.pk, body_html="<p>Storm landfall.</p>", **fields)


def _step(api: Api, item: dict[str, Any], name: str, body: Any = None) -> dict[str, Any]:
    response = api.action(item, name, body)
    assert response.status_code in (200, 201), (name, response.content)
    return response.json()


def _published(api: Api, item: dict[str, Any]) -> dict[str, Any]:
    return _step(api, _step(api, item, "submit"), "publish")


def _etag(item: dict[str, Any]) -> str:
    return f'"{item["id"]}-{item["revision"]}"'


def _forbidden(response: Any) -> None:
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "forbidden"


def _not_found(response: Any) -> None:
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "not_found"


# --- outlets are walled off from each other ------------------------------------------------


def test_reporter_cannot_read_another_outlets_draft(api_for: Any, org: Org) -> None:
    theirs = _in_b(api_for("b_reporter"), org)
    _not_found(api_for("a_reporter").get(f"/items/{theirs['id']}"))


def test_reporter_cannot_read_revisions_or_lock_of_another_outlets_draft(
    api_for: Any, org: Org
) -> None:
    theirs = _in_b(api_for("b_reporter"), org)
    reporter = api_for("a_reporter")
    _not_found(reporter.get(f"/items/{theirs['id']}/revisions"))
    _not_found(reporter.get(f"/items/{theirs['id']}/lock"))


def test_listing_hides_other_outlets_drafts_but_shows_their_published_items(
    api_for: Any, org: Org
) -> None:
    b_chief = api_for("b_chief")
    draft = _in_b(api_for("b_reporter"), org, headline="Bản nháp B")
    public = _published(b_chief, _in_b(b_chief, org, headline="Tin đã đăng B"))
    own = _in_a(api_for("a_reporter"), org)
    listed = api_for("a_reporter").get("/items?limit=200").json()["items"]
    ids = {row["id"] for row in listed}
    assert draft["id"] not in ids
    assert public["id"] in ids and own["id"] in ids
    only_b = api_for("a_reporter").get(f"/items?outlet={org.b.pk}").json()["items"]
    assert [row["id"] for row in only_b] == [public["id"]]


def test_reporter_cannot_patch_another_outlets_draft(api_for: Any, org: Org) -> None:
    theirs = _in_b(api_for("b_reporter"), org)
    response = api_for("a_reporter").patch(
        f"/items/{theirs['id']}", {"headline": "Chiếm quyền"}, etag=_etag(theirs)
    )
    _not_found(response)
    stored = Item.objects.get(pk=theirs["id"])
    assert stored.headline == "Bão số 3 đổ bộ" and stored.revision == theirs["revision"]


def test_reporter_cannot_run_actions_on_another_outlets_draft(api_for: Any, org: Org) -> None:
    theirs = _in_b(api_for("b_reporter"), org)
    _not_found(api_for("a_reporter").action(theirs, "submit"))
    assert Item.objects.get(pk=theirs["id"]).state == "draft"


def test_chief_of_one_outlet_cannot_publish_in_another(api_for: Any, org: Org) -> None:
    b_chief = api_for("b_chief")
    submitted = _step(b_chief, _in_b(b_chief, org), "submit")
    _not_found(api_for("a_chief").action(submitted, "publish"))
    assert Item.objects.get(pk=submitted["id"]).state == "submitted"


# --- roles are graded ----------------------------------------------------------------------


def test_reporter_cannot_publish_even_own_item(api_for: Any, org: Org) -> None:
    reporter = api_for("a_reporter")
    submitted = _step(reporter, _in_a(reporter, org), "submit")
    _forbidden(reporter.action(submitted, "publish"))
    assert Item.objects.get(pk=submitted["id"]).state == "submitted"


def test_editor_can_approve_but_not_publish(api_for: Any, org: Org) -> None:
    editor = api_for("a_editor")
    submitted = _step(api_for("a_reporter"), _in_a(api_for("a_reporter"), org), "submit")
    ready = _step(editor, submitted, "approve")
    assert ready["state"] == "ready"
    _forbidden(editor.action(ready, "publish"))
    assert Item.objects.get(pk=ready["id"]).state == "ready"


def test_desk_chief_can_publish(api_for: Any, org: Org) -> None:
    reporter, chief = api_for("a_reporter"), api_for("a_chief")
    submitted = _step(reporter, _in_a(reporter, org), "submit")
    published = _step(chief, submitted, "publish")
    assert published["state"] == "published" and published["version"] == 1


def test_only_editor_in_chief_kills(api_for: Any, org: Org) -> None:
    chief, eic = api_for("a_chief"), api_for("a_eic")
    published = _published(chief, _in_a(chief, org))
    _forbidden(chief.action(published, "kill", {"reason": "Sai sự thật"}))
    assert Item.objects.get(pk=published["id"]).state == "published"
    killed = _step(eic, published, "kill", {"reason": "Sai sự thật"})
    assert killed["state"] == "killed" and killed["kill_reason"] == "Sai sự thật"


# --- edit locks ----------------------------------------------------------------------------


def _locked_by_reporter(api_for: Any, org: Org) -> dict[str, Any]:
    reporter = api_for("a_reporter")
    item = _in_a(reporter, org)
    response = reporter.post(f"/items/{item['id']}/lock")
    assert response.status_code == 200, response.content
    assert response.json()["holder"] == "a_reporter"
    return item


def test_another_reporter_cannot_take_a_held_lock(api_for: Any, org: Org) -> None:
    item = _locked_by_reporter(api_for, org)
    response = api_for("a_reporter2").post(f"/items/{item['id']}/lock")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "locked"


def test_reporter_cannot_take_over_a_lock(api_for: Any, org: Org) -> None:
    item = _locked_by_reporter(api_for, org)
    response = api_for("a_reporter2").post(f"/items/{item['id']}/lock", {"take_over": True})
    _forbidden(response)
    assert api_for("a_reporter").get(f"/items/{item['id']}/lock").json()["holder"] == "a_reporter"


def test_desk_chief_can_take_over_a_lock(api_for: Any, org: Org) -> None:
    item = _locked_by_reporter(api_for, org)
    chief = api_for("a_chief")
    response = chief.post(f"/items/{item['id']}/lock", {"take_over": True})
    assert response.status_code == 200, response.content
    assert response.json()["holder"] == "a_chief"
    assert chief.get(f"/items/{item['id']}/lock").json()["holder"] == "a_chief"
    assert AuditEntry.objects.filter(action="lock_taken_over", object_id=str(item["id"])).exists()


def test_locked_item_cannot_be_saved_by_another_user(api_for: Any, org: Org) -> None:
    item = _locked_by_reporter(api_for, org)
    response = api_for("a_reporter2").patch(
        f"/items/{item['id']}", {"headline": "Sửa lén"}, etag=_etag(item)
    )
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "locked"
    stored = Item.objects.get(pk=item["id"])
    assert stored.headline == "Bão số 3 đổ bộ" and stored.revision == item["revision"]


def test_lock_holder_can_still_save(api_for: Any, org: Org) -> None:
    item = _locked_by_reporter(api_for, org)
    response = api_for("a_reporter").patch(
        f"/items/{item['id']}", {"headline": "Sửa chính chủ"}, etag=_etag(item)
    )
    assert response.status_code == 200, response.content


# --- organisation administration -----------------------------------------------------------


def test_outlet_admin_creates_a_desk_in_own_outlet(api_for: Any, org: Org) -> None:
    response = api_for("a_admin").post(
        "/desks", {"outlet": org.a.pk, "slug": "the-thao", "name": "Thể thao"}
    )
    assert response.status_code == 201, response.content
    desk = response.json()
    assert desk["outlet"] == org.a.pk and len(desk["stages"]) == 3
    assert Desk.objects.filter(outlet=org.a, slug="the-thao").exists()


def test_outlet_admin_cannot_create_a_desk_in_another_outlet(api_for: Any, org: Org) -> None:
    response = api_for("a_admin").post(
        "/desks", {"outlet": org.b.pk, "slug": "the-thao", "name": "Thể thao"}
    )
    _forbidden(response)
    assert not Desk.objects.filter(slug="the-thao").exists()


def _new_user(roles: dict[str, str]) -> dict[str, Any]:
    return {"username": "phong_vien_moi", "password": "Mat-khau-rat-dai-2026", "roles": roles}


def test_reporter_cannot_create_users(api_for: Any, org: Org) -> None:
    _forbidden(api_for("a_reporter").post("/users", _new_user({str(org.a.pk): "reporter"})))
    assert not User.objects.filter(username="phong_vien_moi").exists()


def test_reporter_cannot_create_agency_wide_users(api_for: Any, org: Org) -> None:
    _forbidden(api_for("a_reporter").post("/users", _new_user({"*": "agency_admin"})))
    assert not User.objects.filter(username="phong_vien_moi").exists()


def test_agency_admin_creates_users(api_for: Any, org: Org) -> None:
    response = api_for("agency_admin").post("/users", _new_user({str(org.b.pk): "editor"}))
    assert response.status_code == 201, response.content
    user = User.objects.get(username="phong_vien_moi")
    assert [(m.outlet_id, m.role.slug) for m in user.memberships.all()] == [(org.b.pk, "editor")]


# --- the audit log is for those who hold view_audit, within their outlets ------------------


def test_reporter_cannot_read_the_audit_log(api_for: Any, org: Org) -> None:
    _in_a(api_for("a_reporter"), org)
    _forbidden(api_for("a_reporter").get("/audit"))
    _forbidden(api_for("a_reporter").get("/audit/export"))


def test_editor_in_chief_reads_only_own_outlets_audit_entries(api_for: Any, org: Org) -> None:
    mine = _in_a(api_for("a_reporter"), org)
    _in_b(api_for("b_reporter"), org)
    response = api_for("a_eic").get("/audit")
    assert response.status_code == 200, response.content
    entries = response.json()["entries"]
    assert entries and {e["outlet"] for e in entries} == {org.a.pk}
    assert str(mine["id"]) in {e["object_id"] for e in entries}
    assert AuditEntry.objects.filter(outlet=org.b).exists()


# --- taking source news --------------------------------------------------------------------


@pytest.fixture
def source_item(api_for: Any, org: Org) -> dict[str, Any]:
    src_chief = api_for("src_chief")
    item = _create(
        src_chief, org.source.pk, org.desk_source.pk, body_html="<p>Tin nguồn TTXVN.</p>"
    )
    return _published(src_chief, item)


def test_editor_takes_a_published_source_item_into_own_outlet(
    api_for: Any, org: Org, source_item: dict[str, Any]
) -> None:
    response = api_for("a_chief").post(
        f"/items/{source_item['id']}/actions/take", {"outlet": org.a.pk, "desk": org.desk_a.pk}
    )
    assert response.status_code == 201, response.content
    copy = response.json()
    assert copy["taken_from"] == source_item["id"]
    assert copy["outlet"] == org.a.pk and copy["state"] == "draft"
    assert copy["headline"] == source_item["headline"] and copy["id"] != source_item["id"]


def test_reporter_of_another_outlet_cannot_take_into_outlet_a(
    api_for: Any, org: Org, source_item: dict[str, Any]
) -> None:
    before = Item.objects.count()
    response = api_for("b_reporter").post(
        f"/items/{source_item['id']}/actions/take", {"outlet": org.a.pk}
    )
    _forbidden(response)
    assert Item.objects.count() == before


def test_reporter_cannot_take_source_news_without_the_privilege(
    api_for: Any, org: Org, source_item: dict[str, Any]
) -> None:
    before = Item.objects.count()
    response = api_for("a_reporter").post(
        f"/items/{source_item['id']}/actions/take", {"outlet": org.a.pk}
    )
    _forbidden(response)
    assert Item.objects.count() == before


def test_correcting_the_source_flags_the_copy_and_notifies_its_creator(
    api_for: Any, org: Org, source_item: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    copy = (
        api_for("a_chief")
        .post(f"/items/{source_item['id']}/actions/take", {"outlet": org.a.pk})
        .json()
    )
    with django_capture_on_commit_callbacks(execute=True):
        corrected = api_for("src_chief").action(
            source_item, "correct", {"note": "Sửa số người bị thương"}
        )
    assert corrected.status_code == 200, corrected.content
    event = DomainEvent.objects.get(name="item.correct", payload__item_id=source_item["id"])
    # The after-commit hook queued delivery; the test task backend (django_tasks_db) only
    # stores the task, so run the delivery here as a worker would.
    queued = DBTaskResult.objects.filter(task_path="toasoan.core.tasks.deliver_event")
    assert any(task.args_kwargs["args"] == [event.pk] for task in queued)
    assert events.deliver(event.pk) >= 1
    assert Item.objects.get(pk=copy["id"]).source_changed == "corrected"
    assert api_for("a_chief").get(f"/items/{copy['id']}").json()["source_changed"] == "corrected"
    note = Notification.objects.get(item_id=copy["id"])
    assert note.user == org.user("a_chief") and note.kind == "source_corrected"
    assert "Sửa số người bị thương" in note.message


def test_delivering_the_correction_twice_notifies_once(
    api_for: Any, org: Org, source_item: dict[str, Any]
) -> None:
    copy = (
        api_for("a_chief")
        .post(f"/items/{source_item['id']}/actions/take", {"outlet": org.a.pk})
        .json()
    )
    api_for("src_chief").action(source_item, "correct", {"note": "Sửa tên"})
    event = DomainEvent.objects.get(name="item.correct", payload__item_id=source_item["id"])
    events.deliver(event.pk)
    assert events.deliver(event.pk) == 0
    assert Notification.objects.filter(item_id=copy["id"]).count() == 1


# --- tokens --------------------------------------------------------------------------------


def test_missing_authorization_is_401(org: Org) -> None:
    response = Client().get("/api/v1/items")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "header", ["Bearer tsn_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "tsn_abc"]
)
def test_bad_token_is_401(org: Org, header: str) -> None:
    response = Client().get("/api/v1/items", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_revoked_token_is_401(org: Org) -> None:
    api = Api(org.user("a_reporter"))
    assert api.get("/me").status_code == 200
    ApiToken.objects.filter(user=org.user("a_reporter")).update(revoked=True)
    assert api.get("/me").status_code == 401


def _token(username: str, password: str) -> Any:
    return Client().post(
        "/api/v1/auth/token",
        data={"username": username, "password": password},
        content_type="application/json",
    )


def test_wrong_password_gets_no_token(org: Org) -> None:
    response = _token("a_reporter", "sai-mat-khau")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert not ApiToken.objects.filter(user=org.user("a_reporter")).exists()
    assert AuditEntry.objects.filter(action="login_failed", object_id="a_reporter").exists()


def test_right_password_gets_a_working_token(org: Org) -> None:
    response = _token("a_reporter", PASSWORD)
    assert response.status_code == 201, response.content
    token = response.json()["token"]
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200 and me.json()["username"] == "a_reporter"


def test_token_is_stored_only_as_a_digest(org: Org) -> None:
    token = _token("a_reporter", PASSWORD).json()["token"]
    row = ApiToken.objects.get(user=org.user("a_reporter"))
    assert row.digest != token
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.digest, row.prefix, row.name}
