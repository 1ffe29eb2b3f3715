"""Migration 0011 moves the words the ranking bonuses ask about into search_bonuswords (and
back when unapplied), so that no document loses its exact-accent bonus: from PostgreSQL's
tsv_exact column, from SQLite's search_fts_exact table (with the compounds of search_fts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import Org
from tests.search.conftest import deliver_pending

BEFORE = ("search", "0010_pg_narrow_document_rows")
AFTER = ("search", "0011_bonus_words")
# the accented words of a document as the schema before 0011 held them
OLD_WORDS = {
    "postgresql": "SELECT tsv_exact::text FROM search_searchdocument WHERE item_id = %s",
    "sqlite": "SELECT trim(head_x || ' ' || lead_x || ' ' || body_x) FROM search_fts_exact "
    "WHERE rowid = %s",
}
WORDS = "SELECT CAST(words AS text) FROM search_bonuswords WHERE item_id = %s"


def _migrate(target: tuple[str, str]) -> None:
    MigrationExecutor(connection).migrate([target])


def _one(sql: str, *args: Any) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        row = cursor.fetchone()
    return row[0] if row else None


def _words(value: str) -> set[str]:
    return {w.strip("'") for w in value.split()}


@pytest.mark.django_db(transaction=True)
def test_the_bonus_words_move_to_their_table_and_back(org: Org, publish: Any) -> None:
    item = publish(headline="Nông dân bán lúa", abstract="Kinh tế nông thôn.", language="vi")
    deliver_pending()
    indexed = _words(_one(WORDS, item.pk))
    assert {"bán", "lúa", "kinhte"} <= indexed  # accented words and a compound
    accented = {w for w in indexed if not w.isascii()}
    try:
        _migrate(BEFORE)
        assert _words(_one(OLD_WORDS[connection.vendor], item.pk)) >= accented
        with connection.cursor() as cursor:
            assert "search_bonuswords" not in connection.introspection.table_names(cursor)
    finally:
        _migrate(AFTER)
    # SQLite had the compounds in search_fts; PostgreSQL's come back with a rebuild
    expected = indexed if connection.vendor == "sqlite" else accented
    assert _words(_one(WORDS, item.pk)) == expected
    if connection.vendor == "postgresql":
        assert not _one(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'search_searchdocument' AND column_name = 'tsv_exact'"
        )
