"""PostgreSQL: the body's own vector goes, and the vectors are compressed with lz4.

- tsv_body held the body's words a second time (they are tsv_all's unweighted lexemes): body:
  terms now read tsv_all with weight D ('word':D), which also finds the body's stems, as on
  SQLite. A third less to write, TOAST and index per item.
- Searches read the vectors of the rows they rank or check (ts_rank, phrases, the bonuses):
  lz4 decompresses several times faster than PostgreSQL's own pglz, and compresses faster when
  indexing. Only values written from now on are lz4 (`toasoan search rebuild` rewrites all);
  a server built without lz4 keeps pglz.

SQLite: nothing to do.
"""

from django.db import migrations

VECTORS = ("tsv_all", "tsv_head", "tsv_slug", "tsv_byline", "tsv_subj", "tsv_exact")
PG_UP = [
    "DROP INDEX IF EXISTS search_tsv_body_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv_body",
]
PG_DOWN = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv_body tsvector",
    "UPDATE search_searchdocument SET tsv_body = tsv_all",  # close enough to search; rebuild
    "CREATE INDEX search_tsv_body_gin ON search_searchdocument USING gin (tsv_body)",
]


def _has_lz4(schema_editor) -> bool:  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in PG_UP:
        schema_editor.execute(sql)
    if _has_lz4(schema_editor):
        for column in VECTORS:
            schema_editor.execute(
                f"ALTER TABLE search_searchdocument ALTER COLUMN {column} SET COMPRESSION lz4"
            )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in PG_DOWN:
        schema_editor.execute(sql)
    for column in VECTORS:
        schema_editor.execute(
            f"ALTER TABLE search_searchdocument ALTER COLUMN {column} SET COMPRESSION default"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_document_subjects")]
    operations = [migrations.RunPython(forwards, backwards)]
