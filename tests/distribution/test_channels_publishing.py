"""Publishing, correcting and killing items puts them on (and takes them off) the outlet's
channels; every attempt is recorded; reach per outlet and the share of outlets on platforms."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests.conftest import Org
from tests.distribution.channel_servers import (
    GRAPH_TOKEN,
    PAGE_ID,
    ZALO_TOKEN,
    Graph,
    Website,
    Zalo,
    serving,
)
from toasoan.core import events
from toasoan.core.models import DomainEvent, EventHandled
from toasoan.distribution.channels import actions as channel_actions
from toasoan.distribution.channels.models import Channel, ChannelPublication
from toasoan.distribution.channels.publishing import deliver
from toasoan.distribution.channels.reach import reach
from toasoan.newsroom import actions
from toasoan.newsroom.actions import media
from toasoan.newsroom.models import Item

Status = ChannelPublication.Status
CHANNEL_TASKS = "toasoan.distribution.channels.tasks."


def run_workers() -> int:
    """What the workers do: hand events to consumers, then run the channel tasks that are due."""
    done = EventHandled.objects.values("event_id")
    for event_id in DomainEvent.objects.exclude(pk__in=done).values_list("pk", flat=True):
        events.deliver(event_id)
    ran = 0
    for job in DBTaskResult.objects.ready().filter(task_path__startswith=CHANNEL_TASKS):
        job.task.func(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
        job.set_successful(None)
        ran += 1
    return ran


@pytest.fixture
def platforms() -> Iterator[tuple[Zalo, Graph, Website]]:
    with serving(Zalo()) as zalo, serving(Graph()) as graph, serving(Website()) as site:
        assert isinstance(zalo, Zalo) and isinstance(graph, Graph) and isinstance(site, Website)
        yield zalo, graph, site


@pytest.fixture
def channels(org: Org, platforms: tuple[Zalo, Graph, Website]) -> dict[str, Channel]:
    zalo, graph, site = platforms
    configs: dict[str, tuple[str, dict[str, Any]]] = {
        "Zalo OA": (
            "zalo-oa",
            {
                "access_token": ZALO_TOKEN,
                "base_url": f"{zalo.base_url}/v2.0",
                "default_cover_url": "https://cdn.test/logo.png",
            },
        ),
        "Fanpage": (
            "facebook-page",
            {"page_id": PAGE_ID, "access_token": GRAPH_TOKEN, "base_url": graph.base_url},
        ),
        "Website": ("webhook", {"url": f"{site.base_url}/hooks/toasoan", "secret": site.secret}),
        "Feeds": ("feed", {}),
    }
    return {
        name: Channel.objects.create(outlet=org.a, name=name, kind=kind, config=config)
        for name, (kind, config) in configs.items()
    }


def published(org: Org, **fields: Any) -> Item:
    chief = org.user("a_eic")
    fields.setdefault("headline", "Khai mạc kỳ họp Quốc hội")
    fields.setdefault("abstract", "Kỳ họp thứ mười khai mạc sáng nay.")
    fields.setdefault("body_html", "<p>Sáng nay, kỳ họp khai mạc tại Hà Nội.</p>")
    item = actions.create(by=chief, outlet=org.a, desk=org.desk_a, fields=fields)
    item = actions.submit(item, by=chief, expected_revision=None)
    return actions.publish(item, by=chief, expected_revision=None)


def records(item: Item) -> dict[str, ChannelPublication]:
    rows = ChannelPublication.objects.filter(item=item).order_by("at", "id")
    return {f"{r.platform}:{r.action}": r for r in rows}


def test_publish_reaches_every_channel_and_is_recorded(
    org: Org, channels: dict[str, Channel], platforms: tuple[Zalo, Graph, Website]
) -> None:
    zalo, graph, site = platforms
    item = published(org)
    assert run_workers() == 1

    got = records(item)
    assert {k: r.status for k, r in got.items()} == {
        "zalo:publish": Status.PUBLISHED,
        "facebook:publish": Status.PUBLISHED,
        "website:publish": Status.PUBLISHED,
        "feed:publish": Status.PUBLISHED,
    }
    assert got["zalo:publish"].remote_id == "a0001"
    assert got["facebook:publish"].url == f"https://www.facebook.com/{PAGE_ID}_1"
    assert got["website:publish"].remote_id == "w-1"
    assert got["feed:publish"].url.endswith("/feeds/bao-a/rss.xml")
    assert all(r.outlet_id == org.a.pk and r.version == 1 for r in got.values())
    assert site.received[0]["url"].endswith(f"/bao-a/items/{item.guid}")
    assert zalo.violations == graph.violations == site.violations == []

    # The event seen twice (consumers are at-least-once) posts nothing twice.
    deliver(item.pk, 1, "publish")
    assert len(graph.posts) == 1 and len(zalo.articles) == 1 and len(site.received) == 1


def test_correction_updates_and_kill_removes(
    org: Org, channels: dict[str, Channel], platforms: tuple[Zalo, Graph, Website]
) -> None:
    zalo, graph, site = platforms
    chief = org.user("a_eic")
    item = published(org)
    run_workers()
    item = actions.correct(
        item,
        by=chief,
        expected_revision=None,
        note="Sửa địa danh.",
        fields={"body_html": "<p>Sáng nay, kỳ họp khai mạc tại Thủ đô.</p>"},
    )
    run_workers()

    got = records(item)
    assert got["zalo:correct"].status == Status.UPDATED
    assert got["facebook:correct"].status == Status.UPDATED
    assert got["website:correct"].status == Status.UPDATED
    assert zalo.articles["a0001"]["body"][0]["content"] == "Đính chính: Sửa địa danh."
    assert graph.posts[f"{PAGE_ID}_1"]["message"].endswith("Đính chính: Sửa địa danh.")
    assert site.received[-1]["event"] == "correct" and site.received[-1]["version"] == 2

    actions.kill(item, by=chief, expected_revision=None, reason="Sai sự thật.")
    run_workers()
    got = records(item)
    assert got["zalo:kill"].status == Status.REMOVED
    assert got["facebook:kill"].status == Status.REMOVED
    assert zalo.articles == {} and graph.posts == {}
    assert site.received[-1]["event"] == "kill" and site.received[-1]["note"] == "Sai sự thật."
    assert zalo.violations == graph.violations == site.violations == []


def test_failures_are_recorded_with_the_platform_message_and_retried(
    org: Org, channels: dict[str, Channel], platforms: tuple[Zalo, Graph, Website]
) -> None:
    _, graph, _ = platforms
    zalo_channel = channels["Zalo OA"]
    zalo_channel.config = {**zalo_channel.config, "access_token": "het-han"}
    zalo_channel.save()
    graph.fail_next.append(
        (
            503,
            {
                "error": {
                    "message": "Service temporarily unavailable",
                    "type": "OAuthException",
                    "code": 2,
                }
            },
        )
    )
    item = published(org)
    run_workers()

    got = records(item)
    assert got["zalo:publish"].status == Status.FAILED
    assert "Access token is invalid" in got["zalo:publish"].error
    assert got["facebook:publish"].status == Status.FAILED
    assert "Service temporarily unavailable" in got["facebook:publish"].error
    assert got["website:publish"].status == Status.PUBLISHED  # the others are not held back
    retries = DBTaskResult.objects.filter(task_path=CHANNEL_TASKS + "retry_publication")
    assert retries.count() == 1  # only the temporary failure is retried, and later
    assert retries.get().run_after > timezone.now()

    retries.update(run_after=timezone.now())
    run_workers()
    facebook = ChannelPublication.objects.get(pk=got["facebook:publish"].pk)
    assert facebook.status == Status.PUBLISHED and facebook.attempts == 2
    assert list(graph.posts) == [facebook.remote_id]


def test_embargo_holds_the_posts_until_release(
    org: Org, channels: dict[str, Channel], platforms: tuple[Zalo, Graph, Website]
) -> None:
    _, graph, _ = platforms
    item = published(org, embargo_until=timezone.now() + timedelta(hours=2))
    assert run_workers() == 0
    assert graph.posts == {}
    job = DBTaskResult.objects.get(task_path=CHANNEL_TASKS + "post_to_channels")
    assert job.run_after >= item.embargo_until

    Item.objects.filter(pk=item.pk).update(embargo_until=timezone.now() - timedelta(seconds=1))
    DBTaskResult.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert run_workers() == 1
    assert len(graph.posts) == 1


def _picture(org: Org) -> Item:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 160)).save(out, "JPEG")
    data = out.getvalue()
    return media.upload(
        by=org.user("a_eic"),
        outlet=org.a,
        stream=io.BytesIO(data),
        size=len(data),
        filename="anh.jpg",
    )


def test_social_variant_goes_to_social_channels_and_web_to_the_website(
    org: Org, channels: dict[str, Channel], platforms: tuple[Zalo, Graph, Website]
) -> None:
    zalo, graph, site = platforms
    chief = org.user("a_eic")
    item = actions.create(
        by=chief,
        outlet=org.a,
        desk=org.desk_a,
        fields={"headline": "Tiêu đề gốc", "body_html": "<p>Nội dung.</p>"},
    )
    picture = _picture(org)
    channel_actions.set_variant(
        item,
        "social",
        by=chief,
        values={"headline": "Tiêu đề cho mạng xã hội", "image_item_id": picture.pk},
    )
    item = actions.submit(item, by=chief, expected_revision=None)
    actions.publish(item, by=chief, expected_revision=None)
    run_workers()

    assert graph.posts[f"{PAGE_ID}_1"]["message"].startswith("Tiêu đề cho mạng xã hội")
    cover = zalo.articles["a0001"]["cover"]["photo_url"]
    assert cover.startswith("http") and cover.endswith("/viewImage.jpg")  # not the default logo
    assert site.received[0]["headline"] == "Tiêu đề gốc"  # no web variant: the item's own


def test_inactive_channels_and_other_outlets_are_left_alone(
    org: Org, channels: dict[str, Channel], platforms: tuple[Zalo, Graph, Website]
) -> None:
    _, graph, _ = platforms
    Channel.objects.filter(kind="facebook-page").update(active=False)
    item = published(org)
    chief_b = org.user("b_chief")
    other = actions.create(
        by=chief_b,
        outlet=org.b,
        desk=org.desk_b,
        fields={"headline": "News", "body_html": "<p>Text.</p>"},
    )
    other = actions.submit(other, by=chief_b, expected_revision=None)
    actions.publish(other, by=chief_b, expected_revision=None)
    run_workers()

    assert graph.posts == {}
    assert "facebook:publish" not in records(item)
    assert not ChannelPublication.objects.filter(item=other).exists()


def test_reach_per_outlet_and_share_of_outlets_on_platforms(
    org: Org, channels: dict[str, Channel]
) -> None:
    first, second = published(org), published(org, headline="Bài thứ hai")
    run_workers()
    chief = org.user("a_eic")
    actions.kill(first, by=chief, expected_revision=None, reason="Gỡ bài.")
    run_workers()

    result = reach()
    rows = {r.slug: r for r in result.outlets}
    assert rows["bao-a"].items_by_platform == {"facebook": 2, "feed": 2, "website": 2, "zalo": 2}
    assert rows["bao-b"].items_by_platform == {} and rows["nguon"].items_by_platform == {}
    assert (result.outlets_with_content, result.outlet_count) == (1, 3)
    assert result.share == pytest.approx(1 / 3)
    online = reach(outlet_kinds={"online"})
    assert online.share == pytest.approx(1 / 2)
    only_zalo = reach(platforms={"zalo"})
    assert {r.slug: r.items_by_platform for r in only_zalo.outlets}["bao-a"] == {"zalo": 2}
    assert second.pk in ChannelPublication.objects.values_list("item_id", flat=True)


def test_a_recalled_post_is_not_removed_twice_by_a_later_kill(
    org: Org, channels: dict[str, Channel], platforms: tuple[Zalo, Graph, Website]
) -> None:
    zalo, graph, _ = platforms
    chief = org.user("a_eic")
    item = published(org)
    run_workers()
    item = actions.recall(item, by=chief, expected_revision=None, reason="Chờ xác minh.")
    run_workers()
    assert records(item)["facebook:recall"].status == Status.REMOVED
    assert graph.posts == {} and zalo.articles == {}

    actions.kill(item, by=chief, expected_revision=None, reason="Sai sự thật.")
    run_workers()
    assert "facebook:kill" not in records(item) and "zalo:kill" not in records(item)
    assert len(graph.deleted) == 1 and zalo.violations == graph.violations == []
