"""ninjs: every written version validates against the official IPTC schema, real documents from
other agencies decode, bad input fails with a JSON pointer, and encode -> decode is lossless."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.formats.samples import ROUND_TRIP, full_item, news_items, optional
from toasoan.formats import ninjs
from toasoan.formats.model import (
    ITEM_TYPES,
    PUBSTATUSES,
    Association,
    FormatError,
    Link,
    NewsItem,
    Rendition,
)
from toasoan.formats.ninjs.ninjs_encode import association_name

DATA = Path(__file__).parent / "data" / "ninjs"
EXAMPLES = sorted((DATA / "2.1").glob("*.json")) + sorted((DATA / "3.0").glob("*.json"))
V22 = {"name": "ninjs", "version": "2.2"}


# --- writing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ninjs.ENCODE_VERSIONS)
def test_encoded_item_validates_and_round_trips(version: str) -> None:
    item = full_item()
    doc = ninjs.encode(item, version)
    ninjs.validate(doc, version)
    assert ninjs.decode(doc) == item
    assert ninjs.decode(json.dumps(doc, ensure_ascii=False).encode()) == item
    assert ninjs.detect_version(doc) == version[0]


@pytest.mark.parametrize("version", ninjs.ENCODE_VERSIONS)
def test_minimal_item(version: str) -> None:
    doc = ninjs.encode(NewsItem(guid="urn:newsml:ttxvn.vn:20260305:1"), version)
    ninjs.validate(doc, version)
    assert doc["type"] == "text" and doc["version"] == "1" and "headlines" not in doc
    assert ninjs.decode(doc) == NewsItem(guid="urn:newsml:ttxvn.vn:20260305:1")


def test_version_specific_names() -> None:
    item = full_item()
    two, three = ninjs.encode(item, "2.2"), ninjs.encode(item, "3.1")
    assert two["embargoed"] == three["embargoedUntil"] == "2026-11-12T09:00:00+07:00"
    assert two["pubstatus"] == three["pubStatus"] == "usable"
    assert two["bodies"][0]["contenttype"] == three["bodies"][0]["contentType"] == "text/html"
    assert two["renditions"][1]["sizeinbytes"] == three["renditions"][1]["sizeInBytes"] == 9123
    assert "rel" not in two["associations"][0] and three["associations"][0]["rel"] == "featured"
    assert two["standard"] == {
        "name": "ninjs",
        "version": "2.2",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    }


def test_mapping_details() -> None:
    doc = ninjs.encode(full_item())
    assert doc["located"] == "HÀ NỘI"
    assert {"role": "dateline", "value": "2026-11-12"} in doc["descriptions"]
    assert {"role": "creditline", "value": "TTXVN"} in doc["descriptions"]
    assert {"role": "priority", "value": "5"} in doc["descriptions"]
    assert doc["subjects"][0] == {
        "uri": "http://cv.iptc.org/newscodes/mediatopic/11000000",
        "literal": "medtop:11000000",
        "name": "Chính trị",
    }
    assert {"name": "kinh tế", "rel": "keyword"} in doc["subjects"]
    body = doc["bodies"][0]
    assert body["value"] == full_item().body_html  # unchanged
    # the text without markup and without the figure caption ("Toàn cảnh phiên họp")
    text = (
        "Đoạn đậm, nghiêng và liên kết. Tiêu đề phụ Cấp ba một hai đậm thứ nhất Trích dẫn "
        "Chỉ số 2026 GDP 8,6% dòng mới"
    )
    assert (body["charcount"], body["wordcount"]) == (len(text), len(text.split()))
    names = [a["name"] for a in doc["associations"]]
    assert names == ["featured", "embedded-1", "member-phụ-lục-2", "update-of", "correction-of"]
    english = ninjs.encode(NewsItem(guid="urn:x:1", language="en", subjects=["11000000"]))
    assert english["subjects"][0]["name"] == "politics"


def test_association_names() -> None:
    assert association_name("featured", "main", 0) == "featured"
    assert association_name("embedded", "main", 4) == "embedded-4"
    assert association_name("member", "7", 0) == "member-7-0"


def test_seconds_offset_becomes_utc() -> None:
    odd = timezone(timedelta(hours=7, minutes=6, seconds=40))  # Hanoi local mean time
    item = NewsItem(guid="urn:x:1", first_created=datetime(2026, 1, 1, 12, 0, tzinfo=odd))
    doc = ninjs.encode(item)
    assert doc["firstcreated"] == "2026-01-01T04:53:20+00:00"
    ninjs.validate(doc, "2.2")
    assert ninjs.decode(doc) == item


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"type": "article"}, "/type"),
        ({"pubstatus": "killed"}, "/pubstatus"),
        ({"urgency": 10}, "/urgency"),
        ({"version": -1}, "/version"),
        ({"first_created": datetime(2026, 1, 1)}, "/firstcreated"),
        ({"subjects": ["medtop:11000000"]}, "/subjects/0"),
        ({"associations": [Association("sidebar", "urn:x:2")]}, "/associations/0/name"),
        ({"associations": [Association("member", "urn:x:2", position=-1)]}, "/associations/0/name"),
        ({"links": [Link("related", "urn:x:2")]}, "/associations/0/name"),
        ({"renditions": [Rendition("a", "https://x.vn/a", width=-5)]}, "/renditions/0/width"),
    ],
)
def test_encode_refuses_what_it_cannot_write(change: dict[str, Any], path: str) -> None:
    item = NewsItem(guid="urn:x:1", **change)
    with pytest.raises(FormatError) as caught:
        ninjs.encode(item)
    assert caught.value.path == path


def test_unknown_version() -> None:
    with pytest.raises(ValueError, match="cannot be written"):
        ninjs.encode(full_item(), "1.6")
    with pytest.raises(ValueError, match="no ninjs"):
        ninjs.validate({"uri": "urn:x:1"}, "3.0")


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "version", "path"),
    [
        ({"uri": "urn:x:1", "headline": "1.x only"}, "2.2", "/headline"),
        ({"uri": "urn:x:1", "headlines": [{"value": 5}]}, "2.2", "/headlines/0/value"),
        ({"uri": "urn:x:1", "versioncreated": "5 March 2026"}, "2.1", "/versioncreated"),
        ({"uri": "urn:x:1", "versionCreated": "2026-03-05T07:00:00"}, "3.1", "/versionCreated"),
        ({"uri": "not a uri"}, "3.1", "/uri"),
        ({"uri": "urn:x:1", "urgency": 12}, "3.1", "/urgency"),
        ({"uri": "urn:x:1", "renditions": [{"href": "https://x.vn/a"}]}, "2.2", "/renditions/0"),
        (
            {"uri": "urn:x:1", "associations": [{"name": "a", "uri": "urn:x:2", "x": 1}]},
            "2.2",
            "/associations/0/x",
        ),
        ({"headline": "no uri"}, "1.6", ""),
    ],
)
def test_validate_reports_json_pointer(doc: dict[str, Any], version: str, path: str) -> None:
    with pytest.raises(FormatError) as caught:
        ninjs.validate(doc, version)
    assert caught.value.path == path
    assert f"ninjs {version}" in caught.value.message


# --- reading other agencies' documents ---------------------------------------------------------


def _main_headline(raw: dict[str, Any]) -> str:
    headlines = raw.get("headlines", [])
    main = [h for h in headlines if h.get("role") == "main"] or headlines
    return unicodedata.normalize("NFC", main[0]["value"])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name[:40]}")
def test_iptc_examples_decode(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    ninjs.validate(raw, "2.1" if path.parent.name == "2.1" else "3.1")  # genuine documents
    item = ninjs.decode(path.read_bytes())
    assert item.guid == raw["uri"]
    assert item.headline == _main_headline(raw)
    assert ninjs.detect_version(raw) == path.parent.name[0]
    assert item.type in ITEM_TYPES and item.pubstatus in PUBSTATUSES
    for version in ninjs.ENCODE_VERSIONS:  # what we read, we can pass on
        ninjs.validate(ninjs.encode(item, version), version)


def test_examples_details() -> None:
    ap = ninjs.decode((DATA / "3.0" / "ap_image.json").read_bytes())
    assert (ap.type, ap.credit, ap.urgency) == ("picture", "ASSOCIATED PRESS", 5)
    assert ap.ednote == "TURKEY OUT  NOV. 11, 2019 FILE PHOTO"
    assert ap.first_created == datetime(2019, 11, 15, 13, 39, 59, tzinfo=UTC)
    assert ap.renditions[0].name == "main" and ap.renditions[0].width == 3000
    assert ap.renditions[0].mime == "image/jpeg" and ap.renditions[0].size == 4764958
    assert "Turkey" in ap.places and "Islamic State group" in ap.organisations

    dpa = ninjs.decode((DATA / "2.1" / "dpa_text.json").read_bytes())
    assert dpa.byline == "Von Christian Hollmann, dpa" and dpa.language == "de"
    assert dpa.body_html.startswith('<section class="main"><p>Für Lucien Favre')
    assert dpa.version == 2 and dpa.version_created == datetime(2019, 5, 10, 14, 2, 28, tzinfo=UTC)

    ntb = ninjs.decode((DATA / "3.0" / "ntb_text.json").read_bytes())
    assert (ntb.slugline, ntb.ednote, ntb.language) == ("skien-google", "Noe utvidet.", "nb-NO")
    assert ntb.abstract.startswith("IT-giganten Google") and ntb.places == ["Telemark"]
    assert ntb.keywords == ["Innenriks", "Teknologi", "Industri", "Olje og energi"]

    tt = ninjs.decode((DATA / "2.1" / "tt_text_image_2.json").read_bytes())
    assert tt.genre == "INR" and tt.slugline == "militärövning"
    assert [(a.role, a.type, a.guid) for a in tt.associations] == [
        ("featured", "picture", "http://tt.se/media/image/sdlk2sirkPaauM")
    ]

    addb = next((DATA / "3.0").glob("20231008-*.json"))
    doping = ninjs.decode(addb.read_bytes())
    assert doping.subjects == ["15000000", "20001105", "20000892"]
    assert doping.genre == "Actuality" and doping.dateline_place == "Oslo, Norway"
    assert doping.body_html.startswith("<p>The initiatives are being implemented")  # plain text

    bw = ninjs.decode((DATA / "3.0" / "businesswire-newsml-20130731006140.json").read_bytes())
    assert bw.type == "composite"
    assert [(a.role, a.type, a.position) for a in bw.associations] == [
        ("member", "graphic", 0),
        ("member", "video", 1),
    ]


def test_events_and_collections_are_refused() -> None:
    with pytest.raises(FormatError) as caught:
        ninjs.decode((DATA / "unsupported" / "event_3.0.json").read_bytes())
    assert caught.value.path == "/type"
    with pytest.raises(FormatError) as caught:
        ninjs.decode((DATA / "unsupported" / "collection_3.0.json").read_bytes())
    assert caught.value.path == "" and "array" in caught.value.message
    with pytest.raises(FormatError) as caught:
        ninjs.decode({"uri": "urn:x:1", "title": "Họp báo", "eventDetails": {}})
    assert caught.value.path == "/eventDetails"


def test_ninjs_1x() -> None:
    doc = {
        "uri": "http://example.vn/1",
        "$standard": {"name": "ninjs", "version": "1.6"},
        "type": "text",
        "version": "2",
        "versioncreated": "2020-01-02T03:04:05Z",
        "headline": "Tin vắn",
        "headline_subhead": "Phụ đề",
        "byline": "Phóng viên",
        "located": "Huế",
        "description_text": "Tóm tắt",
        "body_text": "Dòng một\n\nDòng <hai>",
        "person": [{"name": "Nguyễn Văn A"}],
        "place": [{"name": "Huế", "code": "hue"}],
        "subject": [
            {
                "name": "thể thao",
                "scheme": "http://cv.iptc.org/newscodes/mediatopic/",
                "code": "15000000",
            },
            {"name": "giáo dục", "code": "medtop:05000000"},
            {"name": "tự do"},
        ],
        "genre": [{"code": "Actuality", "scheme": "http://cv.iptc.org/newscodes/genre/"}],
        "renditions": {
            "thumbnail": {"href": "https://x.vn/t.jpg", "mimetype": "image/jpeg", "width": 100}
        },
        "associations": {
            "featured": {"uri": "http://example.vn/p", "type": "picture", "headline": "Ảnh"}
        },
    }
    ninjs.validate(doc, "1.6")
    assert ninjs.detect_version(doc) == "1"
    item = ninjs.decode(doc)
    assert (item.headline, item.byline, item.abstract) == ("Tin vắn", "Phóng viên", "Tóm tắt")
    assert item.body_html == "<p>Dòng một</p>\n<p>Dòng &lt;hai&gt;</p>"
    assert item.subjects == ["15000000", "05000000"] and item.keywords == ["tự do"]
    assert item.people == ["Nguyễn Văn A"] and item.places == ["Huế"]
    assert item.genre == "Actuality" and item.version == 2
    assert item.renditions == [Rendition("thumbnail", "https://x.vn/t.jpg", "image/jpeg", 100)]
    assert item.associations == [Association("featured", "http://example.vn/p", "picture", "Ảnh")]


@pytest.mark.parametrize(
    ("doc", "version"),
    [
        ({"uri": "a", "versionCreated": "2020-01-01T00:00:00Z"}, "3"),
        ({"uri": "a", "versioncreated": "2020-01-01T00:00:00Z"}, "2"),
        ({"uri": "a", "body_html": "<p/>"}, "1"),
        ({"uri": "a", "renditions": {}}, "1"),
        ({"uri": "a", "standard": {"name": "ninjs", "version": "3.0"}}, "3"),
        ({"uri": "a", "$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json#"}, "1"),
        ({"uri": "a", "standard": {"name": "TTNINJS", "version": "2.1"}, "edNote": "x"}, "3"),
    ],
)
def test_detect_version(doc: dict[str, Any], version: str) -> None:
    assert ninjs.detect_version(doc) == version


def test_text_is_nfc_and_body_untouched() -> None:
    nfd = unicodedata.normalize("NFD", "Thủ tướng")
    body = f"<p>{nfd}</p>"
    item = ninjs.decode(
        {
            "uri": "urn:x:1",
            "headlines": [{"value": nfd}],
            "bodies": [{"contenttype": "text/html", "value": body}],
        }
    )
    assert item.headline == "Thủ tướng" and item.headline != nfd
    assert item.body_html == body


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "path", "words"),
    [
        ('{"uri": "urn:x:1",', "", "invalid JSON"),
        (b'{"uri": "urn:x:1", "urgency": NaN}', "", "NaN"),
        (b"\xff\xfe{}", "", "not UTF-8"),
        ('[{"uri": "urn:x:1"}]', "", "got an array"),
        ("42", "", "got a number"),
        ({"type": "text"}, "/uri", "required"),
        ({"uri": ""}, "/uri", "empty"),
        ({"uri": 7}, "/uri", "string"),
        ({"uri": "urn:x:1", "headlines": "Tin"}, "/headlines", "array"),
        ({"uri": "urn:x:1", "headlines": ["Tin"]}, "/headlines/0", "object"),
        ({"uri": "urn:x:1", "headlines": [{"role": "main"}]}, "/headlines/0/value", "required"),
        ({"uri": "urn:x:1", "bodies": [{"value": ["x"]}]}, "/bodies/0/value", "string"),
        ({"uri": "urn:x:1", "versionCreated": "hôm qua"}, "/versionCreated", "ISO 8601"),
        ({"uri": "urn:x:1", "urgency": "khẩn"}, "/urgency", "integer"),
        ({"uri": "urn:x:1", "version": "1.2"}, "/version", "integer"),
        ({"uri": "urn:x:1", "type": "component"}, "/type", "unsupported"),
        ({"uri": "urn:x:1", "pubStatus": "killed"}, "/pubStatus", "pubstatus"),
        ({"uri": "urn:x:1", "renditions": [{"href": "https://x.vn"}]}, "/renditions/0/name", ""),
        ({"uri": "urn:x:1", "associations": [{"name": "a"}]}, "/associations/0/uri", ""),
        ({"uri": "urn:x:1", "standard": V22, "renditions": {"a": {}}}, "/renditions", "array"),
        ({"uri": "urn:x:1", "places": [{"name": {"vi": "Huế"}}]}, "/places/0/name", "string"),
    ],
)
def test_bad_input_fails_with_path(doc: Any, path: str, words: str) -> None:
    with pytest.raises(FormatError) as caught:
        ninjs.decode(doc)
    assert caught.value.path == path
    assert words in caught.value.message


# --- properties --------------------------------------------------------------------------------

# JSON keeps text exactly; ninjs also takes version 0 and priority 0.
ninjs_items = news_items(
    exact_text=True, version=st.integers(0, 10_000), priority=optional(st.integers(0, 9))
)


@pytest.mark.parametrize("version", ninjs.ENCODE_VERSIONS)
@settings(ROUND_TRIP, max_examples=60)
@given(item=ninjs_items)
def test_round_trip_property(version: str, item: NewsItem) -> None:
    doc = ninjs.encode(item, version)
    ninjs.validate(doc, version)
    assert ninjs.decode(json.dumps(doc, ensure_ascii=False)) == item
