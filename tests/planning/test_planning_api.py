"""The planning API: CRUD, assign, start story, budget, iCalendar; one error shape."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar

from tests.conftest import Org
from toasoan.newsroom.models import Item


def _event(api: Any, org: Org, **extra: Any) -> Any:
    body = {
        "outlet": org.a.pk,
        "title": "Lễ khai giảng",
        "starts_at": "2026-12-03T08:00:00+07:00",
        "ends_at": "2026-12-03T10:00:00+07:00",
        **extra,
    }
    return api.post("/planning/events", body)


def test_event_crud_and_errors(api_for: Any, org: Org) -> None:
    editor = api_for("a_editor")
    created = _event(editor, org, recurrence="FREQ=MONTHLY;COUNT=3")
    assert created.status_code == 201, created.json()
    event = created.json()
    assert event["place"]["name"] == "" and event["recurrence"] == "FREQ=MONTHLY;COUNT=3"
    changed = editor.patch(f"/planning/events/{event['id']}", {"place_name": "Trường Chu Văn An"})
    assert changed.json()["place"]["name"] == "Trường Chu Văn An"
    listed = editor.get(f"/planning/events?outlet={org.a.pk}&date=2026-12-01&days=90").json()
    assert [o["start"][:10] for o in listed[0]["occurrences"]] == [
        "2026-12-03",
        "2027-01-03",
        "2027-02-03",
    ]
    bad = _event(editor, org, ends_at="2026-12-03T07:00:00+07:00")
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "ends_at"
    bad = _event(editor, org, recurrence="FREQ=SOMETIMES")
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "recurrence")
    assert _event(api_for("a_reporter"), org).status_code == 403
    assert api_for("b_chief").get(f"/planning/events/{event['id']}").status_code == 404
    cancelled = editor.post(f"/planning/events/{event['id']}/cancel")
    assert cancelled.json()["state"] == "cancelled"
    assert editor.post(f"/planning/events/{event['id']}/cancel").status_code == 409


def test_plan_cover_assign_start_and_budget(api_for: Any, org: Org) -> None:
    editor, chief, reporter = api_for("a_editor"), api_for("a_chief"), api_for("a_reporter")
    plan = editor.post(
        "/planning/items",
        {
            "outlet": org.a.pk,
            "slugline": "khai-giang",
            "headline": "Khai giảng năm học",
            "date": "2026-12-03",
            "desk": org.desk_a.pk,
        },
    ).json()
    coverage = editor.post(
        f"/planning/items/{plan['id']}/coverages",
        {"format": "video", "planned_length": 90, "deadline": "2026-12-03T11:00:00+07:00"},
    )
    assert coverage.status_code == 201
    cid = coverage.json()["id"]
    assert coverage.json()["length_unit"] == "seconds"
    unknown = editor.post(f"/planning/items/{plan['id']}/coverages", {"format": "podcast"})
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (422, "format")
    assert (
        editor.post(
            f"/planning/coverages/{cid}/assign", {"user": org.user("a_reporter").pk}
        ).status_code
        == 403
    )
    both = chief.post(f"/planning/coverages/{cid}/assign", {"user": 1, "desk": org.desk_a.pk})
    assert both.status_code == 422
    assigned = chief.post(f"/planning/coverages/{cid}/assign", {"user": org.user("a_reporter").pk})
    assert assigned.json()["status"] == "assigned"
    assert assigned.json()["assignment"]["user_name"] == "a_reporter"
    mine = reporter.get("/planning/assignments/mine").json()
    assert [m["coverage"] for m in mine] == [cid]
    assert api_for("a_reporter2").post(f"/planning/coverages/{cid}/start").status_code == 403
    started = reporter.post(f"/planning/coverages/{cid}/start")
    assert started.status_code == 201
    item = Item.objects.get(pk=started.json()["item"])
    assert (item.type, item.headline, item.state) == ("video", "Khai giảng năm học", "draft")
    assert started.json()["status"] == "in_progress"
    assert reporter.post(f"/planning/coverages/{cid}/start").status_code == 409
    week = reporter.get(f"/planning/budget?outlet={org.a.pk}&date=2026-12-03&span=week").json()
    assert week["from"] == "2026-11-30" and len(week["days"]) == 7
    thursday = week["days"][3]
    assert thursday["items"][0]["coverages"][0]["item"] == item.pk
    assert api_for("b_reporter").get(f"/planning/budget?outlet={org.a.pk}").status_code == 404
    assert reporter.get(f"/planning/budget?outlet={org.a.pk}&span=year").status_code == 422


def test_ics_endpoint_is_text_calendar(api_for: Any, org: Org) -> None:
    editor = api_for("a_editor")
    _event(editor, org, recurrence="FREQ=YEARLY")
    response = editor.get(f"/planning/calendar.ics?outlet={org.a.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent["RRULE"]["FREQ"] == ["YEARLY"]
