"""Each index document carries its topic codes, so that the topic facet is counted from the
rows a search has already read (it was a second query over search_searchsubject, with every
scanned id as a parameter: a tenth of a common word's search time). The codes are copied
from search_searchsubject: no rebuild needed."""

from django.db import migrations, models

FILL_SQLITE = """
UPDATE search_searchdocument SET subjects = COALESCE((
    SELECT group_concat(code, ' ') FROM search_searchsubject s
    WHERE s.item_id = search_searchdocument.item_id), '')
"""
FILL_POSTGRES = """
UPDATE search_searchdocument d SET subjects = s.codes
FROM (SELECT item_id, string_agg(code, ' ' ORDER BY id) AS codes
      FROM search_searchsubject GROUP BY item_id) s
WHERE s.item_id = d.item_id
"""


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    schema_editor.execute(FILL_POSTGRES if vendor == "postgresql" else FILL_SQLITE)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_fts_headline_table")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="subjects",
            field=models.TextField(
                blank=True,
                default="",
                help_text="Topic codes, broader ones included, space-separated (the topic facet)",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
