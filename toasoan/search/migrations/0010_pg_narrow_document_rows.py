"""PostgreSQL: tsv_all and tsv_exact, the two big vectors (4 kB and 1 kB compressed for a news
story), move out of the document row to the TOAST table; the row keeps the filter columns, the
topics and the small vectors (under 1 kB: toast_tuple_target). A scan reads a thousand rows
of a page each when the vectors are in the row; out of it, a page holds ten or more, and the
vectors are read only for the rows a phrase, a field weight or a ranking must check.

Changes no row: rows written from now on (and all of them by `toasoan search rebuild`) are
stored the new way. SQLite: nothing to do.
"""

from django.db import migrations

MOVED_OUT = ("tsv_all", "tsv_exact")
ROW_TARGET = 1024  # bytes: PostgreSQL moves the EXTENDED columns out until the row fits


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTENDED" for c in MOVED_OUT)
    schema_editor.execute(f"ALTER TABLE search_searchdocument {columns}")
    schema_editor.execute(
        f"ALTER TABLE search_searchdocument SET (toast_tuple_target = {ROW_TARGET})"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(f"ALTER COLUMN {c} SET STORAGE MAIN" for c in MOVED_OUT)
    schema_editor.execute(f"ALTER TABLE search_searchdocument {columns}")
    schema_editor.execute("ALTER TABLE search_searchdocument RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0009_pg_id_blocks_inline_vectors")]
    operations = [migrations.RunPython(forwards, backwards)]
