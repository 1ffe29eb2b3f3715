"""Desk monitoring in a real browser: a move by one user appears on another's screen unreloaded."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import Org
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item, Notification
from toasoan.newsroom.notify import Kind, notify

pytestmark = pytest.mark.django_db(transaction=True)


def _item(org: Org, headline: str, **fields: Any) -> Item:
    return actions.create(
        by=org.user("a_reporter"),
        outlet=org.a,
        desk=org.desk_a,
        fields={"headline": headline, **fields},
    )


def test_a_move_by_one_editor_shows_on_another_editors_desk_within_5_seconds(
    org: Org, new_context: Any, login: Any, password: str, screenshot: Any
) -> None:
    keyboard_item = _item(org, "Bão số 5 tiến vào biển Đông", urgency=2)
    dragged_item = _item(org, "Giá xăng giảm lần thứ ba", urgency=5)
    _item(org, "Hội nghị Trung ương khai mạc", urgency=4, embargo_until=None)
    stages = list(org.desk_a.stages.order_by("position"))
    desk_url = f"/desks/{org.desk_a.pk}/"

    editor = new_context().new_page()
    login(editor, "a_editor", password)
    chief = new_context().new_page()
    login(chief, "a_chief", password)
    editor.goto(desk_url)
    chief.goto(desk_url)
    last_column = chief.locator(f'.column[data-stage="{stages[2].pk}"]')
    expect(last_column.locator(".headline", has_text="Bão số 5 tiến vào biển Đông")).to_have_count(
        0
    )

    # Keyboard: focus the card's "move to" button, choose the stage, confirm.
    editor.locator(f"#move-{keyboard_item.pk}").focus()
    editor.keyboard.press("Enter")
    dialog = editor.locator("#move-dialog")
    expect(dialog).to_be_visible()
    editor.locator("#move-stage").select_option(str(stages[2].pk))
    editor.keyboard.press("Tab")
    editor.keyboard.press("Tab")
    editor.keyboard.press("Enter")
    expect(editor.locator("#desk-flash")).to_contain_text("Bão số 5")
    expect(last_column.locator(".headline", has_text="Bão số 5 tiến vào biển Đông")).to_be_visible(
        timeout=5000
    )

    # Drag and drop into the second stage.
    card = editor.locator(f"#card-{dragged_item.pk}")
    card.drag_to(editor.locator(f'.column[data-stage="{stages[1].pk}"] .column-body'))
    middle = chief.locator(f'.column[data-stage="{stages[1].pk}"]')
    expect(middle.locator(".headline", has_text="Giá xăng giảm lần thứ ba")).to_be_visible(
        timeout=5000
    )
    dragged_item.refresh_from_db()
    assert dragged_item.stage_id == stages[1].pk
    expect(chief.locator("#board-status")).to_contain_text(re.compile(r"\d"))
    screenshot(chief, "desk_view")
    chief.set_viewport_size({"width": 390, "height": 844})
    expect(chief.locator(f"#move-{keyboard_item.pk}")).to_be_visible()
    screenshot(chief, "desk_view_phone")


def test_stale_move_in_the_browser_shows_a_message_and_reloads(
    org: Org, page: Any, login: Any, password: str
) -> None:
    item = _item(org, "Bài bị sửa trong lúc xem")
    stages = list(org.desk_a.stages.order_by("position"))
    login(page, "a_editor", password)
    page.goto(f"/desks/{org.desk_a.pk}/")
    page.evaluate("window.toasoanBoardBusy = true")  # hold the refresh so the card goes stale
    actions.save(
        item, by=org.user("a_reporter"), fields={"headline": "Tít mới"}, expected_revision=None
    )
    page.locator(f"#move-{item.pk}").click()
    page.locator("#move-stage").select_option(str(stages[1].pk))
    page.locator("#move-dialog button[type=submit]").click()
    expect(page.locator("#desk-flash [role=alert]")).to_be_visible()
    page.evaluate("window.toasoanBoardBusy = false")
    expect(page.locator(".headline", has_text="Tít mới")).to_be_visible(timeout=5000)
    item.refresh_from_db()
    assert item.stage_id == stages[0].pk


def test_home_shows_work_and_notifications_can_be_marked_read(
    org: Org, page: Any, login: Any, password: str, screenshot: Any
) -> None:
    _item(org, "Nháp phóng sự về lũ")
    submitted = actions.create(
        by=org.user("a_reporter2"),
        outlet=org.a,
        desk=org.desk_a,
        fields={"headline": "Tin chờ duyệt"},
    )
    actions.submit(submitted, by=org.user("a_reporter2"), expected_revision=None)
    notify(
        org.user("a_chief"), Kind.MENTION, "a_reporter nhắc đến bạn: xem giúp tít", item=submitted
    )
    login(page, "a_chief", password)
    page.goto("/")
    expect(
        page.get_by_role("heading", name=re.compile("Chờ tôi xử lý|Waiting for me"))
    ).to_be_visible()
    expect(page.get_by_text("Tin chờ duyệt").first).to_be_visible()
    expect(page.locator(".bell .badge-count")).to_have_text("1")
    screenshot(page, "home")
    page.locator("#notifications button.btn-link").first.click()
    expect(page.locator("#notifications .badge-count")).to_have_count(0)
    expect(page.locator(".bell .badge-count")).to_have_count(0)


def test_comment_with_a_mention_chosen_by_keyboard_notifies_the_colleague(
    org: Org, page: Any, login: Any, password: str
) -> None:
    chief = org.user("a_chief")
    chief.full_name = "Trần Thu Hà"
    chief.save()
    item = _item(org, "Phóng sự cần góp ý")
    login(page, "a_editor", password)
    page.goto(f"/items/{item.pk}/edit/")
    box = page.locator(f"#comment-body-{item.pk}")
    box.click()
    box.press_sequentially("Nhờ @thu")
    option = page.locator(f"#mentions-{item.pk} [role=option]").first
    expect(option).to_contain_text("a_chief")
    box.press("Enter")
    expect(box).to_have_value("Nhờ @a_chief ")
    box.press_sequentially("xem tít.")
    page.locator(f"#comments-{item.pk} button[type=submit]", has_text="Gửi bình luận").click()
    expect(page.locator(f"#comments-{item.pk} .mention")).to_have_text("@a_chief")
    page.locator(f"#comments-{item.pk} button", has_text="Đã xử lý").click()
    expect(page.locator(f"#comments-{item.pk} .comment")).to_have_count(0)
    assert Notification.objects.filter(user=chief, kind=Kind.MENTION, item=item).count() == 1
