"""Public addresses of an outlet and of its items (served by the reader site, toasoan/site)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from toasoan.accounts.models import Outlet
from toasoan.newsroom.access import PUBLIC_STATES
from toasoan.newsroom.models import Item, PubStatus


def outlet_link(outlet: Outlet) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/{outlet.slug}"


def item_url(outlet: Outlet, guid: str) -> str:
    """Same shape as toasoan.formats.feeds.Channel.item_url, so feeds and posts agree."""
    return f"{outlet_link(outlet)}/items/{guid}"


def public_items(outlet: Outlet) -> QuerySet[Item]:
    """What readers may see: published or corrected, pubstatus usable, embargo over."""
    now = timezone.now()
    return Item.objects.filter(
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
        outlet=outlet,
        state__in=PUBLIC_STATES,
        pubstatus=PubStatus.USABLE,
    )


def is_public(item: Item) -> bool:
    return (
        item.state in PUBLIC_STATES
        and item.pubstatus == PubStatus.USABLE
        and (item.embargo_until is None or item.embargo_until <= timezone.now())
    )
