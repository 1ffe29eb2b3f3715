"""The full-text index: an FTS5 table on SQLite, tsvector columns with GIN indexes on PostgreSQL."""

from django.db import migrations

FTS5_COLUMNS = (
    "head_f, head_x, slug, lead_f, lead_x, body_f, body_x, byline, subj, stem, comp"
)
SQLITE_UP = f"""
CREATE VIRTUAL TABLE search_fts USING fts5(
    {FTS5_COLUMNS},
    tokenize = "unicode61 remove_diacritics 0",
    prefix = '2 3'
)"""
SQLITE_DOWN = "DROP TABLE IF EXISTS search_fts"

PG_COLUMNS = ("tsv_all", "tsv_head", "tsv_slug", "tsv_body", "tsv_byline", "tsv_subj", "tsv_exact")
PG_UP = [
    *(f"ALTER TABLE search_searchdocument ADD COLUMN {c} tsvector" for c in PG_COLUMNS),
    *(
        f"CREATE INDEX search_{c}_gin ON search_searchdocument USING gin ({c})"
        for c in PG_COLUMNS
    ),
]
PG_DOWN = [f"ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS {c}" for c in PG_COLUMNS]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    statements = {"sqlite": [SQLITE_UP], "postgresql": PG_UP}.get(schema_editor.connection.vendor)
    for sql in statements or []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    statements = {"sqlite": [SQLITE_DOWN], "postgresql": PG_DOWN}.get(
        schema_editor.connection.vendor
    )
    for sql in statements or []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
