"""Concurrent editing through a real server: no lost update, every stale write answered 412.

    python benchmarks/bench_concurrency.py [--seconds 60] [--clients 50] [--items 10]

Starts `toasoan serve --workers 0 --threads 16` on the current database (TOASOAN_DATA_DIR /
DATABASE_URL, seeded with benchmarks/seed.py), then runs N client threads until the deadline, each
looping: pick one of the items, GET it (keep the ETag), PATCH it with If-Match and a unique marker
"w-<client>-<n>" in the headline and body. 200 = accepted, 412 = rejected, anything else = error.
Afterwards it checks the database: every accepted marker is in exactly one Revision of its item, no
rejected marker is in any, revision numbers are contiguous, the item equals its last revision, and
the audit chain is intact. Prints writes/s, the 412 count, errors and VERIFIED or FAILED.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from _common import (
    PYTHON,
    REPO,
    code_version,
    cpu_seconds,
    describe_database,
    free_port,
    load_average,
    setup_django,
    summary_ms,
)

MARKER = re.compile(r"\[(w-\d+-\d+)\]$")
BODY_MARKER = re.compile(r"<p>Cập nhật (w-\d+-\d+)</p>$")


@dataclass
class Tally:
    accepted: list[tuple[int, str, int]] = field(default_factory=list)  # item, marker, revision
    rejected: list[tuple[int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    patch_times: list[float] = field(default_factory=list)
    get_times: list[float] = field(default_factory=list)


def start_server(port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        PYTHON,
        "-m",
        "toasoan.cli",
        "serve",
        "--addr",
        f"127.0.0.1:{port}",
        "--workers",
        "0",
        "--threads",
        str(threads),
    ]
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(proc: subprocess.Popen[bytes], base: str, timeout: float = 120.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2.0).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer /health within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def client_loop(
    number: int,
    base: str,
    token: str,
    items: dict[int, tuple[str, str]],
    deadline: float,
    tally: Tally,
    lock: threading.Lock,
) -> None:
    rng = random.Random(number)
    pks = list(items)
    local = Tally()
    n = 0
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30.0) as http:
        while time.monotonic() < deadline:
            pk = rng.choice(pks)
            try:
                started = time.perf_counter()
                got = http.get(f"/api/v1/items/{pk}")
                local.get_times.append(time.perf_counter() - started)
                if got.status_code != 200:
                    local.errors.append(f"GET {pk}: {got.status_code} {got.text[:200]}")
                    continue
                n += 1
                marker = f"w-{number}-{n}"
                headline, body = items[pk]
                payload = {
                    "headline": f"{headline} [{marker}]",
                    "body_html": f"{body}<p>Cập nhật {marker}</p>",
                }
                started = time.perf_counter()
                put = http.patch(
                    f"/api/v1/items/{pk}", json=payload, headers={"If-Match": got.headers["ETag"]}
                )
                local.patch_times.append(time.perf_counter() - started)
            except httpx.HTTPError as exc:
                local.errors.append(f"item {pk}: {type(exc).__name__}: {exc}")
                continue
            if put.status_code == 200:
                local.accepted.append((pk, marker, int(put.json()["revision"])))
            elif put.status_code == 412:
                local.rejected.append((pk, marker))
            else:
                local.errors.append(f"PATCH {pk}: {put.status_code} {put.text[:200]}")
    with lock:
        for name in ("accepted", "rejected", "errors", "patch_times", "get_times"):
            getattr(tally, name).extend(getattr(local, name))


def verify(
    tally: Tally, before: dict[int, dict[str, int]], audit_before: int
) -> tuple[list[str], dict[str, Any]]:
    """Check the database against what the clients were told; returns problems and facts."""
    from toasoan.accounts import audit
    from toasoan.accounts.models import AuditEntry
    from toasoan.newsroom.fields import snapshot
    from toasoan.newsroom.models import Item, Revision

    problems: list[str] = []
    accepted: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, marker, revision in tally.accepted:
        accepted[pk][marker] = revision
    rejected: dict[int, set[str]] = defaultdict(set)
    for pk, marker in tally.rejected:
        rejected[pk].add(marker)

    for pk, start in before.items():
        revs = list(Revision.objects.filter(item_id=pk).order_by("number"))
        numbers = [r.number for r in revs]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"item {pk}: revision numbers are not contiguous")
        new = [r for r in revs if r.number > start["last_number"]]
        seen: Counter[str] = Counter()
        for rev in new:
            found = MARKER.search(rev.snapshot.get("headline", ""))
            in_body = BODY_MARKER.search(rev.snapshot.get("body_html", ""))
            if not found:
                problems.append(f"item {pk}: revision {rev.number} carries no marker")
                continue
            if not in_body or in_body.group(1) != found.group(1):
                problems.append(f"item {pk}: revision {rev.number} headline and body disagree")
            seen[found.group(1)] += 1
        mine = accepted.get(pk, {})
        for marker in mine:
            if seen[marker] != 1:
                problems.append(f"item {pk}: accepted {marker} is in {seen[marker]} revisions")
        for marker in rejected.get(pk, set()):
            if seen[marker]:
                problems.append(f"item {pk}: rejected {marker} is in a revision")
        for marker in seen:
            if marker not in mine:
                problems.append(f"item {pk}: {marker} is in a revision but no client was told 200")
        expected_revisions = list(range(start["revision"] + 1, start["revision"] + len(mine) + 1))
        if sorted(mine.values()) != expected_revisions:
            problems.append(f"item {pk}: the ETag revisions given out are not 1..n after the start")
        item = Item.objects.get(pk=pk)
        if item.revision != start["revision"] + len(mine):
            problems.append(
                f"item {pk}: revision counter {item.revision}, expected "
                f"{start['revision'] + len(mine)}"
            )
        if revs and snapshot(item) != revs[-1].snapshot:
            problems.append(f"item {pk}: content differs from its last revision")
    added = AuditEntry.objects.count() - audit_before
    if added != len(tally.accepted):
        problems.append(f"audit: {added} entries added for {len(tally.accepted)} accepted writes")
    result = audit.verify()
    if result.broken:
        problems.append(f"audit chain broken at {result.broken.seq}: {result.broken.reason}")
    return problems, {"audit_checked": result.checked, "audit_added": added}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long clients run")
    parser.add_argument("--clients", type=int, default=50, help="client threads")
    parser.add_argument("--items", type=int, default=10, help="items they all edit")
    parser.add_argument("--threads", type=int, default=16, help="server threads")
    parser.add_argument("--outlet", default="tinnhanh", help="outlet whose items are edited")
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    from toasoan.accounts.models import AuditEntry, Membership
    from toasoan.api.auth import issue_token
    from toasoan.newsroom.models import Item, Revision

    rows = list(
        Item.objects.filter(outlet__slug=args.outlet, state__in=["draft", "in_progress"])
        .exclude(headline="")
        .order_by("-id")
        .values("pk", "headline", "body_html", "revision")[: args.items]
    )
    writers = list(
        Membership.objects.filter(
            outlet__slug=args.outlet, role__slug__in=["reporter", "editor", "desk_chief"]
        ).select_related("user")
    )
    if len(rows) < args.items or not writers:
        print(
            f"bench_concurrency: need {args.items} draft items and writers in {args.outlet}; "
            "run benchmarks/seed.py first"
        )
        return 1
    items: dict[int, tuple[str, str]] = {}
    before: dict[int, dict[str, int]] = {}
    for row in rows:
        headline = MARKER.sub("", row["headline"]).strip()[:400]
        body = BODY_MARKER.sub("", row["body_html"])
        items[row["pk"]] = (headline, body)
        last = Revision.objects.filter(item_id=row["pk"]).order_by("-number").first()
        before[row["pk"]] = {"revision": row["revision"], "last_number": last.number if last else 0}
    tokens = [
        issue_token(writers[c % len(writers)].user, name="bench_concurrency", days=1)
        for c in range(args.clients)
    ]
    audit_before = AuditEntry.objects.count()
    print(f"bench_concurrency: {describe_database()}; {code_version()}")
    print(f"bench_concurrency: items {sorted(items)}")
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkstemp(prefix="toasoan-serve-", suffix=".log")[1])
    proc = start_server(port, args.threads, log)
    tally, lock = Tally(), threading.Lock()
    cpu_before = cpu_after = None
    try:
        ready = wait_healthy(proc, base)
        print(
            f"bench_concurrency: server pid {proc.pid} on {base} answered /health after "
            f"{ready:.2f} s; {args.clients} clients x {args.seconds:.0f} s on "
            f"{args.items} items, {args.threads} server threads"
        )
        print(f"bench_concurrency: {load_average()} at start")
        cpu_before = cpu_seconds(proc.pid)
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(c, base, tokens[c], items, deadline, tally, lock),
                name=f"client-{c}",
            )
            for c in range(args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        cpu_after = cpu_seconds(proc.pid)
        print(f"bench_concurrency: {load_average()} at end")
    except RuntimeError as exc:
        print(f"bench_concurrency: {exc}; server log {log}:")
        print(log.read_text(errors="replace")[-3000:])
        return 1
    finally:
        stop_server(proc)

    problems, facts = verify(tally, before, audit_before)
    patch = summary_ms(tally.patch_times)
    get = summary_ms(tally.get_times)
    print(f"duration            {elapsed:.1f} s")
    print(f"PATCH sent          {len(tally.accepted) + len(tally.rejected)}")
    rate = len(tally.accepted) / elapsed
    print(f"accepted (200)      {len(tally.accepted)}  ->  {rate:.1f} writes/s")
    print(f"rejected (412)      {len(tally.rejected)}")
    print(f"errors              {len(tally.errors)}")
    for line in tally.errors[:5]:
        print(f"  {line}")
    print(
        f"GET   latency ms    p50 {get['p50']:.1f}  p95 {get['p95']:.1f}  "
        f"p99 {get['p99']:.1f}  max {get['max']:.1f}  (client side, n={get['n']})"
    )
    print(
        f"PATCH latency ms    p50 {patch['p50']:.1f}  p95 {patch['p95']:.1f}  "
        f"p99 {patch['p99']:.1f}  max {patch['max']:.1f}  (client side, n={patch['n']})"
    )
    if cpu_before is not None and cpu_after is not None:
        used = cpu_after - cpu_before
        share = 100 * used / elapsed
        print(f"server CPU          {used:.1f} s in {elapsed:.1f} s ({share:.0f}% of one core)")
    print(
        f"audit chain         {facts['audit_checked']} entries verified, "
        f"{facts['audit_added']} added in the run"
    )
    for line in problems[:20]:
        print(f"  problem: {line}")
    ok = not problems and not tally.errors
    print("VERIFIED" if ok else f"FAILED ({len(problems)} problems, {len(tally.errors)} errors)")
    if ok:
        log.unlink(missing_ok=True)
    else:
        print(f"server log kept at {log}")
    return 0 if ok else 2


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
