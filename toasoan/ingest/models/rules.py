"""Routing rules: the first rule of a feed whose filter matches an item decides where it goes."""

from __future__ import annotations

from django.db import models

from toasoan.accounts.models import Desk, Stage
from toasoan.ingest.models.feeds import Feed


class RoutingRule(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=200, blank=True)
    # Filter: an empty criterion matches everything; all given criteria must match.
    languages = models.JSONField(default=list, blank=True)
    subjects = models.JSONField(default=list, blank=True)  # Media Topic codes, narrower included
    urgency_min = models.PositiveSmallIntegerField(null=True, blank=True)
    urgency_max = models.PositiveSmallIntegerField(null=True, blank=True)
    keywords = models.JSONField(default=list, blank=True)  # in keywords or headline
    headline_contains = models.CharField(max_length=200, blank=True)
    types = models.JSONField(default=list, blank=True)
    # Action
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey(Stage, on_delete=models.SET_NULL, null=True, blank=True)
    auto_publish = models.BooleanField(default=False)

    class Meta:
        ordering = ["feed_id", "position", "id"]

    def __str__(self) -> str:
        return self.name or f"rule {self.position}"
