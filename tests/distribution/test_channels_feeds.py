"""Public per-outlet and per-section feeds: valid RSS/Atom/JSON Feed/news sitemap, only what
readers may see, section filters, conditional GET."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import feedparser
import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from tests.conftest import Org
from toasoan.distribution.channels import actions as channel_actions
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _publish(org: Org, outlet: str = "a", desk: Any = None, **fields: Any) -> Item:
    chief = org.user("a_eic" if outlet == "a" else "b_chief")
    fields.setdefault("body_html", "<p>Nội dung bài.</p>")
    item = actions.create(
        by=chief,
        outlet=getattr(org, outlet),
        desk=desk or (org.desk_a if outlet == "a" else org.desk_b),
        fields=fields,
    )
    item = actions.submit(item, by=chief, expected_revision=None)
    return actions.publish(item, by=chief, expected_revision=None)


@pytest.fixture
def newsroom(org: Org) -> dict[str, Item]:
    chief = org.user("a_eic")
    items = {
        "politics": _publish(
            org,
            headline="Quốc hội họp phiên bế mạc",
            subjects=["11000000"],
            abstract="Tóm tắt chính trị.",
        ),
        "economy": _publish(
            org, desk=org.desk_a2, headline="Xuất khẩu gạo tăng mạnh", subjects=["20000170"]
        ),
        "embargoed": _publish(
            org,
            headline="Tin cấm đăng trước giờ",
            embargo_until=timezone.now() + timedelta(hours=3),
        ),
        "killed": _publish(org, headline="Tin đã gỡ"),
        "recalled": _publish(org, headline="Tin tạm rút"),
        "other_outlet": _publish(org, outlet="b", headline="News of outlet B"),
    }
    actions.kill(items["killed"], by=chief, expected_revision=None, reason="Sai.")
    actions.recall(items["recalled"], by=chief, expected_revision=None, reason="Chờ xác minh.")
    items["draft"] = actions.create(
        by=chief, outlet=org.a, desk=org.desk_a, fields={"headline": "Bản nháp chưa đăng"}
    )
    return items


def get(path: str, **headers: str) -> Any:
    return Client().get(path, **headers)


def test_rss_and_atom_parse_and_list_only_public_items(newsroom: dict[str, Item]) -> None:
    for path in ("/feeds/bao-a/rss.xml", "/feeds/bao-a/atom.xml"):
        response = get(path)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.bozo_exception
        titles = {e.title for e in parsed.entries}
        assert titles == {"Quốc hội họp phiên bế mạc", "Xuất khẩu gạo tăng mạnh"}
        assert parsed.feed.title == "Báo A"
        assert {e.id for e in parsed.entries} == {
            newsroom["politics"].guid,
            newsroom["economy"].guid,
        }
    assert get("/feeds/bao-a/rss.xml")["Content-Type"].startswith("application/rss+xml")
    assert get("/feeds/bao-a/atom.xml")["Content-Type"].startswith("application/atom+xml")


def test_json_feed_has_the_spec_keys(newsroom: dict[str, Item]) -> None:
    response = get("/feeds/bao-a/feed.json")
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Báo A" and feed["home_page_url"].endswith("/bao-a")
    assert [i["title"] for i in feed["items"]] == [
        "Xuất khẩu gạo tăng mạnh",
        "Quốc hội họp phiên bế mạc",
    ]
    for entry in feed["items"]:
        assert {"id", "url", "title", "content_html", "date_published"} <= set(entry)


def test_news_sitemap_uses_the_news_namespace(newsroom: dict[str, Item]) -> None:
    response = get("/feeds/bao-a/news-sitemap.xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    urls = root.findall(f"{{{SITEMAP_NS}}}url")
    assert len(urls) == 2
    for url in urls:
        news = url.find(f"{{{NEWS_NS}}}news")
        assert news is not None
        assert news.findtext(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}name") == "Báo A"
        assert news.findtext(f"{{{NEWS_NS}}}publication_date")
        assert url.findtext(f"{{{SITEMAP_NS}}}loc", "").startswith("http")
    old = newsroom["politics"]
    Item.objects.filter(pk=old.pk).update(first_published_at=timezone.now() - timedelta(days=3))
    root = etree.fromstring(get("/feeds/bao-a/news-sitemap.xml").content)
    assert len(root.findall(f"{{{SITEMAP_NS}}}url")) == 1  # Google News: the last two days only


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("thoi-su", {"Quốc hội họp phiên bế mạc"}),
        ("kinh-te", {"Xuất khẩu gạo tăng mạnh"}),
        ("04000000", {"Xuất khẩu gạo tăng mạnh"}),  # matches the narrower 20000170
        ("medtop:11000000", {"Quốc hội họp phiên bế mạc"}),
        ("20000170", {"Xuất khẩu gạo tăng mạnh"}),
        ("01000000", set()),
    ],
)
def test_section_feeds_filter_by_desk_or_media_topic(
    newsroom: dict[str, Item], section: str, expected: set[str]
) -> None:
    response = get(f"/feeds/bao-a/{section}/rss.xml")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert {e.title for e in parsed.entries} == expected
    if section == "kinh-te":
        assert parsed.feed.title == "Báo A – Kinh-Te"


def test_unknown_outlet_section_or_format_is_404(newsroom: dict[str, Item]) -> None:
    assert get("/feeds/khong-co/rss.xml").status_code == 404
    assert get("/feeds/bao-a/khong-co/rss.xml").status_code == 404
    assert get("/feeds/bao-a/99999999/atom.xml").status_code == 404
    assert get("/feeds/bao-a/feed.rdf").status_code == 404
    assert Client().post("/feeds/bao-a/rss.xml").status_code == 405
    assert Client().head("/feeds/bao-a/rss.xml").status_code == 200


def test_conditional_get_answers_304_until_something_changes(
    org: Org, newsroom: dict[str, Item]
) -> None:
    first = get("/feeds/bao-a/atom.xml")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "max-age" in first["Cache-Control"] and "public" in first["Cache-Control"]

    again = get("/feeds/bao-a/atom.xml", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert get("/feeds/bao-a/atom.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    _publish(org, headline="Tin mới nhất")
    changed = get("/feeds/bao-a/atom.xml", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # The embargo's end changes the feed too: the held item appears.
    Item.objects.filter(pk=newsroom["embargoed"].pk).update(
        embargo_until=timezone.now() - timedelta(minutes=1)
    )
    titles = {e.title for e in feedparser.parse(get("/feeds/bao-a/rss.xml").content).entries}
    assert "Tin cấm đăng trước giờ" in titles


def test_feed_shows_the_web_variant_and_notices_its_change(
    org: Org, newsroom: dict[str, Item]
) -> None:
    etag = get("/feeds/bao-a/rss.xml")["ETag"]
    channel_actions.set_variant(
        newsroom["politics"],
        "web",
        by=org.user("a_editor"),
        values={"headline": "Bế mạc kỳ họp: những điều cần biết"},
    )
    response = get("/feeds/bao-a/rss.xml", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    titles = {e.title for e in feedparser.parse(response.content).entries}
    assert "Bế mạc kỳ họp: những điều cần biết" in titles
