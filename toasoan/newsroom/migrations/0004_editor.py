"""Editor: autosave drafts (filled in by the change that adds them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0003_comments")]
    operations = []  # type: ignore[var-annotated]
