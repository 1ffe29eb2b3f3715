"""Media library and packages (filled in by the change that adds them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0004_editor")]
    operations = []  # type: ignore[var-annotated]
