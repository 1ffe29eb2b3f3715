"""Channel connectors against local servers that check requests as each platform documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.distribution.channel_servers import (
    GRAPH_TOKEN,
    PAGE_ID,
    ZALO_TOKEN,
    Graph,
    Website,
    Zalo,
    serving,
)
from toasoan.core.errors import InvalidInput
from toasoan.distribution.channels.connectors import ConnectorError, Post, Remote, get_connector
from toasoan.distribution.channels.zalo import blocks


def post(action: str = "publish", **changes: Any) -> Post:
    values: dict[str, Any] = {
        "guid": "urn:test.vn:bao-a:1",
        "version": 1,
        "action": action,
        "outlet_slug": "bao-a",
        "headline": "Quốc hội thông qua Luật Báo chí sửa đổi",
        "summary": "Luật có hiệu lực từ ngày 01/01/2027.",
        "body_html": "<p>Đoạn một.</p><blockquote><p>Trích dẫn.</p></blockquote>"
        '<p><img src="https://cdn.test/a.jpg" alt="Ảnh"></p><ul><li>Ý một</li></ul>',
        "url": "https://bao-a.test/items/urn:test.vn:bao-a:1",
        "image_url": "https://cdn.test/cover.jpg",
        "byline": "Nguyễn Văn A",
        "language": "vi",
        "published_at": datetime(2026, 11, 26, 8, 0, tzinfo=UTC),
        "note": "",
    }
    values.update(changes)
    return Post(**values)


@pytest.fixture
def zalo() -> Iterator[Zalo]:
    with serving(Zalo()) as platform:
        assert isinstance(platform, Zalo)
        yield platform


@pytest.fixture
def graph() -> Iterator[Graph]:
    with serving(Graph()) as platform:
        assert isinstance(platform, Graph)
        yield platform


@pytest.fixture
def website() -> Iterator[Website]:
    with serving(Website()) as platform:
        assert isinstance(platform, Website)
        yield platform


# --- webhook ------------------------------------------------------------------------------------


def test_webhook_is_signed_and_the_receiver_verifies_it(website: Website) -> None:
    config = {"url": f"{website.base_url}/hooks/toasoan", "secret": website.secret}
    remote = get_connector("webhook").publish(config, post())

    assert website.violations == []
    assert remote == Remote("w-1", "https://site.test/urn:test.vn:bao-a:1")
    sent = website.received[0]
    assert sent["event"] == "publish" and sent["version"] == 1
    assert sent["headline"] == "Quốc hội thông qua Luật Báo chí sửa đổi"
    seen = website.requests[0]
    assert seen.headers["idempotency-key"] == "urn:test.vn:bao-a:1:1:publish"
    assert seen.headers["x-toasoan-event"] == "publish"


def test_webhook_with_the_wrong_secret_is_refused_and_not_retried(website: Website) -> None:
    config = {"url": f"{website.base_url}/hooks/toasoan", "secret": "một-bí-mật-khác-hẳn-2026"}
    with pytest.raises(ConnectorError) as caught:
        get_connector("webhook").publish(config, post())

    assert caught.value.retryable is False
    assert "401" in str(caught.value) and "bad signature" in str(caught.value)
    assert website.received == []


def test_webhook_server_errors_and_a_dead_site_are_retryable(website: Website) -> None:
    config = {"url": f"{website.base_url}/hooks/toasoan", "secret": website.secret}
    website.fail_next.append((503, {"detail": "busy"}))
    with pytest.raises(ConnectorError) as caught:
        get_connector("webhook").publish(config, post())
    assert caught.value.retryable is True

    dead = {"url": "http://127.0.0.1:9/hooks", "secret": website.secret, "timeout": 2}
    with pytest.raises(ConnectorError) as caught:
        get_connector("webhook").publish(dead, post())
    assert caught.value.retryable is True


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"secret": "x" * 20}, "config.url"),
        ({"url": "ftp://x", "secret": "x" * 20}, "config.url"),
        ({"url": "https://x.test/h"}, "config.secret"),
        ({"url": "https://x.test/h", "secret": "short"}, "config.secret"),
        ({"url": "https://x.test/h", "secret": "x" * 20, "timeout": 0}, "config.timeout"),
    ],
)
def test_webhook_config_errors_name_the_field(config: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        get_connector("webhook").check_config(config)
    assert caught.value.field == field


# --- Zalo OA ------------------------------------------------------------------------------------


def zalo_config(platform: Zalo, **extra: Any) -> dict[str, Any]:
    return {"access_token": ZALO_TOKEN, "base_url": f"{platform.base_url}/v2.0", **extra}


def test_zalo_article_is_created_then_verified(zalo: Zalo) -> None:
    remote = get_connector("zalo-oa").publish(zalo_config(zalo), post())

    assert zalo.violations == []
    assert [r.path for r in zalo.requests] == ["/v2.0/article/create", "/v2.0/article/verify"]
    assert remote.remote_id == "a0001"
    article = zalo.articles["a0001"]
    assert article["title"] == "Quốc hội thông qua Luật Báo chí sửa đổi"
    assert article["author"] == "Nguyễn Văn A"
    assert article["cover"] == {
        "cover_type": "photo",
        "photo_url": "https://cdn.test/cover.jpg",
        "status": "show",
    }
    assert article["body"][:4] == [
        {"type": "text", "content": "Đoạn một."},
        {"type": "text", "content": "Trích dẫn."},
        {"type": "image", "url": "https://cdn.test/a.jpg", "caption": "Ảnh"},
        {"type": "text", "content": "Ý một"},
    ]
    assert article["body"][-1] == {"type": "text", "content": post().url}


def test_zalo_article_still_being_built_is_kept_by_token_and_resolved_later(zalo: Zalo) -> None:
    connector = get_connector("zalo-oa")
    zalo.still_building = 1
    remote = connector.publish(zalo_config(zalo), post())
    assert remote.remote_id == "token:tok-a0001"  # created once, not failed (no double post)

    fixed = post("correct", version=2, note="Sửa.")
    assert connector.update(zalo_config(zalo), fixed, remote) == Remote("a0001")
    assert len(zalo.articles) == 1 and zalo.violations == []


def test_zalo_correction_updates_the_article_with_the_note(zalo: Zalo) -> None:
    connector = get_connector("zalo-oa")
    remote = connector.publish(zalo_config(zalo), post())
    fixed = post("correct", version=2, headline="Tiêu đề đã sửa", note="Sửa ngày hiệu lực.")
    assert connector.update(zalo_config(zalo), fixed, remote) == remote

    assert zalo.violations == []
    article = zalo.articles["a0001"]
    assert article["title"] == "Tiêu đề đã sửa"
    assert article["body"][0] == {"type": "text", "content": "Đính chính: Sửa ngày hiệu lực."}


def test_zalo_kill_removes_the_article(zalo: Zalo) -> None:
    connector = get_connector("zalo-oa")
    remote = connector.publish(zalo_config(zalo), post())
    assert connector.remove(zalo_config(zalo), post("kill", version=2), remote) is True
    assert zalo.removed == ["a0001"] and zalo.articles == {}


def test_zalo_errors_carry_the_platform_message(zalo: Zalo) -> None:
    with pytest.raises(ConnectorError) as caught:
        get_connector("zalo-oa").publish(zalo_config(zalo, access_token="het-han"), post())
    assert "Access token is invalid" in str(caught.value)
    assert caught.value.status == "-216" and caught.value.retryable is False

    with pytest.raises(ConnectorError) as caught:
        get_connector("zalo-oa").publish(zalo_config(zalo), post(image_url=""))
    assert "cover" in str(caught.value)
    assert zalo.articles == {}


def test_zalo_uses_the_default_cover_and_cuts_long_fields(zalo: Zalo) -> None:
    config = zalo_config(zalo, default_cover_url="https://cdn.test/logo.png")
    get_connector("zalo-oa").publish(config, post(image_url="", headline="Dài " * 100))

    assert zalo.violations == []
    article = zalo.articles["a0001"]
    assert article["cover"]["photo_url"] == "https://cdn.test/logo.png"
    assert len(article["title"]) == 150 and article["title"].endswith("…")


def test_zalo_blocks_skip_empty_paragraphs() -> None:
    assert blocks("<p> </p><h2>Tiêu đề phụ</h2>") == [{"type": "text", "content": "Tiêu đề phụ"}]
    assert blocks("") == []


# --- Facebook Page ------------------------------------------------------------------------------


def graph_config(platform: Graph, **extra: Any) -> dict[str, Any]:
    return {"page_id": PAGE_ID, "access_token": GRAPH_TOKEN, "base_url": platform.base_url, **extra}


def test_facebook_post_edit_and_delete(graph: Graph) -> None:
    connector = get_connector("facebook-page")
    remote = connector.publish(graph_config(graph), post())
    assert remote == Remote(f"{PAGE_ID}_1", f"https://www.facebook.com/{PAGE_ID}_1")
    assert graph.posts[remote.remote_id] == {
        "message": f"{post().headline}\n\n{post().summary}",
        "link": post().url,
    }

    fixed = post("correct", version=2, note="Sửa ngày hiệu lực.")
    connector.update(graph_config(graph), fixed, remote)
    assert graph.posts[remote.remote_id]["message"].endswith("Đính chính: Sửa ngày hiệu lực.")

    assert connector.remove(graph_config(graph), post("kill", version=3), remote) is True
    assert graph.deleted == [remote.remote_id]
    assert graph.violations == []
    assert [(r.method, r.path.split("?")[0]) for r in graph.requests] == [
        ("POST", f"/v21.0/{PAGE_ID}/feed"),
        ("POST", f"/v21.0/{PAGE_ID}_1"),
        ("DELETE", f"/v21.0/{PAGE_ID}_1"),
    ]


def test_facebook_photo_post_carries_the_image_and_the_link(graph: Graph) -> None:
    connector = get_connector("facebook-page")
    remote = connector.publish(graph_config(graph, post_as="photo"), post())

    assert remote.remote_id == f"{PAGE_ID}_1"
    assert graph.posts[remote.remote_id]["photo"] == "https://cdn.test/cover.jpg"
    assert graph.posts[remote.remote_id]["message"].endswith(post().url)
    no_image = connector.publish(graph_config(graph, post_as="photo"), post(image_url=""))
    assert graph.posts[no_image.remote_id]["link"] == post().url  # falls back to a link post
    assert graph.violations == []
    assert graph.requests[0].path == f"/v21.0/{PAGE_ID}/photos"


def test_facebook_errors_carry_the_graph_message(graph: Graph) -> None:
    connector = get_connector("facebook-page")
    with pytest.raises(ConnectorError) as caught:
        connector.publish(graph_config(graph, access_token="sai"), post())
    assert "Invalid OAuth access token" in str(caught.value)
    assert caught.value.status == "190" and caught.value.retryable is False

    graph.fail_next.append(
        (
            500,
            {
                "error": {
                    "message": "An unexpected error has occurred.",
                    "type": "OAuthException",
                    "code": 2,
                }
            },
        )
    )
    with pytest.raises(ConnectorError) as caught:
        connector.publish(graph_config(graph), post())
    assert caught.value.retryable is True

    with pytest.raises(ConnectorError) as caught:
        connector.update(graph_config(graph), post("correct"), Remote(f"{PAGE_ID}_99"))
    assert "does not exist" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"page_id": ""}, "config.page_id"),
        ({"page_id": "my-page"}, "config.page_id"),
        ({"access_token": None}, "config.access_token"),
        ({"access_token": "mã-sai"}, "config.access_token"),
        ({"api_version": "21"}, "config.api_version"),
        ({"base_url": "graph.facebook.com"}, "config.base_url"),
        ({"post_as": "video"}, "config.post_as"),
    ],
)
def test_facebook_config_errors_name_the_field(change: dict[str, Any], field: str) -> None:
    config: dict[str, Any] = {"page_id": PAGE_ID, "access_token": "t", **change}
    with pytest.raises(InvalidInput) as caught:
        get_connector("facebook-page").check_config(config)
    assert caught.value.field == field
