"""Bad input to /api/v1: the exact 4xx, the error code, the field, and nothing written."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from tests.conftest import Api, Org
from toasoan.accounts.models import AuditEntry
from toasoan.api.auth import issue_token
from toasoan.core.models import DomainEvent
from toasoan.newsroom.models import Item, Revision

# --- helpers -------------------------------------------------------------------------------


def _create(api: Api, org: Org, **fields: Any) -> dict[str, Any]:
    body = {"outlet": org.a.pk, "desk": org.desk_a.pk, "headline": "Hà Nội mưa lớn", **fields}
    response = api.post("/items", body)
    assert response.status_code == 201, response.content
    return response.json()


def _etag(item: dict[str, Any]) -> str:
    return f'"{item["id"]}-{item["revision"]}"'


def _written() -> tuple[int, int, int, int]:
    """Rows every write adds to: items, revisions, audit entries, domain events."""
    return (
        Item.objects.count(),
        Revision.objects.count(),
        AuditEntry.objects.count(),
        DomainEvent.objects.count(),
    )


def _error(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    assert error["message"], error
    if field is not None:
        assert error.get("field") == field, error
    return error


@pytest.fixture
def reporter(api_for: Any) -> Api:
    return api_for("a_reporter")


@pytest.fixture
def chief(api_for: Any) -> Api:
    return api_for("a_chief")


@pytest.fixture
def draft(reporter: Api, org: Org) -> dict[str, Any]:
    return _create(reporter, org, body_html="<p>Mưa lớn kéo dài.</p>")


def _unchanged(api: Api, item: dict[str, Any]) -> None:
    """The item reads back exactly as before (same revision, same content)."""
    now = api.get(f"/items/{item['id']}").json()
    for key in ("revision", "state", "headline", "abstract", "body_html", "urgency", "subjects"):
        assert now[key] == item[key], key


# --- malformed JSON and unknown fields -----------------------------------------------------


def test_malformed_json_is_400_and_writes_nothing(reporter: Api, org: Org) -> None:
    before = _written()
    response = reporter.post("/items", raw=f'{{"outlet": {org.a.pk}, "headline": "Hà Nội",')
    _error(response, 400, "malformed_json")
    assert _written() == before


def test_malformed_json_on_patch_leaves_item_unchanged(reporter: Api, draft: dict) -> None:
    before = _written()
    response = reporter.patch(f"/items/{draft['id']}", raw="{headline: 'x'}", etag=_etag(draft))
    _error(response, 400, "malformed_json")
    assert _written() == before
    _unchanged(reporter, draft)


def test_unknown_field_on_create_is_named(reporter: Api, org: Org) -> None:
    before = _written()
    response = reporter.post("/items", {"outlet": org.a.pk, "headline": "Tin", "colour": "đỏ"})
    _error(response, 422, "unknown_field", "colour")
    assert _written() == before


def test_unknown_field_on_patch_is_named(reporter: Api, draft: dict) -> None:
    before = _written()
    response = reporter.patch(
        f"/items/{draft['id']}", {"headline": "Mới", "state": "published"}, etag=_etag(draft)
    )
    _error(response, 422, "unknown_field", "state")
    assert _written() == before
    _unchanged(reporter, draft)


# --- wrong types and values ----------------------------------------------------------------


WRONG_TYPES = {
    "urgency-word": ({"urgency": "high"}, "urgency"),
    "urgency-12": ({"urgency": 12}, "urgency"),
    "urgency-0": ({"urgency": 0}, "urgency"),
    "urgency-bool": ({"urgency": True}, "urgency"),
    "subjects-str": ({"subjects": "x"}, "subjects"),
    "headline-int": ({"headline": 5}, "headline"),
    "keyword-int": ({"keywords": ["ok", 3]}, "keywords[1]"),
}


@pytest.mark.parametrize(("fields", "field"), WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrong_type_on_create_is_422_with_field(
    reporter: Api, org: Org, fields: dict[str, Any], field: str
) -> None:
    before = _written()
    response = reporter.post("/items", {"outlet": org.a.pk, "headline": "Tin", **fields})
    _error(response, 422, "invalid", field)
    assert _written() == before


@pytest.mark.parametrize(("fields", "field"), WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrong_type_on_patch_is_422_and_item_unchanged(
    reporter: Api, draft: dict, fields: dict[str, Any], field: str
) -> None:
    before = _written()
    response = reporter.patch(f"/items/{draft['id']}", fields, etag=_etag(draft))
    _error(response, 422, "invalid", field)
    assert _written() == before
    _unchanged(reporter, draft)


def test_missing_outlet_on_create_is_required(reporter: Api) -> None:
    before = _written()
    response = reporter.post("/items", {"headline": "Tin không có đơn vị"})
    _error(response, 422, "required", "outlet")
    assert _written() == before


def test_unknown_outlet_on_create_is_422(reporter: Api) -> None:
    before = _written()
    response = reporter.post("/items", {"outlet": 987654, "headline": "Tin"})
    _error(response, 422, "invalid", "outlet")
    assert _written() == before


def test_unknown_media_topic_names_the_list_entry(reporter: Api, org: Org) -> None:
    before = _written()
    response = reporter.post(
        "/items", {"outlet": org.a.pk, "headline": "Tin", "subjects": ["medtop:99999999"]}
    )
    _error(response, 422, "invalid", "subjects[0]")
    assert _written() == before


def test_unknown_media_topic_second_entry_on_patch(reporter: Api, draft: dict) -> None:
    before = _written()
    response = reporter.patch(
        f"/items/{draft['id']}",
        {"subjects": ["medtop:11000000", "không-phải-mã"]},
        etag=_etag(draft),
    )
    _error(response, 422, "invalid", "subjects[1]")
    assert _written() == before
    _unchanged(reporter, draft)


def test_naive_embargo_datetime_is_422(chief: Api, org: Org) -> None:
    before = _written()
    response = chief.post(
        "/items", {"outlet": org.a.pk, "headline": "Tin", "embargo_until": "2030-01-01T08:00:00"}
    )
    _error(response, 422, "invalid", "embargo_until")
    assert _written() == before


def test_naive_embargo_datetime_on_patch_is_422(chief: Api, org: Org) -> None:
    item = _create(chief, org)
    before = _written()
    response = chief.patch(
        f"/items/{item['id']}", {"embargo_until": "2030-01-01 08:00"}, etag=_etag(item)
    )
    _error(response, 422, "invalid", "embargo_until")
    assert _written() == before
    _unchanged(chief, item)


# --- HTML and text normalisation -----------------------------------------------------------

_DIRTY_HTML = (
    '<p style="color:red" onclick="steal()">Giá <b>xăng</b> tăng</p>'
    "<script>alert('xss')</script>"
    '<img src="https://example.vn/a.jpg" onerror="alert(1)" alt="Ảnh">'
    '<a href="javascript:alert(2)">bấm vào đây</a>'
    '<a href="https://example.vn/tin" style="font-size:40px">nguồn</a>'
)


def _assert_clean(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "style="):
        assert bad not in lowered, (bad, html)
    for kept in ("Giá", "<b>xăng</b>", "tăng", "bấm vào đây", "nguồn", 'alt="Ảnh"'):
        assert kept in html, (kept, html)
    assert 'href="https://example.vn/tin"' in html


def test_dirty_html_is_stored_sanitised_on_create(reporter: Api, org: Org) -> None:
    item = _create(reporter, org, body_html=_DIRTY_HTML)
    _assert_clean(item["body_html"])
    _assert_clean(Item.objects.get(pk=item["id"]).body_html)


def test_dirty_html_is_stored_sanitised_on_patch(reporter: Api, draft: dict) -> None:
    response = reporter.patch(
        f"/items/{draft['id']}", {"body_html": _DIRTY_HTML}, etag=_etag(draft)
    )
    assert response.status_code == 200, response.content
    _assert_clean(response.json()["body_html"])
    _assert_clean(Item.objects.get(pk=draft["id"]).body_html)


def test_decomposed_vietnamese_is_stored_nfc(reporter: Api, org: Org) -> None:
    nfd = unicodedata.normalize("NFD", "Hà Nội")
    assert nfd != "Hà Nội"
    item = _create(
        reporter,
        org,
        headline=nfd,
        abstract=f"{nfd} mưa",
        body_html=f"<p>{nfd}</p>",
        keywords=[nfd],
    )
    stored = Item.objects.get(pk=item["id"])
    assert stored.headline == "Hà Nội" == item["headline"]
    assert stored.abstract == "Hà Nội mưa"
    assert stored.body_html == "<p>Hà Nội</p>"
    assert stored.keywords == ["Hà Nội"]
    assert unicodedata.is_normalized("NFC", json.dumps(item, ensure_ascii=False))


def test_lone_surrogate_in_headline_is_422(reporter: Api, org: Org) -> None:
    before = _written()
    raw = f'{{"outlet": {org.a.pk}, "headline": "Tin \\ud800 lỗi"}}'
    response = reporter.post("/items", raw=raw)
    _error(response, 422, "invalid", "headline")
    assert _written() == before


def test_control_character_in_headline_is_422(reporter: Api, org: Org) -> None:
    before = _written()
    response = reporter.post("/items", {"outlet": org.a.pk, "headline": "Tin\u0007 chuông"})
    _error(response, 422, "invalid", "headline")
    assert _written() == before


def test_control_character_on_patch_leaves_item_unchanged(reporter: Api, draft: dict) -> None:
    before = _written()
    response = reporter.patch(
        f"/items/{draft['id']}", {"headline": "Tin\u0007 chuông"}, etag=_etag(draft)
    )
    _error(response, 422, "invalid", "headline")
    assert _written() == before
    _unchanged(reporter, draft)


def test_request_body_over_the_upload_limit_is_413(reporter: Api, org: Org) -> None:
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024
    raw = json.dumps({"outlet": org.a.pk, "headline": "Tin", "body_html": "x" * size})
    before = _written()
    response = reporter.post("/items", raw=raw)
    _error(response, 413, "too_large")
    assert _written() == before


def test_request_body_over_the_api_limit_is_413(reporter: Api, org: Org) -> None:
    """settings.API_MAX_BODY_BYTES (2 MiB) is the documented cap for API request bodies."""
    padding = " " * (settings.API_MAX_BODY_BYTES + 1024)
    raw = f'{{"outlet": {org.a.pk}, "headline": "Tin"{padding}}}'
    assert len(raw) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    before = _written()
    response = reporter.post("/items", raw=raw)
    _error(response, 413, "too_large")
    assert _written() == before


# --- ids that do not exist, or exist somewhere the caller cannot see -----------------------


def test_unknown_item_id_is_404(reporter: Api) -> None:
    _error(reporter.get("/items/987654"), 404, "not_found")


def test_other_outlets_draft_answers_exactly_like_a_missing_item(
    api_for: Any, org: Org, reporter: Api
) -> None:
    theirs = _create(api_for("b_reporter"), org, outlet=org.b.pk, desk=org.desk_b.pk)
    missing_id = Item.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]
    hidden = reporter.get(f"/items/{theirs['id']}")
    missing = reporter.get(f"/items/{missing_id}")
    _error(hidden, 404, "not_found")
    _error(missing, 404, "not_found")

    def shape(response: Any) -> str:
        return re.sub(r"\b\d+\b", "ID", response.content.decode())

    assert shape(hidden) == shape(missing)
    assert "ETag" not in hidden


def test_unknown_item_on_patch_is_404_and_writes_nothing(reporter: Api) -> None:
    before = _written()
    response = reporter.patch("/items/987654", {"headline": "Tin"}, etag='"987654-1"')
    _error(response, 404, "not_found")
    assert _written() == before


# --- workflow conflicts and preconditions --------------------------------------------------


def test_illegal_transition_is_409_naming_the_state(chief: Api, org: Org) -> None:
    item = _create(chief, org, body_html="<p>Nội dung</p>")
    before = _written()
    response = chief.action(item, "approve")
    error = _error(response, 409, "illegal_transition")
    assert "draft" in error["message"]
    assert _written() == before
    _unchanged(chief, item)


def test_stale_if_match_is_412(reporter: Api, draft: dict) -> None:
    first = reporter.patch(f"/items/{draft['id']}", {"headline": "Một"}, etag=_etag(draft))
    assert first.status_code == 200
    current = first.json()
    before = _written()
    response = reporter.patch(f"/items/{draft['id']}", {"headline": "Hai"}, etag=_etag(draft))
    _error(response, 412, "stale_write")
    assert _written() == before
    _unchanged(reporter, current)


def test_if_match_of_another_item_is_412(reporter: Api, org: Org, draft: dict) -> None:
    other = _create(reporter, org)
    before = _written()
    response = reporter.patch(f"/items/{draft['id']}", {"headline": "Hai"}, etag=_etag(other))
    _error(response, 412, "stale_write", "If-Match")
    assert _written() == before
    _unchanged(reporter, draft)


def test_missing_if_match_is_428(reporter: Api, draft: dict) -> None:
    before = _written()
    response = reporter.patch(f"/items/{draft['id']}", {"headline": "Ba"})
    _error(response, 428, "precondition_required", "If-Match")
    assert _written() == before
    _unchanged(reporter, draft)


def test_missing_if_match_on_action_is_428(reporter: Api, draft: dict) -> None:
    before = _written()
    response = reporter.post(f"/items/{draft['id']}/actions/submit")
    _error(response, 428, "precondition_required", "If-Match")
    assert _written() == before
    _unchanged(reporter, draft)


@pytest.mark.parametrize("garbage", ["not-an-etag", '"abc-1"', "12-3", '"12"'])
def test_garbage_if_match_is_422(reporter: Api, draft: dict, garbage: str) -> None:
    before = _written()
    response = reporter.patch(f"/items/{draft['id']}", {"headline": "Ba"}, etag=garbage)
    _error(response, 422, "invalid", "If-Match")
    assert _written() == before
    _unchanged(reporter, draft)


def _ready(chief: Api, org: Org) -> dict[str, Any]:
    item = _create(chief, org, body_html="<p>Nội dung</p>")
    item = chief.action(item, "submit").json()
    item = chief.action(item, "approve").json()
    assert item["state"] == "ready"
    return item


def test_schedule_in_the_past_is_422(chief: Api, org: Org) -> None:
    item = _ready(chief, org)
    before = _written()
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    response = chief.action(item, "schedule", {"publish_at": past})
    _error(response, 422, "invalid", "publish_at")
    assert _written() == before
    _unchanged(chief, item)


def test_schedule_with_naive_time_is_422(chief: Api, org: Org) -> None:
    item = _ready(chief, org)
    before = _written()
    response = chief.action(item, "schedule", {"publish_at": "2099-01-01T08:00:00"})
    _error(response, 422, "invalid", "publish_at")
    assert _written() == before


def test_schedule_without_time_is_422(chief: Api, org: Org) -> None:
    item = _ready(chief, org)
    before = _written()
    response = chief.action(item, "schedule", {})
    _error(response, 422, "invalid", "publish_at")
    assert _written() == before
    _unchanged(chief, item)


@pytest.mark.parametrize("name", ["explode", "create", "save", "PUBLISH"])
def test_unknown_action_is_404(chief: Api, org: Org, name: str) -> None:
    item = _create(chief, org)
    before = _written()
    response = chief.action(item, name)
    _error(response, 404, "not_found")
    assert _written() == before


# --- listing parameters --------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "500", "-1", "201"])
def test_limit_out_of_range_is_422(reporter: Api, draft: dict, limit: str) -> None:
    _error(reporter.get(f"/items?limit={limit}"), 422, "invalid", "limit")


def test_limit_not_a_number_is_422(reporter: Api) -> None:
    _error(reporter.get("/items?limit=many"), 422, "invalid", "limit")


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "!!!", "bm8tc2VwYXJhdG9y", "MjAyNC0xMy00NVQwMDowMDowMHw1", "eHx5"],
    ids=["word", "punctuation", "no-separator", "bad-date", "garbage-parts"],
)
def test_bad_cursor_is_422(reporter: Api, draft: dict, cursor: str) -> None:
    _error(reporter.get(f"/items?cursor={cursor}"), 422, "invalid", "cursor")


# --- media uploads -------------------------------------------------------------------------


@pytest.fixture
def media_root(tmp_path: Path) -> Any:
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=str(root)):
        yield root


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _upload(org: Org, name: str, content: bytes, **form: Any) -> Any:
    client = Client()
    token = issue_token(org.user("a_reporter"))
    data = {"file": SimpleUploadedFile(name, content), "outlet": org.a.pk, **form}
    return client.post("/api/v1/media", data=data, HTTP_AUTHORIZATION=f"Bearer {token}")


def _picture(fmt: str = "JPEG", size: tuple[int, int] = (320, 200), **save: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, fmt, **save)
    return out.getvalue()


def _xmp(caption: str) -> bytes:
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{caption}</rdf:li>
   </rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _assert_upload_left_nothing(before: tuple[int, int, int, int], root: Path) -> None:
    assert _written() == before
    assert _files(root) == []


def test_text_file_named_jpg_is_415(org: Org, media_root: Path) -> None:
    before = _written()
    response = _upload(org, "photo.jpg", "Đây không phải ảnh.\n".encode() * 50)
    _error(response, 415, "unsupported_media_type", "file")
    _assert_upload_left_nothing(before, media_root)


def test_jpeg_declared_as_audio_is_415(org: Org, media_root: Path) -> None:
    before = _written()
    response = _upload(org, "song.mp3", _picture(), kind="audio")
    _error(response, 415, "unsupported_media_type", "file")
    _assert_upload_left_nothing(before, media_root)


def test_picture_over_the_size_limit_is_413(org: Org, media_root: Path) -> None:
    png = _picture("PNG")
    before = _written()
    with override_settings(MEDIA_SIZE_LIMITS={"picture": 100, "graphic": 100}):
        response = _upload(org, "anh.png", png)
    _error(response, 413, "too_large", "file")
    _assert_upload_left_nothing(before, media_root)


def test_truncated_jpeg_is_415(org: Org, media_root: Path) -> None:
    data = _picture(size=(640, 480), quality=95)
    before = _written()
    response = _upload(org, "cut.jpg", data[: len(data) // 2])
    _error(response, 415, "unsupported_media_type", "file")
    _assert_upload_left_nothing(before, media_root)


def test_unknown_declared_kind_is_422(org: Org, media_root: Path) -> None:
    before = _written()
    response = _upload(org, "photo.jpg", _picture(), kind="hologram")
    _error(response, 422, "invalid", "kind")
    _assert_upload_left_nothing(before, media_root)


def test_upload_into_another_outlet_is_403(org: Org, media_root: Path) -> None:
    before = _written()
    response = _upload(org, "photo.jpg", _picture(), outlet=org.b.pk)
    _error(response, 403, "forbidden")
    _assert_upload_left_nothing(before, media_root)


def test_upload_to_a_desk_of_another_outlet_is_422(org: Org, media_root: Path) -> None:
    before = _written()
    response = _upload(org, "photo.jpg", _picture(), desk=org.desk_b.pk)
    _error(response, 422, "invalid", "desk")
    _assert_upload_left_nothing(before, media_root)


@pytest.mark.parametrize("fields", ["{không phải json", '{"colour": "đỏ"}', '{"urgency": 12}'])
def test_upload_with_bad_fields_json_is_422(org: Org, media_root: Path, fields: str) -> None:
    before = _written()
    response = _upload(org, "photo.jpg", _picture(), fields=fields)
    _error(response, 422, "invalid", "fields")
    _assert_upload_left_nothing(before, media_root)


def test_valid_jpeg_upload_makes_renditions_and_reads_the_xmp_caption(
    org: Org, media_root: Path
) -> None:
    caption = "Người dân Hà Nội đội mưa đi làm sáng thứ Hai"
    data = _picture(size=(2400, 1600), xmp=_xmp(caption))
    response = _upload(org, "mua.jpg", data)
    assert response.status_code == 201, response.content
    item = response.json()
    assert item["type"] == "picture" and item["outlet"] == org.a.pk
    names = {r["name"] for r in item["renditions"]}
    assert names == {"thumbnail", "viewImage", "baseImage", "original"}
    widths = {r["name"]: r["width"] for r in item["renditions"]}
    assert widths == {"thumbnail": 240, "viewImage": 1024, "baseImage": 1920, "original": 2400}
    assert item["abstract"] == caption
    assert Item.objects.get(pk=item["id"]).abstract == caption
    assert len(_files(media_root)) == 4
