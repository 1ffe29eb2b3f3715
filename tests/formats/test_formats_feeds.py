"""RSS, Atom, JSON Feed and news sitemap out; RSS and Atom back in."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from lxml import etree

from toasoan.formats import feeds
from toasoan.formats.model import FormatError, NewsItem, Rendition

CHANNEL = feeds.Channel(
    title="Tin Nhanh — Thời sự",
    link="https://tinnhanh.example.vn",
    language="vi",
    publication="Tin Nhanh",
)


def _items() -> list[NewsItem]:
    return [
        NewsItem(
            guid="urn:newsml:toasoan.example.vn:20261126:abc",
            headline="Bão số 14 đổ bộ Quảng Ngãi",
            abstract="Gió giật cấp 12, mưa rất to.",
            body_html="<p>Sáng 18/11, <strong>bão số 14</strong> đổ bộ.</p>",
            byline="Nguyễn Thu Hà",
            keywords=["bão", "miền Trung"],
            first_created=datetime(2026, 11, 18, 1, 0, tzinfo=UTC),
            version_created=datetime(2026, 11, 18, 2, 30, tzinfo=UTC),
            renditions=[
                Rendition("thumbnail", "https://cdn.example.vn/t.jpg", "image/jpeg", 240, 160),
                Rendition("viewImage", "https://cdn.example.vn/v.jpg", "image/jpeg", 1024, 683),
            ],
        ),
        NewsItem(guid="urn:newsml:toasoan.example.vn:20261126:def", headline="Tin ngắn"),
    ]


@pytest.mark.parametrize("encode", [feeds.rss, feeds.atom])
def test_rss_and_atom_round_trip_through_the_reader(encode: object) -> None:
    data = encode(CHANNEL, _items())  # type: ignore[operator]
    etree.fromstring(data)  # well-formed
    back = feeds.decode(data)
    assert [i.guid for i in back] == [i.guid for i in _items()]
    first = back[0]
    assert first.headline == "Bão số 14 đổ bộ Quảng Ngãi"
    assert "<strong>bão số 14</strong>" in first.body_html
    assert first.byline == "Nguyễn Thu Hà"
    assert first.keywords == ["bão", "miền Trung"]
    assert first.version_created == datetime(2026, 11, 18, 2, 30, tzinfo=UTC)
    assert any(r.href == "https://cdn.example.vn/v.jpg" for r in first.renditions)


def test_rss_carries_media_rss_and_the_item_link() -> None:
    root = etree.fromstring(feeds.rss(CHANNEL, _items()))
    item = root.find("channel/item")
    assert item is not None
    assert item.findtext("link") == f"https://tinnhanh.example.vn/items/{_items()[0].guid}"
    thumb = item.find(f"{{{feeds.MEDIA_NS}}}thumbnail")
    assert thumb is not None and thumb.get("width") == "240"
    assert item.findtext("pubDate") == "Wed, 18 Nov 2026 02:30:00 GMT"


def test_json_feed_1_1() -> None:
    feed = json.loads(feeds.json_feed(CHANNEL, _items()))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    first = feed["items"][0]
    assert first["id"] == _items()[0].guid and first["image"] == "https://cdn.example.vn/v.jpg"
    assert first["authors"] == [{"name": "Nguyễn Thu Hà"}]
    assert "summary" not in feed["items"][1]  # empty fields are left out


def test_google_news_sitemap() -> None:
    root = etree.fromstring(feeds.news_sitemap(CHANNEL, _items()))
    ns = {"s": feeds.SITEMAP_NS, "n": feeds.NEWS_NS}
    assert root.xpath("count(s:url)", namespaces=ns) == 2
    assert root.xpath("string(s:url[1]/n:news/n:publication/n:name)", namespaces=ns) == "Tin Nhanh"
    assert root.xpath("string(s:url[1]/n:news/n:title)", namespaces=ns) == _items()[0].headline


@pytest.mark.parametrize(
    "data",
    [b"", b"<html><body>not a feed</body></html>", b"{}", b"<rss><channel><item>"],
)
def test_reader_refuses_what_is_not_a_feed(data: bytes) -> None:
    with pytest.raises(FormatError):
        items = feeds.decode(data)
        assert items  # a document with no readable entries is not silently accepted


def test_entry_without_identity_is_refused() -> None:
    data = (
        b'<rss version="2.0"><channel><title>x</title><item><title>t</title></item></channel></rss>'
    )
    with pytest.raises(FormatError) as err:
        feeds.decode(data)
    assert err.value.path == "/entries/0"
