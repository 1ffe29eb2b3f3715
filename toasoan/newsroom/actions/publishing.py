"""Moving an item through the workflow: submit, approve, publish, schedule, correct, kill, spike."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from toasoan.accounts.models import Desk, Stage, User
from toasoan.core.errors import DomainError, InvalidInput
from toasoan.core.text import clean_text
from toasoan.newsroom.actions._common import (
    add_revision,
    authorise,
    load_for_write,
    record,
    state_of,
    touch,
)
from toasoan.newsroom.actions.editing import resolve_place
from toasoan.newsroom.fields import clean_fields
from toasoan.newsroom.models import Item, PublishedVersion, PubStatus, Revision, State
from toasoan.newsroom.representation import document
from toasoan.newsroom.workflow import Action

logger = logging.getLogger(__name__)


def _transition(
    item: Item | int,
    action: Action,
    by: User,
    expected_revision: int | None,
    **details: Any,
) -> tuple[Item, dict[str, Any]]:
    item = load_for_write(item, expected_revision=expected_revision, by=by)
    rule = authorise(item, action, by)
    before = state_of(item)
    if rule.target is not None:
        item.state = rule.target
    touch(item, by)
    return item, before


def _note(value: str | None, field: str) -> str:
    text = clean_text(value or "", field=field, multiline=True).strip()
    if not text:
        raise InvalidInput("is required", field=field)
    return text


@transaction.atomic
def submit(
    item: Item | int,
    *,
    by: User,
    expected_revision: int | None,
    desk: Desk | int | None = None,
    stage: Stage | int | None = None,
) -> Item:
    item, before = _transition(item, Action.SUBMIT, by, expected_revision)
    if desk is not None or stage is not None or item.desk is None:
        if desk is None and stage is None:
            raise InvalidInput("name the desk to submit to", field="desk")
        item.desk, item.stage = resolve_place(item.outlet, desk, stage)
    item.save()
    record(item, by, Action.SUBMIT, before=before, details={"desk": item.desk_id})
    return item


@transaction.atomic
def move(
    item: Item | int,
    *,
    by: User,
    expected_revision: int | None,
    desk: Desk | int | None = None,
    stage: Stage | int | None = None,
) -> Item:
    if desk is None and stage is None:
        raise InvalidInput("name a desk or a stage", field="desk")
    item, before = _transition(item, Action.MOVE, by, expected_revision)
    item.desk, item.stage = resolve_place(item.outlet, desk, stage)
    item.save()
    record(item, by, Action.MOVE, before=before, details={"desk": item.desk_id})
    return item


@transaction.atomic
def approve(item: Item | int, *, by: User, expected_revision: int | None) -> Item:
    item, before = _transition(item, Action.APPROVE, by, expected_revision)
    item.save()
    record(item, by, Action.APPROVE, before=before)
    return item


def _check_publishable(item: Item) -> None:
    if not item.headline:
        raise InvalidInput("a headline is required to publish", field="headline")
    if item.type == "text" and not item.body_html:
        raise InvalidInput("a text item needs a body to publish", field="body_html")


def _write_version(
    item: Item, by: User, kind: PublishedVersion.Kind, note: str = ""
) -> PublishedVersion:
    now = item.updated_at
    item.version += 1
    item.published_at = now
    item.first_published_at = item.first_published_at or now
    release_at = max(now, item.embargo_until) if item.embargo_until else now
    item.save()
    return PublishedVersion.objects.create(
        item=item,
        version=item.version,
        kind=kind,
        published_by=by,
        published_at=now,
        release_at=release_at,
        note=note,
        snapshot=document(item),
    )


@transaction.atomic
def publish(item: Item | int, *, by: User, expected_revision: int | None) -> Item:
    """Publish the current content as a new version; an embargo holds its release."""
    item, before = _transition(item, Action.PUBLISH, by, expected_revision)
    _check_publishable(item)
    item.publish_at = None
    pv = _write_version(item, by, PublishedVersion.Kind.PUBLISH)
    record(item, by, Action.PUBLISH, before=before, details={"release_at": _iso(pv.release_at)})
    return item


@transaction.atomic
def schedule(
    item: Item | int, *, by: User, expected_revision: int | None, publish_at: datetime | None
) -> Item:
    if publish_at is None or timezone.is_naive(publish_at):
        raise InvalidInput("must be a date-time with a time zone", field="publish_at")
    if publish_at <= timezone.now():
        raise InvalidInput("must be in the future", field="publish_at")
    item, before = _transition(item, Action.SCHEDULE, by, expected_revision)
    _check_publishable(item)
    item.publish_at = publish_at
    item.scheduled_by = by
    item.save()
    record(item, by, Action.SCHEDULE, before=before, details={"publish_at": _iso(publish_at)})
    due = publish_at
    pk = item.pk
    transaction.on_commit(lambda: _enqueue_scheduled(pk, due), robust=True)
    return item


def _enqueue_scheduled(item_id: int, due: datetime) -> None:
    from toasoan.newsroom.tasks import publish_scheduled

    publish_scheduled.using(run_after=due).enqueue(item_id, due.isoformat())


@transaction.atomic
def unschedule(item: Item | int, *, by: User, expected_revision: int | None) -> Item:
    item, before = _transition(item, Action.UNSCHEDULE, by, expected_revision)
    item.publish_at = None
    item.scheduled_by = None
    item.save()
    record(item, by, Action.UNSCHEDULE, before=before)
    return item


def publish_due(now: datetime | None = None) -> list[int]:
    """Publish every scheduled item whose time has come (the task's work, and a safety sweep)."""
    now = now or timezone.now()
    published = []
    due = Item.objects.filter(state=State.SCHEDULED, publish_at__lte=now)
    for item_id, user_id in due.values_list("pk", "scheduled_by_id"):
        with transaction.atomic():
            item = Item.objects.select_for_update().filter(pk=item_id).first()
            if item is None or item.state != State.SCHEDULED or not item.publish_at:
                continue
            if item.publish_at > now:
                continue
            user = User.objects.get(pk=user_id) if user_id else item.updated_by
            try:
                publish(item, by=user, expected_revision=None)
            except DomainError as exc:
                logger.warning("scheduled publish of item %s failed: %s", item_id, exc.message)
                continue
            published.append(item_id)
    return published


@transaction.atomic
def correct(
    item: Item | int,
    *,
    by: User,
    expected_revision: int | None,
    note: str,
    fields: dict[str, Any] | None = None,
) -> Item:
    """A correction is a new published version carrying a public note."""
    text = _note(note, "note")
    values = clean_fields(fields or {})
    item, before = _transition(item, Action.CORRECT, by, expected_revision)
    changed = sorted(k for k, v in values.items() if getattr(item, k) != v)
    for name in changed:
        setattr(item, name, values[name])
    _check_publishable(item)
    add_revision(item, by, Revision.Kind.CORRECT, changed)
    _write_version(item, by, PublishedVersion.Kind.CORRECT, text)
    record(item, by, Action.CORRECT, before=before, details={"note": text, "changed": changed})
    return item


@transaction.atomic
def kill(item: Item | int, *, by: User, expected_revision: int | None, reason: str) -> Item:
    """Withdraw the item everywhere; the reason is recorded and sent with the kill."""
    text = _note(reason, "reason")
    item, before = _transition(item, Action.KILL, by, expected_revision)
    item.pubstatus = PubStatus.CANCELED
    item.kill_reason = text
    _write_version(item, by, PublishedVersion.Kind.KILL, text)
    record(item, by, Action.KILL, before=before, details={"reason": text})
    return item


@transaction.atomic
def recall(item: Item | int, *, by: User, expected_revision: int | None, reason: str = "") -> Item:
    """Take the item down quietly (withheld); it can be killed or updated later."""
    item, before = _transition(item, Action.RECALL, by, expected_revision)
    item.pubstatus = PubStatus.WITHHELD
    text = clean_text(reason or "", field="reason", multiline=True).strip()
    _write_version(item, by, PublishedVersion.Kind.RECALL, text)
    record(item, by, Action.RECALL, before=before, details={"reason": text})
    return item


@transaction.atomic
def spike(item: Item | int, *, by: User, expected_revision: int | None) -> Item:
    item, before = _transition(item, Action.SPIKE, by, expected_revision)
    item.save()
    record(item, by, Action.SPIKE, before=before)
    return item


@transaction.atomic
def unspike(item: Item | int, *, by: User, expected_revision: int | None) -> Item:
    item, before = _transition(item, Action.UNSPIKE, by, expected_revision)
    item.save()
    record(item, by, Action.UNSPIKE, before=before)
    return item


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
