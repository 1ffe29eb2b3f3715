"""The pipeline: create, route, auto-publish, resend, new version, kill from source, duplicates."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Org
from tests.ingest.helpers import ninjs, ninjs_bytes, rss
from toasoan.accounts.privileges import Privilege
from toasoan.ingest import actions
from toasoan.ingest.models import Feed, FeedState, IngestedItem
from toasoan.ingest.pipeline import ingest_document
from toasoan.ingest.service import service_user
from toasoan.newsroom.models import Item, PublishedVersion, Revision

pytestmark = pytest.mark.django_db
MakeFeed = Callable[..., Feed]


def _item(feed: Feed, guid: str) -> Item:
    record = IngestedItem.objects.get(feed=feed, guid=guid)
    assert record.item is not None
    return record.item


def test_an_rss_item_lands_on_the_feeds_desk_keeping_its_source(
    org: Org, make_feed: MakeFeed
) -> None:
    feed = make_feed(name="Đối tác RSS")
    data = rss({"guid": "tag:doitac.vn,2026:1", "title": "Lũ lớn ở miền Trung", "body": "Mưa."})
    report = ingest_document(feed, data.encode())
    assert (report.created, report.errors) == (1, [])
    item = _item(feed, "tag:doitac.vn,2026:1")
    assert (item.outlet, item.desk, item.stage) == (org.a, org.desk_a, org.desk_a.incoming_stage)
    assert item.state == "submitted"
    assert item.headline == "Lũ lớn ở miền Trung"
    assert item.credit == "Đối tác RSS"  # the source, where the partner names no credit
    assert item.guid != "tag:doitac.vn,2026:1"  # our own guid; the original stays on the record
    record = IngestedItem.objects.get(item=item)
    assert (record.feed, record.version) == (feed, 1)
    assert item.created_by == service_user(org.a.agency)


def test_the_service_user_cannot_log_in_and_holds_only_the_ingest_role(
    org: Org, make_feed: MakeFeed
) -> None:
    make_feed()
    user = service_user(org.a.agency)
    assert not user.has_usable_password()
    from toasoan.accounts import permissions

    assert permissions.has(user, Privilege.CREATE, org.a)
    assert not permissions.has(user, Privilege.CREATE, org.b)  # no feed routes there
    assert not permissions.has(user, Privilege.MANAGE_INGEST, org.a)
    assert not permissions.has(user, Privilege.MANAGE_USERS, org.a)


def test_first_matching_rule_routes_and_can_auto_publish(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    admin = org.user("a_admin")
    stage = org.desk_a2.stages.order_by("position")[1]
    actions.create_rule(
        feed, by=admin, data={"subjects": ["04000000"], "desk": org.desk_a2.pk, "stage": stage.pk}
    )
    actions.create_rule(
        feed, by=admin, data={"keywords": ["bão"], "desk": org.desk_a.pk, "auto_publish": True}
    )
    economy = ninjs(
        "urn:p:1",
        "Giá vàng tăng",
        subjects=[{"uri": "http://cv.iptc.org/newscodes/mediatopic/20000344"}],
    )
    storm = ninjs("urn:p:2", "Cơn Bão số 5 đổ bộ")
    other = ninjs("urn:p:3", "Tin khác", language="en")
    report = ingest_document(feed, ninjs_bytes(economy, storm, other))
    assert report.created == 3, report.errors
    first = _item(feed, "urn:p:1")  # 20000344 is narrower than 04000000 (economy)
    assert (first.desk, first.stage, first.state) == (org.desk_a2, stage, "submitted")
    second = _item(feed, "urn:p:2")  # matched by a keyword in the headline, folded
    assert (second.desk, second.state, second.version) == (org.desk_a, "published", 1)
    third = _item(feed, "urn:p:3")  # no rule: the feed's defaults
    assert (third.desk, third.state, third.language) == (org.desk_a, "submitted", "en")


def test_a_resend_is_ignored_and_a_new_version_updates_the_item(
    org: Org, make_feed: MakeFeed
) -> None:
    feed = make_feed()
    ingest_document(feed, ninjs_bytes(ninjs("urn:p:1", "Bản tin đầu")))
    again = ingest_document(feed, ninjs_bytes(ninjs("urn:p:1", "Bản tin đầu")))
    assert (again.created, again.ignored) == (0, 1)
    item = _item(feed, "urn:p:1")
    assert Revision.objects.filter(item=item).count() == 1
    newer = ingest_document(feed, ninjs_bytes(ninjs("urn:p:1", "Bản tin cập nhật", version=2)))
    assert newer.updated == 1, newer.errors
    item.refresh_from_db()
    assert item.headline == "Bản tin cập nhật"
    assert Revision.objects.filter(item=item).count() == 2
    older = ingest_document(feed, ninjs_bytes(ninjs("urn:p:1", "Bản cũ", version=1)))
    assert older.ignored == 1
    item.refresh_from_db()
    assert item.headline == "Bản tin cập nhật"
    assert Item.objects.count() == 1


def test_a_new_version_of_a_published_item_is_a_correction(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    actions.create_rule(
        feed, by=org.user("a_admin"), data={"desk": org.desk_a.pk, "auto_publish": True}
    )
    ingest_document(feed, ninjs_bytes(ninjs("urn:p:9", "Tin gốc")))
    doc = ninjs("urn:p:9", "Tin đã sửa", version=2, ednote="Sửa tên nhân vật")
    report = ingest_document(feed, ninjs_bytes(doc))
    assert report.updated == 1, report.errors
    item = _item(feed, "urn:p:9")
    assert (item.state, item.version, item.headline) == ("corrected", 2, "Tin đã sửa")
    last = PublishedVersion.objects.filter(item=item).order_by("-version").first()
    assert last is not None and (last.kind, last.note) == ("correct", "Sửa tên nhân vật")


def test_a_kill_from_the_source_withdraws_a_published_item(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    actions.create_rule(
        feed, by=org.user("a_admin"), data={"desk": org.desk_a.pk, "auto_publish": True}
    )
    ingest_document(feed, ninjs_bytes(ninjs("urn:p:7", "Tin sai")))
    kill = ninjs("urn:p:7", "Tin sai", version=2, pubstatus="canceled", ednote="Tin sai sự thật")
    report = ingest_document(feed, ninjs_bytes(kill))
    assert report.withdrawn == 1, report.errors
    item = _item(feed, "urn:p:7")
    assert (item.state, item.pubstatus, item.kill_reason) == (
        "killed",
        "canceled",
        "Tin sai sự thật",
    )


def test_a_kill_of_an_unpublished_item_spikes_it_and_an_unknown_kill_is_ignored(
    org: Org, make_feed: MakeFeed
) -> None:
    feed = make_feed()
    ingest_document(feed, ninjs_bytes(ninjs("urn:p:8", "Chưa đăng")))
    kill = ninjs("urn:p:8", "Chưa đăng", version=2, pubstatus="canceled")
    assert ingest_document(feed, ninjs_bytes(kill)).withdrawn == 1
    assert _item(feed, "urn:p:8").state == "spiked"
    unknown = ninjs("urn:p:never", "X", pubstatus="canceled")
    assert ingest_document(feed, ninjs_bytes(unknown)).ignored == 1
    assert not IngestedItem.objects.filter(guid="urn:p:never").exists()


def test_the_same_story_from_two_partners_is_flagged_as_a_duplicate(
    org: Org, make_feed: MakeFeed
) -> None:
    ap = make_feed(name="AP")
    afp = make_feed(name="AFP")
    ingest_document(ap, ninjs_bytes(ninjs("urn:ap:1", "Động đất", "<p>Một trận  động đất.</p>")))
    # Same text with other markup and spacing; and a different story.
    report = ingest_document(
        afp,
        ninjs_bytes(
            ninjs("urn:afp:1", "Động đất", "<div><b>Một trận động đất.</b></div>"),
            ninjs("urn:afp:2", "Tin khác hẳn"),
        ),
    )
    assert (report.created, report.duplicates) == (2, 1)
    dup = IngestedItem.objects.get(feed=afp, guid="urn:afp:1")
    original = IngestedItem.objects.get(feed=ap, guid="urn:ap:1")
    assert dup.duplicate_of == original
    assert IngestedItem.objects.get(feed=afp, guid="urn:afp:2").duplicate_of is None
    # A resend on the same feed is not "another partner".
    assert original.duplicate_of is None


def test_a_bad_item_fails_alone_and_leaves_nothing_half_written(
    org: Org, make_feed: MakeFeed
) -> None:
    feed = make_feed()
    actions.create_rule(
        feed,
        by=org.user("a_admin"),
        data={"keywords": ["đăng ngay"], "desk": org.desk_a.pk, "auto_publish": True},
    )
    good = ninjs("urn:p:1", "Tin tốt")
    unpublishable = ninjs("urn:p:2", "Đăng ngay", body="")  # no body: publish refuses
    too_long = ninjs("urn:p:3", "x" * 600)
    report = ingest_document(feed, ninjs_bytes(good, unpublishable, too_long))
    assert report.created == 1
    assert len(report.errors) == 2
    assert "item 2 (urn:p:2): body_html: a text item needs a body to publish" in report.errors[0]
    assert "item 3 (urn:p:3): headline: must be at most 512 characters" in report.errors[1]
    assert Item.objects.count() == 1  # the auto-publish failure rolled back the create too
    assert not IngestedItem.objects.filter(guid__in=["urn:p:2", "urn:p:3"]).exists()


def test_body_html_is_sanitised_and_text_is_nfc(org: Org, make_feed: MakeFeed) -> None:
    feed = make_feed()
    decomposed = "Vie\u0302\u0323t Nam"  # NFD
    doc = ninjs("urn:p:1", decomposed, body='<p onclick="x()">A<script>alert(1)</script></p>')
    ingest_document(feed, ninjs_bytes(doc))
    item = _item(feed, "urn:p:1")
    assert item.headline == "Việt Nam"
    assert item.body_html == "<p>A</p>"


def test_feed_state_records_failure_then_recovery(org: Org, make_feed: MakeFeed) -> None:
    from toasoan.ingest.pipeline import Report, finish

    feed = make_feed()
    finish(feed, Report(errors=["x.xml: malformed XML"]))
    finish(feed, Report(errors=["y.xml: malformed XML"]))
    assert (feed.state, feed.consecutive_failures) == (FeedState.FAILING, 2)
    assert feed.last_error == "y.xml: malformed XML"
    finish(feed, Report(created=1))
    assert (feed.state, feed.consecutive_failures, feed.last_error) == (FeedState.OK, 0, "")
    assert feed.last_success_at is not None
