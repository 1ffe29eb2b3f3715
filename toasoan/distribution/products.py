"""Which subscribers an item goes to: products are filters, permit or block.

A subscriber receives an item when one of its active permit products matches and none of its
active block products does. A product matches when every criterion it sets matches (empty
criteria match everything); subjects match their narrower topics too (a product on 15000000
"sport" takes an item tagged 15008000 "athletics")."""

from __future__ import annotations

from functools import lru_cache

from toasoan.core.text import fold
from toasoan.distribution.models import Product, Subscriber, Subscription
from toasoan.newsroom.models import Item
from toasoan.vocabularies import mediatopics


@lru_cache(maxsize=2048)
def _narrower(code: str) -> frozenset[str]:
    if not mediatopics.is_known(code):
        return frozenset({code})
    return frozenset(mediatopics.narrower(code))


def subject_set(codes: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for code in codes:
        out |= _narrower(code)
    return frozenset(out)


def matches(product: Product, item: Item) -> bool:
    if product.outlet_ids and item.outlet_id not in product.outlet_ids:
        return False
    if product.desk_ids and item.desk_id not in product.desk_ids:
        return False
    if product.types and item.type not in product.types:
        return False
    if product.languages and item.language not in product.languages:
        return False
    if not product.urgency_min <= item.urgency <= product.urgency_max:
        return False
    if product.genres and item.genre not in product.genres:
        return False
    if product.subjects:
        wanted = subject_set(list(product.subjects))
        if not any(mediatopics.is_known(c) and mediatopics.normalise(c) in wanted
                   for c in item.subjects):  # fmt: skip
            return False
    if product.keywords:
        have = {fold(k) for k in item.keywords}
        if not any(fold(k) in have for k in product.keywords):
            return False
    return True


def matching_subscribers(item: Item) -> list[Subscriber]:
    """Active subscribers whose products give them this item, ordered by id."""
    verdict = {p.pk: (p.mode, matches(p, item)) for p in Product.objects.filter(active=True)}
    hits = [pk for pk, (_, ok) in verdict.items() if ok]
    permits: set[int] = set()
    blocked: set[int] = set()
    rows = Subscription.objects.filter(product_id__in=hits, subscriber__active=True)
    for subscriber_id, product_id in rows.values_list("subscriber_id", "product_id"):
        if verdict[product_id][0] == Product.Mode.BLOCK:
            blocked.add(subscriber_id)
        else:
            permits.add(subscriber_id)
    ids = sorted(permits - blocked)
    fields = ("pk", "name", "may_receive_embargoed", "active")
    return list(Subscriber.objects.filter(pk__in=ids).only(*fields).order_by("pk"))
