"""PostgreSQL: migration 0011 moves the accented words out of the document rows into
search_bonuswords (and back when unapplied), so that no document loses its exact-accent bonus."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import Org
from tests.search.conftest import deliver_pending

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search_bonuswords is PostgreSQL's"
)
BEFORE = ("search", "0010_pg_narrow_document_rows")
AFTER = ("search", "0011_pg_bonus_words")


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def _one(sql: str, *args: Any) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.django_db(transaction=True)
def test_the_accented_words_move_to_their_table_and_back(org: Org, publish: Any) -> None:
    item = publish(headline="Nông dân bán lúa", abstract="Kinh tế nông thôn.", language="vi")
    deliver_pending()
    words = "SELECT words::text FROM search_bonuswords WHERE item_id = %s"
    indexed = _one(words, item.pk)
    assert "'bán'" in indexed and "'kinhte'" in indexed  # accented words and a compound
    try:
        _migrate(BEFORE)
        exact = _one(
            "SELECT tsv_exact::text FROM search_searchdocument WHERE item_id = %s", item.pk
        )
        assert exact == " ".join(w for w in indexed.split() if not w.isascii())
        assert _one("SELECT to_regclass('search_bonuswords')") is None
    finally:
        _migrate(AFTER)
    assert _one(words, item.pk) == exact  # the compounds come back with a rebuild
    assert (
        _one(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'search_searchdocument' AND column_name = 'tsv_exact'"
        )
        == 0
    )
