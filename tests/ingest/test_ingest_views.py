"""The ingest pages: list, create, detail with rules and duplicates, poll now (htmx)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Org
from tests.ingest.helpers import ninjs, ninjs_bytes
from toasoan.ingest.models import Feed, RoutingRule
from toasoan.ingest.pipeline import finish, ingest_document

pytestmark = pytest.mark.django_db
MakeFeed = Callable[..., Feed]


def _client(org: Org, name: str, password: str) -> Client:
    client = Client()
    assert client.login(username=name, password=password)
    return client


def test_the_feed_list_shows_state_last_error_and_counts(
    org: Org, make_feed: MakeFeed, password: str
) -> None:
    ap, afp = make_feed(name="AP"), make_feed(name="AFP")
    ingest_document(ap, ninjs_bytes(ninjs("urn:ap:1", "Động đất")))
    ingest_document(afp, ninjs_bytes(ninjs("urn:afp:1", "Động đất")))
    finish(afp, ingest_document(afp, b"<rss><channel>", name="hong.xml"))
    page = _client(org, "a_admin", password).get("/ingest/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "AP" in html and "AFP" in html
    assert "Đang lỗi" in html  # the failing state, in Vietnamese
    assert "hong.xml: line 1: malformed XML" in html


def test_someone_without_the_privilege_sees_no_feeds(
    org: Org, make_feed: MakeFeed, password: str
) -> None:
    feed = make_feed(name="Bí mật")
    client = _client(org, "a_chief", password)
    assert "Bí mật" not in client.get("/ingest/").content.decode()
    assert client.get(f"/ingest/{feed.pk}/").status_code == 404
    assert (
        client.post("/ingest/new/", {"name": "x", "kind": "push", "outlet": org.a.pk}).status_code
        == 403
    )


def test_creating_a_feed_and_a_rule_through_the_forms(
    org: Org, password: str, tmp_path: Path
) -> None:
    client = _client(org, "a_admin", password)
    bad = client.post(
        "/ingest/new/",
        {
            "name": "Thư mục",
            "kind": "folder",
            "path": "tuong/doi",
            "outlet": org.a.pk,
            "active": "on",
        },
    )
    assert bad.status_code == 422
    assert "Thư mục" in bad.content.decode()  # the form keeps what was typed
    created = client.post(
        "/ingest/new/",
        {
            "name": "Thư mục",
            "kind": "folder",
            "path": str(tmp_path),
            "outlet": org.a.pk,
            "desk": org.desk_a.pk,
            "interval_seconds": "60",
            "active": "on",
        },
    )
    assert created.status_code == 302
    feed = Feed.objects.get()
    assert (feed.kind, feed.interval_seconds, feed.desk) == ("folder", 60, org.desk_a)
    rule = client.post(
        f"/ingest/{feed.pk}/rules/",
        {"keywords": "bão, lũ", "desk": org.desk_a2.pk, "stage": "", "auto_publish": "on"},
    )
    assert rule.status_code == 302
    saved = RoutingRule.objects.get()
    assert (saved.keywords, saved.auto_publish, saved.desk) == (["bão", "lũ"], True, org.desk_a2)
    detail = client.get(f"/ingest/{feed.pk}/").content.decode()
    assert "bão, lũ" in detail


def test_the_detail_flags_duplicates(org: Org, make_feed: MakeFeed, password: str) -> None:
    ap, afp = make_feed(name="AP"), make_feed(name="AFP")
    ingest_document(ap, ninjs_bytes(ninjs("urn:ap:1", "Động đất mạnh")))
    ingest_document(afp, ninjs_bytes(ninjs("urn:afp:1", "Động đất mạnh")))
    html = _client(org, "a_admin", password).get(f"/ingest/{afp.pk}/").content.decode()
    assert "urn:afp:1" in html
    assert "Tin trùng" in html and "cùng nội dung với tin từ AP" in html


def test_poll_now_answers_the_status_panel(
    org: Org, make_feed: MakeFeed, password: str, tmp_path: Path
) -> None:
    (tmp_path / "a.json").write_bytes(ninjs_bytes(ninjs("urn:f:1", "Tin từ thư mục")))
    feed = make_feed(kind="folder", path=str(tmp_path))
    response = _client(org, "a_admin", password).post(
        f"/ingest/{feed.pk}/poll/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="feed-status"' in html and "<html" not in html
    assert "1" in html
    assert (tmp_path / "done" / "a.json").exists()


def test_changing_settings_keeps_the_stored_password(
    org: Org, make_feed: MakeFeed, password: str
) -> None:
    feed = make_feed(kind="ftp", host="127.0.0.1", port=2121, username="u", password="bí-mật")
    client = _client(org, "a_admin", password)
    detail = client.get(f"/ingest/{feed.pk}/").content.decode()
    assert "bí-mật" not in detail
    data: dict[str, Any] = {
        "name": "FTP mới",
        "kind": "ftp",
        "host": "127.0.0.1",
        "port": "2121",
        "username": "u",
        "password": "",
        "outlet": org.a.pk,
        "active": "on",
        "interval_seconds": "300",
        "format": "auto",
    }
    assert client.post(f"/ingest/{feed.pk}/", data).status_code == 302
    feed.refresh_from_db()
    assert (feed.name, feed.password) == ("FTP mới", "bí-mật")
