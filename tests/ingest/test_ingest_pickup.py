"""Pick-up from a folder, an SFTP and an FTP server: processed files go to done/ or failed/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Org
from tests.fileservers import FileServer, ftp_server, sftp_server  # noqa: F401
from tests.ingest.helpers import ninjs, ninjs_bytes, rss
from toasoan.ingest.models import Feed, FeedState, IngestedItem
from toasoan.ingest.polling import poll

pytestmark = pytest.mark.django_db
MakeFeed = Callable[..., Feed]
GOOD = ninjs_bytes(ninjs("urn:file:1", "Tin từ tệp"))
GOOD_RSS = rss({"guid": "urn:file:2", "title": "Tin RSS từ tệp", "body": "x"}).encode()
BAD = b"<nitf><head>"


def _fill(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "1-good.json").write_bytes(GOOD)
    (folder / "2-good.xml").write_bytes(GOOD_RSS)
    (folder / "3-bad.xml").write_bytes(BAD)


def _check(feed: Feed, folder: Path) -> None:
    feed.refresh_from_db()
    assert IngestedItem.objects.filter(feed=feed).count() == 2
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["1-good.json", "2-good.xml"]
    assert [p.name for p in (folder / "failed").iterdir()] == ["3-bad.xml"]
    assert not any(p.is_file() for p in folder.iterdir())
    assert feed.state == FeedState.FAILING
    assert feed.last_error.startswith("3-bad.xml: line 1: malformed XML")


def test_folder_pick_up(org: Org, make_feed: MakeFeed, tmp_path: Path) -> None:
    _fill(tmp_path / "in")
    feed = make_feed(kind="folder", path=str(tmp_path / "in"))
    report = poll(feed)
    assert (report.documents, report.created) == (3, 2)
    _check(feed, tmp_path / "in")
    again = poll(feed)  # nothing left: processed files are not read twice
    assert again.documents == 0
    feed.refresh_from_db()
    assert feed.state == FeedState.OK


def test_folder_pick_up_refuses_oversized_files(
    org: Org, make_feed: MakeFeed, tmp_path: Path, settings: Any
) -> None:
    settings.INGEST_MAX_DOCUMENT_BYTES = 1000
    (tmp_path / "big.xml").write_bytes(b"<rss>" + b" " * 5000 + b"</rss>")
    (tmp_path / "small.json").write_bytes(GOOD)
    feed = make_feed(kind="folder", path=str(tmp_path))
    report = poll(feed)
    assert report.created == 1
    assert (tmp_path / "failed" / "big.xml").exists()
    assert "big.xml: the document is larger than the limit of 1000 bytes" in feed.last_error


def test_a_missing_folder_is_a_clear_error(org: Org, make_feed: MakeFeed, tmp_path: Path) -> None:
    feed = make_feed(kind="folder", path=str(tmp_path / "nowhere"))
    poll(feed)
    assert feed.last_error == f"the folder {tmp_path / 'nowhere'} does not exist or is not a folder"


@pytest.mark.slow
def test_sftp_pick_up(org: Org, make_feed: MakeFeed, sftp_server: FileServer) -> None:  # noqa: F811
    _fill(sftp_server.root / "out")
    feed = make_feed(
        kind="sftp", host=sftp_server.host, port=sftp_server.port,
        username=sftp_server.username, password=sftp_server.password,
        host_key=sftp_server.host_key_fingerprint, path="/out",
    )  # fmt: skip
    report = poll(feed)
    assert report.created == 2, report.errors
    _check(feed, sftp_server.root / "out")


@pytest.mark.slow
def test_sftp_refuses_a_server_with_another_host_key(
    org: Org,
    make_feed: MakeFeed,
    sftp_server: FileServer,  # noqa: F811
) -> None:
    _fill(sftp_server.root / "out")
    feed = make_feed(
        kind="sftp", host=sftp_server.host, port=sftp_server.port,
        username=sftp_server.username, password=sftp_server.password,
        host_key="SHA256:" + "A" * 43, path="/out",
    )  # fmt: skip
    poll(feed)
    assert "host key" in feed.last_error
    assert not IngestedItem.objects.exists()
    assert (sftp_server.root / "out" / "1-good.json").exists()  # untouched


@pytest.mark.slow
def test_ftp_pick_up(org: Org, make_feed: MakeFeed, ftp_server: FileServer) -> None:  # noqa: F811
    _fill(ftp_server.root / "out")
    feed = make_feed(
        kind="ftp", host=ftp_server.host, port=ftp_server.port,
        username=ftp_server.username, password=ftp_server.password, path="/out",
    )  # fmt: skip
    report = poll(feed)
    assert report.created == 2, report.errors
    _check(feed, ftp_server.root / "out")


@pytest.mark.slow
def test_ftp_wrong_password_fails_the_feed(
    org: Org,
    make_feed: MakeFeed,
    ftp_server: FileServer,  # noqa: F811
) -> None:
    feed = make_feed(
        kind="ftp", host=ftp_server.host, port=ftp_server.port,
        username=ftp_server.username, password="sai", path="/",
    )  # fmt: skip
    poll(feed)
    assert feed.state == FeedState.FAILING
    assert feed.last_error.startswith("FTP server refused")


def test_the_poll_command_prints_what_each_poll_did(
    org: Org, make_feed: MakeFeed, tmp_path: Path, capsys: Any
) -> None:
    import json

    from django.core.management import call_command

    (tmp_path / "a.json").write_bytes(GOOD)
    feed = make_feed(kind="folder", path=str(tmp_path))
    call_command("ingest-poll", str(feed.pk))
    line = json.loads(capsys.readouterr().out.strip())
    assert (line["feed"], line["created"], line["errors"]) == (feed.pk, 1, [])
    (tmp_path / "b.xml").write_bytes(BAD)
    with pytest.raises(SystemExit):
        call_command("ingest-poll", str(feed.pk))


def test_folder_feeds_stay_inside_the_pick_up_roots(
    org: Org, make_feed: MakeFeed, tmp_path: Path, settings: Any
) -> None:
    from toasoan.core.errors import InvalidInput

    settings.INGEST_FOLDER_ROOTS = [tmp_path / "ingest"]
    with pytest.raises(InvalidInput) as refused:
        make_feed(kind="folder", path="/etc")
    assert refused.value.field == "path"
    with pytest.raises(InvalidInput):
        make_feed(kind="folder", path=str(tmp_path / "ingest" / ".." / "other"))
    (tmp_path / "ingest" / "ap").mkdir(parents=True)
    feed = make_feed(kind="folder", path=str(tmp_path / "ingest" / "ap"))
    settings.INGEST_FOLDER_ROOTS = [tmp_path / "elsewhere"]  # the roots changed since
    poll(feed)
    assert "outside the pick-up folder roots" in feed.last_error
