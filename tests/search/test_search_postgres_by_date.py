"""PostgreSQL's newest(): a big, sparse match set sorted by date is read month by month through
the GIN index (the month tokens). It must give what sorting every match by date gives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import Org
from toasoan.accounts.models import User
from toasoan.newsroom.models import Item
from toasoan.search import service
from toasoan.search.backends.base import Filters

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the date windows are PostgreSQL's"
)


def _archive(org: Org) -> None:
    """60 items, one every 23 days back from today (four years): Vietnamese and English,
    "lũ" in every third, ids not in date order (the newest written first, some shuffled)."""
    now = timezone.now()
    for n in range(60):
        days = ((n * 7) % 60) * 23
        Item.objects.create(
            guid=f"urn:test:date:{n}",
            outlet=org.a if n % 4 else org.b,
            headline=f"Bão số {n}" + (" gây lũ" if n % 3 == 0 else ""),
            body_html="<p>Tin thời tiết.</p>",
            language="en" if n % 5 == 0 else "vi",
            state="published",
            published_at=now - timedelta(days=days, hours=n),
            created_by=org.user("a_eic"),
            updated_by=org.user("a_eic"),
        )
    service.index_items(list(Item.objects.values_list("pk", flat=True)))


def _pages(user: User, q: str, filters: Filters) -> list[int]:
    ids: list[int] = []
    cursor = None
    for _ in range(4):
        page = service.search(user, q, filters=filters, sort="date", limit=7, cursor=cursor)
        ids += [r["id"] for r in page.results]
        cursor = page.next_cursor
        if cursor is None:
            break
    return ids


@pytest.mark.parametrize("last_window", [1, 64])  # through the last query, or windows only
def test_sorting_by_date_month_by_month_matches_sorting_every_match(
    org: Org, monkeypatch: pytest.MonkeyPatch, last_window: int
) -> None:
    from toasoan.search.backends import postgres

    _archive(org)
    user = org.user("agency_admin")
    today = timezone.localdate()
    cases = [
        ("bao", Filters()),
        ("lu", Filters()),
        ("bao NOT lu", Filters(languages=["vi"])),
        ('"so 12" OR lu', Filters()),
        ("headline:bao", Filters(date_from=today - timedelta(days=800), date_to=today)),
        ("", Filters(languages=["en"])),
        ("bao", Filters(date_from=date(2000, 1, 1), date_to=today - timedelta(days=400))),
    ]
    expected = [_pages(user, q, f) for q, f in cases]  # every match read, sorted in Python
    assert all(expected) and sum(map(len, expected)) >= 100
    monkeypatch.setattr(service, "SAMPLE", 3)  # big match sets: newest() sorts them
    monkeypatch.setattr(postgres, "DATE_WALK_DENSITY", 2.0)  # always by date windows
    monkeypatch.setattr(postgres, "LAST_WINDOW_MONTHS", last_window)
    assert [_pages(user, q, f) for q, f in cases] == expected
