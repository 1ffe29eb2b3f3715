"""Where the time of a read, a save and a start-up goes: the cost of each step, in process.

    python benchmarks/probe_costs.py [-n 300]

Run on a seeded database (benchmarks/seed.py). Times the steps the API runs for GET and PATCH of
an item one by one, next to cheaper equivalents (the fixes proposed in the benchmark report), and
the start-up sweep's scan of past events. Writes a few revisions (saves) to the database.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from _common import (
    TextMaker,
    code_version,
    describe_database,
    load_average,
    setup_django,
)


def timed(fn: Callable[[], Any], n: int) -> float:
    """Median ms of n calls after a short warm-up."""
    for _ in range(min(20, n)):
        fn()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return samples[len(samples) // 2] * 1000


_BAD = re.compile("[\ud800-\udfff\ufffe\uffff\ufdd0-\ufdef\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text_regex(value: str, *, field: str, multiline: bool = False) -> str:
    """The proposed equivalent of core.text.clean_text: one regex search instead of a loop."""
    bad = _BAD.search(value) or (None if multiline else re.search("[\n\r]", value))
    if bad:
        raise ValueError(f"{field}: U+{ord(bad.group()):04X}")
    return unicodedata.normalize("NFC", value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="calls per step")
    parser.add_argument("--outlet", default="tinnhanh")
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from toasoan.accounts.models import ApiToken, Membership
    from toasoan.api.auth import BearerToken, issue_token
    from toasoan.core import events
    from toasoan.core.models import DomainEvent, EventHandled
    from toasoan.core.text import clean_text
    from toasoan.newsroom import actions
    from toasoan.newsroom.access import get_readable
    from toasoan.newsroom.api.items import item_payload
    from toasoan.newsroom.fields import clean_fields
    from toasoan.newsroom.models import Association, Item, Lock
    from toasoan.newsroom.representation import associations_of, renditions_of

    member = Membership.objects.select_related("user").get(
        outlet__slug=args.outlet, role__slug="editor_in_chief"
    )
    user = member.user
    pool = list(
        Item.objects.filter(outlet__slug=args.outlet, state__in=["draft", "in_progress"])
        .exclude(headline="")
        .values_list("pk", flat=True)[:2000]
    )
    if not pool:
        print("probe_costs: no editable items; run benchmarks/seed.py first")
        return 1
    rng = random.Random(7)
    item = Item.objects.select_related("outlet").get(pk=pool[0])
    text = TextMaker(seed=7, pool_size=300)
    body = text.body("vi", 550)
    token = issue_token(user, name="probe", days=1)
    bearer = BearerToken()

    class _Req:
        user: Any = None

    print(f"probe_costs: {describe_database()}; {code_version()}; {load_average()}")
    print(f"probe_costs: median of {args.n} calls each, ms")
    rows: list[tuple[str, float]] = []

    def row(name: str, fn: Callable[[], Any], n: int | None = None) -> float:
        ms = timed(fn, n or args.n)
        rows.append((name, ms))
        print(f"  {ms:8.3f}  {name}", flush=True)
        return ms

    print("read path (GET /items/{id}):")

    def reconnect() -> None:
        connection.close()
        connection.ensure_connection()

    max_age = connection.settings_dict["CONN_MAX_AGE"]
    when = "every request" if max_age == 0 else f"once per {max_age} s per thread"
    row(f"open a DB connection (CONN_MAX_AGE={max_age}: {when})", reconnect)
    row("Bearer token lookup", lambda: bearer.authenticate(_Req(), token))  # type: ignore[arg-type]
    row("get_readable (item + memberships)", lambda: get_readable(user, rng.choice(pool)))
    row(
        "Lock .first() with select_related(holder)",
        lambda: Lock.objects.filter(item=item).select_related("holder").first(),
    )
    row("renditions_of", lambda: renditions_of(item))
    a = row(
        "associations_of (select_related target + Meta.ordering)", lambda: associations_of(item)
    )

    def associations_values() -> list[dict[str, Any]]:
        return list(
            Association.objects.filter(item=item).values(
                "role",
                "group",
                "position",
                "target_id",
                "target__guid",
                "target__type",
                "target__headline",
            )
        )

    b = row("  proposed: associations as .values() of the 7 fields used", associations_values)
    row("item_payload (document + legal actions + lock)", lambda: item_payload(item))
    print(f"  -> associations_of could save {a - b:.2f} ms per read")

    print("save path (PATCH /items/{id}):")
    c1 = row(
        "core.text.clean_text on a 550-word body (per-character loop)",
        lambda: clean_text(body, field="body_html", multiline=True),
    )
    c2 = row(
        "  proposed: one regex search + NFC",
        lambda: clean_text_regex(body, field="body_html", multiline=True),
    )
    row(
        "fields.clean_fields(headline, body) (clean_text + nh3)",
        lambda: clean_fields({"headline": text.headline("vi"), "body_html": body}),
    )
    print(f"  -> clean_text could save {c1 - c2:.2f} ms per 550 words, inside the write lock")

    def save_once() -> None:
        pk = rng.choice(pool)
        actions.save(pk, by=user, fields={"headline": text.headline("vi")}, expected_revision=None)

    with CaptureQueriesContext(connection) as captured:
        save_once()
    row(
        f"actions.save in process ({len(captured.captured_queries)} queries incl. enqueue)",
        save_once,
        n=min(args.n, 100),
    )

    handled = DomainEvent.objects.filter(handled__isnull=False).values_list("pk", flat=True)[:1]
    event_id = handled[0] if handled else 0
    from django_tasks_db.models import DBTaskResult

    from toasoan.core.tasks import deliver_event

    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    row(
        "deliver_event.enqueue (after every item.save commit)",
        lambda: deliver_event.enqueue(event_id),
        n=min(args.n, 100),
    )
    DBTaskResult.objects.exclude(pk__in=before).delete()

    print("start-up sweep (toasoan serve runs it before it listens, then every 30 s):")
    since = timezone.now() - timedelta(days=7)
    cutoff = timezone.now() - timedelta(seconds=30)
    names = set().union(*(w for w, _ in events._consumers.values()))
    recent = DomainEvent.objects.filter(
        name__in=names, created_at__gte=since, created_at__lte=cutoff
    ).count()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        delivered = events.replay_pending()
        replay_ms = (time.perf_counter() - started) * 1000
    print(
        f"  {replay_ms:8.1f}  events.replay_pending(): {recent} events of interest in the "
        f"window, {len(captured.captured_queries)} queries, {delivered} delivered"
    )

    def unhandled() -> list[int]:
        ids: set[int] = set()
        for consumer, (wanted, _) in events._consumers.items():
            ids.update(
                DomainEvent.objects.filter(
                    name__in=wanted, created_at__gte=since, created_at__lte=cutoff
                )
                .exclude(pk__in=EventHandled.objects.filter(consumer=consumer).values("event_id"))
                .values_list("pk", flat=True)[:500]
            )
        return sorted(ids)[:500]

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        found = unhandled()
        alt_ms = (time.perf_counter() - started) * 1000
    print(
        f"  {alt_ms:8.1f}  proposed: one anti-join query per consumer "
        f"({len(captured.captured_queries)} queries, {len(found)} unhandled found)"
    )
    ApiToken.objects.filter(name="probe", user=user).delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
