"""The dispatcher: delivers outbox entries in order per destination, fast and at least once.

One loop thread per process owns the database work: it claims the head of every destination's
queue (with the entries behind it, up to a batch), hands each destination's run to a thread pool
that only speaks to the network, and writes the outcomes back in one transaction. A destination is
in flight in at most one place at a time (locally by the in-flight set; across processes by the
`sending` state claimed under SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL), so entry n+1 never
leaves before entry n is delivered or dead. Publishing wakes the loop on commit; a one-second poll
catches retries that come due and entries written by other processes.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from toasoan.distribution.models import OPEN_STATES, Delivery, EntryState, OutboxEntry
from toasoan.distribution.transports import Payload, TransportError, get_transport

logger = logging.getLogger(__name__)
_WAKE = threading.Event()
POLL_SECONDS = 1.0


def wake() -> None:
    """Tell this process's dispatcher there is work (called on commit of a publish)."""
    _WAKE.set()


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter: half the delay fixed, half random."""
    base = _setting("DISTRIBUTION_RETRY_BASE_SECONDS", 1.0)
    cap = _setting("DISTRIBUTION_RETRY_MAX_SECONDS", 60.0)
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay / 2 + random.uniform(0, delay / 2))


@dataclass
class Outcome:
    entry: OutboxEntry
    ok: bool | None  # None: not tried (an earlier entry of the run failed)
    status: str = ""
    response: str = ""
    retryable: bool = True
    latency_ms: int = 0
    at: datetime | None = None


def send_run(entries: list[OutboxEntry]) -> list[Outcome]:
    """Send one destination's entries in order; stop at the first failure. No database access."""
    outcomes: list[Outcome] = []
    failed = False
    for entry in entries:
        if failed:
            outcomes.append(Outcome(entry, None))
            continue
        destination = entry.destination
        payload = Payload(
            body=bytes(entry.body),
            media_type=entry.media_type,
            filename=entry.filename,
            idempotency_key=entry.idempotency_key,
            item_guid=entry.guid,
            version=entry.version,
            sequence=entry.sequence,
        )
        started = time.perf_counter()
        try:
            result = get_transport(destination.transport).send(destination.config, payload)
            outcome = Outcome(entry, True, result.status, result.response[:1024])
        except TransportError as exc:
            outcome = Outcome(entry, False, exc.status, str(exc)[:1024], exc.retryable)
        except Exception as exc:  # a bug in a transport must not kill the dispatcher
            logger.exception("transport %s failed", destination.transport)
            outcome = Outcome(entry, False, "error", f"{type(exc).__name__}: {exc}"[:1024])
        outcome.latency_ms = int((time.perf_counter() - started) * 1000)
        outcome.at = timezone.now()
        outcomes.append(outcome)
        failed = not outcome.ok
    return outcomes


def claim(exclude: set[int], batch: int, lease: timedelta) -> dict[int, list[OutboxEntry]]:
    """Claim the head run of every ready destination; returns destination id -> entries."""
    now = timezone.now()
    ranked = (
        OutboxEntry.objects.filter(
            state__in=OPEN_STATES, destination__active=True, subscriber__active=True
        )
        .exclude(destination_id__in=exclude)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("destination_id")], order_by=F("sequence").asc()
            )
        )
        .filter(rank__lte=batch)
        .values_list("destination_id", "rank", "pk", "state", "next_attempt_at", "claimed_until")
    )
    runs: dict[int, list[int]] = defaultdict(list)
    for dest, _rank, pk, state, due, claimed_until in sorted(ranked):
        run = runs[dest]
        if not run:  # the head decides whether the destination is ready
            stale = state == EntryState.SENDING and claimed_until and claimed_until < now
            if (state == EntryState.PENDING and due <= now) or stale:
                run.append(pk)
            else:
                runs[dest] = [-1]  # blocked: the head waits for its retry or another process
        elif run[0] != -1 and state == EntryState.PENDING:
            run.append(pk)
    ids = [pk for run in runs.values() if run[0] != -1 for pk in run]
    if not ids:
        return {}
    with transaction.atomic():
        rows = OutboxEntry.objects.select_related("destination").filter(pk__in=ids)
        rows = rows.filter(Q(state=EntryState.PENDING) | Q(state=EntryState.SENDING,
                                                           claimed_until__lt=now))  # fmt: skip
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        claimed = sorted(rows, key=lambda e: (e.destination_id, e.sequence))
        out: dict[int, list[OutboxEntry]] = defaultdict(list)
        for entry in claimed:
            expected = runs[entry.destination_id]
            got = out[entry.destination_id]
            if expected[len(got)] == entry.pk:  # keep only an unbroken run from the head
                got.append(entry)
        until = now + lease
        OutboxEntry.objects.filter(pk__in=[e.pk for run in out.values() for e in run]).update(
            state=EntryState.SENDING, claimed_until=until
        )
    return {dest: run for dest, run in out.items() if run}


def record(outcomes: list[Outcome]) -> None:
    """Write attempts and new states, all in one transaction."""
    max_attempts = int(_setting("DISTRIBUTION_MAX_ATTEMPTS", 15))
    now = timezone.now()
    entries, deliveries = [], []
    for o in outcomes:
        e = o.entry
        e.claimed_until = None
        if o.ok is None:
            e.state = EntryState.PENDING
        else:
            e.attempts += 1
            deliveries.append(Delivery(entry=e, attempt=e.attempts, ok=o.ok, status=o.status,
                                       latency_ms=o.latency_ms, response=o.response,
                                       at=o.at or now))  # fmt: skip
            if o.ok:
                e.state, e.delivered_at, e.last_error = EntryState.DELIVERED, o.at or now, ""
            else:
                e.last_error = o.response
                if not o.retryable or e.attempts >= max_attempts:
                    e.state = EntryState.DEAD
                else:
                    e.state, e.next_attempt_at = EntryState.PENDING, now + backoff(e.attempts)
        entries.append(e)
    # One parametrised UPDATE run for all rows: Django's bulk_update builds CASE expressions
    # whose Python cost dominated the dispatcher at hundreds of deliveries per second.
    table = OutboxEntry._meta.db_table
    sql = (  # table name from the model, values as parameters
        f"UPDATE {table} SET state = %s, attempts = %s, next_attempt_at = %s, "  # noqa: S608
        "claimed_until = %s, last_error = %s, delivered_at = %s WHERE id = %s"
    )
    when = connection.ops.adapt_datetimefield_value
    rows = [
        (e.state, e.attempts, when(e.next_attempt_at), when(e.claimed_until), e.last_error,
         when(e.delivered_at), e.pk)
        for e in entries
    ]  # fmt: skip
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        Delivery.objects.bulk_create(deliveries, batch_size=500)


class Dispatcher:
    def __init__(self, threads: int = 16, batch: int = 50, lease_seconds: float = 600.0) -> None:
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dispatch")
        self.batch = batch
        self.lease = timedelta(seconds=lease_seconds)
        self.inflight: set[int] = set()
        self.done: queue.SimpleQueue[tuple[int, list[Outcome]]] = queue.SimpleQueue()
        self._last_release = 0.0

    def _submit(self, dest: int, run: list[OutboxEntry]) -> None:
        def job() -> None:
            try:
                outcomes = send_run(run)
            except BaseException:
                outcomes = [Outcome(e, None) for e in run]
                raise
            finally:
                self.done.put((dest, outcomes))
                _WAKE.set()

        self.inflight.add(dest)
        self.pool.submit(job)

    def _drain(self) -> int:
        outcomes: list[Outcome] = []
        while True:
            try:
                dest, got = self.done.get_nowait()
            except queue.Empty:
                break
            self.inflight.discard(dest)
            outcomes.extend(got)
        if outcomes:
            record(outcomes)
        return len(outcomes)

    def step(self) -> int:
        """Record finished runs, release due embargoes, claim and start new runs."""
        from toasoan.distribution.outbox import release_due

        if time.monotonic() - self._last_release >= POLL_SECONDS:
            self._last_release = time.monotonic()
            release_due()
        # Outcomes and the next claim share one transaction: one write lock per step on SQLite,
        # where publishes hold the lock for their whole transaction.
        with transaction.atomic():
            drained = self._drain()
            runs = claim(set(self.inflight), self.batch, self.lease)
        for dest, run in runs.items():
            self._submit(dest, run)
        return drained + sum(len(r) for r in runs.values())

    def run_until_idle(self, timeout: float = 30.0) -> None:
        """Deliver everything that is due now, then return (tests, the CLI command)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = self.step()
            if not busy and not self.inflight:
                return
            _WAKE.wait(0.05)
            _WAKE.clear()

    def run_forever(self, stop: threading.Event) -> None:
        checked = time.monotonic()
        while not stop.is_set():
            _WAKE.clear()
            if time.monotonic() - checked > 30:
                close_old_connections()
                checked = time.monotonic()
            try:
                self.step()
            except Exception:
                logger.exception("dispatcher step failed")
                close_old_connections()
                stop.wait(1.0)
            _WAKE.wait(self._idle_wait())
        self.pool.shutdown(wait=True)
        self._drain()

    def _idle_wait(self) -> float:
        if not self.done.empty():
            return 0.0
        retrying = OutboxEntry.objects.filter(state=EntryState.PENDING, attempts__gt=0)
        due = retrying.exclude(destination_id__in=self.inflight).aggregate(
            first=Min("next_attempt_at")
        )["first"]
        if due is None:
            return POLL_SECONDS
        return max(0.0, min(POLL_SECONDS, (due - timezone.now()).total_seconds()))

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self._drain()


def run_once(timeout: float = 30.0) -> None:
    dispatcher = Dispatcher()
    try:
        dispatcher.run_until_idle(timeout)
    finally:
        dispatcher.close()


def _thread_main(stop: threading.Event, threads: int) -> None:
    try:
        Dispatcher(threads=threads).run_forever(stop)
    finally:
        connection.close()


def start_thread(stop: threading.Event, threads: int = 16) -> threading.Thread:
    """Start the dispatcher loop as a daemon thread of this process (serve, worker)."""
    thread = threading.Thread(
        target=_thread_main, args=(stop, threads), daemon=True, name="dispatcher"
    )
    thread.start()
    return thread
