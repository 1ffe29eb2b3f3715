"""The planning pages: budget, calendar, forms, htmx card partials, start story, .ics."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import Org
from toasoan.planning.models import Coverage, CoverageStatus, Event, PlanningItem


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_budget_shows_coverage_status_assignee_and_deadline_in_vietnamese(
    org: Org, coverage: Coverage
) -> None:
    page = _client(org.user("a_chief")).get(f"/planning/?outlet={org.a.pk}&date=2026-12-03")
    html = page.content.decode()
    assert page.status_code == 200
    assert "hop-bao-chinh-phu" in html and "03/12/2026 19:00" in html
    assert "Họp báo Chính phủ thường kỳ" in html  # the day's event
    assert 'class="badge status-planned"' in html
    assert "Kế hoạch tin bài" in html  # "Story budget", Vietnamese by default


def test_forms_create_event_and_planning_item_and_report_bad_input(org: Org) -> None:
    client = _client(org.user("a_editor"))
    bad = client.post(
        f"/planning/events/new/?outlet={org.a.pk}",
        {"title": "Họp", "starts_at": "2026-12-05T09:00", "ends_at": "2026-12-05T08:00"},
    )
    assert bad.status_code == 422 and not Event.objects.exists()
    assert 'aria-invalid="true"' in bad.content.decode()
    ok = client.post(
        f"/planning/events/new/?outlet={org.a.pk}",
        {
            "title": "Họp",
            "starts_at": "2026-12-05T09:00",
            "ends_at": "2026-12-05T10:00",
            "recurrence": "FREQ=WEEKLY",
        },
    )
    assert ok.status_code == 302 and "/planning/calendar/" in ok["Location"]
    event = Event.objects.get()
    made = client.post(
        f"/planning/items/new/?outlet={org.a.pk}",
        {
            "slugline": "hop-tuan",
            "date": "2026-12-05",
            "event": str(event.pk),
            "desk": str(org.desk_a.pk),
            "urgency": "4",
            "headline": "",
            "description": "",
            "subjects": "",
        },
    )
    assert made.status_code == 302
    plan = PlanningItem.objects.get()
    assert (plan.event, plan.desk, plan.urgency) == (event, org.desk_a, 4)
    calendar = client.get(f"/planning/calendar/?outlet={org.a.pk}&date=2026-12-01").content.decode()
    assert (
        calendar.count("Họp</a>") == 5
    )  # every Saturday of the December grid (5, 12, 19, 26, 2/1)


def test_htmx_card_actions_add_assign_and_start(org: Org, plan: PlanningItem) -> None:
    chief = _client(org.user("a_chief"))
    htmx = {"HTTP_HX_REQUEST": "true"}
    card = chief.post(
        f"/planning/items/{plan.pk}/coverages/", {"format": "photo", "planned_length": "5"}, **htmx
    )
    assert card.status_code == 200 and f'id="plan-{plan.pk}"' in card.content.decode()
    coverage = Coverage.objects.get()
    bad = chief.post(
        f"/planning/coverages/{coverage.pk}/assign/", {"assignee": "user:999999"}, **htmx
    )
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
    reporter = org.user("a_reporter")
    card = chief.post(
        f"/planning/coverages/{coverage.pk}/assign/", {"assignee": f"user:{reporter.pk}"}, **htmx
    )
    assert "a_reporter" in card.content.decode()
    writer = _client(reporter)
    budget = writer.get(f"/planning/?outlet={org.a.pk}&date=2026-12-03").content.decode()
    assert "Bắt đầu viết" in budget
    started = writer.post(f"/planning/coverages/{coverage.pk}/start/", **htmx)
    assert started.status_code == 204
    coverage.refresh_from_db()
    assert coverage.status == CoverageStatus.IN_PROGRESS and coverage.item is not None
    assert (
        started["HX-Redirect"].endswith(f"/{coverage.item.pk}/")
        or str(coverage.item.pk) in started["HX-Redirect"]
    )


def test_pages_refuse_other_outlets(org: Org, plan: PlanningItem) -> None:
    outsider = _client(org.user("b_reporter"))
    assert outsider.get(f"/planning/?outlet={org.a.pk}").status_code == 404
    assert outsider.get(f"/planning/items/{plan.pk}/").status_code == 404
    assert outsider.get(f"/planning/ics/{org.a.slug}.ics").status_code == 404
    ics = _client(org.user("a_reporter")).get(f"/planning/ics/{org.a.slug}.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")


def test_my_assignments_fragment(org: Org, coverage: Coverage) -> None:
    from django.template.loader import render_to_string

    from toasoan.planning import actions
    from toasoan.planning.queries import my_assignments

    actions.assign(coverage, by=org.user("a_chief"), user=org.user("a_reporter"))
    mine = my_assignments(org.user("a_reporter"))
    assert [a.coverage_id for a in mine] == [coverage.pk]
    assert my_assignments(org.user("b_reporter")) == []
    html = render_to_string("planning/_my_assignments.html", {"assignments": mine})
    assert "hop-bao-chinh-phu" in html and "03/12/2026 19:00" in html


def test_htmx_actions_on_another_outlets_card_reveal_nothing(org: Org, coverage: Coverage) -> None:
    outsider = _client(org.user("b_chief"))
    response = outsider.post(
        f"/planning/coverages/{coverage.pk}/assign/",
        {"assignee": f"user:{org.user('b_reporter').pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 404
    assert "hop-bao-chinh-phu" not in response.content.decode()
    assert not coverage.assignments.exists()
