"""Publish -> delivered to N HTTP-push subscribers, end to end, with a real receiver process.

    python benchmarks/bench_distribution.py [--seconds 60] [--rate 5] [--subscribers 100] [--fault]

Starts a receiver PROCESS on 127.0.0.1 (one path per subscriber, /s/<n>) that verifies the HMAC
signature of every request and logs arrival time, path, Idempotency-Key, X-Toasoan-Sequence and a
SHA-256 of the body. Starts the platform's dispatcher thread (as `toasoan serve` does), creates N
subscribers whose product takes the benchmark outlet, prepares the items (untimed), then publishes
--rate items per second for --seconds through the actions layer. Latency = receiver arrival minus
the moment publish() returned (its transaction committed), for every (item, subscriber).

--fault stops the receiver for 30 s in the middle (SIGKILL, then a new process on the same port)
and then checks that every item version reached every subscriber, in sequence order per
subscriber, and that no Idempotency-Key arrived with two different bodies: VERIFIED or the
violations. Uses the database the `toasoan` command would use (TOASOAN_DATA_DIR / DATABASE_URL);
migrates it first.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from _common import (
    PYTHON,
    code_version,
    describe_database,
    free_port,
    load_average,
    percentile,
    setup_django,
)

SECRET = "benchmark-shared-secret-0123456789"
TARGET_P50_MS, TARGET_P99_MS = 300.0, 1000.0


# --- the receiver process (no Django) --------------------------------------------------------


def receiver_main(port: int, log_path: str) -> None:
    log = open(log_path, "a", buffering=1, encoding="utf-8")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms ACK stall

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            arrived = time.time()
            stamp = self.headers.get("X-Toasoan-Timestamp", "")
            mac = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256)
            ok = hmac.compare_digest(
                self.headers.get("X-Toasoan-Signature", ""), "sha256=" + mac.hexdigest()
            )
            record = {
                "t": arrived,
                "path": self.path,
                "key": self.headers.get("Idempotency-Key", ""),
                "seq": int(self.headers.get("X-Toasoan-Sequence", "0")),
                "hash": hashlib.sha256(body).hexdigest(),
                "sig": ok,
            }
            with lock:
                log.write(json.dumps(record) + "\n")
            answer = b"ok" if ok else b"bad signature"
            self.send_response(200 if ok else 401)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256

    def interrupt(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        log.flush()


def start_receiver(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [PYTHON, __file__, "--receiver", "--port", str(port), "--log", str(log_path)]
    )
    import socket

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the receiver did not start")


# --- the platform side -----------------------------------------------------------------------


def prepare(subscribers: int, port: int, items: int) -> tuple[Any, list[Any], list[int]]:
    from django.core.management import call_command

    from toasoan.accounts.actions import ensure_default_roles
    from toasoan.accounts.models import Agency, Desk, Membership, Outlet, Stage, User
    from toasoan.distribution.models import Destination, Product, Subscriber, Subscription
    from toasoan.newsroom import actions

    call_command("migrate", interactive=False, verbosity=0)
    roles = ensure_default_roles()
    run = f"bench{int(time.time())}"
    Subscriber.objects.filter(name__startswith="bench-").update(active=False)
    agency = Agency.objects.first() or Agency.objects.create(
        name="TTX", short_name="TTX", domain="bench.example.vn"
    )
    outlet = Outlet.objects.create(agency=agency, slug=run, name=run, kind="online")
    desk = Desk.objects.create(outlet=outlet, slug="news", name="News")
    Stage.objects.create(desk=desk, name="In", position=0)
    chief = User.objects.create_user(username=f"{run}-chief", password=None)
    Membership.objects.create(user=chief, outlet=outlet, role=roles["editor_in_chief"])
    product = Product.objects.create(name=f"{run} all", outlet_ids=[outlet.pk])
    ids = []
    for n in range(subscribers):
        sub = Subscriber.objects.create(name=f"bench-{run}-{n}", kind="client")
        Subscription.objects.create(subscriber=sub, product=product)
        Destination.objects.create(
            subscriber=sub,
            transport="http-push",
            format="ninjs",
            config={"url": f"http://127.0.0.1:{port}/s/{n}", "secret": SECRET, "timeout": 5},
        )
        ids.append(sub.pk)
    ready = []
    for n in range(items):
        item = actions.create(
            by=chief,
            outlet=outlet,
            desk=desk,
            fields={
                "headline": f"Tin thử nghiệm phân phối số {n}",
                "body_html": "<p>" + "Nội dung bản tin thử nghiệm. " * 40 + "</p>",
                "subjects": ["11000000"],
            },
        )
        item = actions.submit(item, by=chief, expected_revision=None)
        ready.append(actions.approve(item, by=chief, expected_revision=None))
    return chief, ready, ids


def read_log(path: Path) -> list[dict[str, Any]]:
    rows = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except ValueError:
                continue  # a line cut by the SIGKILL of the fault run
    return rows


def wait_drained(seconds: float) -> dict[str, int]:
    from django.db.models import Count

    from toasoan.distribution.models import OutboxEntry

    deadline = time.monotonic() + seconds
    while True:
        counts = dict(
            OutboxEntry.objects.values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        if not counts.get("pending") and not counts.get("sending"):
            return counts
        if time.monotonic() > deadline:
            return counts
        time.sleep(0.5)


def verify(
    rows: list[dict[str, Any]], published: dict[int, float], subscribers: list[int]
) -> list[str]:
    problems = []
    bodies: dict[str, str] = {}
    for r in rows:
        if not r["sig"]:
            problems.append(f"bad signature on {r['path']} {r['key']}")
        elif bodies.setdefault(r["key"], r["hash"]) != r["hash"]:
            problems.append(f"key {r['key']} arrived with two different bodies")
    by_path: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["t"]):
        if r["sig"]:
            by_path[r["path"]].append(r)
    for n, sub in enumerate(subscribers):
        arrivals = by_path.get(f"/s/{n}", [])
        seen: set[int] = set()
        last = 0
        for r in arrivals:
            if r["seq"] in seen:
                continue  # a repeat (at least once): allowed, the key lets the receiver drop it
            if r["seq"] < last:
                problems.append(f"subscriber {sub}: sequence {r['seq']} arrived after {last}")
            seen.add(r["seq"])
            last = max(last, r["seq"])
        got_items = {int(r["key"].rsplit("-", 2)[1]) for r in arrivals}
        missing = set(published) - got_items
        if missing:
            problems.append(f"subscriber {sub}: {len(missing)} item versions never arrived")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=5.0, help="publishes per second")
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--threads", type=int, default=16, help="dispatcher send threads")
    parser.add_argument("--fault", action="store_true", help="receiver down 30 s in the middle")
    parser.add_argument("--down", type=float, default=30.0, help="fault: seconds down")
    parser.add_argument("--receiver", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--log", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.receiver:
        receiver_main(args.port, args.log)
        return 0

    setup_django()
    from toasoan.distribution.dispatcher import start_thread
    from toasoan.newsroom import actions

    port = free_port()
    count = int(args.seconds * args.rate)
    print(f"distribution benchmark: {count} publishes at {args.rate}/s to {args.subscribers} "
          f"HTTP-push subscribers{' with a receiver fault' if args.fault else ''}")  # fmt: skip
    print(f"{describe_database()}; {code_version()}; {load_average()}")
    started = time.monotonic()
    chief, items, subscribers = prepare(args.subscribers, port, count)
    print(f"prepared {len(items)} items and {len(subscribers)} subscribers in "
          f"{time.monotonic() - started:.1f} s (untimed)")  # fmt: skip
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"toasoan-bench-receiver-{port}.jsonl"
    log_path.unlink(missing_ok=True)
    receiver = start_receiver(port, log_path)
    stop = threading.Event()
    dispatcher = start_thread(stop, threads=args.threads)
    published: dict[int, float] = {}
    fault_at = args.seconds / 2 - args.down / 2 if args.fault else None
    restart_at = fault_at + args.down if fault_at is not None else None
    t0 = time.monotonic()
    try:
        for n, item in enumerate(items):
            due = t0 + n / args.rate
            now = time.monotonic()
            if fault_at is not None and receiver is not None and now - t0 >= fault_at:
                receiver.kill()
                receiver.wait()
                print(f"receiver stopped at {now - t0:.1f} s")
                fault_at = None
            if restart_at is not None and fault_at is None and now - t0 >= restart_at:
                receiver = start_receiver(port, log_path)
                print(f"receiver restarted at {time.monotonic() - t0:.1f} s")
                restart_at = None
            if due > now:
                time.sleep(due - now)
            actions.publish(item, by=chief, expected_revision=None)
            published[item.pk] = time.time()
        behind = time.monotonic() - t0 - len(items) / args.rate
        print(f"published {len(published)} items (publisher finished {behind:+.2f} s vs schedule)")
        if restart_at is not None:  # a run too short to restart before the end
            time.sleep(max(0.0, t0 + restart_at - time.monotonic()))
            receiver = start_receiver(port, log_path)
        drain_started = time.monotonic()
        counts = wait_drained(180.0 if args.fault else 60.0)
        print(f"outbox after {time.monotonic() - drain_started:.1f} s of draining: {counts}")
    finally:
        stop.set()
        dispatcher.join(timeout=30)
        receiver.send_signal(signal.SIGTERM)
        receiver.wait(timeout=10)
    rows = read_log(log_path)
    first: dict[tuple[str, int], float] = {}
    for r in rows:
        if r["sig"]:
            key = (r["path"], int(r["key"].rsplit("-", 2)[1]))
            first[key] = min(first.get(key, r["t"]), r["t"])
    latencies = sorted(
        (t - published[item]) * 1000 for (_, item), t in first.items() if item in published
    )
    expected = len(published) * len(subscribers)
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    print(f"deliveries: {len(rows)} requests, {len(first)} of {expected} (item, subscriber) "
          f"pairs arrived")  # fmt: skip
    print(f"end-to-end latency ms: p50 {p50:.0f}  p95 {p95:.0f}  p99 {p99:.0f}  "
          f"max {latencies[-1] if latencies else float('nan'):.0f}")  # fmt: skip
    if args.fault:
        problems = verify(rows, published, subscribers)
        if problems:
            print(f"VIOLATIONS ({len(problems)}):")
            for p in problems[:50]:
                print("  " + p)
            return 1
        print("VERIFIED: every item version reached every subscriber, in sequence, "
              "and no idempotency key arrived with two different bodies")  # fmt: skip
        return 0
    ok = p50 <= TARGET_P50_MS and p99 <= TARGET_P99_MS and len(first) == expected
    verdict = "PASS" if ok else "MISS"
    print(f"{verdict}: target p50 <= {TARGET_P50_MS:.0f} ms, p99 <= {TARGET_P99_MS:.0f} ms, "
          f"all delivered")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
