"""PostgreSQL: tsv_exact loses its GIN index. No search selects documents by it: the
exact-accent bonus reads it from rows already found, by id. Documents indexed from now on
hold each accented word once, without positions (what the bonus asks of them).

SQLite: nothing to do.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_tsv_exact_gin")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_tsv_exact_gin "
            "ON search_searchdocument USING gin (tsv_exact)"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0007_pg_filter_lexemes")]
    operations = [migrations.RunPython(forwards, backwards)]
