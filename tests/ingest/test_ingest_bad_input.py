"""Bad input: each document is refused or read correctly, with a precise error on its feed only."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable

import pytest

from tests.conftest import Org
from tests.ingest.helpers import ninjs, ninjs_bytes, rss, to_cp1258
from toasoan.ingest.models import Feed, IngestedItem
from toasoan.ingest.pipeline import ingest_document
from toasoan.newsroom.models import Item

pytestmark = pytest.mark.django_db
MakeFeed = Callable[..., Feed]
VIET = "Điện Biên Phủ: người dân đón Tết"


def _one_error(feed: Feed, data: bytes) -> str:
    report = ingest_document(feed, data, name="doc.xml")
    assert report.created == 0 and len(report.errors) == 1, report
    assert not Item.objects.exists()
    return report.errors[0]


def test_malformed_xml_names_the_line(org: Org, make_feed: MakeFeed) -> None:
    error = _one_error(make_feed(), b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>')
    assert error.startswith("doc.xml: line 3: malformed XML")


def test_malformed_json_is_refused(org: Org, make_feed: MakeFeed) -> None:
    error = _one_error(make_feed(), b'{"uri": "urn:x", "headline": ')
    assert "invalid JSON" in error


def test_json_that_is_not_ninjs_names_the_missing_property(org: Org, make_feed: MakeFeed) -> None:
    error = _one_error(make_feed(), json.dumps({"headline": "không có uri"}).encode())
    assert "uri" in error


def test_utf16_with_bom_is_read_xml_and_json(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    xml = rss({"guid": "u16", "title": VIET, "body": "x"}, encoding="UTF-16").encode("utf-16")
    assert xml.startswith(b"\xff\xfe")
    doc = json.dumps(ninjs("urn:u16:json", VIET), ensure_ascii=False).encode("utf-16")
    for data in (xml, doc):
        report = ingest_document(feed, data)
        assert report.created == 1, report.errors
    assert set(Item.objects.values_list("headline", flat=True)) == {VIET}


def test_windows_1258_declared_in_the_prolog_is_decoded_to_nfc(
    org: Org, make_feed: MakeFeed
) -> None:
    data = to_cp1258(rss({"guid": "cp", "title": VIET, "body": "Hà Nội"}, encoding="windows-1258"))
    assert VIET.encode() not in data  # really single-byte, tone marks apart
    report = ingest_document(make_feed(), data)
    assert report.created == 1, report.errors
    item = Item.objects.get()
    assert item.headline == VIET
    assert unicodedata.is_normalized("NFC", item.headline)


def test_utf8_declared_as_latin1_is_refused_not_stored_as_mojibake(
    org: Org, make_feed: MakeFeed
) -> None:
    data = rss({"guid": "l1", "title": VIET, "body": "x"}, encoding="ISO-8859-1").encode("utf-8")
    error = _one_error(make_feed(), data)
    assert "declares encoding 'iso-8859-1' but its bytes are UTF-8" in error


def test_real_latin1_declared_as_latin1_is_read(org: Org, make_feed: MakeFeed) -> None:
    text = "Café à Paris"
    xml = rss({"guid": "l1", "title": text, "body": "x"}, encoding="ISO-8859-1")
    data = xml.replace("Đối tác", "Partenaire").encode("latin-1")
    assert ingest_document(make_feed(), data).created == 1
    assert Item.objects.get().headline == text


def test_bytes_invalid_in_the_declared_utf8_are_refused(org: Org, make_feed: MakeFeed) -> None:
    data = to_cp1258(rss({"guid": "x", "title": VIET, "body": "x"}, encoding="UTF-8"))
    error = _one_error(make_feed(), data)
    assert "malformed XML" in error and "encoding" in error.lower()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title><item><guid>b</guid><title>&lol3;</title>
</item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<nitf><head><docdata><doc-id id-string="x"/></docdata></head>
<body><body.head><hedline><hl1>&secret;</hl1></hedline></body.head></body></nitf>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "xxe"])
def test_entity_declarations_are_refused(org: Org, make_feed: MakeFeed, data: bytes) -> None:
    error = _one_error(make_feed(), data)
    assert "entity declarations are refused" in error


def test_an_unknown_document_type_is_named(org: Org, make_feed: MakeFeed) -> None:
    error = _one_error(make_feed(), b"<html><body>hello</body></html>")
    assert "unknown document type <html>" in error


def test_a_bad_document_does_not_disturb_another_feed(org: Org, make_feed: MakeFeed) -> None:
    bad, good = make_feed(name="hỏng"), make_feed(name="tốt")
    ingest_document(bad, BILLION_LAUGHS)
    report = ingest_document(good, ninjs_bytes(ninjs("urn:ok", "Tin tốt")))
    assert report.created == 1
    assert IngestedItem.objects.filter(feed=good).count() == 1
    assert not IngestedItem.objects.filter(feed=bad).exists()


def test_control_characters_in_an_item_fail_that_item(org: Org, make_feed: MakeFeed) -> None:
    report = ingest_document(
        make_feed(),
        ninjs_bytes(ninjs("urn:c:1", "Tin\x07chuông"), ninjs("urn:c:2", "Tin bình thường")),
    )
    assert report.created == 1
    assert "headline: contains a control character (U+0007)" in report.errors[0]
