"""Revisions of the working copy, immutable published versions, and edit locks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from toasoan.newsroom.models.items import Item


class Revision(models.Model):
    class Kind(models.TextChoices):
        CREATE = "create"
        SAVE = "save"
        AUTOSAVE = "autosave"
        RESTORE = "restore"
        CORRECT = "correct"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    changed_fields = models.JSONField(default=list)
    snapshot = models.JSONField()
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} r{self.number}"


class PublishedVersion(models.Model):
    """What went out, exactly as it went out. Never changed after it is written."""

    class Kind(models.TextChoices):
        PUBLISH = "publish"
        CORRECT = "correct"
        KILL = "kill"
        RECALL = "recall"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="published_versions")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    release_at = models.DateTimeField(help_text="Not before the embargo")
    note = models.TextField(blank=True, help_text="Public correction note or kill reason")
    snapshot = models.JSONField()

    class Meta:
        ordering = ["item_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="published_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version} ({self.kind})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("published versions are immutable")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Lock(models.Model):
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="lock")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.item_id} locked by {self.holder_id}"
