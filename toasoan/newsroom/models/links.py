"""Associations between items (featured and embedded media, package members) and notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from toasoan.newsroom.models.items import Item


class Association(models.Model):
    class Role(models.TextChoices):
        FEATURED = "featured", "featured media"
        EMBEDDED = "embedded", "embedded media"
        MEMBER = "member", "package member"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="associations")
    target = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="associated_to")
    role = models.CharField(max_length=10, choices=Role.choices)
    group = models.CharField(max_length=40, default="main")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item_id", "role", "group", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "target", "role", "group"], name="association_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.role}/{self.group}#{self.position} -> {self.target_id}"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=40)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500, blank=True, default="")  # where it leads

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
