"""The coverage status follows its story; assignees are told in the app and by email."""

from __future__ import annotations

from typing import Any

from django.core import mail

from tests.conftest import Org
from toasoan.accounts.models import AuditEntry
from toasoan.core import events
from toasoan.core.models import DomainEvent
from toasoan.newsroom import actions as newsroom
from toasoan.newsroom.models import Item, Notification
from toasoan.planning import actions
from toasoan.planning.models import Coverage, CoverageStatus


def _deliver(name: str) -> None:
    for event_id in DomainEvent.objects.filter(name=name).values_list("pk", flat=True):
        events.deliver(event_id)


def _started(org: Org, coverage: Coverage) -> Item:
    actions.assign(coverage, by=org.user("a_chief"), user=org.user("a_reporter"))
    item = actions.start_story(coverage, by=org.user("a_reporter"))
    return newsroom.save(
        item,
        by=org.user("a_reporter"),
        fields={"body_html": "<p>Nội dung.</p>"},
        expected_revision=item.revision,
    )


def status_of(coverage: Coverage) -> str:
    return Coverage.objects.get(pk=coverage.pk).status


def test_publishing_the_story_completes_the_coverage_and_correcting_keeps_it(
    org: Org, coverage: Coverage
) -> None:
    item = _started(org, coverage)
    chief = org.user("a_chief")
    item = newsroom.submit(item, by=chief, expected_revision=item.revision)
    item = newsroom.publish(item, by=chief, expected_revision=item.revision)
    assert status_of(coverage) == CoverageStatus.IN_PROGRESS  # until the consumer runs
    _deliver("item.publish")
    assert status_of(coverage) == CoverageStatus.COMPLETED
    entry = AuditEntry.objects.filter(action="coverage.follow").get()
    assert entry.actor is None and entry.details["cause"] == "item.publish"
    newsroom.correct(item, by=chief, expected_revision=item.revision, note="Sửa tên", fields={})
    _deliver("item.correct")
    assert status_of(coverage) == CoverageStatus.COMPLETED
    _deliver("item.publish")  # a second delivery changes nothing
    assert AuditEntry.objects.filter(action="coverage.follow").count() == 1


def test_spiking_the_story_cancels_the_coverage_and_unspiking_reopens_it(
    org: Org, coverage: Coverage
) -> None:
    item = _started(org, coverage)
    chief = org.user("a_chief")
    item = newsroom.spike(item, by=chief, expected_revision=item.revision)
    _deliver("item.spike")
    assert status_of(coverage) == CoverageStatus.CANCELLED
    newsroom.unspike(item, by=chief, expected_revision=item.revision)
    _deliver("item.unspike")
    assert status_of(coverage) == CoverageStatus.IN_PROGRESS


def test_assigning_a_person_notifies_them_in_the_app_and_by_email(
    org: Org, coverage: Coverage, django_capture_on_commit_callbacks: Any
) -> None:
    reporter = org.user("a_reporter")
    reporter.email = "pv@test.vn"
    reporter.save()
    actions.assign(coverage, by=org.user("a_chief"), user=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver("planning.assignment.create")
    note = Notification.objects.get(user=reporter)
    assert note.kind == "assignment"
    assert "hop-bao-chinh-phu" in note.message and "Bài viết" in note.message
    assert "03/12/2026 19:00" in note.message  # deadline in Asia/Ho_Chi_Minh
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pv@test.vn"]
    assert "hop-bao-chinh-phu" in mail.outbox[0].subject


def test_assigning_a_desk_notifies_the_writers_of_its_outlet(org: Org, coverage: Coverage) -> None:
    actions.assign(coverage, by=org.user("a_chief"), desk=org.desk_a2)
    _deliver("planning.assignment.create")
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"a_reporter", "a_reporter2", "a_editor", "a_eic"} <= told
    assert "a_chief" not in told  # the one who assigned
    assert not told & {"b_reporter", "a_admin", "src_reporter"}
