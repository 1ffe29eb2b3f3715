"""Comments and mentions (filled in by the change that adds them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_alter_item_state_alter_item_type")]
    operations = []  # type: ignore[var-annotated]
