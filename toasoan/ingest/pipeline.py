"""decode -> clean (NFC, sanitised HTML) -> dedupe -> route -> store, one transaction per item.

A document that cannot be decoded fails alone; an item that cannot be stored fails alone (its
transaction rolls back, nothing half-written); the other items of the batch go on. The caller
(polling, push) records the outcome on the feed with `finish()`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from toasoan.core.errors import DomainError, InvalidInput
from toasoan.core.text import clean_text
from toasoan.formats.model import FormatError, NewsItem
from toasoan.ingest import dedupe, routing
from toasoan.ingest.decoding import decode_document, format_for
from toasoan.ingest.models import Feed, FeedState, IngestedItem
from toasoan.ingest.service import service_user
from toasoan.newsroom import actions
from toasoan.newsroom.fields import clean_fields
from toasoan.newsroom.models import Item, State
from toasoan.vocabularies import mediatopics

logger = logging.getLogger(__name__)
Outcome = IngestedItem.Outcome
MAX_ERRORS_KEPT = 20
_LIVE = (State.PUBLISHED, State.CORRECTED, State.RECALLED)
_EDITABLE = (State.DRAFT, State.IN_PROGRESS, State.SUBMITTED, State.READY)


@dataclass
class Report:
    """What one poll or push did."""

    documents: int = 0
    received: int = 0
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    ignored: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Report) -> None:
        for name in ("documents", "received", "created", "updated", "withdrawn", "ignored"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.duplicates += other.duplicates
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _fields(news: NewsItem, feed: Feed) -> dict[str, Any]:
    """The newsroom fields of a decoded item (validated by clean_fields afterwards)."""
    values: dict[str, Any] = {
        name: getattr(news, name)
        for name in (
            "headline", "slugline", "byline", "dateline_place", "dateline_date", "abstract",
            "body_html", "genre", "places", "people", "organisations", "keywords",
            "copyright_holder", "copyright_notice", "usage_terms", "embargo_until",
        )
    }  # fmt: skip
    values["subjects"] = [c for c in news.subjects if mediatopics.is_known(c)]
    values["credit"] = news.credit or news.provider or feed.name
    for name in ("urgency", "priority"):
        if getattr(news, name) is not None:
            values[name] = getattr(news, name)
    if news.language:
        values["language"] = news.language
    if news.pubstatus == "withheld":
        values["pubstatus"] = "withheld"
    return values


def _withdraw(item: Item, feed: Feed, news: NewsItem) -> str:
    by = service_user(item.outlet.agency)
    if item.state in _LIVE:
        reason = news.ednote or f"Withdrawn by the source ({feed.name})"
        actions.kill(item, by=by, expected_revision=None, reason=reason)
        return Outcome.KILLED
    if item.state in _EDITABLE:
        actions.spike(item, by=by, expected_revision=None)
        return Outcome.SPIKED
    return Outcome.SKIPPED


def _update(item: Item, feed: Feed, news: NewsItem, fields: dict[str, Any]) -> str:
    by = service_user(item.outlet.agency)
    if item.state in (State.PUBLISHED, State.CORRECTED):
        note = news.ednote or f"Updated by the source ({feed.name}), version {news.version}"
        actions.correct(item, by=by, expected_revision=None, note=note, fields=fields)
        return Outcome.CORRECTED
    if item.state in _EDITABLE:
        actions.save(item, by=by, expected_revision=None, fields=fields)
        return Outcome.UPDATED
    return Outcome.SKIPPED  # killed, spiked, recalled: an update does not bring it back


def _create(feed: Feed, news: NewsItem, fields: dict[str, Any]) -> Item:
    place = routing.route(feed, news)
    by = service_user(place.outlet.agency)
    item = actions.create(
        by=by, outlet=place.outlet, type=news.type, desk=place.desk, stage=place.stage,
        fields=fields,
    )  # fmt: skip
    if item.desk_id is not None:
        item = actions.submit(item, by=by, expected_revision=None, stage=item.stage)
    if place.auto_publish:
        item = actions.publish(item, by=by, expected_revision=None)
    return item


@transaction.atomic
def ingest_item(feed: Feed, news: NewsItem) -> tuple[str, bool]:
    """Store one decoded item; returns (what happened, whether it is a duplicate of another
    partner's story). "ignored" means a resend or an older version."""
    guid = clean_text(news.guid, field="guid").strip()
    if not guid or len(guid) > 500:
        raise InvalidInput("must be 1 to 500 characters", field="guid")
    fields = _fields(news, feed)
    clean = clean_fields(fields)  # NFC, sanitised HTML, checked values, before anything is written
    digest = dedupe.text_hash(clean.get("headline", ""), clean.get("body_html", ""))
    now = timezone.now()
    record = IngestedItem.objects.select_for_update().filter(feed=feed, guid=guid).first()
    if record is None:
        if news.pubstatus == "canceled":
            return "ignored", False  # a kill of something we never had
        item = _create(feed, news, fields)
        original = dedupe.original_of(feed, digest)
        IngestedItem.objects.create(
            feed=feed, guid=guid, version=news.version, pubstatus=news.pubstatus,
            text_hash=digest, item=item, duplicate_of=original, received_at=now, updated_at=now,
        )  # fmt: skip
        return Outcome.CREATED, original is not None
    resend = news.version == record.version and digest == record.text_hash
    if news.version < record.version or (resend and news.pubstatus == record.pubstatus):
        return "ignored", False
    current = (
        Item.objects.select_related("outlet__agency").filter(pk=record.item_id).first()
        if record.item_id
        else None
    )
    if current is None:
        outcome: str = Outcome.SKIPPED  # the newsroom deleted it: nothing to update
    elif news.pubstatus == "canceled":
        outcome = _withdraw(current, feed, news)
    else:
        outcome = _update(current, feed, news, fields)
    record.version, record.pubstatus, record.outcome = news.version, news.pubstatus, outcome
    record.updated_at = now
    if digest != record.text_hash:
        record.text_hash = digest
        record.duplicate_of = dedupe.original_of(feed, digest)
    record.save()
    return outcome, record.duplicate_of_id is not None


def _describe(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return f"{exc.field}: {exc.message}" if exc.field else exc.message
    return str(exc)


def ingest_document(feed: Feed, data: bytes, *, content_type: str = "", name: str = "") -> Report:
    report = Report(documents=1)
    label = name or "document"
    try:
        items = decode_document(data, format_for(content_type, feed.format))
    except FormatError as exc:
        report.errors.append(f"{label}: {exc}")
        return report
    for n, news in enumerate(items, start=1):
        report.received += 1
        try:
            outcome, duplicate = ingest_item(feed, news)
        except (DomainError, FormatError) as exc:
            report.errors.append(f"{label}: item {n} ({news.guid[:200]}): {_describe(exc)}")
            continue
        except IntegrityError:  # the same guid arrived twice at the same moment: one is kept
            report.ignored += 1
            continue
        except Exception as exc:  # one item's unexpected failure must not stop the batch
            logger.exception("ingest of %s item %s failed", feed.pk, news.guid)
            report.errors.append(f"{label}: item {n} ({news.guid[:200]}): internal error {exc!r}")
            continue
        report.duplicates += int(duplicate and outcome == Outcome.CREATED)
        if outcome == Outcome.CREATED:
            report.created += 1
        elif outcome in (Outcome.UPDATED, Outcome.CORRECTED):
            report.updated += 1
        elif outcome in (Outcome.KILLED, Outcome.SPIKED):
            report.withdrawn += 1
        else:
            report.ignored += 1
    return report


def finish(feed: Feed, report: Report, *, polled: bool = True) -> None:
    """Record the outcome on the feed (an update of these columns only: a concurrent edit of the
    feed's settings is not overwritten)."""
    now = timezone.now()
    changes: dict[str, Any] = {"last_polled_at": now} if polled else {}
    if report.errors:
        kept = report.errors[:MAX_ERRORS_KEPT]
        more = len(report.errors) - len(kept)
        text = "\n".join(kept) + (f"\n… and {more} more" if more else "")
        changes.update(
            state=FeedState.FAILING,
            last_error=text[:8000],
            consecutive_failures=F("consecutive_failures") + 1,
        )
    else:
        changes.update(last_success_at=now, last_error="", consecutive_failures=0)
        changes["state"] = FeedState.OK if feed.active else FeedState.DISABLED
    Feed.objects.filter(pk=feed.pk).update(**changes)
    feed.refresh_from_db()
