"""The audit log: every action appends one entry chained to the previous one by SHA-256.

Entries are written in the transaction of the action they record. Appends are serialised (SQLite
takes its write lock at BEGIN IMMEDIATE; PostgreSQL takes a transaction-scoped advisory lock), so
the chain has no forks. `verify()` recomputes every hash and reports the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from toasoan.accounts.models import AuditEntry, Outlet, User
from toasoan.core.middleware import current_request_id

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x70A50A  # advisory lock id for the audit chain


def digest(snapshot: dict[str, Any] | None) -> str:
    if snapshot is None:
        return ""
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _entry_hash(entry: AuditEntry) -> str:
    fields = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "outlet_id": entry.outlet_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "action": entry.action,
        "request_id": entry.request_id,
        "before_digest": entry.before_digest,
        "after_digest": entry.after_digest,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }
    data = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def record(
    actor: User | None,
    action: str,
    *,
    object_type: str,
    object_id: object,
    outlet: Outlet | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return record(
                actor,
                action,
                object_type=object_type,
                object_id=object_id,
                outlet=outlet,
                before=before,
                after=after,
                details=details,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    entry = AuditEntry(
        seq=seq,
        at=timezone.now(),
        actor=actor,
        actor_name=actor.username if actor else "system",
        outlet=outlet,
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        request_id=current_request_id.get(),
        before_digest=digest(before),
        after_digest=digest(after),
        details=details or {},
        prev_hash=prev,
    )
    entry.hash = _entry_hash(entry)
    entry.save()
    return entry


def as_row(entry: AuditEntry) -> dict[str, Any]:
    """An entry as JSON-ready data (API and export)."""
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_name,
        "outlet": entry.outlet_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "action": entry.action,
        "request_id": entry.request_id,
        "before_digest": entry.before_digest,
        "after_digest": entry.after_digest,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


@dataclass(frozen=True)
class Broken:
    seq: int
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head: str
    broken: Broken | None


def _stored(entry: AuditEntry) -> AuditEntry:
    # Hash what the database holds, in the form it was hashed when written (aware UTC datetime).
    if isinstance(entry.at, datetime) and timezone.is_naive(entry.at):
        entry.at = timezone.make_aware(entry.at, UTC)
    return entry


def verify(batch: int = 2000) -> VerifyResult:
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for entry in _iter_entries(batch):
        entry = _stored(entry)
        if entry.seq != expected_seq:
            return VerifyResult(checked, expected_prev, Broken(expected_seq, "entry missing"))
        if entry.prev_hash != expected_prev:
            return VerifyResult(checked, expected_prev, Broken(entry.seq, "chain link broken"))
        if _entry_hash(entry) != entry.hash:
            return VerifyResult(checked, expected_prev, Broken(entry.seq, "content altered"))
        expected_prev, expected_seq, checked = entry.hash, entry.seq + 1, checked + 1
    return VerifyResult(checked, expected_prev, None)


def _iter_entries(batch: int) -> Iterator[AuditEntry]:
    after = 0
    while True:
        chunk = list(AuditEntry.objects.filter(seq__gt=after).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        after = chunk[-1].seq
