"""API latency on a seeded database, in process (django.test.Client, Bearer token, no network).

    python benchmarks/bench_api.py [-n 500] [--warmup 50] [--keep-connections]

Measures GET /api/v1/items/{id}, PATCH /api/v1/items/{id} (If-Match; new headline and body) and
POST /api/v1/items/{id}/actions/publish (items are submitted and approved beforehand through the
actions layer, outside the timing). Prints p50/p95/p99/max in ms against the targets.

By default the database connection is closed after every request, as the WSGI server does at
request_finished (SQLite runs with CONN_MAX_AGE=0, so every request opens a new connection);
--keep-connections keeps one connection for the whole run instead.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from _common import (
    TextMaker,
    code_version,
    describe_database,
    load_average,
    setup_django,
    summary_ms,
)

TARGETS_MS = {"GET item": 15.0, "PATCH save": 30.0, "POST publish": 50.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="timed requests per operation")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests per operation")
    parser.add_argument("--outlet", default="tinnhanh", help="outlet of the benchmark user")
    parser.add_argument(
        "--keep-connections",
        action="store_true",
        help="do not close the DB connection after each request",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed")
    args = parser.parse_args()

    setup_django()
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from toasoan.accounts.models import Membership, Outlet
    from toasoan.api.auth import issue_token
    from toasoan.newsroom import actions
    from toasoan.newsroom.access import readable_items
    from toasoan.newsroom.models import Item

    rng = random.Random(args.seed)
    text = TextMaker(seed=rng.randrange(1 << 30), pool_size=400)
    outlet = Outlet.objects.filter(slug=args.outlet).first()
    if outlet is None or not Item.objects.filter(outlet=outlet).exists():
        print(f"bench_api: no items in outlet '{args.outlet}'; run benchmarks/seed.py first")
        return 1
    member = (
        Membership.objects.filter(outlet=outlet, role__slug="editor_in_chief")
        .select_related("user")
        .first()
    )
    if member is None:
        print(f"bench_api: outlet '{args.outlet}' has no editor-in-chief")
        return 1
    user = member.user
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, name='bench_api', days=1)}"}
    client = Client(HTTP_HOST="127.0.0.1")
    total = args.n + args.warmup

    readable = list(readable_items(user).values_list("pk", flat=True))
    editable = list(
        Item.objects.filter(outlet=outlet, state__in=["draft", "in_progress"], desk__isnull=False)
        .exclude(headline="")
        .values_list("pk", flat=True)
    )
    if len(editable) < 2 * (total + 1):
        print(
            f"bench_api: need {2 * (total + 1)} draft/in-progress items in {args.outlet}, "
            f"found {len(editable)}; seed more"
        )
        return 1
    rng.shuffle(editable)
    to_save, to_publish = editable[: total + 1], editable[total + 1 : 2 * (total + 1)]
    print(
        f"bench_api: {describe_database()}; {Item.objects.count()} items; "
        f"user {user.username}; {len(readable)} readable"
    )
    mode = "kept open" if args.keep_connections else "closed after each request (as the server)"
    print(f"bench_api: DB connection {mode}; warm-up {args.warmup}, timed {args.n} per operation")
    print(f"bench_api: {code_version()}; {load_average()} at start")

    def revision_of(pk: int) -> int:
        return Item.objects.values_list("revision", flat=True).get(pk=pk)

    def run(
        name: str, count: int, prepare: Callable[[int], tuple[str, str, dict[str, Any]]]
    ) -> tuple[list[float], list[float], list[str]]:
        """prepare(i) -> (method, path, extra); only the request itself is timed (wall and CPU)."""
        times, cpu, errors = [], [], []
        for i in range(count):
            method, path, extra = prepare(i)
            if not args.keep_connections:
                close_old_connections()
            cpu_started = time.process_time()
            started = time.perf_counter()
            response = getattr(client, method)(path, **extra)
            elapsed = time.perf_counter() - started
            cpu.append(time.process_time() - cpu_started)
            if response.status_code != 200:
                errors.append(f"{name} {path}: {response.status_code} {response.content[:200]!r}")
            times.append(elapsed)
        return times, cpu, errors

    def get_req(i: int) -> tuple[str, str, dict[str, Any]]:
        return "get", f"/api/v1/items/{rng.choice(readable)}", auth

    def patch_req(i: int) -> tuple[str, str, dict[str, Any]]:
        pk = to_save[i]
        lang = "vi" if outlet.language == "vi" else "en"
        body = json.dumps({"headline": text.headline(lang), "body_html": text.body(lang)})
        extra = {**auth, "HTTP_IF_MATCH": f'"{pk}-{revision_of(pk)}"'}
        return (
            "patch",
            f"/api/v1/items/{pk}",
            {
                "data": body,
                "content_type": "application/json",
                **extra,
            },
        )

    print(f"bench_api: preparing {total + 1} items for publish (submit + approve, untimed)...")
    for pk in to_publish:
        item = actions.submit(pk, by=user, expected_revision=None)
        actions.approve(item, by=user, expected_revision=None)

    def publish_req(i: int) -> tuple[str, str, dict[str, Any]]:
        pk = to_publish[i]
        extra = {**auth, "HTTP_IF_MATCH": f'"{pk}-{revision_of(pk)}"'}
        return (
            "post",
            f"/api/v1/items/{pk}/actions/publish",
            {
                "data": "{}",
                "content_type": "application/json",
                **extra,
            },
        )

    results: dict[str, dict[str, float]] = {}
    cpu_results: dict[str, dict[str, float]] = {}
    queries: dict[str, int] = {}
    all_errors: list[str] = []
    for name, prepare in (
        ("GET item", get_req),
        ("PATCH save", patch_req),
        ("POST publish", publish_req),
    ):
        _, _, errors = run(name, args.warmup, prepare)
        all_errors += errors
        times, cpu, errors = run(name, args.n, lambda i, p=prepare: p(i + args.warmup))
        all_errors += errors
        results[name] = summary_ms(times)
        cpu_results[name] = summary_ms(cpu)
        # one more, untimed request of the same kind (on a spare item) to count its queries
        method, path, extra = prepare(total)
        close_old_connections()
        with CaptureQueriesContext(connection) as captured:
            getattr(client, method)(path, **extra)
        queries[name] = len(captured.captured_queries)

    print(
        f"{'operation':<14}{'n':>5}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}"
        f"{'target p95':>12}  result {'CPU p50':>8}{'CPU p95':>8}  queries"
    )
    ok = True
    for name, s in results.items():
        c = cpu_results[name]
        target = TARGETS_MS[name]
        verdict = "PASS" if s["p95"] <= target else "MISS"
        ok = ok and verdict == "PASS"
        print(
            f"{name:<14}{s['n']:>5}{s['p50']:>9.2f}{s['p95']:>9.2f}{s['p99']:>9.2f}"
            f"{s['max']:>9.2f}{f'≤ {target:.0f} ms':>12}  {verdict:<6}"
            f"{c['p50']:>8.2f}{c['p95']:>8.2f}  {queries[name]}"
        )
    print("(ms; CPU = process CPU time of the same requests: wall far above CPU means the")
    print(" request waited for a CPU shared with other processes, or for the disk)")
    print(f"bench_api: {load_average()} at end")
    if all_errors:
        print(f"bench_api: {len(all_errors)} requests did not answer 200, e.g.:")
        for line in all_errors[:5]:
            print("  " + line)
        ok = False
    print("bench_api: all targets met" if ok else "bench_api: some targets missed or errors")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
