"""PostgreSQL: the filter tokens (backends/filter_tokens.py: "¤len", "¤o3", "¤m202401"...)
become lexemes of tsv_all, so that the GIN index intersects a search's filters with its words.
Documents indexed from now on get them when written; this adds them to those already there,
spelled as filter_tokens spells them (tests/search check that the two agree).

SQLite: nothing to do (its FTS5 tables have had them in their meta column since 0003).
"""

from django.conf import settings
from django.db import migrations


def _token(kind: str, value_sql: str) -> str:
    return f"'\u00a4{kind}' || regexp_replace(lower(({value_sql})::text), '[^0-9a-z]+', '', 'g')"


LOCAL = "(d.date AT TIME ZONE %s)"
TOKENS = [
    _token("s", "d.state"),
    _token("o", "d.outlet_id"),
    _token("t", "d.type"),
    _token("l", "d.language"),
    _token("u", "d.urgency"),
    _token("a", "d.author_id"),
    _token("y", f"extract(year FROM {LOCAL})::int"),
    _token("m", f"to_char({LOCAL}, 'YYYYMM')"),
]
FILL = f"""
UPDATE search_searchdocument d SET tsv_all = d.tsv_all || array_to_tsvector(
    ARRAY[{", ".join(TOKENS)}]
    || ARRAY(SELECT {_token("c", "c")} FROM unnest(string_to_array(d.subjects, ' ')) AS c
             WHERE c <> '')
    || CASE WHEN d.desk_id IS NULL THEN ARRAY[]::text[] ELSE ARRAY[{_token("k", "d.desk_id")}] END
)
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL, [settings.TIME_ZONE, settings.TIME_ZONE])


class Migration(migrations.Migration):
    dependencies = [("search", "0006_pg_vectors_lz4")]
    # backwards: the lexemes stay (no search reads them without the code that writes them)
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
