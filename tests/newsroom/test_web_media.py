"""Media library pages: upload, search and filters, detail, metadata, crops, the picker."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from toasoan.newsroom.actions import create, media
from toasoan.newsroom.models import Association, Item, MediaAsset, Rendition


def jpeg(size: tuple[int, int] = (320, 240), caption: str = "") -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    exif = image.getexif()
    if caption:
        exif[0x010E] = caption  # ImageDescription: read back as the caption
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size: tuple[int, int] = (200, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def browser(org: Any, name: str) -> Client:
    client = Client()
    client.force_login(org.user(name))
    return client


def uploaded(org: Any, name: str, outlet: Any, data: bytes, **fields: Any) -> Item:
    return media.upload(
        by=org.user(name),
        outlet=outlet,
        stream=io.BytesIO(data),
        size=len(data),
        filename="anh.jpg",
        fields=fields or None,
    )


def post_file(client: Client, outlet: Any, name: str, data: bytes) -> Any:
    return client.post(
        "/library/upload", {"outlet": outlet.pk, "file": SimpleUploadedFile(name, data)}
    )


@pytest.fixture
def pictures(org: Any) -> dict[str, Item]:
    return {
        "flood": uploaded(
            org, "a_reporter", org.a, jpeg(), abstract="Lũ lụt ở Hà Nội", keywords=["thiên tai"]
        ),
        "match": uploaded(org, "a_reporter2", org.a, png(), abstract="Trận bóng", credit="TTXVN"),
        "other_outlet": uploaded(org, "b_reporter", org.b, jpeg(), abstract="Hà Nội mùa thu"),
    }


def ids_in(response: Any) -> set[int]:
    import re

    return {int(m) for m in re.findall(r'data-media-id="(\d+)"', response.content.decode())}


def test_library_needs_login_and_shows_only_readable_media(org: Any, pictures: Any) -> None:
    assert Client().get("/library/").status_code == 302
    page = browser(org, "a_reporter").get("/library/")
    assert page.status_code == 200
    assert ids_in(page) == {pictures["flood"].pk, pictures["match"].pk}
    assert ids_in(browser(org, "b_reporter").get("/library/")) == {pictures["other_outlet"].pk}
    everything = {p.pk for p in pictures.values()}
    assert ids_in(browser(org, "agency_admin").get("/library/")) == everything


def test_search_folds_case_and_diacritics_over_caption_keywords_and_credit(
    org: Any, pictures: Any
) -> None:
    client = browser(org, "agency_admin")
    flood, match, other = (pictures[k].pk for k in ("flood", "match", "other_outlet"))
    assert ids_in(client.get("/library/", {"q": "ha noi"})) == {flood, other}
    assert ids_in(client.get("/library/", {"q": "HÀ NỘI lũ"})) == {flood}
    assert ids_in(client.get("/library/", {"q": "thien tai"})) == {flood}
    assert ids_in(client.get("/library/", {"q": "ttxvn"})) == {match}
    assert ids_in(client.get("/library/", {"q": "sài gòn"})) == set()


def test_filters_type_outlet_uploader_and_dates(org: Any, pictures: Any) -> None:
    client = browser(org, "agency_admin")
    flood, match, other = (pictures[k].pk for k in ("flood", "match", "other_outlet"))
    assert ids_in(client.get("/library/", {"outlet": org.b.pk})) == {other}
    assert ids_in(client.get("/library/", {"uploader": org.user("a_reporter2").pk})) == {match}
    assert ids_in(client.get("/library/", {"type": "video"})) == set()
    assert ids_in(client.get("/library/", {"type": "picture", "outlet": org.a.pk})) == {
        flood,
        match,
    }
    today = pictures["flood"].created_at.astimezone().date().isoformat()
    assert len(ids_in(client.get("/library/", {"date_from": today, "date_to": today}))) == 3
    assert ids_in(client.get("/library/", {"date_to": "2001-01-01"})) == set()
    bad = client.get("/library/", {"date_from": "31/12/2026"})
    assert bad.status_code == 400
    assert "date_from" in bad.content.decode()
    backwards = client.get("/library/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert backwards.status_code == 400


def test_htmx_search_returns_only_the_grid(org: Any, pictures: Any) -> None:
    page = browser(org, "a_reporter").get("/library/", {"q": "bong"}, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert "<html" not in html and "media-grid" in html
    assert ids_in(page) == {pictures["match"].pk}


def test_paging(org: Any, settings: Any) -> None:
    from toasoan.newsroom.web import media_query

    for i in range(3):
        uploaded(org, "a_reporter", org.a, png((20 + i, 20)), abstract=f"Ảnh {i}")
    original = media_query.PAGE_SIZE
    media_query.PAGE_SIZE = 2
    try:
        client = browser(org, "a_reporter")
        first, second = client.get("/library/"), client.get("/library/", {"page": 2})
    finally:
        media_query.PAGE_SIZE = original
    assert len(ids_in(first)) == 2 and len(ids_in(second)) == 1
    assert not ids_in(first) & ids_in(second)


def test_upload_good_picture_makes_an_item_with_renditions(org: Any) -> None:
    client = browser(org, "a_reporter")
    response = post_file(client, org.a, "lũ.jpg", jpeg((400, 300), caption="Flood in Hanoi"))
    assert response.status_code == 201, response.content
    body = response.json()
    item = Item.objects.get(pk=body["id"])
    assert item.type == "picture" and item.outlet == org.a and item.abstract == "Flood in Hanoi"
    assert body["thumbnail"].startswith("/media/") and body["detail_url"] == f"/library/{item.pk}/"
    names = set(Rendition.objects.filter(item=item).values_list("name", flat=True))
    assert {"original", "thumbnail", "viewImage", "baseImage"} <= names
    assert MediaAsset.objects.get(item=item).original_name == "lũ.jpg"
    assert client.get(body["thumbnail"]).status_code == 200


def test_upload_refuses_a_file_that_is_not_media_naming_the_file(org: Any) -> None:
    client = browser(org, "a_reporter")
    response = post_file(client, org.a, "notes.jpg", b"just some text, not a picture at all")
    assert response.status_code == 415
    error = response.json()["error"]
    assert "notes.jpg" in error["message"] and error["field"] == "file"
    assert not Item.objects.exists()


def test_upload_refuses_a_file_over_the_size_limit(org: Any, settings: Any) -> None:
    settings.MEDIA_SIZE_LIMITS = {**settings.MEDIA_SIZE_LIMITS, "picture": 100}
    response = post_file(browser(org, "a_reporter"), org.a, "big.png", png((300, 300)))
    assert response.status_code == 413
    message = response.json()["error"]["message"]
    assert "big.png" in message and "100" in message
    assert not Item.objects.exists() and not Rendition.objects.exists()


def test_upload_needs_the_privilege_in_that_outlet(org: Any) -> None:
    response = post_file(browser(org, "b_reporter"), org.a, "x.png", png())
    assert response.status_code == 403
    assert post_file(browser(org, "a_admin"), org.a, "x.png", png()).status_code == 403
    missing = browser(org, "a_reporter").post("/library/upload", {"outlet": org.a.pk})
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "file"
    assert not Item.objects.exists()


def test_detail_shows_renditions_and_embedded_metadata_to_readers_only(
    org: Any, pictures: Any
) -> None:
    flood = uploaded(org, "a_reporter", org.a, jpeg(caption="Flood in Hanoi"))
    page = browser(org, "a_reporter2").get(f"/library/{flood.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("thumbnail", "viewImage", "baseImage", "original"):
        assert f'data-rendition="{name}"' in html
    assert "Flood in Hanoi" in html and "320×240" in html
    assert browser(org, "b_reporter").get(f"/library/{flood.pk}/").status_code == 404
    text = create(by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Tin"})
    assert browser(org, "a_reporter").get(f"/library/{text.pk}/").status_code == 404


def test_metadata_form_saves_through_the_action_with_the_revision(org: Any, pictures: Any) -> None:
    item = pictures["flood"]
    form = {
        "revision": item.revision,
        "abstract": "Nước lên  ở phố cổ",
        "headline": "Lũ Hà Nội",
        "byline": "Nguyễn Văn A",
        "credit": "TTXVN",
        "copyright_holder": "Thông tấn xã Việt Nam",
        "copyright_notice": "© TTXVN 2026",
        "usage_terms": "Chỉ dùng cho tin thời sự",
        "keywords": "lũ, Hà Nội,  phố cổ",
        "dateline_place": "Hà Nội",
        "dateline_date": "2026-11-20",
    }
    response = browser(org, "a_editor").post(f"/library/{item.pk}/metadata", form)
    assert response.status_code == 302 and "saved=metadata" in response["Location"]
    item.refresh_from_db()
    assert item.headline == "Lũ Hà Nội" and item.keywords == ["lũ", "Hà Nội", "phố cổ"]
    assert item.copyright_holder == "Thông tấn xã Việt Nam" and str(item.dateline_date) == (
        "2026-11-20"
    )
    assert item.revisions.count() == 2 and item.updated_by == org.user("a_editor")


def test_metadata_stale_revision_and_bad_input_change_nothing(org: Any, pictures: Any) -> None:
    item = pictures["flood"]
    client = browser(org, "a_editor")
    stale = client.post(
        f"/library/{item.pk}/metadata",
        {"revision": item.revision - 1, "headline": "Khác"},
        HTTP_HX_REQUEST="true",
    )
    assert stale.status_code == 412
    assert 'value="Khác"' in stale.content.decode()  # what was typed is not lost
    bad = client.post(
        f"/library/{item.pk}/metadata",
        {"revision": item.revision, "headline": "ok", "dateline_date": "20/11/2026"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 422 and "dateline_date" in bad.content.decode()
    item.refresh_from_db()
    assert item.headline != "Khác" and item.headline != "ok"
    other = browser(org, "b_reporter").post(
        f"/library/{item.pk}/metadata", {"revision": item.revision, "headline": "x"}
    )
    assert other.status_code == 404


def test_crop_saves_one_rendition_per_aspect_around_the_focal_point(
    org: Any, pictures: Any
) -> None:
    item = pictures["flood"]  # 320x240
    before = item.revision
    response = browser(org, "a_reporter").post(
        f"/library/{item.pk}/crop",
        {"revision": item.revision, "focal_x": "0.1", "focal_y": "0.5", "aspect": ["16:9", "1:1"]},
    )
    assert response.status_code == 302
    wide = Rendition.objects.get(item=item, name="crop-16x9")
    square = Rendition.objects.get(item=item, name="crop-1x1")
    assert (wide.width, wide.height) == (320, 180) and (square.width, square.height) == (240, 240)
    asset = MediaAsset.objects.get(item=item)
    assert (asset.focal_x, asset.focal_y) == (0.1, 0.5)
    item.refresh_from_db()
    assert item.revision == before + 2


def test_crop_bad_input_writes_nothing(org: Any, pictures: Any) -> None:
    item = pictures["flood"]
    client = browser(org, "a_reporter")
    url = f"/library/{item.pk}/crop"
    too_far = client.post(url, {"revision": item.revision, "focal_x": "1.5", "focal_y": "0.5",
                                "aspect": "1:1"}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert too_far.status_code == 422 and "focal_x" in too_far.content.decode()
    no_aspect = client.post(url, {"revision": item.revision, "focal_x": "0.5", "focal_y": "0.5"})
    assert no_aspect.status_code == 422
    stale = client.post(url, {"revision": 0, "focal_x": "0.5", "focal_y": "0.5", "aspect": "1:1"})
    assert stale.status_code == 412
    assert not Rendition.objects.filter(item=item, name__startswith="crop").exists()
    assert MediaAsset.objects.get(item=item).focal_x == 0.5


def test_picker_lists_pictures_and_sets_featured_media(org: Any, pictures: Any) -> None:
    story = create(by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Lũ"})
    client = browser(org, "a_reporter")
    page = client.get("/library/picker", {"item": story.pk, "mode": "featured"})
    assert page.status_code == 200 and "<html" in page.content.decode()
    assert page["X-Frame-Options"] == "SAMEORIGIN"  # opened in an iframe of the editor
    assert ids_in(page) == {pictures["flood"].pk, pictures["match"].pk}
    fragment = client.get(
        "/library/picker", {"item": story.pk, "mode": "featured"}, HTTP_HX_REQUEST="true"
    )
    assert (
        "<html" not in fragment.content.decode()
        and "data-media-picker" in fragment.content.decode()
    )
    chosen = client.post(
        "/library/picker/choose",
        {"item": story.pk, "mode": "featured", "asset": pictures["flood"].pk,
         "revision": story.revision},
    )  # fmt: skip
    assert chosen.status_code == 200, chosen.content
    result = chosen.json()
    story.refresh_from_db()
    assert result["item_revision"] == story.revision
    assert Association.objects.get(item=story, role="featured").target_id == pictures["flood"].pk
    assert result["caption"] == "Lũ lụt ở Hà Nội" and result["url"].startswith("/media/")
    again = client.post(
        "/library/picker/choose",
        {"item": story.pk, "mode": "featured", "asset": pictures["match"].pk,
         "revision": story.revision - 1},
    )  # fmt: skip
    assert again.status_code == 412
    assert Association.objects.get(item=story, role="featured").target_id == pictures["flood"].pk


def test_picker_embedded_returns_a_figure_and_changes_nothing(org: Any, pictures: Any) -> None:
    story = create(by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Bóng đá"})
    response = browser(org, "a_reporter").post(
        "/library/picker/choose",
        {"item": story.pk, "mode": "embedded", "asset": pictures["match"].pk},
    )
    result = response.json()
    assert response.status_code == 200
    assert set(result) >= {"asset_id", "url", "caption", "credit", "html"}
    assert result["html"].startswith(f'<figure data-item-guid="{pictures["match"].guid}"')
    assert f'<img src="{result["url"]}"' in result["html"]
    assert "<figcaption>Trận bóng — TTXVN</figcaption>" in result["html"]
    assert not Association.objects.filter(item=story).exists()
    story.refresh_from_db()
    assert result["item_revision"] == story.revision == 1


def test_picker_refuses_unreadable_items_and_bad_modes(org: Any, pictures: Any) -> None:
    story = create(by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Tin"})
    client = browser(org, "a_reporter")
    foreign = client.post(
        "/library/picker/choose",
        {"item": story.pk, "mode": "embedded", "asset": pictures["other_outlet"].pk},
    )
    assert foreign.status_code == 404
    assert client.get("/library/picker", {"item": story.pk, "mode": "x"}).status_code == 422
    hidden = browser(org, "b_reporter").get("/library/picker", {"item": story.pk})
    assert hidden.status_code == 404
    body = json.loads(
        client.post("/library/picker/choose", {"item": story.pk, "mode": "featured",
                                               "asset": pictures["flood"].pk}).content
    )  # fmt: skip
    assert body["error"]["field"] == "revision"


def test_published_picture_is_shown_read_only_and_refuses_changes(org: Any, pictures: Any) -> None:
    from toasoan.newsroom.models import State

    item = pictures["flood"]
    Item.objects.filter(pk=item.pk).update(state=State.PUBLISHED)
    page = browser(org, "b_reporter").get(f"/library/{item.pk}/")  # public now: readable
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-crop-form" not in html and 'name="headline"' in html and "disabled" in html
    refused = browser(org, "a_chief").post(
        f"/library/{item.pk}/metadata",
        {"revision": item.revision, "headline": "Sửa sau khi đăng"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 409
    item.refresh_from_db()
    assert item.headline != "Sửa sau khi đăng"
