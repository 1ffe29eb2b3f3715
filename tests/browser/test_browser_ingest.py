"""Ingest in a real browser: a feed's page shows its state, and "poll now" (htmx) brings in a
folder's documents and updates the status panel in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ingest.helpers import ninjs, ninjs_bytes
from toasoan.ingest import actions
from toasoan.ingest.models import IngestedItem

pytestmark = pytest.mark.django_db(transaction=True)


def test_poll_now_updates_the_status_panel(
    org: Any,
    page: Any,
    password: str,
    login: Any,
    screenshot: Any,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.INGEST_FOLDER_ROOTS = [tmp_path]
    (tmp_path / "tin.json").write_bytes(ninjs_bytes(ninjs("urn:b:1", "Tin thử từ thư mục")))
    (tmp_path / "hong.xml").write_bytes(b"<rss><channel>")
    feed = actions.create_feed(
        by=org.user("a_admin"),
        data={"name": "Thư mục đối tác", "kind": "folder", "path": str(tmp_path),
              "outlet": org.a.pk, "desk": org.desk_a.pk},
    )  # fmt: skip
    login(page, "a_admin", password)
    page.goto("/ingest/")
    page.get_by_role("link", name="Thư mục đối tác").click()
    page.get_by_role("button", name="Lấy tin ngay").click()
    status = page.locator("#feed-status")
    status.get_by_text("Đã lấy tin: 1 tin mới").wait_for()
    assert "Đang lỗi" in status.inner_text()
    assert "hong.xml: line 1: malformed XML" in status.inner_text()
    assert IngestedItem.objects.filter(feed=feed).count() == 1
    screenshot(page, "ingest-feed")
    page.reload()
    assert "Tin thử từ thư mục" in page.locator("main").inner_text()
    page.goto("/ingest/")
    assert "Đang lỗi" in page.locator("table").inner_text()
    screenshot(page, "ingest-feeds")
