"""Acceptance: a story with a photo from creation to correction, and two editors in conflict."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest
from PIL import Image

from tests.conftest import Org
from toasoan.newsroom import actions
from toasoan.newsroom.models import Association, Draft, Item, PublishedVersion

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = unicodedata.normalize("NFD", "Người dân Huế khẩn trương chằng chống nhà cửa trước bão.")


def draft_body(item: Item) -> str:
    draft = Draft.objects.filter(item=item).first()
    return unicodedata.normalize("NFC", draft.form.get("body_html", "")) if draft else ""


def wait_until(page: Any, condition: Any, tries: int = 40) -> None:
    """Poll the database while the page works (autosave runs every few seconds)."""
    for _ in range(tries):
        if condition():
            return
        page.wait_for_timeout(250)
    raise AssertionError("the page did not get there")


def wait_for_editor(page: Any) -> None:
    page.wait_for_selector("#editor-form[data-editor-ready='1']")


def type_in_body(page: Any, text: str) -> None:
    body = page.locator(".prose-editor .tiptap")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.insert_text(text)


def test_story_with_photo_autosave_reload_publish_and_correct(
    org: Org, page: Any, password: str, login: Any, screenshot: Any, tmp_path: Any
) -> None:
    jpeg = tmp_path / "bao-hue.jpg"
    Image.new("RGB", (800, 500), (200, 80, 40)).save(jpeg, "JPEG")
    login(page, "a_chief", password)
    page.goto("/items/new/")
    page.get_by_label("Tiêu đề").fill("Huế chủ động ứng phó bão số 13")
    page.locator("#id_outlet").select_option(str(org.a.pk))
    page.locator("#id_desk").select_option(str(org.desk_a.pk))
    page.get_by_role("button", name="Tạo và mở trình soạn thảo").click()
    page.wait_for_url(re.compile(r"/items/\d+/edit/$"))
    wait_for_editor(page)
    item = Item.objects.get(headline="Huế chủ động ứng phó bão số 13")

    # the photo: uploaded from the editor, made featured, and embedded in the body
    page.get_by_label("Tải ảnh lên").set_input_files(str(jpeg))
    page.wait_for_selector("#media-upload-status:has-text('Đã tải lên')")
    picture = Item.objects.get(type="picture")
    page.locator(f"[data-feature='{picture.pk}']").click()
    page.wait_for_selector("#featured-img")
    assert Association.objects.get(item=item, role="featured").target == picture
    page.get_by_role("button", name="Chèn vào bài").click()
    assert page.locator(".prose-editor .tiptap figure img").count() == 1

    # a Media Topic from the vi/en search, and keywords
    page.get_by_label("Tìm chủ đề (tiếng Việt hoặc tiếng Anh)").fill("thời tiết")
    page.locator("#topic-results [data-topic-code]").first.click()
    assert page.locator("#topic-chips input[name=subjects]").count() == 1
    page.get_by_label("Từ khóa").fill("bão, Huế")

    # Vietnamese typed (decomposed, as some input methods send it), autosaved, then a reload
    type_in_body(page, TYPED)
    page.wait_for_function("document.getElementById('counts').dataset.wordCount > 10")
    page.wait_for_selector("#autosave-status:has-text('Đã tự động lưu')", timeout=12_000)
    wait_until(page, lambda: "khẩn trương" in draft_body(item))
    screenshot(page, "editor")
    page.reload()
    page.get_by_role("link", name="Khôi phục thay đổi chưa lưu").click()
    wait_for_editor(page)
    assert "chằng chống" in unicodedata.normalize(
        "NFC", page.locator(".prose-editor .tiptap").inner_text()
    )
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_selector(".flash-success")
    item.refresh_from_db()
    assert unicodedata.normalize("NFC", TYPED) in item.body_html  # stored NFC
    assert "<figure" in item.body_html and "<img" in item.body_html
    assert len(item.subjects) == 1 and item.keywords == ["bão", "Huế"]

    # submit -> approve -> publish (two clicks) -> correct with a public note
    wait_for_editor(page)
    page.get_by_role("button", name="Gửi duyệt").click()
    page.wait_for_selector(".state-submitted")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.wait_for_selector(".state-ready")
    page.locator("#publish-confirm summary").click()
    page.get_by_role("button", name="Xác nhận: xuất bản ngay").click()
    page.wait_for_selector(".state-published")
    item.refresh_from_db()
    assert (item.state, item.version) == ("published", 1)

    wait_for_editor(page)
    page.get_by_role("button", name="Đăng đính chính").click()
    page.wait_for_selector(".field-error")  # the note is required
    wait_for_editor(page)
    page.get_by_label("Ghi chú đính chính công khai").fill("Sửa số hiệu cơn bão.")
    page.get_by_label("Tiêu đề").fill("Huế chủ động ứng phó bão số 14")
    page.get_by_role("button", name="Đăng đính chính").click()
    page.wait_for_selector(".state-corrected")
    assert "Sửa số hiệu cơn bão." in page.locator(".correction-log").inner_text()
    assert PublishedVersion.objects.get(item=item, kind="correct").note == "Sửa số hiệu cơn bão."
    page.get_by_role("link", name="Lịch sử phiên bản").click()
    page.wait_for_selector(".revision-list")
    screenshot(page, "revisions")


def test_two_editors_conflict_and_nothing_is_lost(
    org: Org, new_context: Any, password: str, login: Any, screenshot: Any
) -> None:
    item = actions.create(
        by=org.user("a_reporter"),
        outlet=org.a,
        desk=org.desk_a,
        fields={"headline": "Giá vàng hôm nay", "body_html": "<p>Giá vàng tăng nhẹ.</p>"},
    )
    reporter, chief = new_context().new_page(), new_context().new_page()
    login(reporter, "a_reporter", password)
    login(chief, "a_chief", password)
    reporter.goto(f"/items/{item.pk}/edit/")
    wait_for_editor(reporter)

    chief.goto(f"/items/{item.pk}/edit/")
    assert "Đang được a_reporter sửa" in chief.locator(".lock-banner").inner_text()
    chief.get_by_role("button", name="Giành quyền sửa").click()
    wait_for_editor(chief)
    type_in_body(chief, " Trưởng ban bổ sung số liệu.")
    chief.get_by_role("button", name="Lưu", exact=True).click()
    chief.wait_for_selector(".flash-success")
    chief.get_by_role("button", name="Đóng trình soạn thảo và nhả khóa").click()

    reporter.get_by_label("Tiêu đề").fill("Giá vàng hôm nay tăng nhẹ")
    type_in_body(reporter, " Phóng viên thêm nhận định.")
    reporter.get_by_role("button", name="Lưu", exact=True).click()
    reporter.wait_for_selector(".conflict-form")
    text = reporter.locator(".conflict-form").inner_text()
    assert "Trưởng ban bổ sung số liệu." in text and "Phóng viên thêm nhận định." in text
    screenshot(reporter, "conflict")

    reporter.locator("#conflict-headline input[value=mine]").check()
    reporter.locator("#conflict-body_html input[value=theirs]").check()
    reporter.get_by_role("button", name="Lưu theo lựa chọn của tôi").click()
    reporter.wait_for_selector(".flash-success")
    item.refresh_from_db()
    assert item.headline == "Giá vàng hôm nay tăng nhẹ"
    assert "Trưởng ban bổ sung số liệu." in item.body_html
    assert not Draft.objects.filter(item=item).exists()
