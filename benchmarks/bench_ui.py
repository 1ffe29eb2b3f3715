"""Web UI server time on a seeded database, in process (django.test.Client, signed-in session).

    python benchmarks/bench_ui.py [-n 200] [--warmup 20] [--items-in-view 500] [--only NAME]

Each measurement is a function registered in MEASUREMENTS: it gets a UiBench (client, user,
timing helper) and returns its Results. Add a screen by appending a function and registering it
with @measurement("name"); main() runs them all (or --only NAME) and prints one table.

"desks": desk monitoring with --items-in-view items on one desk (items of the outlet are moved
onto that desk beforehand, untimed, if it holds fewer): the full page, the columns refresh
(htmx), and the polling answer when nothing changed (204).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from _common import code_version, describe_database, load_average, setup_django, summary_ms


@dataclass
class Result:
    name: str
    times: list[float]
    queries: int
    target_ms: float | None
    errors: list[str] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # process CPU time of the same requests


@dataclass
class UiBench:
    args: argparse.Namespace
    client: Any
    user: Any
    outlet: Any
    notes: list[str] = field(default_factory=list)

    def time(
        self,
        name: str,
        request: Callable[[int], Any],
        *,
        target_ms: float | None,
        expect: int = 200,
    ) -> Result:
        """Warm up, then time `request(i)` n times (closing the DB connection before each one,
        as the server does per request); count the queries of one more call."""
        from django.db import close_old_connections, connection
        from django.test.utils import CaptureQueriesContext

        errors: list[str] = []
        times: list[float] = []
        cpu: list[float] = []
        for i in range(self.args.warmup + self.args.n):
            close_old_connections()
            cpu_started = time.process_time()
            started = time.perf_counter()
            response = request(i)
            elapsed = time.perf_counter() - started
            cpu_used = time.process_time() - cpu_started
            if response.status_code != expect:
                errors.append(f"{name}: {response.status_code} {response.content[:200]!r}")
            if i >= self.args.warmup:
                times.append(elapsed)
                cpu.append(cpu_used)
        close_old_connections()
        with CaptureQueriesContext(connection) as captured:
            request(0)
        return Result(name, times, len(captured.captured_queries), target_ms, errors, cpu)


Measurement = Callable[[UiBench], list[Result]]
MEASUREMENTS: dict[str, Measurement] = {}


def measurement(name: str) -> Callable[[Measurement], Measurement]:
    def register(fn: Measurement) -> Measurement:
        MEASUREMENTS[name] = fn
        return fn

    return register


@measurement("desks")
def measure_desks(bench: UiBench) -> list[Result]:
    from toasoan.accounts.models import Desk, Stage
    from toasoan.newsroom.models import Item
    from toasoan.newsroom.web.desks_board import DEFAULT_STATES

    working = [s.value for s in DEFAULT_STATES]
    desks = Desk.objects.filter(outlet=bench.outlet).order_by("pk")
    desk = max(desks, key=lambda d: Item.objects.filter(desk=d, state__in=working).count())
    stages = list(Stage.objects.filter(desk=desk).order_by("position"))
    in_view = Item.objects.filter(desk=desk, state__in=working).count()
    wanted = bench.args.items_in_view
    if in_view < wanted:
        extra = list(
            Item.objects.filter(outlet=bench.outlet, state__in=working)
            .exclude(desk=desk)
            .values_list("pk", flat=True)[: wanted - in_view]
        )
        for i, pk in enumerate(extra):  # spread over the stages (setup, untimed)
            Item.objects.filter(pk=pk).update(desk=desk, stage=stages[i % len(stages)])
        in_view = Item.objects.filter(desk=desk, state__in=working).count()
    bench.notes.append(f"desk '{desk.name}': {in_view} items in view over {len(stages)} stages")

    client = bench.client
    page = f"/desks/{desk.pk}/"
    board = f"/desks/board/?desk={desk.pk}"
    first = client.get(board)
    fp = first.content.decode().split('data-fingerprint="', 1)[1].split('"', 1)[0]
    shown = first.content.decode().count('class="item-card"')
    bench.notes.append(f"desk page shows {shown} cards")
    multi = "/desks/view/?" + "&".join(f"desk={d.pk}" for d in desks[:4])
    return [
        bench.time("desk page", lambda i: client.get(page), target_ms=150),
        bench.time("desk columns", lambda i: client.get(board), target_ms=150),
        bench.time(
            "desk poll", lambda i: client.get(f"{board}&fp={fp}"), target_ms=None, expect=204
        ),
        bench.time("multi-desk page", lambda i: client.get(multi), target_ms=None),
    ]


@measurement("editor")
def measure_editor(bench: UiBench) -> list[Result]:
    """The item editor page (opening takes the lock) and the autosave round trip."""
    from toasoan.newsroom.models import Draft, Item, Lock

    item = (
        Item.objects.filter(outlet=bench.outlet, type="text", state__in=["in_progress", "draft"])
        .exclude(body_html="")
        .order_by("-updated_at")
        .first()
    )
    if item is None:
        bench.notes.append("editor: no editable text item in the outlet; skipped")
        return []
    Lock.objects.filter(item=item).exclude(holder=bench.user).delete()  # setup, untimed
    bench.notes.append(f"editor: item {item.pk}, body {len(item.body_html)} characters")
    client = bench.client
    form = {
        "revision": str(item.revision),
        "headline": item.headline,
        "slugline": item.slugline,
        "byline": item.byline,
        "abstract": item.abstract,
        "urgency": str(item.urgency),
        "priority": str(item.priority),
        "keywords": ", ".join(item.keywords),
    }

    def autosave(i: int) -> Any:
        body = item.body_html + f"<p>Đoạn đang gõ số {i}: người dân khẩn trương.</p>"
        return client.post(f"/items/{item.pk}/autosave/", {**form, "body_html": body})

    results = [
        bench.time("editor page", lambda i: client.get(f"/items/{item.pk}/edit/"), target_ms=100),
        bench.time("autosave", autosave, target_ms=50),
    ]
    Draft.objects.filter(item=item, user=bench.user).delete()
    Lock.objects.filter(item=item, holder=bench.user).delete()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="timed requests per operation")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per operation")
    parser.add_argument("--outlet", default="tinnhanh", help="outlet of the benchmark user")
    parser.add_argument("--items-in-view", type=int, default=500, help="items on the desk view")
    parser.add_argument("--only", default=None, help="run one measurement (e.g. desks)")
    args = parser.parse_args()

    setup_django()
    from django.test import Client

    from toasoan.accounts.models import Membership, Outlet
    from toasoan.newsroom.models import Item

    outlet = Outlet.objects.filter(slug=args.outlet).first()
    if outlet is None or not Item.objects.filter(outlet=outlet).exists():
        print(f"bench_ui: no items in outlet '{args.outlet}'; run benchmarks/seed.py first")
        return 1
    member = (
        Membership.objects.filter(outlet=outlet, role__slug="editor_in_chief")
        .select_related("user")
        .first()
    )
    if member is None:
        print(f"bench_ui: outlet '{args.outlet}' has no editor-in-chief")
        return 1
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member.user)
    bench = UiBench(args, client, member.user, outlet)
    print(f"bench_ui: {describe_database()}; {Item.objects.count()} items; user {member.user}")
    print(f"bench_ui: {code_version()}; {load_average()} at start")
    names = [args.only] if args.only else list(MEASUREMENTS)
    results: list[Result] = []
    for name in names:
        if name not in MEASUREMENTS:
            print(f"bench_ui: unknown measurement '{name}' (have: {', '.join(MEASUREMENTS)})")
            return 1
        results += MEASUREMENTS[name](bench)
    for note in bench.notes:
        print(f"bench_ui: {note}")
    print(
        f"{'request':<18}{'n':>5}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}"
        f"{'target p95':>12}  result {'CPU p50':>8}{'CPU p95':>8}  queries"
    )
    ok = True
    for r in results:
        s = summary_ms(r.times)
        c = summary_ms(r.cpu) if r.cpu else {"p50": float("nan"), "p95": float("nan")}
        verdict = "-"
        if r.target_ms is not None:
            verdict = "PASS" if s["p95"] <= r.target_ms else "MISS"
            ok = ok and verdict == "PASS"
        target = f"≤ {r.target_ms:.0f} ms" if r.target_ms is not None else ""
        print(
            f"{r.name:<18}{s['n']:>5}{s['p50']:>9.2f}{s['p95']:>9.2f}{s['p99']:>9.2f}"
            f"{s['max']:>9.2f}{target:>12}  {verdict:<6}"
            f"{c['p50']:>8.2f}{c['p95']:>8.2f}  {r.queries}"
        )
    print("(ms; CPU = process CPU time of the same requests: wall far above CPU means the")
    print(" request waited for a CPU shared with other processes, or for the disk)")
    errors = [e for r in results for e in r.errors]
    print(f"bench_ui: {load_average()} at end")
    if errors:
        print(f"bench_ui: {len(errors)} unexpected answers, e.g.: {errors[0]}")
        ok = False
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
