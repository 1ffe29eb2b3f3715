"""The words the ranking bonuses ask about get a table of their own, search_bonuswords: a
document's accented words as written (the exact-accent bonus) and its Vietnamese compounds (the
compound bonus), one narrow row by item id. An English document (no accented word, no compound)
has no row.

The bonuses are worked out for the few hundred best candidates of every relevance search.

PostgreSQL: they read tsv_exact and tsv_all out of the document rows' TOAST (two lookups and a
few kB decompressed per candidate, 3 ms for 300 when cached); a narrow row by its key costs a
third of that, and the newest documents' rows share pages. The words are a vector without
positions, compressed in the row. tsv_exact goes: its words move to the new table. Compounds of
documents indexed before are not in it (tsv_all does not say which of its words they are):
`toasoan search rebuild` adds them; until then those documents lack the compound bonus (+5),
and nothing else changes.

SQLite: the exact words had an FTS5 table, search_fts_exact, whose index no search reads (the
bonus read its stored text, and the compounds from the wide rows of search_fts): building that
index was a share of every insert. The words are space-separated text. Both kinds of words are
copied: no rebuild needed.
"""

from importlib import import_module

from django.db import migrations

# whether the server can compress with lz4 (as 0006 asks)
_has_lz4 = import_module("toasoan.search.migrations.0006_pg_vectors_lz4")._has_lz4
_exact_table = import_module("toasoan.search.migrations.0003_fts_exact_table")

PG_UP = [
    "CREATE TABLE search_bonuswords (item_id bigint PRIMARY KEY, words tsvector NOT NULL)",
    "ALTER TABLE search_bonuswords ALTER COLUMN words SET STORAGE MAIN",  # in the row
    "INSERT INTO search_bonuswords (item_id, words) "
    "SELECT item_id, tsv_exact FROM search_searchdocument "
    "WHERE tsv_exact IS NOT NULL AND length(tsv_exact) > 0 ORDER BY item_id",
    "ALTER TABLE search_searchdocument DROP COLUMN tsv_exact",
]
PG_LZ4 = "ALTER TABLE search_bonuswords ALTER COLUMN words SET COMPRESSION lz4"
PG_DOWN = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv_exact tsvector",
    "ALTER TABLE search_searchdocument ALTER COLUMN tsv_exact SET STORAGE EXTENDED",
    # the accented words only (compounds are folded: ASCII, or unchanged by folding)
    "UPDATE search_searchdocument d SET tsv_exact = "
    "array_to_tsvector(ARRAY(SELECT w FROM unnest(tsvector_to_array(b.words)) w "
    "WHERE w !~ '^[[:ascii:]]*$')) "
    "FROM search_bonuswords b WHERE b.item_id = d.item_id",
    "DROP TABLE search_bonuswords",
]
SQLITE_UP = [
    "CREATE TABLE search_bonuswords (item_id INTEGER PRIMARY KEY, words TEXT NOT NULL)",
    "INSERT INTO search_bonuswords (item_id, words) "
    "SELECT f.rowid, trim(coalesce(x.head_x, '') || ' ' || coalesce(x.lead_x, '') || ' ' "
    "|| coalesce(x.body_x, '') || ' ' || coalesce(f.comp, '')) "
    "FROM search_fts f LEFT JOIN search_fts_exact x ON x.rowid = f.rowid "
    "WHERE x.rowid IS NOT NULL OR f.comp != ''",
    "DROP TABLE search_fts_exact",
]
SQLITE_DOWN = [
    f"CREATE VIRTUAL TABLE search_fts_exact USING fts5({_exact_table.EXACT}, "
    f"{_exact_table.TOKENIZE})",
    # compounds come along: harmless, only accented query words are looked for in it
    "INSERT INTO search_fts_exact (rowid, head_x, lead_x, body_x) "
    "SELECT item_id, '', '', words FROM search_bonuswords",
    "DROP TABLE search_bonuswords",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_UP, "sqlite": SQLITE_UP}.get(vendor, [])
    if vendor == "postgresql" and _has_lz4(schema_editor):  # before the rows are written
        statements = [*statements[:2], PG_LZ4, *statements[2:]]
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0010_pg_narrow_document_rows")]
    operations = [migrations.RunPython(forwards, backwards)]
