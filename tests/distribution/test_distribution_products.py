"""Product filters: every criterion, narrower Media Topics, and block products."""

from __future__ import annotations

import pytest

from tests.conftest import Org
from tests.distribution.helpers import published
from toasoan.distribution.models import Product, Subscriber, Subscription
from toasoan.distribution.products import matches, matching_subscribers

pytestmark = pytest.mark.django_db

SPORT = "15000000"
ATHLETICS = "20000823"  # two levels under sport (15000000 > 20000822 > 20000823)
POLITICS = "11000000"


def test_narrower_subjects_match_their_broader_product(org: Org) -> None:
    item = published(org, publish=False, subjects=[ATHLETICS])
    assert matches(Product(name="sport", subjects=[SPORT]), item)
    assert not matches(Product(name="politics", subjects=[POLITICS]), item)
    # a narrower product does not take the broader topic
    broad = published(org, publish=False, subjects=[SPORT])
    assert not matches(Product(name="athletics", subjects=[ATHLETICS]), broad)


def test_every_criterion_must_hold(org: Org) -> None:
    item = published(org, publish=False, urgency=2, genre="Analysis", keywords=["Điện Biên"])
    assert matches(Product(name="x", outlet_ids=[org.a.pk], desk_ids=[org.desk_a.pk]), item)
    assert not matches(Product(name="x", outlet_ids=[org.b.pk]), item)
    assert not matches(Product(name="x", desk_ids=[org.desk_a2.pk]), item)
    assert matches(Product(name="x", types=["text"], languages=["vi"]), item)
    assert not matches(Product(name="x", types=["picture"]), item)
    assert not matches(Product(name="x", languages=["en"]), item)
    assert matches(Product(name="x", urgency_min=1, urgency_max=3), item)
    assert not matches(Product(name="x", urgency_min=3, urgency_max=9), item)
    assert matches(Product(name="x", genres=["Analysis"]), item)
    assert not matches(Product(name="x", genres=["Interview"]), item)
    # keywords compare without case and diacritics
    assert matches(Product(name="x", keywords=["dien bien"]), item)
    assert not matches(Product(name="x", keywords=["Hà Nội"]), item)


def test_block_product_wins_over_permit(org: Org) -> None:
    item = published(org, publish=False, subjects=[ATHLETICS])
    everything = Product.objects.create(name="everything")
    no_sport = Product.objects.create(name="no sport", mode="block", subjects=[SPORT])
    only_permit = Subscriber.objects.create(name="Permit only")
    blocked = Subscriber.objects.create(name="Blocks sport")
    idle = Subscriber.objects.create(name="No products")
    off = Subscriber.objects.create(name="Inactive", active=False)
    Subscription.objects.create(subscriber=only_permit, product=everything)
    Subscription.objects.create(subscriber=blocked, product=everything)
    Subscription.objects.create(subscriber=blocked, product=no_sport)
    Subscription.objects.create(subscriber=off, product=everything)
    got = {s.name for s in matching_subscribers(item)}
    assert got == {"Permit only"}
    assert idle.name not in got
    # an inactive product gives nothing
    everything.active = False
    everything.save()
    assert matching_subscribers(item) == []
