"""HTTP polling against a real local server: conditional GET, limits, timeouts, isolation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Org
from tests.ingest.helpers import Route, http_date, http_server, ninjs, ninjs_bytes, rss
from toasoan.formats import newsmlg2
from toasoan.ingest.models import Feed, FeedState, IngestedItem
from toasoan.ingest.polling import claim_due, poll, poll_due
from toasoan.newsroom.models import Item

pytestmark = pytest.mark.django_db
MakeFeed = Callable[..., Feed]
DATA = Path(__file__).resolve().parents[1] / "formats" / "data"


def _http_feed(make_feed: MakeFeed, url: str, **data: Any) -> Feed:
    return make_feed(kind="http", url=url, interval_seconds=60, **data)


def test_conditional_get_fetches_once_then_gets_304(org: Org, make_feed: MakeFeed) -> None:
    body = rss({"guid": "g1", "title": "Tin một", "body": "Nội dung"}).encode()
    with http_server() as server:
        server.routes["/rss"] = Route(
            body, "application/rss+xml", etag='"v1"', last_modified=http_date()
        )
        feed = _http_feed(make_feed, server.url("/rss"))
        first = poll(feed)
        assert (first.created, first.errors) == (1, [])
        feed.refresh_from_db()
        assert feed.etag == '"v1"' and feed.last_modified
        second = poll(feed)
        assert (second.documents, second.created) == (0, 0)
        sent = server.requests[-1][1]
        assert sent["If-None-Match"] == '"v1"'
        assert sent["If-Modified-Since"] == feed.last_modified
    feed.refresh_from_db()
    assert feed.state == FeedState.OK and feed.last_polled_at and feed.last_success_at


@pytest.mark.parametrize(
    ("name", "path", "content_type"),
    [
        ("atom", None, "application/atom+xml"),
        ("ninjs", DATA / "ninjs" / "2.1" / "dpa_text.json", "application/json"),
        ("newsml-g2", DATA / "newsml-g2" / "LISTING_2_NewsML-G2_Text_Document.xml", "text/xml"),
        ("nitf", DATA / "nitf" / "NTB_nitf_sample.xml", "application/xml"),
    ],
)
def test_each_format_is_polled_and_stored(
    org: Org, make_feed: MakeFeed, name: str, path: Path | None, content_type: str
) -> None:
    if path is None:
        from toasoan.formats import feeds
        from toasoan.formats.model import NewsItem

        channel = feeds.Channel("Đối tác", "http://doitac.vn")
        body = feeds.atom(
            channel, [NewsItem(guid="urn:atom:1", headline="Tin Atom", body_html="<p>Thân bài</p>")]
        )
    else:
        body = path.read_bytes()
    with http_server() as server:
        server.routes["/doc"] = Route(body, content_type)
        feed = _http_feed(make_feed, server.url("/doc"))
        report = poll(feed)
    assert report.errors == [] and report.created >= 1, report.errors
    assert Item.objects.filter(ingest_records__feed=feed).count() == report.created


def test_a_newsml_g2_message_round_trip_from_our_own_encoder(org: Org, make_feed: MakeFeed) -> None:
    from tests.formats.samples import full_item

    body = newsmlg2.encode_news_item(full_item(embargo_until=None))
    with http_server() as server:
        server.routes["/g2"] = Route(body, "application/vnd.iptc.g2.newsitem+xml")
        feed = _http_feed(make_feed, server.url("/g2"))
        report = poll(feed)
    assert report.created == 1, report.errors
    item = IngestedItem.objects.get(feed=feed).item
    assert item is not None and item.headline == full_item().headline
    assert item.subjects == full_item().subjects


def test_http_errors_and_too_many_redirects_fail_the_feed_with_a_clear_error(
    org: Org, make_feed: MakeFeed
) -> None:
    with http_server() as server:
        server.routes["/gone"] = Route(b"", status=500)
        for n in range(5):
            server.routes[f"/r{n}"] = Route(redirect_to=server.url(f"/r{n + 1}"))
        broken = _http_feed(make_feed, server.url("/gone"))
        looping = _http_feed(make_feed, server.url("/r0"))
        poll(broken)
        poll(looping)
    assert broken.state == FeedState.FAILING
    assert broken.last_error.startswith("HTTP 500")
    assert looping.last_error.startswith("more than 3 redirects")


def test_an_oversized_document_is_refused_while_streaming(
    org: Org, make_feed: MakeFeed, settings: Any
) -> None:
    settings.INGEST_MAX_DOCUMENT_BYTES = 10_000
    big = rss(*({"guid": f"g{n}", "title": "Tin", "body": "x" * 500} for n in range(40)))
    with http_server() as server:
        server.routes["/big"] = Route(big.encode(), "application/rss+xml")
        feed = _http_feed(make_feed, server.url("/big"))
        poll(feed)
    assert "larger than the limit of 10000 bytes" in feed.last_error
    assert not Item.objects.exists()


def test_a_hanging_feed_times_out_alone_and_the_others_are_polled(
    org: Org, make_feed: MakeFeed, settings: Any
) -> None:
    settings.INGEST_READ_TIMEOUT = 0.5
    with http_server() as server:
        server.routes["/hang"] = Route(hang=True)
        server.routes["/ok"] = Route(ninjs_bytes(ninjs("urn:ok:1", "Vẫn về")), "application/json")
        hanging = _http_feed(make_feed, server.url("/hang"), name="Treo")
        healthy = _http_feed(make_feed, server.url("/ok"), name="Khỏe")
        # The sweeper's path: both are due, each gets its own task.
        assert sorted(claim_due(timezone.now())) == sorted([hanging.pk, healthy.pk])
        for feed in (hanging, healthy):
            poll(feed)
    assert hanging.state == FeedState.FAILING
    assert "read timeout" in hanging.last_error
    assert healthy.state == FeedState.OK
    assert IngestedItem.objects.filter(feed=healthy).count() == 1


def test_a_failed_document_is_fetched_again_next_time(org: Org, make_feed: MakeFeed) -> None:
    with http_server() as server:
        server.routes["/x"] = Route(b"<rss><channel>", "application/rss+xml", etag='"bad"')
        feed = _http_feed(make_feed, server.url("/x"))
        poll(feed)
        feed.refresh_from_db()
        assert feed.etag == ""  # not kept: the next poll fetches the whole document again
        assert "malformed XML" in feed.last_error


def test_due_feeds_are_claimed_once_and_enqueued(org: Org, make_feed: MakeFeed) -> None:
    from django_tasks_db.models import DBTaskResult

    feed = _http_feed(make_feed, "http://127.0.0.1:9/never")
    make_feed(kind="push", name="push, never polled")
    inactive = _http_feed(make_feed, "http://127.0.0.1:9/off", active=False)
    assert poll_due() == [feed.pk]
    assert poll_due() == []  # claimed: not due again until its interval has passed
    feed.refresh_from_db()
    assert feed.next_poll_at > timezone.now()
    assert DBTaskResult.objects.filter(task_path__endswith="poll_feed").count() == 1
    assert inactive.state == FeedState.DISABLED
