"""Comments on items: plain text with @mentions, resolved when dealt with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toasoan.newsroom.models.items import Item


class Comment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(help_text="Plain text, NFC")
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["item_id", "created_at", "id"]
        indexes = [models.Index(fields=["item", "created_at"], name="comment_item_idx")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.item_id}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
