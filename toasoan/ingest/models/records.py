"""What ingest remembers of each source item: where it came from, which newsroom item it became."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan.ingest.models.feeds import Feed
from toasoan.newsroom.models import Item


class IngestedItem(models.Model):
    """One partner story (feed + original guid), with the last version received of it."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("New item")
        UPDATED = "updated", _("Updated")
        CORRECTED = "corrected", _("Correction")
        KILLED = "killed", _("Killed by the source")
        SPIKED = "spiked", _("Spiked (withdrawn by the source)")
        SKIPPED = "skipped", _("Not applied")  # e.g. an update of an item already killed

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="records")
    guid = models.CharField(max_length=500)
    version = models.PositiveIntegerField(default=1)
    pubstatus = models.CharField(max_length=10, default="usable")
    text_hash = models.CharField(max_length=64, db_index=True)
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="ingest_records"
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.CREATED)
    received_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="ingest_one_record_per_guid")
        ]

    def __str__(self) -> str:
        return f"{self.feed_id}:{self.guid} v{self.version}"
