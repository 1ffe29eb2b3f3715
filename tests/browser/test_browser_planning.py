"""Acceptance test of planning (issue 3): event -> planning item with coverage -> assignment ->
the assignee starts the story -> the editor opens on the linked draft -> coverage in progress."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from toasoan.planning.models import Coverage, CoverageStatus, Event, PlanningItem
from toasoan.planning.web import editor_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_event_to_coverage_to_assignment_to_story(
    org: Any, new_context: Any, password: str, login: Any, screenshot: Any
) -> None:
    day = timezone.localdate() + timedelta(days=1)
    chief = new_context(locale="vi-VN").new_page()
    login(chief, "a_chief", password)

    # The event, recurring weekly, from the calendar.
    chief.goto(f"/planning/calendar/?outlet={org.a.pk}")
    chief.get_by_role("link", name="Sự kiện mới").click()
    chief.get_by_label("Tiêu đề").fill("Họp báo Bộ Y tế")
    chief.get_by_label("Bắt đầu", exact=True).fill(f"{day.isoformat()}T09:00")
    chief.get_by_label("Kết thúc").fill(f"{day.isoformat()}T10:30")
    chief.get_by_label("Lặp lại").fill("FREQ=WEEKLY;COUNT=4")
    chief.get_by_label("Địa điểm").fill("138A Giảng Võ, Hà Nội")
    chief.get_by_role("button", name="Lưu").click()
    chief.wait_for_url(re.compile(r"/planning/calendar/"))
    event = Event.objects.get()
    assert (
        chief.locator(f"td[data-date='{day.isoformat()}']").get_by_text("Họp báo Bộ Y tế").count()
        == 1
    )
    assert (
        chief.locator("td[data-date='" + (day + timedelta(days=7)).isoformat() + "']")
        .get_by_text("Họp báo Bộ Y tế")
        .count()
        == 1
    )  # the recurrence
    screenshot(chief, "planning-calendar")

    # A planning item for the event, then a text coverage and its assignment on the budget card.
    chief.goto(f"/planning/events/{event.pk}/")
    chief.get_by_role("link", name="Lên kế hoạch đưa tin sự kiện này").click()
    chief.locator("#slugline").fill("hop-bao-bo-y-te")
    chief.locator("#headline").fill("Bộ Y tế thông tin về dịch sốt xuất huyết")
    chief.locator("#desk").select_option(str(org.desk_a.pk))
    assert chief.locator("#event").input_value() == str(event.pk)
    chief.get_by_role("button", name="Lưu").click()
    chief.wait_for_url(re.compile(r"/planning/\?"))
    plan = PlanningItem.objects.get()
    card = chief.locator(f"#plan-{plan.pk}")
    card.get_by_text("Thêm phần tác nghiệp").click()
    card.locator("select[name=format]").select_option("text")
    card.locator("input[name=planned_length]").fill("700")
    card.locator("input[name=deadline]").fill(f"{day.isoformat()}T16:00")
    card.get_by_role("button", name="Thêm", exact=True).click()
    row = chief.locator("tr[id^=coverage-]")
    row.get_by_text("Đã lên kế hoạch").wait_for()
    reporter = org.user("a_reporter")
    row.locator("select[name=assignee]").select_option(f"user:{reporter.pk}")
    row.get_by_role("button", name="Giao việc").click()
    chief.locator("tr[id^=coverage-] .badge", has_text="Đã giao").wait_for()
    assert "a_reporter" in chief.locator("tr[id^=coverage-]").inner_text()
    screenshot(chief, "planning-budget")
    coverage = Coverage.objects.get()
    assert coverage.status == CoverageStatus.ASSIGNED

    # The assignee signs in, sees the assignment, starts the story, and lands in the editor.
    writer = new_context(locale="vi-VN").new_page()
    login(writer, "a_reporter", password)
    writer.goto(f"/planning/?outlet={org.a.pk}&date={day.isoformat()}")
    writer.get_by_role("button", name="Bắt đầu viết").click()
    writer.wait_for_url(re.compile(r"/items/\d+/"))
    coverage.refresh_from_db()
    assert coverage.item is not None and coverage.status == CoverageStatus.IN_PROGRESS
    assert writer.url.endswith(editor_url(coverage.item.pk))
    assert coverage.item.headline == "Bộ Y tế thông tin về dịch sốt xuất huyết"
    screenshot(writer, "planning-started-story-editor")

    writer.goto(f"/planning/?outlet={org.a.pk}&date={day.isoformat()}")
    status = writer.locator(f"#coverage-{coverage.pk} .badge")
    assert status.inner_text() == "Đang viết"
    assert writer.locator(f"#coverage-{coverage.pk}").get_attribute("data-status") == "in_progress"
