"""Put an item version on every active channel of its outlet, and record what came of it.

Runs from the task queue, outside any transaction (platform calls can take seconds, and SQLite
takes its write lock at BEGIN). Idempotent per (item, version, channel, action): a version that
reached a channel is not sent there again; a failed one is retried with backoff while the
platform calls the failure temporary."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from toasoan.distribution.channels.connectors import ConnectorError, Post, Remote, get_connector
from toasoan.distribution.channels.links import is_public, item_url
from toasoan.distribution.channels.models import Channel, ChannelPublication
from toasoan.distribution.channels.variants import resolve
from toasoan.newsroom.models import Item, PublishedVersion

logger = logging.getLogger(__name__)

Status = ChannelPublication.Status
Action = ChannelPublication.Action
MAX_ATTEMPTS = 5
_WITHDRAW = (Action.KILL, Action.RECALL)


def build_post(item: Item, channel: Channel, action: str) -> Post:
    connector = get_connector(channel.kind)
    variant = resolve(item, str(channel.config.get("variant") or connector.variant))
    pv = PublishedVersion.objects.filter(item=item, version=item.version).first()
    return Post(
        guid=item.guid,
        version=item.version,
        action=action,
        outlet_slug=item.outlet.slug,
        headline=variant.headline,
        summary=variant.summary,
        body_html=item.body_html,
        url=item_url(item.outlet, item.guid),
        image_url=variant.image_url,
        byline=item.byline,
        language=item.language,
        published_at=item.published_at,
        note=pv.note if pv and action != Action.PUBLISH else "",
    )


def _last_remote(item: Item, channel: Channel) -> Remote | None:
    """The post of the item that is live on the channel now (None once it was taken down)."""
    last = (
        ChannelPublication.objects.filter(
            item=item,
            channel=channel,
            status__in=(Status.PUBLISHED, Status.UPDATED, Status.REMOVED),
        )
        .exclude(remote_id="")
        .order_by("-at", "-id")
        .first()
    )
    if last is None or last.status == Status.REMOVED:
        return None
    return Remote(remote_id=last.remote_id, url=last.url)


def deliver(item_id: int, version: int, action: str) -> list[ChannelPublication]:
    """Post the item version to each active channel of its outlet; returns the records made."""
    item = Item.objects.select_related("outlet").filter(pk=item_id).first()
    if item is None or item.version != version:
        return []  # gone, or a newer version's own event supersedes this one
    if action not in _WITHDRAW and not is_public(item):
        return []
    records = []
    for channel in Channel.objects.filter(outlet=item.outlet, active=True).order_by("pk"):
        record = deliver_one(item, channel, action)
        if record is not None:
            records.append(record)
    return records


def deliver_one(item: Item, channel: Channel, action: str) -> ChannelPublication | None:
    record = ChannelPublication.objects.filter(
        item=item, version=item.version, channel=channel, action=action
    ).first()
    if record is not None and record.status != Status.FAILED:
        return record
    previous = _last_remote(item, channel)
    if action in _WITHDRAW and previous is None:
        return None  # it never reached this channel: nothing to take down
    connector = get_connector(channel.kind)
    remote: Remote | None = None
    error, retryable = "", False
    status: str = Status.FAILED
    try:
        post = build_post(item, channel, action)
        if action in _WITHDRAW and previous is not None:
            if connector.remove(channel.config, post, previous):
                remote, status = previous, Status.REMOVED
            else:
                error = "the platform cannot remove posts; remove it by hand"
        elif action == Action.CORRECT and previous is not None:
            remote = connector.update(channel.config, post, previous)
            status = Status.UPDATED
            if remote is None:  # cannot edit: a new post that carries the correction note
                remote, status = connector.publish(channel.config, post), Status.PUBLISHED
        else:
            remote, status = connector.publish(channel.config, post), Status.PUBLISHED
    except ConnectorError as exc:
        error, retryable = str(exc), exc.retryable
    except Exception as exc:  # a bad config or a bug must not stop the other channels
        logger.exception("channel %s failed on item %s", channel.pk, item.pk)
        error = f"{type(exc).__name__}: {exc}"
    record = _save(item, channel, action, record, status, remote, error)
    if record.status == Status.FAILED and retryable and record.attempts < MAX_ATTEMPTS:
        from toasoan.distribution.channels.tasks import retry_publication

        delay = timedelta(minutes=2**record.attempts)
        retry_publication.using(run_after=timezone.now() + delay).enqueue(record.pk)
    return record


def _save(
    item: Item,
    channel: Channel,
    action: str,
    record: ChannelPublication | None,
    status: str,
    remote: Remote | None,
    error: str,
) -> ChannelPublication:
    values = {
        "status": status,
        "remote_id": remote.remote_id if remote else "",
        "url": remote.url if remote else "",
        "error": error[:2000],
        "at": timezone.now(),
    }
    with transaction.atomic():
        if record is not None:
            ChannelPublication.objects.filter(pk=record.pk).update(
                attempts=record.attempts + 1, **values
            )
            record.refresh_from_db()
            return record
        try:
            with transaction.atomic():
                return ChannelPublication.objects.create(
                    item=item,
                    version=item.version,
                    outlet=item.outlet,
                    channel=channel,
                    platform=get_connector(channel.kind).platform,
                    action=action,
                    **values,
                )
        except IntegrityError:  # another worker recorded the same delivery meanwhile
            return ChannelPublication.objects.get(
                item=item, version=item.version, channel=channel, action=action
            )


def retry(publication_id: int) -> ChannelPublication | None:
    record = (
        ChannelPublication.objects.select_related("item__outlet", "channel")
        .filter(pk=publication_id)
        .first()
    )
    if record is None or record.status != Status.FAILED or record.channel is None:
        return record
    if not record.channel.active or record.item.version != record.version:
        return record
    return deliver_one(record.item, record.channel, record.action)
