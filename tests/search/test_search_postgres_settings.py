"""PostgreSQL: the scan turns the planner's index and sequential scans off for its own
statements only; the caller's transaction (or the next statement) plans as usual."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from toasoan.search.backends import postgres

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings are PostgreSQL's"
)


def _settings() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan')"
        )
        row = cursor.fetchone()
    return row[0], row[1]


def _inside() -> tuple[str, str]:
    with postgres._bitmaps_only():
        return _settings()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_settings_end_with_the_statements() -> None:
    assert not connection.in_atomic_block
    assert _inside() == ("off", "off")
    assert _settings() == ("on", "on")


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_settings_end_with_the_statements() -> None:
    with transaction.atomic():
        assert _inside() == ("off", "off")
        assert _settings() == ("on", "on")
