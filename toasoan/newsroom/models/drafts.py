"""Autosave drafts: one private scratch row per (item, user) holding the editor's unsaved form."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from toasoan.newsroom.models.items import Item


class Draft(models.Model):
    """The unsaved state of one user's editor: the form as typed, and the revision it started from.

    A Save turns it into a real Revision and deletes it; a stale save keeps it (nothing lost)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    base_revision = models.PositiveIntegerField(help_text="Item.revision the edits started from")
    form = models.JSONField(default=dict, help_text="Editor field name -> value as typed")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="draft_item_user")]

    def __str__(self) -> str:
        return f"draft of {self.item_id} by {self.user_id}"
