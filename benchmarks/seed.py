"""Seed a benchmark database: an agency, outlets, desks, users with roles and N items.

    python benchmarks/seed.py --items 50000 [--force] [--batch 2000] [--events N]

Uses TOASOAN_DATA_DIR / DATABASE_URL like the `toasoan` command; run `toasoan migrate` first.
Items are written with bulk_create (the seed is data setup, not what is measured), each with its
first Revision, and published ones with their PublishedVersion rows. --events N also adds N
item.save domain events of the past week, already handled by every consumer.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from typing import Any

from _common import BYLINES, GENRES, SUBJECTS, TextMaker, describe_database, setup_django

# outlet slug -> (name, kind, language, share of items, {desk slug: desk name})
OUTLETS: dict[str, tuple[str, str, str, float, dict[str, str]]] = {
    "tinnguon": (
        "Thông tấn xã — Tin nguồn",
        "source",
        "vi",
        0.4,
        {
            "trong-nuoc": "Ban Tin Trong nước",
            "quoc-te": "Ban Tin Thế giới",
            "kinh-te": "Ban Tin Kinh tế",
            "anh": "Ban Ảnh",
        },
    ),
    "tinnhanh": (
        "Báo điện tử Tin Nhanh",
        "online",
        "vi",
        0.4,
        {
            "thoi-su": "Thời sự",
            "kinh-te": "Kinh tế",
            "the-thao": "Thể thao",
            "van-hoa": "Văn hóa",
        },
    ),
    "vietdaily": (
        "The Viet Daily",
        "online",
        "en",
        0.2,
        {
            "news": "News desk",
            "business": "Business desk",
        },
    ),
}
# role slug -> (username suffix, how many per outlet)
ROLES = {
    "reporter": ("pv", 4),
    "editor": ("btv", 2),
    "desk_chief": ("tb", 2),
    "editor_in_chief": ("tbt", 1),
    "outlet_admin": ("qt", 1),
}
# state -> weight; published-like states get PublishedVersion rows
STATES = {
    "draft": 15,
    "in_progress": 20,
    "submitted": 8,
    "ready": 5,
    "scheduled": 1,
    "published": 38,
    "corrected": 4,
    "killed": 1,
    "recalled": 1,
    "spiked": 7,
}
LIVE = {"published", "corrected", "killed", "recalled"}


def build_organisation() -> dict[str, Any]:
    """Create (or find) the agency, outlets, desks, stages and users; returns what items need."""
    from toasoan.accounts.actions import DEFAULT_STAGES, ensure_default_roles
    from toasoan.accounts.models import Agency, Desk, Membership, Outlet, Stage, User

    roles = ensure_default_roles()
    agency, _ = Agency.objects.get_or_create(
        short_name="TTX", defaults={"name": "Thông tấn xã (benchmark)", "domain": "ttx.example.vn"}
    )
    org: dict[str, Any] = {}
    for slug, (name, kind, language, share, desks) in OUTLETS.items():
        outlet, _ = Outlet.objects.get_or_create(
            slug=slug, defaults={"agency": agency, "name": name, "kind": kind, "language": language}
        )
        desk_rows = []
        for desk_slug, desk_name in desks.items():
            desk, created = Desk.objects.get_or_create(
                outlet=outlet,
                slug=desk_slug,
                defaults={"name": desk_name, "is_source_desk": kind == "source"},
            )
            if created:
                for position, stage_name in enumerate(DEFAULT_STAGES):
                    Stage.objects.create(desk=desk, name=stage_name, position=position)
            desk_rows.append((desk, list(desk.stages.order_by("position"))))
        users: dict[str, list[User]] = {}
        for role, (suffix, count) in ROLES.items():
            users[role] = []
            for n in range(1, count + 1):
                username = f"{slug}.{suffix}{n}"
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User(username=username, full_name=f"{username} ({role})")
                    user.set_unusable_password()
                    user.save()
                    Membership.objects.create(user=user, outlet=outlet, role=roles[role])
                users[role].append(user)
        org[slug] = {
            "outlet": outlet,
            "language": language,
            "share": share,
            "desks": desk_rows,
            "users": users,
        }
    admin = User.objects.filter(username="bench.admin").first()
    if admin is None:
        admin = User(username="bench.admin", full_name="Quản trị (benchmark)", is_superuser=True)
        admin.is_staff = True
        admin.set_unusable_password()
        admin.save()
        Membership.objects.create(user=admin, outlet=None, role=roles["agency_admin"])
    return org


class ItemFactory:
    def __init__(self, org: dict[str, Any], rng: random.Random, text: TextMaker):
        from django.conf import settings
        from django.utils import timezone

        self.org = org
        self.rng = rng
        self.text = text
        self.now = timezone.now()
        self.domain = settings.AGENCY_DOMAIN
        self.slugs = list(org)
        self.shares = [org[s]["share"] for s in self.slugs]
        self.states = list(STATES)
        self.weights = list(STATES.values())

    def guid(self, when: Any) -> str:
        # the shape of actions._common.new_guid, dated by the item's creation day
        from django.utils import timezone

        day = timezone.localdate(when).strftime("%Y%m%d")
        return f"urn:newsml:{self.domain}:{day}:{self.rng.getrandbits(128):032x}"

    def make(self) -> Any:
        from toasoan.newsroom.models import Item

        rng, text = self.rng, self.text
        slug = rng.choices(self.slugs, self.shares)[0]
        o = self.org[slug]
        lang = o["language"]
        desk, stages = rng.choice(o["desks"])
        users = o["users"]
        author = rng.choice(users["reporter"])
        chief = rng.choice(users["desk_chief"])
        state = rng.choices(self.states, self.weights)[0]
        created = self.now - timedelta(seconds=rng.randint(3600, 180 * 86400))
        updated = min(self.now, created + timedelta(seconds=rng.randint(60, 2 * 86400)))
        headline = text.headline(lang)
        item = Item(
            guid=self.guid(created),
            type="text",
            language=lang,
            state=state,
            outlet=o["outlet"],
            desk=desk,
            stage=rng.choice(stages),
            headline=headline,
            slugline="-".join(headline.lower().split()[:3])[:128],
            byline=rng.choice(BYLINES),
            dateline_place=text.place(lang),
            dateline_date=created.date(),
            abstract=text.sentence(lang),
            body_html=text.body(lang),
            urgency=rng.choice((3, 4, 4, 5, 5, 5, 6, 2, 1)),
            priority=rng.choice((4, 5, 5, 6)),
            genre=rng.choice(GENRES),
            subjects=rng.sample(SUBJECTS, rng.randint(1, 2)),
            places=[text.place(lang)],
            keywords=[w.strip(",.") for w in headline.split()[1:4]],
            credit="TTXVN" if slug == "tinnguon" else "",
            created_by=author,
            updated_by=author if state in ("draft", "in_progress") else chief,
            created_at=created,
            updated_at=updated,
        )
        if state in LIVE:
            item.version = 1 if state == "published" else 2
            item.first_published_at = updated
            item.published_at = updated
            item.revision = 4
        if state == "killed":
            item.pubstatus = "canceled"
            item.kill_reason = "Thông tin chưa được kiểm chứng"
        elif state == "recalled":
            item.pubstatus = "withheld"
        elif state == "scheduled":
            item.publish_at = self.now + timedelta(days=rng.randint(7, 30))
            item.scheduled_by = chief
        item._bench_chief = chief  # type: ignore[attr-defined]
        return item


def dependants(items: list[Any]) -> tuple[list[Any], list[Any]]:
    """The first Revision of each item and the PublishedVersion rows of live ones."""
    from toasoan.newsroom.fields import CONTENT_FIELDS, snapshot
    from toasoan.newsroom.models import PublishedVersion, Revision
    from toasoan.newsroom.representation import document

    revisions, versions = [], []
    for item in items:
        snap = snapshot(item)
        changed = sorted(k for k in CONTENT_FIELDS if snap.get(k) not in ("", [], None))
        revisions.append(
            Revision(
                item=item,
                number=1,
                kind="create",
                created_by=item.created_by,
                created_at=item.created_at,
                changed_fields=changed,
                snapshot=snap,
            )
        )
        if item.state not in LIVE:
            continue
        doc = {**document(item, deep=False), "renditions": [], "associations": []}
        kinds = ["publish"]
        if item.state != "published":
            kinds.append(
                {"corrected": "correct", "killed": "kill", "recalled": "recall"}[item.state]
            )
        for number, kind in enumerate(kinds, start=1):
            versions.append(
                PublishedVersion(
                    item=item,
                    version=number,
                    kind=kind,
                    published_by=item._bench_chief,
                    published_at=item.published_at,
                    release_at=item.published_at,
                    note=item.kill_reason if kind == "kill" else "",
                    snapshot=doc,
                )
            )
    return revisions, versions


def add_handled_events(count: int, batch: int, rng: random.Random) -> None:
    """Item-save events of the past week that every consumer has already handled.

    What a week of editing leaves in the outbox; the server's start-up sweep reads them.
    """
    from django.db import transaction
    from django.utils import timezone

    from toasoan.core import events
    from toasoan.core.models import DomainEvent, EventHandled
    from toasoan.newsroom.models import Item

    consumers = [name for name, (wanted, _) in events._consumers.items() if "item.save" in wanted]
    item_ids = list(Item.objects.values_list("pk", flat=True)[:5000]) or [0]
    now = timezone.now()
    done = 0
    while done < count:
        size = min(batch, count - done)
        with transaction.atomic():
            rows = DomainEvent.objects.bulk_create(
                DomainEvent(name="item.save", payload={"item_id": rng.choice(item_ids)})
                for _ in range(size)
            )
            # created_at is auto_now_add; move the batch into the past week with update()
            when = now - timedelta(seconds=rng.randint(120, 6 * 86400))
            DomainEvent.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=when)
            EventHandled.objects.bulk_create(
                EventHandled(event=r, consumer=c) for r in rows for c in consumers
            )
        done += size
    print(f"seed: {count} handled item.save events added (consumers: {', '.join(consumers)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000, help="how many items to add")
    parser.add_argument("--force", action="store_true", help="add items even if some exist")
    parser.add_argument("--batch", type=int, default=2000, help="rows per bulk_create batch")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument(
        "--events", type=int, default=0, help="also add this many handled item.save events"
    )
    args = parser.parse_args()

    setup_django()
    from django.db import DatabaseError, connection, transaction
    from django.db.models import Count

    from toasoan.newsroom.models import Item, PublishedVersion, Revision

    try:
        existing = Item.objects.count()
    except DatabaseError:
        print("seed: the database has no toasoan tables; run `toasoan migrate` first")
        return 1
    if existing and args.items and not args.force:
        print(f"seed: refusing, the database already has {existing} items (--force adds more)")
        return 1

    started = time.perf_counter()
    print(f"seed: {describe_database()}")
    rng = random.Random(args.seed + existing)
    if args.items:
        with transaction.atomic():
            org = build_organisation()
        factory = ItemFactory(org, rng, TextMaker(seed=args.seed + existing))
    done = 0
    while done < args.items:
        size = min(args.batch, args.items - done)
        items = [factory.make() for _ in range(size)]
        with transaction.atomic():
            Item.objects.bulk_create(items)
            revisions, versions = dependants(items)
            Revision.objects.bulk_create(revisions)
            PublishedVersion.objects.bulk_create(versions)
        done += size
        if done % 10_000 == 0 or done == args.items:
            rate = done / (time.perf_counter() - started)
            print(f"seed: {done}/{args.items} items ({rate:.0f} items/s)", flush=True)
    if args.events:
        add_handled_events(args.events, args.batch, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do shortly after a bulk load
    elapsed = time.perf_counter() - started
    counted = Item.objects.values("state").order_by().annotate(n=Count("id"))
    states = {row["state"]: row["n"] for row in counted}
    print(f"seed: {done} items added in {elapsed:.1f} s; database now has {sum(states.values())}")
    print("seed: states " + ", ".join(f"{k}={v}" for k, v in sorted(states.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
