"""Which platforms each outlet's content reached: the plan's "share of outlets that put content
on digital platforms" and the counts behind it.

An item counts for a platform once it was successfully put there (published or updated; a later
removal does not undo that it reached readers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count

from toasoan.accounts.models import Outlet
from toasoan.distribution.channels.models import ChannelPublication

REACHED = (
    ChannelPublication.Status.PUBLISHED,
    ChannelPublication.Status.UPDATED,
    ChannelPublication.Status.REMOVED,
)


@dataclass(frozen=True)
class OutletReach:
    outlet_id: int
    slug: str
    name: str
    items_by_platform: dict[str, int] = field(default_factory=dict)

    @property
    def on_platforms(self) -> bool:
        return any(self.items_by_platform.values())


@dataclass(frozen=True)
class Reach:
    outlets: list[OutletReach]
    outlets_with_content: int
    outlet_count: int

    @property
    def share(self) -> float:
        """Share (0..1) of the outlets counted that reached at least one platform."""
        return self.outlets_with_content / self.outlet_count if self.outlet_count else 0.0


def reach(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    platforms: set[str] | None = None,
    outlet_kinds: set[str] | None = None,
) -> Reach:
    """Per active outlet (optionally only of the given kinds), distinct items per platform."""
    outlets = Outlet.objects.filter(is_active=True).order_by("name")
    if outlet_kinds:
        outlets = outlets.filter(kind__in=outlet_kinds)
    records = ChannelPublication.objects.filter(status__in=REACHED, outlet__in=outlets)
    if since:
        records = records.filter(at__gte=since)
    if until:
        records = records.filter(at__lt=until)
    if platforms:
        records = records.filter(platform__in=platforms)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in records.values("outlet_id", "platform").annotate(items=Count("item", distinct=True)):
        counts[row["outlet_id"]][row["platform"]] = row["items"]
    rows = [
        OutletReach(o.pk, o.slug, o.name, dict(sorted(counts.get(o.pk, {}).items())))
        for o in outlets
    ]
    return Reach(
        outlets=rows,
        outlets_with_content=sum(1 for r in rows if r.on_platforms),
        outlet_count=len(rows),
    )
