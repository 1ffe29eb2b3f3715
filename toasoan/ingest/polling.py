"""Poll one feed (whatever its kind) and record the outcome; find the feeds that are due.

Each feed is polled in its own task, every wait bounded by the fetchers' timeouts, so one feed
that hangs or fails never holds up another.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from toasoan.ingest.fetchers import (
    CONNECT_TIMEOUT,
    MAX_DOCUMENT_BYTES,
    READ_TIMEOUT,
    Document,
    FetchError,
    folder,
    ftp,
    http,
    sftp,
)
from toasoan.ingest.models import Feed, FeedKind
from toasoan.ingest.models.feeds import POLLED_KINDS
from toasoan.ingest.pipeline import Report, finish, ingest_document
from toasoan.ingest.validation import inside_folder_roots


def _picked_up(feed: Feed, report: Report) -> folder.Handler:
    def handle(doc: Document) -> bool:
        result = ingest_document(feed, doc.data, content_type=doc.content_type, name=doc.name)
        report.add(result)
        return not result.errors

    return handle


def _http(feed: Feed, report: Report) -> None:
    result = http.fetch(
        feed.url,
        etag=feed.etag,
        last_modified=feed.last_modified,
        connect_timeout=float(getattr(settings, "INGEST_CONNECT_TIMEOUT", CONNECT_TIMEOUT)),
        read_timeout=float(getattr(settings, "INGEST_READ_TIMEOUT", READ_TIMEOUT)),
        limit=int(getattr(settings, "INGEST_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES)),
    )
    if result.document is None:
        return  # 304: nothing new
    doc = result.document
    outcome = ingest_document(feed, doc.data, content_type=doc.content_type, name=feed.url)
    report.add(outcome)
    if not outcome.errors:
        # Keep the validators only when everything went in, so a failed document is fetched again.
        Feed.objects.filter(pk=feed.pk).update(etag=result.etag, last_modified=result.last_modified)


def poll(feed: Feed) -> Report:
    """Fetch and ingest what the feed has now; the result is also recorded on the feed."""
    report = Report()
    try:
        if feed.kind == FeedKind.HTTP:
            _http(feed, report)
        elif feed.kind == FeedKind.FOLDER:
            if not inside_folder_roots(feed.path):
                raise FetchError(f"the folder {feed.path} is outside the pick-up folder roots")
            limit = int(getattr(settings, "INGEST_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES))
            handle = _picked_up(feed, report)
            report.errors.extend(folder.pick_up(feed.path, handle, limit=limit))
        elif feed.kind == FeedKind.SFTP:
            server = sftp.Server(
                feed.host, feed.port or 22, feed.username, feed.password, feed.host_key, feed.path
            )
            report.errors.extend(sftp.pick_up(server, _picked_up(feed, report)))
        elif feed.kind == FeedKind.FTP:
            ftp_server = ftp.Server(
                feed.host, feed.port or 21, feed.username, feed.password, feed.path, feed.use_tls
            )
            report.errors.extend(ftp.pick_up(ftp_server, _picked_up(feed, report)))
        else:
            raise FetchError("a push feed is not polled: the partner sends to it")
    except FetchError as exc:
        report.errors.append(exc.message)
    finish(feed, report)
    return report


def claim_due(now: datetime | None = None) -> list[int]:
    """Feeds whose time has come, each claimed (its next poll moved on) so that two sweepers
    never poll the same feed twice."""
    now = now or timezone.now()
    due = Feed.objects.filter(active=True, kind__in=POLLED_KINDS, next_poll_at__lte=now)
    claimed = []
    for feed_id, interval in due.values_list("pk", "interval_seconds"):
        taken = Feed.objects.filter(pk=feed_id, next_poll_at__lte=now).update(
            next_poll_at=now + timedelta(seconds=max(interval, 1))
        )
        if taken:
            claimed.append(feed_id)
    return claimed


def poll_due() -> list[int]:
    """Enqueue one poll task per due feed (run by the sweeper)."""
    from toasoan.ingest.tasks import poll_feed

    claimed = claim_due()
    for feed_id in claimed:
        poll_feed.enqueue(feed_id)
    return claimed
