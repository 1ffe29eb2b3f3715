"""The dispatcher against a real HTTP receiver: signatures, order, retries, dead letters, resend."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import Org
from tests.distribution.helpers import Receiver, published, start_receiver, subscriber
from toasoan.distribution import actions as dist_actions
from toasoan.distribution.dispatcher import backoff, run_once
from toasoan.distribution.models import Delivery, OutboxEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = start_receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


def _due_now() -> None:
    """Let time pass: every retry waiting for its backoff is due now."""
    OutboxEntry.objects.filter(state="pending").update(next_attempt_at=timezone.now())


def test_push_is_signed_and_carries_key_and_sequence(org: Org, receiver: Receiver) -> None:
    sub = subscriber("Đối tác", url=receiver.url + "/in")
    item = published(org)
    run_once()
    (got,) = receiver.delivered("/in")
    entry = OutboxEntry.objects.get(subscriber=sub)
    assert got.signature_ok and got.body == bytes(entry.body)
    assert got.headers["Idempotency-Key"] == f"tsn-{sub.pk}-{item.pk}-v1"
    assert got.headers["X-Toasoan-Sequence"] == "1"
    assert got.headers["Content-Type"].startswith("application/json")
    assert entry.state == "delivered" and entry.attempts == 1 and entry.delivered_at
    delivery = Delivery.objects.get(entry=entry)
    assert delivery.ok and delivery.status == "200" and '"ok"' in delivery.response


def test_wrong_secret_is_refused_and_dead_at_once(org: Org, receiver: Receiver) -> None:
    config = {"url": receiver.url + "/in", "secret": "x" * 20}
    subscriber("Sai khóa", config=config)
    published(org)
    published(org)
    run_once()
    entries = list(OutboxEntry.objects.order_by("sequence"))
    # 401 is final: each entry is dead after one attempt and does not block the next
    assert [(e.state, e.attempts) for e in entries] == [("dead", 1), ("dead", 1)]
    assert "401" in entries[0].last_error
    assert receiver.received == []


def test_backoff_grows_with_jitter_and_a_cap(settings: Any) -> None:
    settings.DISTRIBUTION_RETRY_BASE_SECONDS = 2
    settings.DISTRIBUTION_RETRY_MAX_SECONDS = 30
    for attempts, full in ((1, 2), (2, 4), (3, 8), (4, 16), (9, 30)):
        delays = {backoff(attempts).total_seconds() for _ in range(20)}
        assert all(full / 2 <= d <= full for d in delays)
        assert len(delays) > 1  # jitter


def test_retries_then_dead_letter(org: Org, receiver: Receiver, settings: Any) -> None:
    settings.DISTRIBUTION_MAX_ATTEMPTS = 3
    settings.DISTRIBUTION_RETRY_BASE_SECONDS = 60
    receiver.script["/in"] = [503, 429, 500, 200]
    subscriber("Flaky", url=receiver.url + "/in")
    published(org)
    before = timezone.now()
    run_once()
    entry = OutboxEntry.objects.get()
    assert (entry.state, entry.attempts) == ("pending", 1)
    assert entry.next_attempt_at >= before + timedelta(seconds=30)  # waits for its backoff
    run_once()
    assert OutboxEntry.objects.get().attempts == 1  # not due yet: nothing sent
    for _ in range(2):
        _due_now()
        run_once()
    entry = OutboxEntry.objects.get()
    assert (entry.state, entry.attempts) == ("dead", 3)
    assert [d.status for d in Delivery.objects.order_by("attempt")] == ["503", "429", "500"]
    assert receiver.received == []


def test_order_per_subscriber_holds_while_the_head_retries(org: Org, receiver: Receiver) -> None:
    receiver.script["/a"] = [503]
    subscriber("A", url=receiver.url + "/a")
    subscriber("B", url=receiver.url + "/b")
    for _ in range(3):
        published(org)
    run_once()
    assert receiver.delivered("/a") == []  # 1 failed; 2 and 3 wait behind it
    assert [r.headers["X-Toasoan-Sequence"] for r in receiver.delivered("/b")] == ["1", "2", "3"]
    _due_now()
    run_once()
    assert [r.headers["X-Toasoan-Sequence"] for r in receiver.delivered("/a")] == ["1", "2", "3"]


def test_subscriber_down_then_up_gets_everything_in_order(org: Org, receiver: Receiver) -> None:
    subscriber("A", url=receiver.url + "/a")
    subscriber("B", url=receiver.url + "/b")
    receiver.down = True
    items = [published(org) for _ in range(4)]
    run_once()
    _due_now()
    run_once()
    assert receiver.received == []
    receiver.down = False
    _due_now()
    run_once()
    for path in ("/a", "/b"):
        got = receiver.delivered(path)
        assert [r.headers["X-Toasoan-Sequence"] for r in got] == ["1", "2", "3", "4"]
        keys = [r.headers["Idempotency-Key"] for r in got]
        assert [k.rsplit("-", 2)[1] for k in keys] == [str(i.pk) for i in items]
    assert set(OutboxEntry.objects.values_list("state", flat=True)) == {"delivered"}


def test_resend_repeats_key_and_body(org: Org, receiver: Receiver) -> None:
    subscriber("A", url=receiver.url + "/a")
    published(org)
    run_once()
    entry = OutboxEntry.objects.get()
    dist_actions.resend(by=org.user("agency_admin"), entry=entry)
    run_once()
    first, second = receiver.delivered("/a")
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert first.body == second.body
    assert Delivery.objects.filter(entry=entry, ok=True).count() == 2


def test_email_transport(org: Org, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    subscriber("Mail", transport="email", fmt="nitf", config={"to": ["toasoan@example.vn"]})
    item = published(org)
    run_once()
    (message,) = mail.outbox
    assert message.to == ["toasoan@example.vn"] and item.guid in message.subject
    name, content, mime = message.attachments[0]
    assert name.endswith("-v1.xml") and mime == "application/xml" and b"<nitf" in content
    assert OutboxEntry.objects.get().state == "delivered"


@pytest.mark.django_db(transaction=True)
def test_dispatcher_thread_delivers_on_commit(org: Org, receiver: Receiver) -> None:
    from toasoan.distribution.dispatcher import start_thread

    stop = threading.Event()
    thread = start_thread(stop, threads=2)
    try:
        subscriber("Live", url=receiver.url + "/live")
        published(org)
        deadline = time.monotonic() + 20
        while not receiver.delivered("/live") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(receiver.delivered("/live")) == 1
    finally:
        stop.set()
        thread.join(timeout=10)
