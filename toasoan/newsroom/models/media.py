"""Binary media behind picture, video, audio and graphic items, and their renditions."""

from __future__ import annotations

from django.db import models

from toasoan.newsroom.models.items import Item


class MediaAsset(models.Model):
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(max_length=10)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    original_name = models.CharField(max_length=255, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    focal_x = models.FloatField(default=0.5)
    focal_y = models.FloatField(default=0.5)
    embedded = models.JSONField(default=dict, help_text="Metadata read from the file on upload")

    def __str__(self) -> str:
        return f"{self.kind} {self.mime} ({self.size} bytes)"


class Rendition(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="renditions")
    name = models.CharField(max_length=40)
    file = models.FileField(upload_to="renditions/%Y/%m/")
    mime = models.CharField(max_length=100)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="rendition_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.name}"
