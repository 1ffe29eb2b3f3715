"""SQLite: the exact (accented) words move to an FTS5 table of their own, without prefix index;
the main table gains a `meta` column of filter tokens.

The exact words only ever serve to rank accented query words first (whole words, never
prefixes), yet in the one table they were indexed under their 2- and 3-letter prefixes too, and
every default search needed a column filter to leave them out (FTS5 then reads every position
list). Now the main table holds the columns a search reads, and default searches need no filter.

`meta` holds a document's state, outlet, desk, type, language, urgency, author, topics, year
and month as tokens starting with "¤" (no query word can contain it): filters become part of
the full-text match, which FTS5 answers from its index, instead of being checked row by row.

The rows are copied (meta worked out from the documents): no rebuild needed. PostgreSQL:
nothing to do.
"""

from django.db import migrations

TOKENIZE = 'tokenize = "unicode61 remove_diacritics 0"'
MAIN = "head_f, slug, lead_f, body_f, byline, subj, stem, comp, meta"
EXACT = "head_x, lead_x, body_x"
OLD = "head_f, head_x, slug, lead_f, lead_x, body_f, body_x, byline, subj, stem, comp"

SQLITE_UP = [
    f"CREATE VIRTUAL TABLE search_fts_new USING fts5({MAIN}, {TOKENIZE}, prefix = '2 3')",
    f"CREATE VIRTUAL TABLE search_fts_exact USING fts5({EXACT}, {TOKENIZE})",
    "INSERT INTO search_fts_new (rowid, head_f, slug, lead_f, body_f, byline, subj, stem, comp, "
    "meta) SELECT f.rowid, f.head_f, f.slug, f.lead_f, f.body_f, f.byline, f.subj, f.stem, "
    "f.comp, toasoan_search_meta(d.item_id, d.state, d.outlet_id, d.desk_id, d.type, "
    "d.language, d.urgency, d.author_id, d.date) "
    "FROM search_fts f LEFT JOIN search_searchdocument d ON d.item_id = f.rowid",
    f"INSERT INTO search_fts_exact (rowid, {EXACT}) SELECT rowid, {EXACT} FROM search_fts",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_new RENAME TO search_fts",
]
SQLITE_DOWN = [
    f"CREATE VIRTUAL TABLE search_fts_old USING fts5({OLD}, {TOKENIZE}, prefix = '2 3')",
    f"INSERT INTO search_fts_old (rowid, {OLD}) SELECT f.rowid, "
    + ", ".join(c if c.endswith("_x") else f"f.{c}" for c in OLD.split(", "))
    + " FROM search_fts f LEFT JOIN search_fts_exact x ON x.rowid = f.rowid",
    "DROP TABLE search_fts",
    "DROP TABLE search_fts_exact",
    "ALTER TABLE search_fts_old RENAME TO search_fts",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        from toasoan.search.backends.sqlite import register_meta_function

        register_meta_function(schema_editor.connection)
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index")]
    operations = [migrations.RunPython(forwards, backwards)]
