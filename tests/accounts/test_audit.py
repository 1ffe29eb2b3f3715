"""The audit log: one chained entry per action, tamper evidence, the command and the export."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import Api, Org
from toasoan.accounts import audit
from toasoan.accounts.models import AuditEntry

TABLE = AuditEntry._meta.db_table


def _create(api: Api, org: Org, **headers: str) -> Any:
    body = {"outlet": org.a.pk, "desk": org.desk_a.pk, "headline": "Giá vàng tăng kỷ lục"}
    return api.post("/items", body, **headers)


def _etag(item: dict[str, Any]) -> str:
    return f'"{item["id"]}-{item["revision"]}"'


def _action(api: Api, item: dict[str, Any], name: str, **headers: str) -> Any:
    return api.post(f"/items/{item['id']}/actions/{name}", etag=_etag(item), **headers)


def _save(api: Api, item: dict[str, Any], **headers: str) -> Any:
    body = {"body_html": "<p>Giá vàng miếng vượt 90 triệu đồng.</p>"}
    return api.patch(f"/items/{item['id']}", body, etag=_etag(item), **headers)


# Each workflow step: who performs it, and how (on the item as the previous step left it).
Step = Callable[[Api, Org, dict[str, Any], str], Any]
STEPS: list[tuple[str, str, Step]] = [
    ("create", "a_reporter", lambda api, org, item, rid: _create(api, org, HTTP_X_REQUEST_ID=rid)),
    ("save", "a_reporter", lambda api, org, item, rid: _save(api, item, HTTP_X_REQUEST_ID=rid)),
    (
        "submit",
        "a_reporter",
        lambda api, org, item, rid: _action(api, item, "submit", HTTP_X_REQUEST_ID=rid),
    ),
    (
        "approve",
        "a_editor",
        lambda api, org, item, rid: _action(api, item, "approve", HTTP_X_REQUEST_ID=rid),
    ),
    (
        "publish",
        "a_chief",
        lambda api, org, item, rid: _action(api, item, "publish", HTTP_X_REQUEST_ID=rid),
    ),
]


def _walk_to(api_for: Any, org: Org, stop: str) -> dict[str, Any]:
    """Run the steps before `stop`; return the item as they left it."""
    item: dict[str, Any] = {}
    for name, user, step in STEPS:
        if name == stop:
            return item
        response = step(api_for(user), org, item, f"setup-{name}-0001")
        assert response.status_code in (200, 201), (name, response.content)
        item = response.json()
    raise AssertionError(stop)


def _some_entries(api_for: Any, org: Org, count: int = 4) -> list[AuditEntry]:
    reporter = api_for("a_reporter")
    for _ in range(count):
        assert _create(reporter, org).status_code == 201
    entries = list(AuditEntry.objects.order_by("seq"))
    assert len(entries) >= count
    return entries


# --- one entry per action ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "user", "step"), STEPS, ids=[s[0] for s in STEPS])
def test_each_workflow_step_writes_one_audit_entry(
    api_for: Any, org: Org, name: str, user: str, step: Step
) -> None:
    item = _walk_to(api_for, org, name)
    before = AuditEntry.objects.count()
    request_id = f"req-{name}-20261126"
    response = step(api_for(user), org, item, request_id)
    assert response.status_code in (200, 201), response.content
    assert response["X-Request-ID"] == request_id
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == name
    assert entry.actor == org.user(user) and entry.actor_name == user
    assert entry.outlet == org.a
    assert entry.object_type == "item" and entry.object_id == str(response.json()["id"])
    assert entry.request_id == request_id
    assert entry.after_digest and (entry.before_digest or name == "create")


def test_request_id_is_generated_when_not_sent(api_for: Any, org: Org) -> None:
    response = _create(api_for("a_reporter"), org)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and len(entry.request_id) == 32
    assert response["X-Request-ID"] == entry.request_id


def test_unsafe_request_id_is_replaced(api_for: Any, org: Org) -> None:
    response = _create(api_for("a_reporter"), org, HTTP_X_REQUEST_ID="bad id; DROP TABLE")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.request_id != "bad id; DROP TABLE"
    assert len(entry.request_id) == 32 and response["X-Request-ID"] == entry.request_id


def test_refused_action_writes_no_audit_entry(api_for: Any, org: Org) -> None:
    item = _walk_to(api_for, org, "approve")
    before = AuditEntry.objects.count()
    assert _action(api_for("a_reporter"), item, "publish").status_code == 403
    assert AuditEntry.objects.count() == before


def test_entries_are_chained_in_sequence(api_for: Any, org: Org) -> None:
    entries = _some_entries(api_for, org)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == audit.GENESIS
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.hash


# --- verify --------------------------------------------------------------------------------


def test_verify_is_ok_on_an_empty_log(db: Any) -> None:
    result = audit.verify()
    assert result.broken is None and result.checked == 0 and result.head == audit.GENESIS


def test_verify_is_ok_on_a_fresh_chain(api_for: Any, org: Org) -> None:
    entries = _some_entries(api_for, org)
    result = audit.verify()
    assert result.broken is None
    assert result.checked == len(entries)
    assert result.head == entries[-1].hash


def test_verify_is_ok_in_small_batches(api_for: Any, org: Org) -> None:
    entries = _some_entries(api_for, org, count=5)
    result = audit.verify(batch=2)
    assert result.broken is None and result.checked == len(entries)


def test_verify_detects_details_altered_with_raw_sql(api_for: Any, org: Org) -> None:
    _some_entries(api_for, org)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET details = %s WHERE seq = %s",  # noqa: S608
            [json.dumps({"guid": "urn:giả-mạo", "state": "draft"}), 2],
        )
    result = audit.verify()
    assert result.broken == audit.Broken(2, "content altered")
    assert result.checked == 1


def test_verify_detects_actor_altered_with_raw_sql(api_for: Any, org: Org) -> None:
    _some_entries(api_for, org)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET actor_name = %s WHERE seq = %s", ["a_eic", 3])  # noqa: S608
    assert audit.verify().broken == audit.Broken(3, "content altered")


def test_verify_detects_a_deleted_middle_entry(api_for: Any, org: Org) -> None:
    _some_entries(api_for, org)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = %s", [2])  # noqa: S608
    result = audit.verify()
    assert result.broken == audit.Broken(2, "entry missing")
    assert result.checked == 1


def test_verify_detects_an_altered_entry_even_when_its_hash_is_recomputed(
    api_for: Any, org: Org
) -> None:
    _some_entries(api_for, org)
    forged = AuditEntry.objects.get(seq=2)
    forged.actor_name = "someone_else"
    new_hash = audit._entry_hash(forged)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET actor_name = %s, hash = %s WHERE seq = %s",  # noqa: S608
            ["someone_else", new_hash, 2],
        )
    assert audit.verify().broken == audit.Broken(3, "chain link broken")


# --- the command ---------------------------------------------------------------------------


def test_audit_verify_command_exits_0_on_a_good_chain(api_for: Any, org: Org) -> None:
    entries = _some_entries(api_for, org)
    out, err = StringIO(), StringIO()
    call_command("audit", "verify", stdout=out, stderr=err)  # returns: exit status 0
    assert "OK" in out.getvalue() and f"{len(entries)} entries" in out.getvalue()
    assert err.getvalue() == ""


def test_audit_verify_command_exits_1_and_names_the_broken_entry(api_for: Any, org: Org) -> None:
    _some_entries(api_for, org)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET details = %s WHERE seq = %s", ["{}", 3])  # noqa: S608
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert exited.value.code == 1
    assert "entry 3" in err.getvalue() and "content altered" in err.getvalue()


def test_audit_export_command_writes_json_lines(api_for: Any, org: Org) -> None:
    entries = _some_entries(api_for, org)
    out = StringIO()
    call_command("audit", "export", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["seq"] for r in rows] == [e.seq for e in entries]
    assert [r["hash"] for r in rows] == [e.hash for e in entries]
    assert rows[0]["action"] == "create" and rows[0]["actor"] == "a_reporter"


def test_audit_export_command_starts_after_a_sequence_number(api_for: Any, org: Org) -> None:
    entries = _some_entries(api_for, org)
    out = StringIO()
    call_command("audit", "export", "--after-seq", "2", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["seq"] for r in rows] == [e.seq for e in entries if e.seq > 2]


# --- append-only in the ORM ----------------------------------------------------------------


def test_saving_an_existing_entry_raises(api_for: Any, org: Org) -> None:
    entry = _some_entries(api_for, org)[0]
    entry.details = {"rewritten": True}
    with pytest.raises(RuntimeError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).details != {"rewritten": True}


def test_deleting_an_entry_raises(api_for: Any, org: Org) -> None:
    entry = _some_entries(api_for, org)[0]
    with pytest.raises(RuntimeError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- the API export ------------------------------------------------------------------------


def test_api_export_streams_json_lines_of_own_outlet(api_for: Any, org: Org) -> None:
    _some_entries(api_for, org, count=3)
    b_item = api_for("b_reporter").post(
        "/items", {"outlet": org.b.pk, "desk": org.desk_b.pk, "headline": "Gold hits record"}
    )
    assert b_item.status_code == 201
    response = api_for("a_eic").get("/audit/export")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    text = b"".join(response.streaming_content).decode()
    rows = [json.loads(line) for line in text.splitlines()]
    expected = list(AuditEntry.objects.filter(outlet=org.a).order_by("seq"))
    assert [r["seq"] for r in rows] == [e.seq for e in expected]
    assert {r["outlet"] for r in rows} == {org.a.pk}
    assert all(r["hash"] and r["prev_hash"] for r in rows)


def test_api_export_filters_by_object(api_for: Any, org: Org) -> None:
    item = _walk_to(api_for, org, "approve")
    response = api_for("a_eic").get(f"/audit/export?object_type=item&object_id={item['id']}")
    rows = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert [r["action"] for r in rows] == ["create", "save", "submit"]
