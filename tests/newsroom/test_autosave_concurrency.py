"""A timed autosave and a Save from the same editor can reach the server together: the second
writer of the user's draft must update it, not fail on the (item, user) unique constraint."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from tests.conftest import Org
from toasoan.newsroom import actions
from toasoan.newsroom.actions import autosave as drafts
from toasoan.newsroom.models import Draft

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time in, so the two writes cannot interleave there",
)
def test_two_autosaves_at_once_leave_one_draft_with_the_last_form(org: Org) -> None:
    reporter = org.user("a_reporter")
    item = actions.create(
        by=reporter, outlet=org.a, desk=org.desk_a, fields={"headline": "Giá vàng hôm nay"}
    )
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            drafts.autosave(item.pk, by=reporter, form={"headline": "B"}, base_revision=1)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    other = threading.Thread(target=second_writer)
    with transaction.atomic():
        drafts.autosave(item.pk, by=reporter, form={"headline": "A"}, base_revision=1)
        other.start()
        # Let the second writer reach its INSERT while the first draft is not yet committed.
        time.sleep(0.5)
    other.join(timeout=30)
    assert not errors
    assert list(Draft.objects.values_list("form", flat=True)) == [{"headline": "B"}]
