"""Scheduled publishing through the database task queue, and embargo."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import Org
from toasoan.core.workers import start_threads
from toasoan.newsroom import actions
from toasoan.newsroom.models import Item, PublishedVersion


def _ready_item(org: Org) -> Item:
    reporter, chief = org.user("a_reporter"), org.user("a_chief")
    item = actions.create(
        by=reporter,
        outlet=org.a,
        desk=org.desk_a,
        fields={"headline": "Kỳ họp Quốc hội khai mạc", "body_html": "<p>Nội dung</p>"},
    )
    item = actions.submit(item, by=reporter, expected_revision=None)
    return actions.approve(item, by=chief, expected_revision=None)


def _stop(stop: threading.Event, threads: list[threading.Thread]) -> None:
    stop.set()
    for thread in threads:
        thread.join(timeout=10)


def _wait_for_state(item_id: int, state: str, seconds: float) -> Item:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        item = Item.objects.get(pk=item_id)
        if item.state == state:
            return item
        time.sleep(0.2)
    return Item.objects.get(pk=item_id)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_scheduled_item_publishes_within_five_seconds(org: Org) -> None:
    item = _ready_item(org)
    due = timezone.now() + timedelta(seconds=2)
    actions.schedule(item, by=org.user("a_chief"), expected_revision=None, publish_at=due)
    scheduled = DBTaskResult.objects.filter(status="READY", task_path__endswith="publish_scheduled")
    assert scheduled.count() == 1
    stop = threading.Event()
    threads = start_threads(1, stop, interval=0.2)
    try:
        published = _wait_for_state(item.pk, "published", seconds=10)
    finally:
        _stop(stop, threads)
    assert published.state == "published"
    assert published.published_at is not None
    assert published.published_at - due < timedelta(seconds=5)
    assert published.published_at >= due


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_schedule_survives_a_restart(org: Org) -> None:
    """The task is in the database: a worker that starts after the due time still publishes."""
    item = _ready_item(org)
    due = timezone.now() + timedelta(seconds=1)
    actions.schedule(item, by=org.user("a_chief"), expected_revision=None, publish_at=due)
    time.sleep(1.5)  # nothing runs: the "server" is down at the due time
    assert Item.objects.get(pk=item.pk).state == "scheduled"
    stop = threading.Event()
    threads = start_threads(1, stop, interval=0.2)
    try:
        assert _wait_for_state(item.pk, "published", seconds=10).state == "published"
    finally:
        _stop(stop, threads)


def test_unscheduled_item_is_not_published_by_its_old_task(org: Org) -> None:
    item = _ready_item(org)
    chief = org.user("a_chief")
    due = timezone.now() + timedelta(minutes=5)
    item = actions.schedule(item, by=chief, expected_revision=None, publish_at=due)
    actions.unschedule(item, by=chief, expected_revision=None)
    assert actions.publish_due(now=due + timedelta(seconds=1)) == []
    assert Item.objects.get(pk=item.pk).state == "ready"


def test_publish_due_publishes_only_due_items(org: Org) -> None:
    chief = org.user("a_chief")
    soon, later = _ready_item(org), _ready_item(org)
    now = timezone.now()
    actions.schedule(soon, by=chief, expected_revision=None, publish_at=now + timedelta(minutes=1))
    actions.schedule(later, by=chief, expected_revision=None, publish_at=now + timedelta(hours=1))
    assert actions.publish_due(now=now + timedelta(minutes=2)) == [soon.pk]
    assert Item.objects.get(pk=later.pk).state == "scheduled"


def test_embargoed_item_is_published_but_not_released(org: Org) -> None:
    chief = org.user("a_chief")
    item = _ready_item(org)
    embargo = timezone.now() + timedelta(hours=3)
    item = actions.save(
        item, by=chief, fields={"embargo_until": embargo.isoformat()}, expected_revision=None
    )
    item = actions.publish(item, by=chief, expected_revision=None)
    assert item.state == "published"
    assert not item.is_released
    version = PublishedVersion.objects.get(item=item, version=1)
    assert version.release_at == embargo


def test_setting_an_embargo_needs_the_privilege(org: Org) -> None:
    from toasoan.core.errors import Forbidden

    reporter = org.user("a_reporter")
    item = actions.create(by=reporter, outlet=org.a, fields={"headline": "Tin"})
    with pytest.raises(Forbidden):
        actions.save(
            item,
            by=reporter,
            expected_revision=None,
            fields={"embargo_until": (timezone.now() + timedelta(hours=1)).isoformat()},
        )
