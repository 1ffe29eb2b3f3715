"""The outbox is written with the publish, and says who gets which version."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tests.conftest import Org
from tests.distribution.helpers import published, subscriber
from toasoan.distribution.models import HeldRelease, OutboxEntry, Product
from toasoan.distribution.outbox import release_due
from toasoan.newsroom import actions

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:9/x"


def _body(entry: OutboxEntry) -> dict:
    return json.loads(bytes(entry.body))


def test_publish_writes_entries_in_its_transaction(org: Org) -> None:
    sub = subscriber("Đối tác", url=URL)
    item = published(org)
    entry = OutboxEntry.objects.get(subscriber=sub)
    assert (entry.item_id, entry.version, entry.kind, entry.state) == (
        item.pk,
        1,
        "publish",
        "pending",
    )
    assert entry.sequence == 1 and entry.idempotency_key == f"tsn-{sub.pk}-{item.pk}-v1"
    doc = _body(entry)
    assert doc["uri"] == item.guid and "Kỳ họp Quốc hội khai mạc" in json.dumps(
        doc, ensure_ascii=False
    )


def test_rolled_back_publish_leaves_no_entry(org: Org) -> None:
    subscriber("Đối tác", url=URL)
    item = published(org, publish=False)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        actions.publish(item, by=org.user("a_chief"), expected_revision=None)
        assert OutboxEntry.objects.count() == 1  # written inside the transaction ...
        raise Boom
    assert OutboxEntry.objects.count() == 0  # ... and gone with it


def test_sequence_increases_per_subscriber(org: Org) -> None:
    one = subscriber("Một", url=URL)
    two = subscriber("Hai", url=URL, product=Product.objects.create(name="en", languages=["en"]))
    for _ in range(3):
        published(org)
    assert list(OutboxEntry.objects.filter(subscriber=one).values_list("sequence", flat=True)) == [
        1,
        2,
        3,
    ]
    assert not OutboxEntry.objects.filter(subscriber=two).exists()


def test_correction_and_kill_reach_earlier_receivers_even_if_product_changed(org: Org) -> None:
    product = Product.objects.create(name="Politics", subjects=["11000000"])
    earlier = subscriber("Earlier", url=URL, product=product)
    item = published(org, subjects=["11000000"])
    never = subscriber("Newcomer", url=URL)  # matches everything, but got nothing before
    product.subjects = ["15000000"]  # earlier's product no longer matches
    product.save()
    chief, eic = org.user("a_chief"), org.user("a_eic")
    item = actions.correct(item, by=chief, expected_revision=None, note="Sửa tên đại biểu")
    got = {
        (e.subscriber.name, e.version, e.kind)
        for e in OutboxEntry.objects.select_related("subscriber")
    }
    assert ("Earlier", 2, "correct") in got and ("Newcomer", 2, "correct") in got
    item = actions.kill(item, by=eic, expected_revision=None, reason="Sai sự thật")
    kills = OutboxEntry.objects.filter(kind="kill")
    assert {e.subscriber_id for e in kills} == {earlier.pk, never.pk}
    assert all(e.pubstatus == "canceled" and _body(e)["pubstatus"] == "canceled" for e in kills)


def test_kill_goes_only_to_earlier_receivers(org: Org) -> None:
    item = published(org)
    subscriber("Late", url=URL)
    actions.kill(item, by=org.user("a_eic"), expected_revision=None, reason="Sai")
    assert not OutboxEntry.objects.exists()


def test_recall_sends_withheld_to_earlier_receivers(org: Org) -> None:
    sub = subscriber("S", url=URL)
    item = published(org)
    actions.recall(item, by=org.user("a_eic"), expected_revision=None, reason="Xem lại")
    entry = OutboxEntry.objects.get(subscriber=sub, kind="recall")
    assert entry.pubstatus == "withheld" and _body(entry)["pubstatus"] == "withheld"


def test_embargo_goes_first_only_to_allowed_subscribers_and_later_to_the_rest(org: Org) -> None:
    allowed = subscriber("Allowed", url=URL, embargo=True)
    waiting = subscriber("Waits", url=URL)
    until = timezone.now() + timedelta(hours=2)
    item = published(org, embargo_until=until)
    entry = OutboxEntry.objects.get()
    assert entry.subscriber_id == allowed.pk
    assert "embargoed" in _body(entry)  # the embargo travels with the document
    assert release_due() == 0  # not yet
    assert release_due(now=until + timedelta(seconds=1)) == 1
    released = OutboxEntry.objects.get(subscriber=waiting)
    assert (released.kind, released.version) == ("release", item.version)
    assert HeldRelease.objects.filter(released=False).count() == 0
    assert release_due(now=until + timedelta(seconds=2)) == 0  # once only


def test_killed_embargoed_item_is_never_released(org: Org) -> None:
    subscriber("Waits", url=URL)
    item = published(org, embargo_until=timezone.now() + timedelta(hours=1))
    actions.kill(item, by=org.user("a_eic"), expected_revision=None, reason="Hủy")
    assert release_due(now=timezone.now() + timedelta(hours=2)) == 0
    assert not OutboxEntry.objects.exists()
