"""Media library in a real browser: drop two pictures, find them, set the focal point, crop,
edit the caption; build a package by dragging and by the keyboard."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from PIL import Image

from toasoan.newsroom.actions import create, media
from toasoan.newsroom.models import Association, Item, MediaAsset, Rendition

pytestmark = pytest.mark.django_db(transaction=True)


def picture(fmt: str, size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", size, colour)
    for x in range(size[0] // 3, size[0] // 2):  # a darker band, so crops differ visibly
        for y in range(size[1]):
            image.putpixel((x, y), (20, 20, 20))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


DROP = """([files, selector]) => {
  const transfer = new DataTransfer();
  for (const [name, type, data] of files) {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, {type}));
  }
  const zone = document.querySelector(selector);
  const options = {dataTransfer: transfer, bubbles: true, cancelable: true};
  zone.dispatchEvent(new DragEvent("dragover", options));
  zone.dispatchEvent(new DragEvent("drop", options));
}"""


def test_drop_upload_find_crop_and_caption(
    org: Any, page: Any, password: str, login: Any, screenshot: Any
) -> None:
    login(page, "a_reporter", password)
    page.goto("/library/")
    files = [
        ["đê-vỡ.jpg", "image/jpeg", base64.b64encode(picture("JPEG", (480, 320), (40, 120, 200)))],
        ["ruong-lua.png", "image/png", base64.b64encode(picture("PNG", (300, 300), (60, 160, 60)))],
    ]
    page.evaluate(DROP, [[[n, t, d.decode()] for n, t, d in files], "[data-drop-zone]"])
    page.locator(".media-upload-ok").nth(1).wait_for()
    assert page.locator(".media-upload-ok").count() == 2
    page.locator(".media-card").nth(1).wait_for()
    assert page.locator(".media-card").count() == 2

    # a file that is not a picture: a message naming the file, the others unaffected
    page.locator("[data-upload-input]").set_input_files(
        files=[{"name": "ghi-chu.jpg", "mimeType": "image/jpeg", "buffer": b"not a picture"}]
    )
    failed = page.locator(".media-upload-failed")
    failed.wait_for()
    assert "ghi-chu.jpg" in failed.inner_text()
    screenshot(page, "media-library")

    # search folds diacritics: "de vo" finds the file named "đê-vỡ.jpg"
    page.locator("#media-q").fill("de vo")
    page.wait_for_function("document.querySelectorAll('.media-card').length === 1")

    item = Item.objects.get(media__original_name="đê-vỡ.jpg")
    page.goto(f"/library/{item.pk}/")
    image = page.locator("[data-crop-image]")
    image.wait_for()
    box = image.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
    assert page.locator("#focal-x").input_value() == "0.25"
    assert page.locator("#focal-y").input_value() == "0.50"
    assert page.locator(".media-crop-box").count() == 3  # the three shapes checked by default
    page.locator("input[data-aspect][value='1:1']").check()
    assert page.locator(".media-crop-box").count() == 4
    page.get_by_role("button", name=re.compile("Lưu điểm nhấn")).click()
    page.locator("tr[data-rendition='crop-1x1']").wait_for()
    screenshot(page, "media-detail-crop")
    asset = MediaAsset.objects.get(item=item)
    assert (asset.focal_x, asset.focal_y) == (0.25, 0.5)
    square = Rendition.objects.get(item=item, name="crop-1x1")
    assert (square.width, square.height) == (320, 320)

    # the caption form continues from the revision the crop made
    page.locator("#m-abstract").fill("Đê vỡ ở Quảng Bình, nước tràn vào làng")
    page.locator("#m-keywords").fill("lũ, đê điều")
    page.get_by_role("button", name=re.compile("Lưu chú thích")).click()
    page.locator(".media-metadata .media-saved").wait_for()
    item.refresh_from_db()
    assert item.abstract == "Đê vỡ ở Quảng Bình, nước tràn vào làng"
    assert item.keywords == ["lũ", "đê điều"]


def test_build_a_package_by_drag_and_keyboard(
    org: Any, page: Any, password: str, login: Any, screenshot: Any
) -> None:
    by = org.user("a_editor")
    data = picture("JPEG", (200, 150), (200, 80, 40))
    photo = media.upload(
        by=by, outlet=org.a, stream=io.BytesIO(data), size=len(data), fields={"headline": "Ảnh bão"}
    )
    lead = create(by=by, outlet=org.a, fields={"headline": "Bão số 9 đổ bộ"})
    side = create(by=by, outlet=org.a, fields={"headline": "Hỏi đáp: chằng chống nhà cửa"})
    package = create(by=by, outlet=org.a, type="composite", fields={"headline": "Gói tin bão"})
    login(page, "a_editor", password)
    page.goto(f"/packages/{package.pk}/")

    search = page.locator("#package-q")
    wanted = (
        ("bao so 9", lead, "main"),
        ("chang chong", side, "main"),
        ("anh bao", photo, "sidebar"),
    )
    for words, member, group in wanted:
        search.fill(words)
        result = page.locator(f"#package-results [data-result][data-item-id='{member.pk}']")
        result.wait_for()
        result.locator(f"button[data-add='{group}']").click()
    members = page.locator("[data-member]")
    assert members.count() == 3

    # keyboard: the Q&A moves up above the lead, then down again into the sidebars
    qa = page.locator(f"[data-member][data-item-id='{side.pk}']")
    qa.locator("button[data-move='up']").focus()
    page.keyboard.press("Enter")
    assert page.locator("[data-group='main'] [data-member]").first.get_attribute(
        "data-item-id"
    ) == str(side.pk)
    qa.locator("button[data-move='down']").click()
    qa.locator("button[data-move='down']").click()
    assert page.locator("[data-group='sidebar'] [data-member]").first.get_attribute(
        "data-item-id"
    ) == str(side.pk)

    # drag: the photo goes to the top of the main group
    page.locator(f"[data-member][data-item-id='{photo.pk}']").drag_to(
        page.locator(f"[data-member][data-item-id='{lead.pk}']"),
        target_position={"x": 10, "y": 2},
    )
    page.get_by_role("button", name="Lưu thứ tự").click()
    page.get_by_text("Đã lưu thứ tự.").wait_for()
    screenshot(page, "media-package")
    rows = Association.objects.filter(item=package, role="member").order_by("group", "position")
    assert [(a.group, a.target_id) for a in rows] == [
        ("main", photo.pk),
        ("main", lead.pk),
        ("sidebar", side.pk),
    ]


def test_picker_dialog_sets_featured_and_hands_back_an_embed(
    org: Any, page: Any, password: str, login: Any, screenshot: Any
) -> None:
    by = org.user("a_reporter")
    data = picture("JPEG", (300, 200), (90, 90, 160))
    photo = media.upload(
        by=by,
        outlet=org.a,
        stream=io.BytesIO(data),
        size=len(data),
        fields={"abstract": "Cầu Long Biên", "credit": "TTXVN"},
    )
    story = create(by=by, outlet=org.a, fields={"headline": "Hà Nội mùa thu"})
    login(page, "a_reporter", password)
    page.goto("/library/")  # any page that loads media.js
    # a function that returns nothing: evaluating the promise itself would wait for the choice
    opened = (
        "() => { window.__picked = undefined;"
        " ToasoanMedia.openPicker(%s).then(r => { window.__picked = r; }); }"
    )
    options = f'{{item: {story.pk}, mode: "featured", revision: {story.revision}}}'
    page.evaluate(opened % options)
    frame = page.frame_locator("dialog.media-picker-dialog iframe")
    frame.locator(f"[data-choose='{photo.pk}']").click()
    page.wait_for_function("window.__picked !== undefined")
    result = page.evaluate("window.__picked")
    story.refresh_from_db()
    assert result["asset_id"] == photo.pk and result["item_revision"] == story.revision
    assert Association.objects.get(item=story, role="featured").target_id == photo.pk
    assert page.locator("dialog.media-picker-dialog").count() == 0

    options = f'{{item: {story.pk}, mode: "embedded", revision: {story.revision}}}'
    page.evaluate(opened % options)
    frame = page.frame_locator("dialog.media-picker-dialog iframe")
    # the search swaps the grid 400 ms after typing: click in the new grid, not the old one
    with page.expect_response(lambda r: "/library/picker" in r.url and "q=long" in r.url):
        frame.locator("#media-q").fill("long bien")
    frame.locator(f"[data-choose='{photo.pk}']").wait_for()
    screenshot(page, "media-picker")
    frame.locator(f"[data-choose='{photo.pk}']").click()
    page.wait_for_function("window.__picked !== undefined")
    embed = page.evaluate("window.__picked")
    assert "<figcaption>Cầu Long Biên — TTXVN</figcaption>" in embed["html"]

    page.evaluate(opened % options)
    page.frame_locator("dialog.media-picker-dialog iframe").locator("[data-picker-cancel]").click()
    page.wait_for_function("window.__picked !== undefined")
    assert page.evaluate("window.__picked") is None
