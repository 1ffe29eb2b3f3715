"""PostgreSQL: the words the ranking bonuses ask about get a table of their own,
search_bonuswords: a document's accented words as written (the exact-accent bonus) and its
Vietnamese compounds (the compound bonus), one compressed vector in the row, by item id.

The bonuses are worked out for the few hundred best candidates of every relevance search.
They read tsv_exact and tsv_all out of the document rows' TOAST (two lookups and a few kB
decompressed per candidate, 3 ms for 300 when cached); a narrow row by its key costs a third of
that, and the newest documents' rows share pages. tsv_exact goes: its words move to the new
table. Compounds of documents indexed before this migration are not in it (tsv_all does not say
which of its words they are): `toasoan search rebuild` adds them; until then those documents
lack the compound bonus (+5), and nothing else changes. An English document (no accented word,
no compound) has no row.

SQLite: nothing to do (search_fts_exact and search_fts.comp hold the same words).
"""

from importlib import import_module

from django.db import migrations

# whether the server can compress with lz4 (as 0006 asks)
_has_lz4 = import_module("toasoan.search.migrations.0006_pg_vectors_lz4")._has_lz4

CREATE = """
CREATE TABLE search_bonuswords (
    item_id bigint PRIMARY KEY,
    words tsvector NOT NULL
)"""
IN_ROW = "ALTER TABLE search_bonuswords ALTER COLUMN words SET STORAGE MAIN"
LZ4 = "ALTER TABLE search_bonuswords ALTER COLUMN words SET COMPRESSION lz4"
COPY_EXACT = """
INSERT INTO search_bonuswords (item_id, words)
SELECT item_id, tsv_exact FROM search_searchdocument
WHERE tsv_exact IS NOT NULL AND length(tsv_exact) > 0
ORDER BY item_id"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE)
    schema_editor.execute(IN_ROW)
    if _has_lz4(schema_editor):
        schema_editor.execute(LZ4)
    schema_editor.execute(COPY_EXACT)
    schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN tsv_exact")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_searchdocument ADD COLUMN tsv_exact tsvector")
    schema_editor.execute(
        "ALTER TABLE search_searchdocument ALTER COLUMN tsv_exact SET STORAGE EXTENDED"
    )
    # the compounds (ASCII, folded) go back to tsv_all only; the accented words stay
    schema_editor.execute(
        "UPDATE search_searchdocument d SET tsv_exact = "
        "array_to_tsvector(ARRAY(SELECT w FROM unnest(tsvector_to_array(b.words)) w "
        "WHERE w !~ '^[[:ascii:]]*$')) "
        "FROM search_bonuswords b WHERE b.item_id = d.item_id"
    )
    schema_editor.execute("DROP TABLE search_bonuswords")


class Migration(migrations.Migration):
    dependencies = [("search", "0010_pg_narrow_document_rows")]
    operations = [migrations.RunPython(forwards, backwards)]
