"""SQLite: the main FTS5 table loses its prefix indexes; a small table of headlines (and the
filter tokens) gets them.

The 2- and 3-letter prefix indexes of every word of every body more than doubled the cost of
indexing an item, for the few queries with a short prefix term. Type-ahead (headline:ab*) and
the "words in the headline" check of big match sets read search_fts_head, a few dozen tokens
per item with prefix indexes; a prefix term anywhere else is answered by FTS5 from the terms
it starts (slower for a short prefix, no cost at all when indexing).

Both tables are tokenized with "¤" as a token character: the filter tokens of the meta column
("¤len", "¤o2"...) were cut at it by unicode61 ("¤" is a symbol), so "¤len" matched every
"lên" of the text, and a filter narrowed the match less than it should (the exact SQL check
afterwards kept results right, only slower).

The rows are copied (and so tokenized again): no rebuild needed. PostgreSQL: nothing to do.
"""

from django.db import migrations

TOKENIZE = 'tokenize = "unicode61 remove_diacritics 0"'
TOKENIZE_META = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '\u00a4'\""
MAIN = "head_f, slug, lead_f, body_f, byline, subj, stem, comp, meta"
HEAD = "head_f, stem, meta"  # stem: the headline's stems only
MAIN_PREFIX = "prefix = '3'"
HEAD_PREFIX = "prefix = '2 3'"

SQLITE_UP = [
    f"CREATE VIRTUAL TABLE search_fts_new USING fts5({MAIN}, {TOKENIZE_META}, {MAIN_PREFIX})",
    f"INSERT INTO search_fts_new (rowid, {MAIN}) SELECT rowid, {MAIN} FROM search_fts",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_new RENAME TO search_fts",
    f"CREATE VIRTUAL TABLE search_fts_head USING fts5({HEAD}, {TOKENIZE_META}, {HEAD_PREFIX})",
    f"INSERT INTO search_fts_head (rowid, {HEAD}) "
    "SELECT rowid, head_f, toasoan_head_stems(head_f, stem), meta FROM search_fts",
]
SQLITE_DOWN = [
    f"CREATE VIRTUAL TABLE search_fts_old USING fts5({MAIN}, {TOKENIZE}, prefix = '2 3')",
    f"INSERT INTO search_fts_old (rowid, {MAIN}) SELECT rowid, {MAIN} FROM search_fts",
    "DROP TABLE search_fts",
    "DROP TABLE search_fts_head",
    "ALTER TABLE search_fts_old RENAME TO search_fts",
]


def head_stems(head_f: str, stem: str) -> str:
    """The stem column holds one stem per word of the headline, lead and body, in order."""
    return " ".join(stem.split()[: len(head_f.split())]) if stem else ""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.connection.ensure_connection()
        schema_editor.connection.connection.create_function(
            "toasoan_head_stems", 2, head_stems, deterministic=True
        )
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fts_exact_table")]
    operations = [migrations.RunPython(forwards, backwards)]
