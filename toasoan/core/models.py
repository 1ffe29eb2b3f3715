"""Durable domain events: written in the transaction of the change, consumed after commit."""

from __future__ import annotations

from django.db import models


class DomainEvent(models.Model):
    name = models.CharField(max_length=64, db_index=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}#{self.pk}"


class EventHandled(models.Model):
    """Marks that one consumer has handled one event, so a replay skips it."""

    event = models.ForeignKey(DomainEvent, on_delete=models.CASCADE, related_name="handled")
    consumer = models.CharField(max_length=64)
    handled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "consumer"], name="event_handled_once")
        ]

    def __str__(self) -> str:
        return f"{self.consumer}:{self.event_id}"
