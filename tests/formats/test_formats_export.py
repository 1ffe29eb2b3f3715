"""Every demo item, in every IPTC format, validates against the official schema; the export
endpoint serves each format; `toasoan ingest-file` reads what we write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Api, Org
from toasoan.formats import newsmlg2, ninjs, nitf
from toasoan.formats.adapter import from_item
from toasoan.formats.registry import OUTPUTS, decode
from toasoan.newsroom.models import Item

NINJS_VERSIONS = ("2.2", "2.1", "3.1")


@pytest.mark.slow
def test_every_demo_item_validates_in_every_iptc_format(demo_archive: Any, db: Any) -> None:
    checked = 0
    for item in Item.objects.select_related("outlet__agency").order_by("pk"):
        news = from_item(item)
        for version in NINJS_VERSIONS:
            doc = ninjs.encode(news, version)
            ninjs.validate(doc, version)
            assert ninjs.decode(doc).guid == item.guid
        if news.type == "composite":
            newsmlg2.validate(newsmlg2.encode_package_item(news))
        else:
            xml = newsmlg2.encode_news_item(news)
            newsmlg2.validate(xml)
            assert newsmlg2.decode(xml)[0].headline == item.headline
        nitf.validate(nitf.encode(news))
        checked += 1
    assert checked == 150


def _published(org: Org) -> Item:
    from toasoan.newsroom import actions

    chief = org.user("a_eic")
    item = actions.create(
        by=chief,
        outlet=org.a,
        desk=org.desk_a,
        fields={
            "headline": "Xuất khẩu gạo lập kỷ lục",
            "body_html": "<p>Tháng 11…</p>",
            "subjects": ["20000344"],
            "byline": "Nguyễn Thu Hà",
        },
    )
    item = actions.submit(item, by=chief, expected_revision=None)
    return actions.publish(item, by=chief, expected_revision=None)


@pytest.mark.parametrize("fmt", sorted(OUTPUTS))
def test_export_endpoint_serves_every_format(api_for: Any, org: Org, fmt: str) -> None:
    item = _published(org)
    reader: Api = api_for("b_reporter")
    response = reader.get(f"/items/{item.pk}/export?format={fmt}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith(OUTPUTS[fmt].content_type)
    if fmt in ("ninjs", "ninjs-2.2", "newsml-g2", "nitf", "rss", "atom"):
        assert decode(response.content)[0].headline == "Xuất khẩu gạo lập kỷ lục"


def test_export_refuses_unknown_formats_and_hidden_items(api_for: Any, org: Org) -> None:
    from toasoan.newsroom import actions

    draft = actions.create(by=org.user("a_reporter"), outlet=org.a, fields={"headline": "Nháp"})
    outsider: Api = api_for("b_reporter")
    assert outsider.get(f"/items/{draft.pk}/export").status_code == 404
    bad = api_for("a_reporter").get(f"/items/{draft.pk}/export?format=docx")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "format"


def _ingest(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toasoan.cli", "ingest-file", str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ingest_file_prints_ninjs_lines(org: Org, tmp_path: Path) -> None:
    news = from_item(_published(org))
    path = tmp_path / "item.xml"
    path.write_bytes(newsmlg2.encode_news_item(news))
    done = _ingest(path, "--dry-run")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["uri"] == news.guid
    ninjs.validate(lines[0], "2.2")


def test_ingest_file_reports_a_bad_document_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<newsItem><unclosed></newsItem>")
    done = _ingest(path, "--format", "auto", "--dry-run")
    assert done.returncode == 1
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    assert str(path) in done.stderr
