"""PostgreSQL: documents get the id blocks they are in as lexemes of tsv_all ("¤i12": ids
49152-53247, "¤j3", "¤h0": blocks of 2^12, 2^16 and 2^20 ids; backends/filter_tokens.py), so
that the GIN index finds a query's matches among the newest documents without reading the
others; and the vectors and texts are kept in the row, compressed (STORAGE MAIN), instead of
a TOAST table: checking a phrase or ranking reads one page, not an index and its chunks. All of
them: with tsv_all alone kept in, every other text bigger than a pointer would be moved out to
make room (PostgreSQL takes the biggest column it may move out first, until the row fits in
2 kB), and the scan reads the topics of every match.

Rewrites every document row (minutes at a million documents). SQLite: nothing to do.
"""

from django.db import migrations

FILL = """
UPDATE search_searchdocument d SET tsv_all = d.tsv_all || array_to_tsvector(ARRAY[
    '\u00a4i' || (d.item_id >> 12), '\u00a4j' || (d.item_id >> 16), '\u00a4h' || (d.item_id >> 20)
])
"""
COLUMNS = (
    "tsv_all",
    "tsv_head",
    "tsv_slug",
    "tsv_byline",
    "tsv_subj",
    "tsv_exact",
    "headline_folded",
    "subjects",
)
STORAGE = "ALTER TABLE search_searchdocument " + ", ".join(
    f"ALTER COLUMN {c} SET STORAGE {{0}}" for c in COLUMNS
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(STORAGE.format("MAIN"))
    schema_editor.execute(FILL)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STORAGE.format("EXTENDED"))


class Migration(migrations.Migration):
    dependencies = [("search", "0008_pg_no_exact_gin")]
    operations = [migrations.RunPython(forwards, backwards)]
