"""Emit domain events and hand them to the consumers that subscribe to them.

An action calls `emit()` inside its transaction; the event row commits with the change. After commit
a task delivers it to each consumer that has not handled it yet; `replay_pending()` (run by workers
at start and every minute) picks up anything a crash left behind. Consumers must be idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from toasoan.core.models import DomainEvent, EventHandled

logger = logging.getLogger(__name__)

Consumer = Callable[[DomainEvent], None]
_consumers: dict[str, tuple[frozenset[str], Consumer]] = {}
# Handlers run by emit() itself, inside the action's transaction: for what must commit or roll
# back with the change (the distribution outbox). Keep them short; they may not swallow errors.
_in_transaction: dict[str, tuple[frozenset[str], Consumer]] = {}


def consumer(name: str, *, events: set[str]) -> Callable[[Consumer], Consumer]:
    """Register a consumer of the named events under a stable name (the mark it leaves)."""

    def register(fn: Consumer) -> Consumer:
        _consumers[name] = (frozenset(events), fn)
        return fn

    return register


def in_transaction(name: str, *, events: set[str]) -> Callable[[Consumer], Consumer]:
    """Register a handler that emit() runs inside the emitting transaction (see above)."""

    def register(fn: Consumer) -> Consumer:
        _in_transaction[name] = (frozenset(events), fn)
        return fn

    return register


def emit(name: str, **payload: Any) -> DomainEvent:
    event = DomainEvent.objects.create(name=name, payload=payload)
    for wanted, handler in _in_transaction.values():
        if name in wanted:
            handler(event)
    if any(name in wanted for wanted, _ in _consumers.values()):
        transaction.on_commit(lambda: _enqueue(event.pk), robust=True)
    return event


def _enqueue(event_id: int) -> None:
    from toasoan.core.tasks import deliver_event

    deliver_event.enqueue(event_id)


def deliver(event_id: int) -> int:
    """Run every interested consumer that has not yet handled the event; returns how many ran."""
    event = DomainEvent.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    done = set(EventHandled.objects.filter(event=event).values_list("consumer", flat=True))
    ran = 0
    for name, (wanted, fn) in _consumers.items():
        if event.name not in wanted or name in done:
            continue
        try:
            with transaction.atomic():
                fn(event)
                EventHandled.objects.create(event=event, consumer=name)
            ran += 1
        except IntegrityError:
            continue  # another worker handled it at the same moment
        except Exception:
            logger.exception("consumer %s failed on event %s", name, event.pk)
    return ran


def replay_pending(older_than: timedelta = timedelta(seconds=30), limit: int = 500) -> int:
    """Deliver recent events that an interested consumer has not marked as handled."""
    now = timezone.now()
    window = (now - timedelta(days=7), now - older_than)
    pending: set[int] = set()
    for name, (wanted, _) in _consumers.items():
        done = EventHandled.objects.filter(consumer=name).values("event_id")
        unhandled = (
            DomainEvent.objects.filter(name__in=wanted, created_at__range=window)
            .exclude(pk__in=done)
            .order_by("id")
            .values_list("pk", flat=True)[:limit]
        )
        pending.update(unhandled)
    for event_id in sorted(pending)[:limit]:
        deliver(event_id)
    return min(len(pending), limit)
